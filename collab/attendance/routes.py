"""Who came to an event: the list, the headcount, live check-in and exports; and the
participants of a project, with the duplicates to merge."""

from types import SimpleNamespace

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from collab.attendance import bp, exports
from collab.attendance.figures import attendance_figures
from collab.attendance.forms import (
    AttendeeEditForm,
    AttendeeForm,
    HeadcountForm,
    ParticipantSearchForm,
)
from collab.attendance.models import ROLES, Attendance, Participant, name_key
from collab.attendance.people import (
    duplicate_groups,
    merge_participants,
    organisation_from_text,
    participant_for,
    record_attendance,
    remove_attendance,
)
from collab.attendance.people import suggest_organisations as matching_organisations
from collab.clean_input import MAX_ID
from collab.database import paginate
from collab.events.models import Event
from collab.extensions import db
from collab.forms import EmptyForm, status_of
from collab.htmx import is_htmx, render
from collab.locking import Change, changes
from collab.policy import can, get_event, get_project, require
from collab.projects.models import Project

PAGE = "attendance/index.html"


@bp.after_request
def _no_store(response):
    # Names, e-mails and consent are personal data: no copy in a cache, nor in the browser's
    # history, where the back button on a shared computer would show them again.
    response.headers["Cache-Control"] = "no-store"
    return response


# --- The attendance page --------------------------------------------------------------------


def _attendances(event: Event) -> list[Attendance]:
    """Everyone on the list, by name; one query (the person and organisation are joined)."""
    found = db.session.scalars(select(Attendance).where(Attendance.event_id == event.id)).all()
    # Sorted here, not by the database: collations differ, name_key is the same everywhere.
    return sorted(found, key=lambda a: (a.participant.name_key, a.id))


def _page(event: Event, block: str | None = None, status: int = 200, since=None, **context):
    """The attendance page, or one of its blocks, with the forms it shows."""
    attendances = _attendances(event)
    manage = can(current_user, "attendance.manage", event)
    latest = max((a.id for a in attendances), default=0)
    values = {
        "event": event,
        "attendances": attendances,
        "figures": attendance_figures([event.id]),
        "manage": manage,
        # Rows of self check-in after this id are new to the person looking at the page.
        "since": latest if since is None else since,
        "participants_visible": can(current_user, "participants.view", event.project),
        "role_labels": ROLES,
    }
    if manage:
        values["add_form"] = AttendeeForm(formdata=None, prefix="new")
        values["headcount_form"] = HeadcountForm(
            formdata=None, data={"unnamed_count": event.unnamed_count}
        )
    values.update(context)
    return render(PAGE, block, status=status, **values)


def _get_attendance(event: Event, attendance_id: int) -> Attendance:
    attendance = db.session.get(Attendance, attendance_id)
    if attendance is None or attendance.event_id != event.id:
        abort(404)
    return attendance


def _attendee(attendance: Attendance) -> SimpleNamespace:
    """The row as its form shows it: the person's details and their role at the event."""
    person = attendance.participant
    return SimpleNamespace(
        name=person.name,
        organisation=person.organisation_label,
        country=person.country,
        function=person.function,
        email=person.email,
        gender=person.gender or "",
        role=attendance.role,
        consent_named=person.consent_named,
        consent_photos=person.consent_photos,
    )


def _person(form: AttendeeForm, event: Event) -> dict:
    """A participant's details from the form; a typed organisation name that is a known
    organisation links to it."""
    organisation, typed = organisation_from_text(form.organisation.data)
    default_country = organisation.country if organisation is not None else event.country
    return {
        "name": form.name.data,
        "organisation": organisation,
        "organisation_name": typed,
        "country": form.country.data or default_country,
        "function": form.function.data,
        "email": form.email.data or None,
        "gender": form.gender.data or None,
    }


def _consent_given(form: AttendeeForm) -> tuple[bool, bool]:
    return bool(form.consent_named.data), bool(form.consent_photos.data)


@bp.route("/events/<int:event_id>/attendance")
def index(event_id: int):
    event = get_event(current_user, event_id, "attendance.view")
    return _page(event)


@bp.route("/events/<int:event_id>/attendance/live")
def live(event_id: int):
    """The totals and the list as they are now, polled while self check-in is open."""
    event = get_event(current_user, event_id, "attendance.view")
    return _page(event, "live", since=request.args.get("since", type=int))


@bp.route("/events/<int:event_id>/attendance", methods=["POST"])
def add(event_id: int):
    event = get_event(current_user, event_id, "attendance.manage")
    form = AttendeeForm(prefix="new")
    if not form.validate_on_submit():
        return _page(event, "attendance", 400, add_form=form)
    participant, known = participant_for(
        event.project_id, _person(form, event), _consent_given(form)
    )
    attendance, created = record_attendance(event, participant, form.role.data, "hand")
    if not created:
        form.name.errors.append(_("%(name)s is already on the list.", name=participant.name))
        return _page(event, "attendance", 400, add_form=form)
    if known:
        notice = _(
            "%(name)s was already known from another event: added with the details saved then.",
            name=participant.name,
        )
    else:
        notice = _("%(name)s added.", name=participant.name)
    if is_htmx():
        return _page(event, "attendance", notice=notice, added=attendance.id)
    flash(notice, "success")
    return redirect(
        url_for("attendance.index", event_id=event.id, _anchor=f"attendance-{attendance.id}"), 303
    )


def _save_attendee(form: AttendeeEditForm, attendance: Attendance, event: Event) -> list | None:
    """collab.locking.save for a row that edits two things: the person (whose version the
    form carries) and their role at this event. Returns the changes on a conflict."""
    participant = attendance.participant
    if form.loaded_version() != participant.version:
        found = changes(form, _attendee(attendance))
        form.version.data = participant.version
        return found
    for field, value in _person(form, event).items():
        setattr(participant, field, value)
    named, photos = _consent_given(form)
    if (named, photos) != (participant.consent_named, participant.consent_photos):
        participant.record_consent(named, photos)
    attendance.role = form.role.data
    participant.version += 1
    try:
        db.session.flush()
    except StaleDataError:
        # Someone saved between our read and our write, in the same instant.
        db.session.rollback()
        db.session.refresh(participant)
        found: list[Change] = changes(form, _attendee(attendance))
        form.version.data = participant.version
        return found
    return None


def _row(event: Event, attendance: Attendance, status: int = 200, **context):
    """One row for htmx; the whole page (with that row) for a plain browser."""
    if is_htmx():
        return render(
            PAGE,
            "row",
            status=status,
            event=event,
            attendance=attendance,
            manage=True,
            single=True,
            **context,
        )
    return _page(event, status=status, **context)


@bp.route("/events/<int:event_id>/attendance/<int:attendance_id>", methods=["GET", "POST"])
def edit(event_id: int, attendance_id: int):
    """Click to edit: the row turns into a form, and back into a row once saved."""
    event = get_event(current_user, event_id, "attendance.manage")
    attendance = _get_attendance(event, attendance_id)
    form = AttendeeEditForm(obj=_attendee(attendance), prefix=f"attendance{attendance.id}")
    conflict = None
    if request.method == "GET":
        form.version.data = attendance.participant.version
    elif form.validate_on_submit():
        conflict = _save_attendee(form, attendance, event)
        if conflict is None:
            if is_htmx():
                response = _row(event, attendance)
                # The totals count roles, countries and functions: they refresh themselves.
                response.headers["HX-Trigger"] = "attendance-changed"
                return response
            flash(_("Changes saved."), "success")
            return redirect(
                url_for(
                    "attendance.index", event_id=event.id, _anchor=f"attendance-{attendance.id}"
                ),
                303,
            )
    return _row(
        event,
        attendance,
        status=status_of(form, conflict),
        editing=attendance.id,
        row_form=form,
        conflict=conflict,
    )


@bp.route("/events/<int:event_id>/attendance/<int:attendance_id>/row")
def row(event_id: int, attendance_id: int):
    """The row as it is saved (Cancel in the inline editor)."""
    event = get_event(current_user, event_id, "attendance.manage")
    return _row(event, _get_attendance(event, attendance_id))


@bp.route("/events/<int:event_id>/attendance/<int:attendance_id>/delete", methods=["POST"])
def remove(event_id: int, attendance_id: int):
    event = get_event(current_user, event_id, "attendance.manage")
    attendance = _get_attendance(event, attendance_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = attendance.participant.name
    remove_attendance(attendance)
    if is_htmx():
        return _page(event, "live")
    flash(_("%(name)s removed from the list.", name=name), "success")
    return redirect(url_for("attendance.index", event_id=event.id, _anchor="attendance"), 303)


@bp.route("/events/<int:event_id>/headcount", methods=["POST"])
def headcount(event_id: int):
    """How many came without being named: added to the names for the event's total."""
    event = get_event(current_user, event_id, "attendance.manage")
    form = HeadcountForm()
    if not form.validate_on_submit():
        return _page(event, "headcount", 400, headcount_form=form)
    if event.unnamed_count != form.unnamed_count.data:
        event.unnamed_count = form.unnamed_count.data
        # An edit of the event: a stale event form must not silently write the old count back.
        event.version += 1
        db.session.flush()
    message = _("Headcount saved.")
    if is_htmx():
        response = _page(event, "headcount", headcount_form=form, headcount_saved=message)
        response.headers["HX-Trigger"] = "attendance-changed"
        return response
    flash(message, "success")
    return redirect(url_for("attendance.index", event_id=event.id, _anchor="headcount"), 303)


@bp.route("/organisations/suggest")
def suggest_organisations():
    """<option>s for the organisation field's <datalist>, as the person types."""
    # htmx sends the typed text under the input's own name ("new-organisation", or a row's
    # prefixed name): ?q= when called by hand, else the one value given.
    text = request.args.get("q")
    if text is None:
        text = next(iter(request.args.values()), "")
    found = matching_organisations(text[:200])
    names = [o.name.casefold() for o in found]
    return render(
        "attendance/_organisation_options.html",
        organisations=found,
        # Two organisations of the same name are told apart by their country.
        ambiguous={name for name in names if names.count(name) > 1},
    )


# --- Exports --------------------------------------------------------------------------------


@bp.route("/events/<int:event_id>/attendance.csv")
def export_csv(event_id: int):
    event = get_event(current_user, event_id, "attendance.view")
    with_email = can(current_user, "attendance.manage", event)
    return exports.csv_file(event, _attendances(event), with_email)


@bp.route("/events/<int:event_id>/attendance.xlsx")
def export_xlsx(event_id: int):
    event = get_event(current_user, event_id, "attendance.view")
    with_email = can(current_user, "attendance.manage", event)
    figures = attendance_figures([event.id])
    return exports.xlsx_file(event, _attendances(event), figures, with_email)


# --- Participants of a project --------------------------------------------------------------


def _participants_project(project_id: int) -> Project:
    project = get_project(current_user, project_id)
    require(current_user, "participants.view", project)
    return project


def _event_counts(participant_ids: list[int]) -> dict[int, int]:
    if not participant_ids:
        return {}
    found = db.session.execute(
        select(Attendance.participant_id, func.count(Attendance.id))
        .where(Attendance.participant_id.in_(participant_ids))
        .group_by(Attendance.participant_id)
    )
    return dict(found.all())


@bp.route("/projects/<int:project_id>/participants")
def participants(project_id: int):
    project = _participants_project(project_id)
    search = ParticipantSearchForm(request.args)
    query = select(Participant).where(Participant.project_id == project.id)
    key = name_key(search.q.data)
    if key:
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Participant.name_key.like(f"%{escaped}%", escape="\\"))
    page = paginate(query.order_by(Participant.name_key, Participant.id))
    return render(
        "attendance/participants.html",
        "results",
        project=project,
        page=page,
        search=search,
        counts=_event_counts([p.id for p in page.items]),
    )


@bp.route("/projects/<int:project_id>/participants/duplicates")
def duplicates(project_id: int):
    project = _participants_project(project_id)
    groups = duplicate_groups(project.id)
    counts = _event_counts([p.id for group in groups for p in group])
    return render("attendance/duplicates.html", project=project, groups=groups, counts=counts)


def _project_participant(project: Project, participant_id: int | None) -> Participant:
    # An id from the address (?keep=…): a number too large for the database names no one.
    known = participant_id is not None and 0 < participant_id <= MAX_ID
    participant = db.session.get(Participant, participant_id) if known else None
    if participant is None or participant.project_id != project.id:
        abort(404)
    return participant


@bp.route("/projects/<int:project_id>/participants/merge", methods=["GET", "POST"])
def merge(project_id: int):
    """Two records of one person: side by side first, merged once confirmed."""
    project = _participants_project(project_id)
    kept = _project_participant(project, request.values.get("keep", type=int))
    merged = _project_participant(project, request.values.get("merge", type=int))
    if kept.id == merged.id:
        abort(400)
    form = EmptyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        name = merged.name
        merge_participants(kept, merged)
        flash(
            _("%(merged)s merged into %(kept)s.", merged=name, kept=kept.name),
            "success",
        )
        return redirect(url_for("attendance.duplicates", project_id=project.id), 303)
    people = db.session.scalars(
        select(Participant)
        .where(Participant.id.in_([kept.id, merged.id]))
        .options(selectinload(Participant.attendances).joinedload(Attendance.event))
    ).unique()
    events = {
        p.id: sorted((a.event for a in p.attendances), key=lambda e: (e.start_date, e.id))
        for p in people
    }
    shared = {e.id for e in events[kept.id]} & {e.id for e in events[merged.id]}
    return render(
        "attendance/merge.html",
        project=project,
        kept=kept,
        merged=merged,
        events=events,
        shared=shared,
        form=form,
    )
