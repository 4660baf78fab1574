"""The filters of the admin's log: a GET form, so a filtered log can be bookmarked."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import SelectField

from collab.audit.display import object_type_label
from collab.audit.models import ACTIONS
from collab.audit.tracking import TRACKED
from collab.auth.models import User
from collab.events.search import DayField
from collab.extensions import db
from collab.forms import options
from collab.projects.models import Project

FILTERS = ("action", "object_type", "user", "project", "from", "to")


class LogFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("What happened"), default="")
    object_type = SelectField(_l("Kind of object"), default="")
    user = SelectField(_l("Who"), default="")
    project = SelectField(_l("Project"), default="")
    # "from" is a Python keyword: the field has another name, the URL the short one.
    date_from = DayField(_l("From"), name="from")
    date_to = DayField(_l("To"), name="to")


def filter_form(args) -> tuple[LogFilterForm, list[str]]:
    """The filters read from the query string, and what had to be ignored (never an error)."""
    form = LogFilterForm(formdata=args)
    everything = [("", _("All"))]
    form.action.choices = options(
        everything + [(key, str(label)) for key, label in ACTIONS.items()]
    )
    form.object_type.choices = options(
        everything
        + sorted(((kind, object_type_label(kind)) for kind in TRACKED), key=lambda c: c[1])
    )
    users = db.session.execute(
        select(User.id, User.name).order_by(func.lower(User.name), User.id)
    ).all()
    form.user.choices = options(everything + [(str(uid), name) for uid, name in users])
    projects = db.session.execute(
        select(Project.id, Project.code, Project.acronym).order_by(Project.code)
    ).all()
    form.project.choices = options(
        everything + [(str(pid), f"{code} · {acronym}") for pid, code, acronym in projects]
    )
    problems = []
    form.validate()
    for field in form:
        if not field.errors:
            continue
        problems.append(
            _(
                "%(filter)s: “%(value)s” was not understood, so this filter is ignored.",
                filter=field.label.text,
                value=args.get(field.name, ""),
            )
        )
        field.data = field.default
        field.raw_data = []
        field.errors = []
    if form.date_from.data and form.date_to.data and form.date_from.data > form.date_to.data:
        form.date_from.data, form.date_to.data = form.date_to.data, form.date_from.data
        form.date_from.raw_data = form.date_to.raw_data = []
        problems.append(_("The end of the date range was before its start: the dates are swapped."))
    return form, problems


def is_filtered(form: LogFilterForm) -> bool:
    return any(field.data for field in form)
