"""The history of an object, for those who may edit it, and the admin's log of everything."""

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort, current_app, make_response, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from collab.attendance.exports import neutralised
from collab.audit import bp
from collab.audit.display import describe, object_type_label
from collab.audit.forms import FILTERS, filter_form, is_filtered
from collab.audit.models import AuditEntry
from collab.auth.models import User
from collab.challenges.models import Challenge, Solution
from collab.database import paginate, utcnow
from collab.events.models import Event
from collab.extensions import db
from collab.htmx import render
from collab.organisations.models import Organisation
from collab.outputs.models import Output
from collab.policy import can, require
from collab.projects.models import Indicator, Project


@dataclass(frozen=True)
class Subject:
    """A kind of object with a history page: who may read it, and where it lives."""

    model: type
    rule: str
    # The object the rule is asked about, the project it belongs to, its name, its page.
    ruled: callable
    project: callable
    title: callable
    url: callable


SUBJECTS = {
    "event": Subject(
        Event,
        "event.edit",
        lambda e: e,
        lambda e: e.project,
        lambda e: str(e.title),
        lambda e: url_for("events.show", event_id=e.id),
    ),
    "challenge": Subject(
        Challenge,
        "challenge.edit",
        lambda c: c,
        lambda c: c.project,
        lambda c: str(c.title),
        lambda c: url_for("challenges.show", challenge_id=c.id),
    ),
    "solution": Subject(
        Solution,
        "challenge.edit",
        lambda s: s.challenge,
        lambda s: s.challenge.project,
        lambda s: str(s.challenge.title),
        lambda s: url_for("challenges.show", challenge_id=s.challenge_id, _anchor="solutions"),
    ),
    "output": Subject(
        Output,
        "output.edit",
        lambda o: o,
        lambda o: o.event.project,
        lambda o: str(o.title),
        lambda o: url_for("outputs.index", event_id=o.event_id, _anchor=f"output-{o.id}"),
    ),
    "project": Subject(
        Project,
        "project.edit",
        lambda p: p,
        lambda p: p,
        lambda p: p.acronym,
        lambda p: url_for("projects.show", project_id=p.id),
    ),
    "indicator": Subject(
        Indicator,
        "project.edit",
        lambda i: i.project,
        lambda i: i.project,
        lambda i: str(i.name),
        lambda i: url_for("projects.show", project_id=i.project_id, _anchor="indicators"),
    ),
}


def _newest_first(query):
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


@bp.route("/history/<object_type>/<int:object_id>")
def history(object_type: str, object_id: int):
    subject = SUBJECTS.get(object_type)
    obj = db.session.get(subject.model, object_id) if subject else None
    if obj is None:
        abort(404)
    project = subject.project(obj)
    if not can(current_user, "project.view", project):
        abort(404)
    require(current_user, subject.rule, subject.ruled(obj))
    query = select(AuditEntry).where(
        AuditEntry.object_type == object_type, AuditEntry.object_id == object_id
    )
    page = paginate(_newest_first(query))
    return render(
        "audit/history.html",
        "entries",
        project=project,
        object_type=object_type,
        kind=object_type_label(object_type),
        title=subject.title(obj),
        back_url=subject.url(obj),
        page=page,
        lines=describe(page.items),
    )


# --- The admin's log ------------------------------------------------------------------------


def _start_of(day) -> datetime:
    """Midnight of `day` where the project is (Riga), in UTC as instants are stored."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def log_query(form):
    """Select the entries the filters ask for, newest first."""
    query = select(AuditEntry)
    if form.action.data:
        query = query.where(AuditEntry.action == form.action.data)
    if form.object_type.data:
        query = query.where(AuditEntry.object_type == form.object_type.data)
    if form.user.data:
        query = query.where(AuditEntry.user_id == int(form.user.data))
    if form.project.data:
        query = query.where(AuditEntry.project_id == int(form.project.data))
    if form.date_from.data:
        query = query.where(AuditEntry.at >= _start_of(form.date_from.data))
    if form.date_to.data:
        query = query.where(AuditEntry.at < _start_of(form.date_to.data + timedelta(days=1)))
    return _newest_first(query)


@bp.route("/admin/log")
def log():
    require(current_user, "audit.view")
    form, problems = filter_form(request.args)
    page = paginate(log_query(form))
    if page.page > 1 and not page.items and page.total:
        problems.append(_("There is no page %(page)d of this list.", page=page.page))
    projects = dict(db.session.execute(select(Project.id, Project.acronym)).all())
    return render(
        "audit/log.html",
        "results",
        form=form,
        problems=problems,
        page=page,
        lines=describe(page.items),
        projects=projects,
        histories=SUBJECTS.keys(),
        filtered=is_filtered(form),
        clear_url=url_for("audit.log"),
        csv_url=url_for("audit.log_csv", **{k: v for k, v in request.args.items() if k in FILTERS}),
    )


@bp.route("/admin/log.csv")
def log_csv():
    require(current_user, "audit.view")
    form, _problems = filter_form(request.args)
    users = dict(db.session.execute(select(User.id, User.name)).all())
    organisations = dict(db.session.execute(select(Organisation.id, Organisation.name)).all())
    projects = dict(db.session.execute(select(Project.id, Project.code)).all())
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(
        [
            _("When (UTC)"),
            _("What happened"),
            _("Who"),
            _("Organisation"),
            _("Kind of object"),
            _("Object no."),
            _("Project"),
            _("Details"),
        ]
    )
    for entry in db.session.scalars(log_query(form).execution_options(yield_per=500)):
        line = [
            entry.at.astimezone(UTC).isoformat(timespec="seconds"),
            entry.action_label,
            users.get(entry.user_id, ""),
            organisations.get(entry.organisation_id, ""),
            object_type_label(entry.object_type),
            entry.object_id if entry.object_id is not None else "",
            projects.get(entry.project_id, ""),
            json.dumps(entry.details or {}, ensure_ascii=False, sort_keys=True),
        ]
        writer.writerow([neutralised(value) for value in line])
    # A byte order mark and semicolons: Excel opens it with Baltic letters intact.
    response = make_response(("\ufeff" + text.getvalue()).encode("utf-8"))
    response.mimetype = "text/csv"
    response.charset = "utf-8"
    name = f"audit-log-{utcnow().date().isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    # The log names people: no copy in the browser's or a proxy's cache.
    response.headers["Cache-Control"] = "no-store"
    return response
