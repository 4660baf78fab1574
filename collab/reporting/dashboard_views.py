"""The dashboard, the ecosystem map (page, CSV) and an organisation's events in the project.

Every partner reads them (report.view): they hold figures and organisations, no names of
people. Filters live in the query string (a GET form): a period (cumulative without one)
and, on the map, a kind of event. A value the page cannot use is ignored and said so.
"""

from flask import abort, make_response, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, or_, select
from wtforms import SelectField

from collab.attendance.models import Attendance, Participant
from collab.events.models import KINDS as EVENT_KINDS
from collab.events.models import Event, event_co_organiser
from collab.extensions import db
from collab.forms import options
from collab.htmx import render
from collab.organisations.models import Organisation
from collab.policy import get_project, require
from collab.projects.models import Project
from collab.reporting import bp
from collab.reporting.dashboard import build_dashboard
from collab.reporting.ecosystem import ecosystem, map_chart, map_csv
from collab.reporting.measures import ProjectFacts
from collab.reporting.models import ReportingPeriod
from collab.reporting.periods import project_periods


class ReportFilterForm(FlaskForm):
    """The period (and on the map the kind of event) a page shows; GET, so no CSRF token."""

    class Meta:
        csrf = False

    period = SelectField(_l("Reporting period"), default="")
    kind = SelectField(_l("Kind of event"), default="")


def _project(project_id: int) -> Project:
    project = get_project(current_user, project_id)
    require(current_user, "report.view", project)
    return project


def _filters(project: Project, with_kind: bool):
    """The filter form read from the query string, the chosen period, and what was ignored."""
    periods = project_periods(project)
    form = ReportFilterForm(formdata=request.args)
    form.period.choices = options(
        [("", _("Whole project so far"))] + [(str(p.id), str(p.name)) for p in periods]
    )
    form.kind.choices = options([("", _("All kinds"))] + list(EVENT_KINDS.items()))
    problems = []
    form.validate()
    for field in (form.period, form.kind) if with_kind else (form.period,):
        if field.errors:
            problems.append(
                _(
                    "%(filter)s: “%(value)s” was not understood, so this filter is ignored.",
                    filter=field.label.text,
                    value=request.args.get(field.name, ""),
                )
            )
            field.data = field.default
            field.raw_data = []
            field.errors = []
    period: ReportingPeriod | None = next(
        (p for p in periods if str(p.id) == form.period.data), None
    )
    return form, period, problems


@bp.route("/projects/<int:project_id>/dashboard")
def dashboard(project_id: int):
    project = _project(project_id)
    form, period, problems = _filters(project, with_kind=False)
    return render(
        "reporting/dashboard.html",
        "results",
        project=project,
        form=form,
        problems=problems,
        board=build_dashboard(project, period),
    )


def _map(project: Project):
    form, period, problems = _filters(project, with_kind=True)
    facts = ProjectFacts(project)
    found = ecosystem(
        facts,
        period.start_date if period else None,
        period.end_date if period else None,
        form.kind.data or None,
    )
    return form, period, problems, found


@bp.route("/projects/<int:project_id>/map")
def ecosystem_map(project_id: int):
    project = _project(project_id)
    form, period, problems, found = _map(project)
    return render(
        "reporting/ecosystem_map.html",
        "results",
        project=project,
        form=form,
        period=period,
        problems=problems,
        found=found,
        chart=map_chart(project.id, found),
    )


@bp.route("/projects/<int:project_id>/map.csv")
def ecosystem_map_csv(project_id: int):
    project = _project(project_id)
    form, period, _problems, found = _map(project)
    parts = [project.code, "map"]
    if period:
        parts.append(period.start_date.isoformat())
    if form.kind.data:
        parts.append(form.kind.data)
    name = "-".join("".join(c if c.isalnum() else "-" for c in part) for part in parts)
    response = make_response(map_csv(found).encode("utf-8"))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@bp.route("/projects/<int:project_id>/map/organisations/<int:organisation_id>")
def organisation_events(project_id: int, organisation_id: int):
    project = _project(project_id)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    co_organised = select(event_co_organiser.c.event_id).where(
        event_co_organiser.c.organisation_id == organisation_id
    )
    people = dict(
        db.session.execute(
            select(Attendance.event_id, func.count(Attendance.id))
            .join(Participant, Attendance.participant_id == Participant.id)
            .join(Event, Attendance.event_id == Event.id)
            .where(Event.project_id == project.id, Participant.organisation_id == organisation_id)
            .group_by(Attendance.event_id)
        ).all()
    )
    events = list(
        db.session.scalars(
            select(Event)
            .where(
                Event.project_id == project.id,
                or_(
                    Event.organiser_id == organisation_id,
                    Event.id.in_(co_organised),
                    Event.id.in_(list(people)),
                ),
            )
            .order_by(Event.start_date, Event.id)
        )
    )
    if not events:
        # Not part of this project's map: the page would only say so, and leak nothing more.
        abort(404)
    co_organiser_ids = set(db.session.scalars(co_organised))
    rows = []
    for event in events:
        if event.organiser_id == organisation_id:
            part = _("Organiser")
        elif event.id in co_organiser_ids:
            part = _("Co-organiser")
        else:
            part = _("Its people took part")
        rows.append((event, part, people.get(event.id, 0)))
    return render(
        "reporting/organisation_events.html",
        None,
        project=project,
        organisation=organisation,
        rows=rows,
        held=sum(1 for event in events if event.status == "held"),
    )
