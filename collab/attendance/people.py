"""Recording who came: one participant per person, however they were recorded.

Every way in (the attendance page, a pasted list, an imported file, self check-in) goes
through these functions, so a person who comes to several events stays one participant.
"""

from sqlalchemy import func, or_, select

from collab.attendance.models import Attendance, Participant, name_key
from collab.extensions import db


def find_participant(
    project_id: int,
    name: str,
    email: str | None = None,
    organisation_id: int | None = None,
    organisation_name: str | None = None,
) -> Participant | None:
    """The participant this person already is in the project: same e-mail, or the same
    normalised name and the same organisation (known, or typed the same way)."""
    conditions = []
    if email:
        conditions.append(Participant.email == email.strip().lower())
    key = name_key(name)
    if key:
        if organisation_id is not None:
            same_org = Participant.organisation_id == organisation_id
        elif organisation_name:
            same_org = func.lower(Participant.organisation_name) == organisation_name.lower()
        else:
            same_org = Participant.organisation_id.is_(None) & Participant.organisation_name.is_(
                None
            )
        conditions.append((Participant.name_key == key) & same_org)
    if not conditions:
        return None
    query = (
        select(Participant)
        .where(Participant.project_id == project_id, or_(*conditions))
        .order_by(Participant.id)
        .limit(1)
    )
    return db.session.scalars(query).first()


def record_attendance(event, participant: Participant, role="participant", recorded="hand"):
    """Add `participant` to `event`, or return the attendance they already have there.

    Returns (attendance, created).
    """
    if participant.id is not None:
        existing = db.session.scalars(
            select(Attendance).where(
                Attendance.event_id == event.id, Attendance.participant_id == participant.id
            )
        ).first()
        if existing is not None:
            return existing, False
    attendance = Attendance(
        event_id=event.id, participant=participant, role=role, recorded=recorded
    )
    db.session.add(attendance)
    db.session.flush()
    return attendance, True
