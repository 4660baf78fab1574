"""Views of a project's events: the list, the calendar, the iCalendar feed, the themes."""

import calendar as month_grid
from datetime import date, timedelta

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from collab.database import paginate
from collab.events import bp
from collab.events.ical import (
    calendar_token,
    project_by_token,
    project_calendar,
    replace_calendar_token,
)
from collab.events.models import Event, Theme, event_theme
from collab.events.search import (
    event_query,
    is_filtered,
    overlapping,
    participant_counts,
    search_form,
)
from collab.extensions import db
from collab.forms import EmptyForm, TranslatedField
from collab.htmx import is_htmx, render
from collab.policy import can, get_project, require
from collab.projects.models import Project
from collab.security import public

# --- The list -----------------------------------------------------------------------------


def _feed_context(project: Project) -> dict:
    """The subscription section: the feed URL, and whether this reader may replace it."""
    return {
        "feed_url": url_for(
            "events.feed", project_id=project.id, token=calendar_token(project), _external=True
        ),
        "may_reset_feed": can(current_user, "project.edit", project),
    }


@bp.route("/projects/<int:project_id>/events")
def index(project_id: int):
    project = get_project(current_user, project_id)
    form, problems = search_form(project.id, request.args)
    query = event_query(project.id, form).options(selectinload(Event.co_organisers))
    page = paginate(query)
    if page.page > 1 and not page.items and page.total:
        problems.append(_("There is no page %(page)d of this list.", page=page.page))
    return render(
        "events/index.html",
        "results",
        project=project,
        form=form,
        problems=problems,
        page=page,
        participants=participant_counts(page.items),
        filtered=is_filtered(form),
        # Clearing the filters keeps the order the person chose.
        clear_url=url_for(
            "events.index",
            project_id=project.id,
            sort=form.sort.data if form.sort.data != "date" else None,
        ),
        **_feed_context(project),
    )


@bp.route("/projects/<int:project_id>/events.ics/reset", methods=["POST"])
def reset_feed(project_id: int):
    project = get_project(current_user, project_id)
    require(current_user, "project.edit", project)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    replace_calendar_token(project)
    message = _("The calendar address was replaced: subscriptions with the old one stop working.")
    if is_htmx():
        return render(
            "events/index.html", "feed", project=project, message=message, **_feed_context(project)
        )
    flash(message, "success")
    return redirect(url_for("events.index", project_id=project.id, _anchor="calendar-feed"), 303)


@bp.route("/projects/<int:project_id>/events.ics")
@public
def feed(project_id: int):
    """The iCalendar feed, for calendar apps: no login, the token in the URL instead."""
    project = project_by_token(project_id, request.args.get("token"))
    if project is None:
        abort(404)
    response = make_response(project_calendar(project))
    response.content_type = "text/calendar; charset=utf-8"
    return response


# --- The calendar -------------------------------------------------------------------------


def _month_from(text: str | None) -> date | None:
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def _default_month(project_id: int) -> date:
    """The month of the next event, else of the latest one, else this month."""
    today = date.today()
    in_project = select(func.min(Event.start_date)).where(Event.project_id == project_id)
    day = db.session.scalar(in_project.where(Event.end_date >= today))
    if day is None:
        day = db.session.scalar(
            select(func.max(Event.start_date)).where(Event.project_id == project_id)
        )
    return (day or today).replace(day=1)


def _capitalised(text: str) -> str:
    """A heading starts with a capital, also where month names do not ("oktobris")."""
    return text[:1].upper() + text[1:]


def _shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@bp.route("/projects/<int:project_id>/events/calendar")
def calendar(project_id: int):
    project = get_project(current_user, project_id)
    problems = []
    month = None
    if request.args.get("month"):
        month = _month_from(request.args["month"])
        if month is None:
            problems.append(
                _(
                    "“%(value)s” is not a month such as %(example)s; showing the default month.",
                    value=request.args["month"],
                    example="2022-10",
                )
            )
    month = month or _default_month(project.id)
    weeks = month_grid.Calendar(firstweekday=month_grid.MONDAY).monthdatescalendar(
        month.year, month.month
    )
    first_shown, last_shown = weeks[0][0], weeks[-1][-1]
    query = select(Event).where(Event.project_id == project.id)
    events = db.session.scalars(
        overlapping(query, first_shown, last_shown).order_by(
            Event.start_date, Event.end_date, Event.id
        )
    ).all()
    by_day: dict[date, list[Event]] = {}
    for event in events:
        for day in event.days:
            by_day.setdefault(day, []).append(event)
    month_end = _shift(month, 1) - timedelta(days=1)
    return render(
        "events/calendar.html",
        "calendar",
        project=project,
        problems=problems,
        month=month,
        month_title=_capitalised(format_date(month, "LLLL y")),
        weeks=weeks,
        # Standalone names ("LLLL", "ccc") are the ones a heading or a column uses.
        weekdays=[(format_date(day, "ccc"), format_date(day, "cccc")) for day in weeks[0]],
        by_day=by_day,
        month_events=[e for e in events if e.end_date >= month and e.start_date <= month_end],
        previous_month=_shift(month, -1),
        next_month=_shift(month, 1),
        month_name=lambda day: format_date(day, "LLLL y"),
        today=date.today(),
    )


# --- Themes -------------------------------------------------------------------------------


class ThemeForm(FlaskForm):
    name = TranslatedField(_l("Theme"), max_length=200)


def _themes_page(project: Project, status: int = 200, block: str | None = None, **context):
    themes = db.session.scalars(
        select(Theme).where(Theme.project_id == project.id).order_by(Theme.position, Theme.id)
    ).all()
    uses = dict(
        db.session.execute(
            select(event_theme.c.theme_id, func.count(event_theme.c.event_id))
            .join(Theme, Theme.id == event_theme.c.theme_id)
            .where(Theme.project_id == project.id)
            .group_by(event_theme.c.theme_id)
        ).all()
    )
    editable = can(current_user, "project.edit", project)
    if editable and "add_form" not in context:
        context["add_form"] = ThemeForm(formdata=None, prefix="new")
    return render(
        "events/themes.html",
        block,
        status=status,
        project=project,
        themes=themes,
        uses=uses,
        editable=editable,
        **context,
    )


def _editable_project(project_id: int) -> Project:
    project = get_project(current_user, project_id)
    require(current_user, "project.edit", project)
    return project


def _get_theme(project: Project, theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.project_id != project.id:
        abort(404)
    return theme


def _back_to_themes(project: Project, message: str, anchor: str = "themes"):
    """After a change: htmx gets the updated list, a plain form a redirect to the page."""
    if is_htmx():
        return _themes_page(project, block="themes", message=message)
    flash(message, "success")
    return redirect(url_for("events.themes", project_id=project.id, _anchor=anchor), 303)


@bp.route("/projects/<int:project_id>/themes")
def themes(project_id: int):
    return _themes_page(get_project(current_user, project_id), block="themes")


@bp.route("/projects/<int:project_id>/themes", methods=["POST"])
def add_theme(project_id: int):
    project = _editable_project(project_id)
    form = ThemeForm(prefix="new")
    if not form.validate_on_submit():
        return _themes_page(project, status=400, block="themes", add_form=form)
    last = db.session.scalar(select(func.max(Theme.position)).where(Theme.project_id == project.id))
    theme = Theme(project_id=project.id, position=(last or 0) + 1)
    form.name.populate_obj(theme, "name")
    db.session.add(theme)
    db.session.flush()
    return _back_to_themes(project, _("Theme %(name)s added.", name=str(theme.name)))


@bp.route("/projects/<int:project_id>/themes/<int:theme_id>", methods=["GET", "POST"])
def edit_theme(project_id: int, theme_id: int):
    """Click to rename: the row turns into a form, and back into a row once saved."""
    project = _editable_project(project_id)
    theme = _get_theme(project, theme_id)
    form = ThemeForm(obj=theme, prefix=f"theme{theme.id}")
    if form.validate_on_submit():
        form.name.populate_obj(theme, "name")
        db.session.flush()
        if is_htmx():
            return _themes_page(project, block="theme_row", theme=theme)
        flash(_("Theme renamed to %(name)s.", name=str(theme.name)), "success")
        return redirect(
            url_for("events.themes", project_id=project.id, _anchor=f"theme-{theme.id}"), 303
        )
    return _themes_page(
        project,
        status=400 if form.errors else 200,
        block="theme_row",
        theme=theme,
        editing=theme.id,
        row_form=form,
    )


@bp.route("/projects/<int:project_id>/themes/<int:theme_id>/delete", methods=["POST"])
def delete_theme(project_id: int, theme_id: int):
    project = _editable_project(project_id)
    theme = _get_theme(project, theme_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = str(theme.name)
    # The database removes the theme from its events (ON DELETE CASCADE).
    db.session.delete(theme)
    db.session.flush()
    return _back_to_themes(project, _("Theme %(name)s removed.", name=name))
