"""Reporting periods (list, add, edit, delete, make six-month ones), the period report with
its XLSX and PDF, and the records behind an indicator's number."""

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from collab.clean_input import MAX_ID
from collab.events.models import Event
from collab.extensions import db
from collab.forms import EmptyForm, status_of
from collab.htmx import is_htmx, render
from collab.locking import save
from collab.policy import can, get_project, require
from collab.privacy.nostore import no_store
from collab.projects.models import Indicator, Project
from collab.reporting import bp
from collab.reporting.exports import period_pdf_file, period_xlsx_file
from collab.reporting.forms import PeriodForm
from collab.reporting.measures import (
    MEASURES,
    ProjectFacts,
    describe_filters,
    indicator_progress,
    is_bound,
    measure_rows,
    measure_value,
)
from collab.reporting.models import ReportingPeriod
from collab.reporting.periods import (
    make_six_month_periods,
    neighbours,
    overlapping,
    period_report,
    project_periods,
)
from collab.templating import day_range


def _project(project_id: int, action: str = "report.view") -> Project:
    project = get_project(current_user, project_id)
    require(current_user, action, project)
    return project


def _period(project: Project, period_id: int) -> ReportingPeriod:
    period = db.session.get(ReportingPeriod, period_id)
    if period is None or period.project_id != project.id:
        abort(404)
    return period


def _clashes(form: PeriodForm, project: Project, exclude: ReportingPeriod | None = None) -> bool:
    """Add an error to the form when its dates share a day with another period."""
    clash = overlapping(project, form.start_date.data, form.end_date.data, exclude)
    if not clash:
        return False
    form.start_date.errors = [
        *form.start_date.errors,
        _(
            "These dates overlap the period %(name)s (%(dates)s): periods of a project may "
            "not share a day.",
            name=str(clash[0].name),
            dates=day_range(clash[0].start_date, clash[0].end_date),
        ),
    ]
    return True


def _list(project: Project, status: int = 200, block: str | None = None, form=None):
    manage = can(current_user, "report.manage", project)
    context = {
        "project": project,
        "periods": project_periods(project),
        "manage": manage,
        "action_form": EmptyForm(),
    }
    if manage:
        context["form"] = form or PeriodForm(formdata=None, prefix="new")
    return render("reporting/periods.html", block, status=status, **context)


@bp.route("/projects/<int:project_id>/periods", methods=["GET", "POST"])
def periods(project_id: int):
    project = _project(project_id)
    if request.method == "GET":
        return _list(project)
    require(current_user, "report.manage", project)
    form = PeriodForm(prefix="new")
    if not form.validate_on_submit() or _clashes(form, project):
        return _list(project, status=400, block="periods", form=form)
    period = ReportingPeriod(project_id=project.id)
    form.populate_obj(period)
    db.session.add(period)
    db.session.flush()
    flash(_("Reporting period “%(name)s” added.", name=str(period.name)), "success")
    if is_htmx():
        return _list(project, block="periods")
    return redirect(url_for("reporting.periods", project_id=project.id), 303)


@bp.route("/projects/<int:project_id>/periods/six-months", methods=["POST"])
def make_periods(project_id: int):
    project = _project(project_id, "report.manage")
    if not EmptyForm().validate_on_submit():
        abort(400)
    made = make_six_month_periods(project)
    if made:
        flash(
            ngettext(
                "%(num)d six-month period made.", "%(num)d six-month periods made.", len(made)
            ),
            "success",
        )
    else:
        flash(_("No period made: every six months of the project already have one."), "info")
    return redirect(url_for("reporting.periods", project_id=project.id), 303)


@bp.route("/projects/<int:project_id>/periods/<int:period_id>/edit", methods=["GET", "POST"])
def edit_period(project_id: int, period_id: int):
    project = _project(project_id, "report.manage")
    period = _period(project, period_id)
    form = PeriodForm(obj=period)
    conflict = None
    if request.method == "GET":
        form.version.data = period.version
    elif form.validate_on_submit() and not _clashes(form, project, exclude=period):
        conflict = save(form, period)
        if conflict is None:
            flash(_("Changes saved."), "success")
            return redirect(url_for("reporting.periods", project_id=project.id), 303)
    return render(
        "reporting/period_form.html",
        project=project,
        period=period,
        form=form,
        conflict=conflict,
        status=status_of(form, conflict),
    )


@bp.route("/projects/<int:project_id>/periods/<int:period_id>/delete", methods=["POST"])
def delete_period(project_id: int, period_id: int):
    project = _project(project_id, "report.manage")
    period = _period(project, period_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = str(period.name)
    db.session.delete(period)
    db.session.flush()
    flash(
        _(
            "Reporting period “%(name)s” deleted; the events and figures of its days stay.",
            name=name,
        ),
        "success",
    )
    return redirect(url_for("reporting.periods", project_id=project.id), 303)


@bp.route("/projects/<int:project_id>/periods/<int:period_id>")
def period(project_id: int, period_id: int):
    project = _project(project_id)
    period = _period(project, period_id)
    periods = project_periods(project)
    before, after = neighbours(periods, period)
    return render(
        "reporting/period.html",
        project=project,
        period=period,
        periods=periods,
        before=before,
        after=after,
        report=period_report(project, period),
        manage=can(current_user, "report.manage", project),
    )


@bp.route("/projects/<int:project_id>/periods/<int:period_id>/report.xlsx")
def period_xlsx(project_id: int, period_id: int):
    project = _project(project_id)
    return period_xlsx_file(period_report(project, _period(project, period_id)))


@bp.route("/projects/<int:project_id>/periods/<int:period_id>/report.pdf")
def period_pdf(project_id: int, period_id: int):
    project = _project(project_id)
    return period_pdf_file(period_report(project, _period(project, period_id)))


def _name_rule(project: Project):
    """Whether the reader may see the names of an event's participants, and whether any
    name was shown (the page is then kept out of every cache)."""
    everyone = can(current_user, "participants.view", project)
    events: dict[int, Event] = {}
    shown = []

    def may_name(event_id: int) -> bool:
        allowed = everyone
        if not allowed:
            if not events:
                # The organisers of every event in one query, only for this reader.
                events.update(
                    (event.id, event)
                    for event in db.session.scalars(
                        select(Event)
                        .where(Event.project_id == project.id)
                        .options(selectinload(Event.co_organisers))
                    )
                )
            event = events.get(event_id)
            allowed = event is not None and can(current_user, "attendance.view", event)
        if allowed:
            shown.append(event_id)
        return allowed

    return may_name, shown


def _cell(value) -> dict:
    """A cell of the rows' table, with what it holds (numbers align right, dates format)."""
    if isinstance(value, bool) or not isinstance(value, int | date):
        return {"kind": "text", "value": value}
    return {"kind": "date" if isinstance(value, date) else "number", "value": value}


@bp.route("/projects/<int:project_id>/indicators/<int:indicator_id>/rows")
def indicator_rows(project_id: int, indicator_id: int):
    project = _project(project_id)
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None or indicator.project_id != project.id:
        abort(404)
    period = None
    if request.args.get("period"):
        period_id = request.args.get("period", type=int)
        if period_id is None or not 0 < period_id <= MAX_ID:
            abort(404)
        period = _period(project, period_id)
    context = {
        "project": project,
        "indicator": indicator,
        "period": period,
        "upto": bool(period and request.args.get("upto")),
        "periods": project_periods(project),
        "bound": is_bound(indicator),
        "filters": describe_filters(indicator.measure, indicator.filters),
        "measure_label": MEASURES.get(indicator.measure or ""),
    }
    if not context["bound"]:
        (context["progress"],) = [
            p for p in indicator_progress(project) if p.indicator.id == indicator.id
        ]
        return render("reporting/indicator_rows.html", **context)
    facts = ProjectFacts(project)
    # ?upto=1 with a period: everything up to its last day (the total it reports).
    upto = bool(period and request.args.get("upto"))
    start = period.start_date if period and not upto else None
    end = period.end_date if period else None
    may_name, shown = _name_rule(project)
    head, rows, links = measure_rows(
        project, indicator.measure, indicator.filters, start, end, facts, may_name
    )
    context.update(
        head=head,
        rows=[[_cell(value) for value in row] for row in rows],
        links=links,
        value=measure_value(project, indicator.measure, indicator.filters, start, end, facts),
        total=measure_value(project, indicator.measure, indicator.filters, facts=facts),
        names_shown=bool(shown),
        number_column=head[-1] == _("Number"),
    )
    response = render("reporting/indicator_rows.html", **context)
    return no_store(response) if shown else response
