"""Attendance figures: who came, counted by country, function, organisation kind and role."""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from collab.attendance.models import Attendance, Participant
from collab.events.models import Event
from collab.extensions import db
from collab.organisations.models import Organisation


@dataclass
class Figures:
    participations: int = 0  # named attendances
    people: int = 0  # unique named people
    unnamed: int = 0  # headcount of people not named
    by_country: Counter = field(default_factory=Counter)
    by_function: Counter = field(default_factory=Counter)
    by_kind: Counter = field(default_factory=Counter)  # organisation kind; "" when unknown
    by_role: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """Named plus unnamed: what the event reports as its number of participants."""
        return self.participations + self.unnamed


def attendance_figures(event_ids: list[int]) -> Figures:
    """The figures of one or more events, in two queries whatever the number of rows."""
    figures = Figures()
    if not event_ids:
        return figures
    rows = db.session.execute(
        select(
            Attendance.participant_id,
            Attendance.role,
            Participant.country,
            Participant.function,
            Organisation.kind,
        )
        .join(Participant, Attendance.participant_id == Participant.id)
        .outerjoin(Organisation, Participant.organisation_id == Organisation.id)
        .where(Attendance.event_id.in_(event_ids))
    ).all()
    people = set()
    for participant_id, role, country, function, kind in rows:
        people.add(participant_id)
        figures.by_role[role] += 1
        figures.by_country[country] += 1
        figures.by_function[function] += 1
        figures.by_kind[kind or ""] += 1
    figures.participations = len(rows)
    figures.people = len(people)
    figures.unnamed = (
        db.session.scalar(
            select(func.coalesce(func.sum(Event.unnamed_count), 0)).where(Event.id.in_(event_ids))
        )
        or 0
    )
    return figures


def counts_by_event(event_ids: list[int]) -> dict[int, int]:
    """Named attendances per event, in one query (for lists of events)."""
    if not event_ids:
        return {}
    rows = db.session.execute(
        select(Attendance.event_id, func.count(Attendance.id))
        .where(Attendance.event_id.in_(event_ids))
        .group_by(Attendance.event_id)
    )
    return dict(rows.all())
