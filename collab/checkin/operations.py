"""Writes of self check-in: a participant checking themselves in, the facilitator's switches."""

from sqlalchemy import select, update

from collab.attendance.models import Attendance, Participant, name_key
from collab.attendance.people import find_participant, record_attendance
from collab.events.models import Event, new_token
from collab.extensions import db
from collab.organisations.models import Organisation


def known_organisation(typed: str | None) -> Organisation | None:
    """The organisation a person means by what they typed: its name or short name, without
    regard to case, accents or punctuation ("klaipedos regionas" on a phone with no
    Lithuanian keyboard is "Klaipėdos regionas")."""
    key = name_key(typed)
    if not key:
        return None
    # Compared in Python: SQLite's lower() folds ASCII only, and the names are Baltic.
    rows = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.short_name).order_by(
            Organisation.id
        )
    )
    for organisation_id, name, short_name in rows:
        if key in (name_key(name), name_key(short_name)):
            return db.session.get(Organisation, organisation_id)
    return None


def check_in(event: Event, form) -> tuple[Attendance, bool]:
    """Record that the person who filled in `form` came to `event`.

    Returns (attendance, created); created is False when they had checked in already (or
    were on the list), and then nothing changes.
    """
    # Check-ins to one event take turns: two phones of the same person sending at the same
    # instant would otherwise both find nobody and make two participants (seen in the load
    # test, bench/load_checkin.py). A no-op UPDATE locks the event's row (PostgreSQL) or
    # takes the write lock (SQLite) until the request commits, a few milliseconds later.
    db.session.execute(
        update(Event)
        .where(Event.id == event.id)
        .values(checkin_open=Event.checkin_open, updated_at=Event.updated_at)
        .execution_options(synchronize_session=False)
    )
    organisation = known_organisation(form.organisation.data)
    organisation_name = None if organisation else form.organisation.data
    participant = find_participant(
        event.project_id,
        form.name.data,
        email=form.email.data,
        organisation_id=organisation.id if organisation else None,
        organisation_name=organisation_name,
    )
    if participant is None:
        participant = Participant(
            project_id=event.project_id,
            name=form.name.data,
            organisation=organisation,
            organisation_name=organisation_name,
            country=form.country.data,
            function=form.function.data,
            email=form.email.data,
        )
        db.session.add(participant)
    else:
        already = db.session.scalar(
            select(Attendance).where(
                Attendance.event_id == event.id, Attendance.participant_id == participant.id
            )
        )
        if already is not None:
            return already, False
        # Known from another event: what they agree to today is their latest word, and an
        # organiser's form opened before it must not silently undo it (collab.locking).
        participant.email = participant.email or form.email.data
        participant.version += 1
    participant.record_consent(named=form.consent_named.data, photos=form.consent_photos.data)
    return record_attendance(event, participant, role="participant", recorded="checkin")


def open_checkin(event: Event) -> None:
    event.checkin_open = True
    db.session.flush()


def close_checkin(event: Event) -> None:
    event.checkin_open = False
    db.session.flush()


def renew_link(event: Event) -> None:
    """A new check-in link; the old one (and its QR code) stops working at once."""
    event.checkin_token = new_token()
    db.session.flush()
