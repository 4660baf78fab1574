"""Views of events: the event page, creating and editing an event, its agenda."""

from dataclasses import dataclass
from itertools import groupby

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from collab.attendance.figures import Figures, attendance_figures
from collab.attendance.models import ROLES
from collab.events import (
    bp,
    listing,  # noqa: F401  (the list, calendar, feed and themes)
)
from collab.events.forms import agenda_item_form, event_form, new_event_defaults
from collab.events.models import FUNCTIONS, AgendaItem, Event
from collab.extensions import db
from collab.forms import EmptyForm, status_of
from collab.htmx import is_htmx, render
from collab.locking import save
from collab.organisations.models import KINDS, Organisation
from collab.outputs.listing import event_outputs
from collab.policy import can, get_event, get_project, require
from collab.templating import country_name, day_range


@dataclass
class FigureTable:
    """One breakdown of the attendance figures, for a table with a caption."""

    key: str
    caption: str
    heading: str
    rows: list[tuple[str, int]]


def _rows(counter, label) -> list[tuple[str, int]]:
    labelled = [(label(key), count) for key, count in counter.items() if count]
    return sorted(labelled, key=lambda row: (-row[1], row[0].casefold()))


def figure_tables(figures: Figures) -> list[FigureTable]:
    unknown = _("Unknown")
    return [
        FigureTable(
            "country",
            _("Participations by country"),
            _("Country"),
            _rows(figures.by_country, lambda code: country_name(code) or unknown),
        ),
        FigureTable(
            "function",
            _("Participations by function"),
            _("Function"),
            _rows(figures.by_function, lambda code: str(FUNCTIONS.get(code, code or unknown))),
        ),
        FigureTable(
            "kind",
            _("Participations by kind of organisation"),
            _("Kind of organisation"),
            _rows(figures.by_kind, lambda code: str(KINDS[code]) if code in KINDS else unknown),
        ),
        FigureTable(
            "role",
            _("Participations by role"),
            _("Role"),
            _rows(figures.by_role, lambda code: str(ROLES.get(code, code or unknown))),
        ),
    ]


def _agenda_days(event: Event, editable: bool):
    """The agenda by day: every day of the event for its editors, the days with items for
    everyone else; an item left outside the event's dates still shows on its own day."""
    items = sorted(event.agenda, key=lambda item: (item.day, item.position, item.id))
    by_day = {day: list(group) for day, group in groupby(items, key=lambda item: item.day)}
    days = sorted(set(event.days) | by_day.keys()) if editable else sorted(by_day)
    return [(day, by_day.get(day, [])) for day in days]


def _page(event: Event, status: int = 200, block: str | None = None, **context):
    """The event page, or one of its blocks, with the forms it shows."""
    editable = can(current_user, "event.edit", event)
    agenda_days = _agenda_days(event, editable)
    values = {
        "event": event,
        "project": event.project,
        "editable": editable,
        "dates": day_range(event.start_date, event.end_date, "long"),
        "agenda_days": agenda_days,
        "functions": FUNCTIONS,
        "adding": False,
        # (first of its day, last of its day) per item: no Move up on the first one.
        "agenda_ends": {
            item.id: (item is items[0], item is items[-1])
            for _day, items in agenda_days
            for item in items
        },
    }
    # Without htmx, a block is still answered with the whole page, which needs everything.
    whole_page = block is None or not is_htmx()
    if editable and (whole_page or block == "agenda"):
        values["agenda_form"] = context.pop("agenda_form", None) or agenda_item_form(
            event, formdata=None, prefix="agenda"
        )
        values["organisation_names"] = db.session.scalars(
            select(Organisation.name).order_by(func.lower(Organisation.name))
        ).all()
    if whole_page:
        figures = attendance_figures([event.id])
        values.update(
            figures=figures,
            figure_tables=figure_tables(figures),
            may_see_attendance=can(current_user, "attendance.view", event),
            may_manage_attendance=can(current_user, "attendance.manage", event),
            # One query, files included, however many outputs.
            outputs=event_outputs(event.id),
        )
    values.update(context)
    return render("events/show.html", block, status=status, **values)


@bp.route("/events/<int:event_id>")
def show(event_id: int):
    return _page(get_event(current_user, event_id))


@bp.route("/projects/<int:project_id>/events/new", methods=["GET", "POST"])
def create(project_id: int):
    project = get_project(current_user, project_id)
    require(current_user, "event.create", project)
    form = event_form(project, current_user, **new_event_defaults(project, current_user))
    if form.validate_on_submit():
        event = Event(project_id=project.id)
        form.populate_obj(event)
        db.session.add(event)
        db.session.flush()
        flash(_("Event created."), "success")
        return redirect(url_for("events.show", event_id=event.id), 303)
    return render(
        "events/form.html", form=form, project=project, event=None, status=status_of(form)
    )


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def edit(event_id: int):
    event = get_event(current_user, event_id, "event.edit")
    form = event_form(event.project, current_user, event)
    conflict = None
    if form.validate_on_submit():
        conflict = save(form, event)
        if conflict is None:
            flash(_("Changes saved."), "success")
            return redirect(url_for("events.show", event_id=event.id), 303)
    elif request.method == "GET":
        form.version.data = event.version
    return render(
        "events/form.html",
        form=form,
        project=event.project,
        event=event,
        conflict=conflict,
        status=status_of(form, conflict),
    )


@bp.route("/events/<int:event_id>/delete", methods=["POST"])
def delete(event_id: int):
    """Move the event to the trash, with its agenda, attendance, outputs and votes."""
    from collab.trash.notice import flash_moved_to_trash
    from collab.trash.operations import move_to_trash

    event = get_event(current_user, event_id, "event.edit")
    if not EmptyForm().validate_on_submit():
        abort(400)
    project = event.project
    move_to_trash(event, current_user)
    flash_moved_to_trash(project)
    return redirect(url_for("events.index", project_id=project.id), 303)


# --- The agenda ---------------------------------------------------------------------------


def _editable_event(event_id: int) -> Event:
    return get_event(current_user, event_id, "event.edit")


def _get_item(event: Event, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.event_id != event.id:
        abort(404)
    return item


def _items_of_day(event: Event, day) -> list[AgendaItem]:
    return sorted(
        (item for item in event.agenda if item.day == day),
        key=lambda item: (item.position, item.id),
    )


def _last_of_day(event: Event, day, item: AgendaItem | None = None) -> int:
    positions = [i.position for i in _items_of_day(event, day) if i is not item]
    return max(positions, default=-1) + 1


def _back_to_agenda(event: Event, anchor: str = "agenda", **context):
    """After a change: htmx gets the updated agenda, a plain form a redirect to the page."""
    if is_htmx():
        return _page(event, block="agenda", **context)
    return redirect(url_for("events.show", event_id=event.id, _anchor=anchor), 303)


@bp.route("/events/<int:event_id>/agenda", methods=["POST"])
def add_agenda_item(event_id: int):
    event = _editable_event(event_id)
    form = agenda_item_form(event, prefix="agenda")
    if not form.validate_on_submit():
        return _page(event, status=400, block="agenda", agenda_form=form, adding=True)
    item = AgendaItem(position=_last_of_day(event, form.day.data))
    form.populate_obj(item)
    event.agenda.append(item)
    db.session.flush()
    # The form stays open, on the same day, for the next item: agendas are typed in one go.
    next_form = agenda_item_form(event, formdata=None, prefix="agenda", day=item.day)
    return _back_to_agenda(event, f"agenda-item-{item.id}", adding=True, agenda_form=next_form)


@bp.route("/events/<int:event_id>/agenda/<int:item_id>", methods=["GET", "POST"])
def edit_agenda_item(event_id: int, item_id: int):
    """Click to edit: the row turns into a form; once saved, the agenda shows it in place."""
    event = _editable_event(event_id)
    item = _get_item(event, item_id)
    form = agenda_item_form(event, item, prefix=f"item{item.id}")
    if request.method == "POST":
        if form.validate_on_submit():
            moved_day = form.day.data != item.day
            if moved_day:
                item.position = _last_of_day(event, form.day.data, item)
            form.populate_obj(item)
            db.session.flush()
            return _back_to_agenda(event, f"agenda-item-{item.id}")
        # A saved item may have moved to another day: the whole agenda is swapped.
        return _page(event, status=400, block="agenda", editing=item.id, row_form=form)
    return _page(event, block="agenda_item", item=item, editing=item.id, row_form=form)


@bp.route("/events/<int:event_id>/agenda/<int:item_id>/row")
def agenda_row(event_id: int, item_id: int):
    """The row as it is saved (Cancel in the inline editor)."""
    event = _editable_event(event_id)
    item = _get_item(event, item_id)
    return _page(event, block="agenda_item", item=item)


@bp.route("/events/<int:event_id>/agenda/<int:item_id>/delete", methods=["POST"])
def delete_agenda_item(event_id: int, item_id: int):
    event = _editable_event(event_id)
    item = _get_item(event, item_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    event.agenda.remove(item)
    db.session.flush()
    if not is_htmx():
        flash(_("Agenda item removed."), "success")
    return _back_to_agenda(event)


@bp.route("/events/<int:event_id>/agenda/<int:item_id>/move", methods=["POST"])
def move_agenda_item(event_id: int, item_id: int):
    """Swap an item with the one before (up) or after (down) it on the same day."""
    event = _editable_event(event_id)
    item = _get_item(event, item_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down") or not EmptyForm().validate_on_submit():
        abort(400)
    day = _items_of_day(event, item.day)
    # Number the day afresh first: items typed in elsewhere may share a position.
    for position, each in enumerate(day):
        each.position = position
    index = day.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(day):
        item.position, day[other].position = day[other].position, item.position
    db.session.flush()
    return _back_to_agenda(event, f"agenda-item-{item.id}")
