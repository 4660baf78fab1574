"""A participant's rights: what the app holds about them, erasure, withdrawn consent, and
the retention rule that erases everyone of a project some years after it ended.

Erasure on request and by the retention rule are one function, so both leave the same
thing behind: the attendance, the country, the function and the known organisation (and so
its kind), which are what the figures already reported count.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from collab.attendance.models import Attendance, Participant
from collab.audit.recording import record
from collab.database import utcnow
from collab.extensions import db
from collab.projects.models import Project

OBJECT_TYPE = "participant"


def placeholder_name(participant: Participant) -> str:
    """What an erased person is called: their record's number, nothing of them."""
    # Stored data, not interface text: the same in every language, like an id.
    return f"Erased participant #{participant.id}"


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def participant_data(participant: Participant) -> dict:
    """Everything the app holds about `participant`, as plain JSON-ready data."""
    organisation = participant.organisation
    attendances = db.session.scalars(
        select(Attendance)
        .where(Attendance.participant_id == participant.id)
        .options(selectinload(Attendance.event))
    ).all()
    attendances = sorted(attendances, key=lambda a: (a.event.start_date, a.event_id))
    project = db.session.get(Project, participant.project_id)
    return {
        "project": {"id": project.id, "code": project.code, "acronym": project.acronym},
        "participant": {
            "id": participant.id,
            "name": participant.name,
            "organisation": (
                {
                    "id": organisation.id,
                    "name": organisation.name,
                    "country": organisation.country,
                    "kind": organisation.kind,
                }
                if organisation is not None
                else None
            ),
            "organisation_as_typed": participant.organisation_name,
            "country": participant.country,
            "function": participant.function,
            "email": participant.email,
            "gender": participant.gender,
            "recorded_at": _iso(participant.created_at),
            "changed_at": _iso(participant.updated_at),
            "erased_at": _iso(participant.erased_at),
        },
        "consent": {
            "version": participant.consent_version,
            "given_at": _iso(participant.consent_at),
            "named": participant.consent_named,
            "photos": participant.consent_photos,
            "withdrawn_at": _iso(participant.consent_withdrawn_at),
        },
        "attendances": [
            {
                "event": {
                    "id": a.event.id,
                    "title": dict(a.event.title or {}),
                    "start_date": _iso(a.event.start_date),
                    "end_date": _iso(a.event.end_date),
                    "town": a.event.town,
                    "country": a.event.country,
                },
                "role": a.role,
                "recorded": a.recorded,
                "recorded_at": _iso(a.created_at),
            }
            for a in attendances
        ],
    }


def record_export(participant: Participant, export_format: str) -> None:
    """Log that someone took a copy of the person's data: which record, never its content."""
    record(
        "export",
        object_type=OBJECT_TYPE,
        object_id=participant.id,
        project_id=participant.project_id,
        details={"format": export_format},
    )


def erase_participant(participant: Participant, reason: str = "request") -> bool:
    """Remove what identifies the person; keep what the figures count.

    Returns False (and changes nothing) when the person was erased already. The audit entry
    names the record and the reason, never what was erased.
    """
    if participant.erased_at is not None:
        return False
    participant.name = placeholder_name(participant)
    participant.email = None
    participant.gender = None
    # Free text may hold anything the person typed; a known organisation is no personal
    # data and carries the organisation kind the figures count.
    participant.organisation_name = None
    participant.consent_named = False
    participant.consent_photos = False
    participant.erased_at = utcnow()
    # An edit of the person: a form still open on them must not write the name back.
    participant.version += 1
    record(
        "erase",
        object_type=OBJECT_TYPE,
        object_id=participant.id,
        project_id=participant.project_id,
        details={"reason": reason},
    )
    db.session.flush()
    return True


def withdraw_consent(participant: Participant, named: bool, photos: bool) -> bool:
    """Withdraw consent to be named and/or to photos; False when nothing was given to withdraw."""
    withdrawn = {
        "named": bool(named and participant.consent_named),
        "photos": bool(photos and participant.consent_photos),
    }
    if not any(withdrawn.values()):
        return False
    if withdrawn["named"]:
        participant.consent_named = False
    if withdrawn["photos"]:
        participant.consent_photos = False
    participant.consent_withdrawn_at = utcnow()
    participant.version += 1
    record(
        "consent_withdrawn",
        object_type=OBJECT_TYPE,
        object_id=participant.id,
        project_id=participant.project_id,
        details={key: value for key, value in withdrawn.items() if value},
    )
    db.session.flush()
    return True


# --- Retention ------------------------------------------------------------------------------


def retention_ends(project: Project) -> date | None:
    """The last day the project's participants' data is kept; None when not set."""
    if project.retention_years is None:
        return None
    end = project.end_date
    try:
        return end.replace(year=end.year + project.retention_years)
    except ValueError:
        # 29 February plus some years is 28 February in a common year.
        return end.replace(year=end.year + project.retention_years, day=28)


@dataclass
class RetentionReport:
    """What the retention rule finds: participants due per project, and projects skipped."""

    due: list[tuple[Project, list[Participant]]] = field(default_factory=list)
    not_set: list[Project] = field(default_factory=list)

    @property
    def participants(self) -> list[Participant]:
        return [p for _project, people in self.due for p in people]


def due_for_retention(today: date) -> RetentionReport:
    """Participants not yet erased of projects whose end plus retention has passed by `today`."""
    report = RetentionReport()
    for project in db.session.scalars(select(Project).order_by(Project.code)):
        ends = retention_ends(project)
        if ends is None:
            report.not_set.append(project)
            continue
        if ends >= today:
            continue
        people = db.session.scalars(
            select(Participant)
            .where(Participant.project_id == project.id, Participant.erased_at.is_(None))
            .order_by(Participant.id)
        ).all()
        if people:
            report.due.append((project, list(people)))
    return report


def apply_retention(report: RetentionReport) -> int:
    """Erase everyone `report` found due; returns how many were erased."""
    return sum(erase_participant(p, reason="retention") for p in report.participants)
