"""Recording who came: one participant per person, however they were recorded.

Every way in (the attendance page, a pasted list, an imported file, self check-in) goes
through these functions, so a person who comes to several events stays one participant.
"""

import re

from sqlalchemy import func, or_, select

from collab.attendance.models import Attendance, Participant, name_key
from collab.extensions import db
from collab.organisations.models import Organisation


def find_participant(
    project_id: int,
    name: str,
    email: str | None = None,
    organisation_id: int | None = None,
    organisation_name: str | None = None,
) -> Participant | None:
    """The participant this person already is in the project: same e-mail, or the same
    normalised name and the same organisation (known, or typed the same way)."""
    email = email.strip().lower() if email else None
    key = name_key(name)
    conditions = []
    if email:
        conditions.append(Participant.email == email)
    if key:
        conditions.append(Participant.name_key == key)
    if not conditions:
        return None
    # The few people with this e-mail or name; the organisation is compared here, casefolded,
    # since SQLite's lower() leaves "Ķ" or "Š" as they are.
    typed = organisation_name.casefold() if organisation_name else None
    candidates = db.session.scalars(
        select(Participant)
        .where(Participant.project_id == project_id, or_(*conditions))
        .order_by(Participant.id)
    )
    for person in candidates:
        if email and person.email == email:
            return person
        if not key or person.name_key != key:
            continue
        if organisation_id is not None:
            same_org = person.organisation_id == organisation_id
        elif typed:
            same_org = (person.organisation_name or "").casefold() == typed
        else:
            same_org = person.organisation_id is None and not person.organisation_name
        if same_org:
            return person
    return None


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


def participant_for(
    project_id: int, details: dict, consent: tuple[bool, bool]
) -> tuple[Participant, bool]:
    """The participant `details` describe (name, organisation, organisation_name, country,
    function, email, gender), and whether they were known already.

    A known person keeps what was saved; only their missing e-mail or gender is filled in.
    Consent given now (either box ticked) is recorded; none given leaves earlier consent.
    """
    organisation = details.get("organisation")
    participant = find_participant(
        project_id,
        details["name"],
        details.get("email"),
        organisation.id if organisation is not None else None,
        details.get("organisation_name"),
    )
    named, photos = consent
    if participant is None:
        participant = Participant(project_id=project_id, **details)
        if named or photos:
            participant.record_consent(named, photos)
        return participant, False
    changed = False
    for field in ("email", "gender"):
        if not getattr(participant, field) and details.get(field):
            setattr(participant, field, details[field])
            changed = True
    if named or photos:
        participant.record_consent(named, photos)
        changed = True
    if changed:
        # An edit of the person: a form open on them must not write the old details back.
        participant.version += 1
    return participant, True


# --- Organisations as people type them ------------------------------------------------

_WITH_COUNTRY = re.compile(r"^(?P<name>.+?)\s*\((?P<country>[A-Za-z]{2})\)$")


def _like_pattern(text: str) -> str:
    """A LIKE pattern that finds `text` in lower(column) on any database, as a superset.

    SQLite's lower() folds ASCII only, PostgreSQL's folds everything: letters beyond ASCII
    ("Ķ", "ė") match any one character here, and the exact comparison, casefolded, is made
    in Python on the few rows found.
    """
    pattern = []
    for char in text:
        if char in "%_\\":
            pattern.append("\\" + char)
        elif char.isascii():
            pattern.append(char.lower())
        else:
            pattern.append("_")
    return "".join(pattern)


def organisation_from_text(text: str | None) -> tuple[Organisation | None, str | None]:
    """The known organisation a typed name means, or None and the name as typed.

    "Kuldīgas novada pašvaldība" and "kuldīgas novada pašvaldība (LV)" both mean the known
    organisation; anything else is kept as the person typed it.
    """
    text = (text or "").strip()
    if not text:
        return None, None
    wanted = [(text, None)]
    found = _WITH_COUNTRY.match(text)
    if found:
        wanted.append((found["name"].strip(), found["country"].upper()))
    for name, country in wanted:
        query = select(Organisation).where(
            func.lower(Organisation.name).like(_like_pattern(name), escape="\\")
        )
        if country:
            query = query.where(Organisation.country == country)
        matches = [
            o
            for o in db.session.scalars(query.order_by(Organisation.id).limit(20))
            if o.name.casefold() == name.casefold()
        ]
        if matches:
            return matches[0], None
    return None, text


def suggest_organisations(text: str, limit: int = 10) -> list[Organisation]:
    """Organisations whose name, short name or town contains `text`, ignoring case."""
    text = (text or "").strip()
    if not text:
        return []
    pattern = f"%{_like_pattern(text)}%"
    candidates = db.session.scalars(
        select(Organisation)
        .where(
            func.lower(Organisation.name).like(pattern, escape="\\")
            | func.lower(Organisation.short_name).like(pattern, escape="\\")
            | func.lower(Organisation.town).like(pattern, escape="\\")
        )
        .order_by(Organisation.id)
        .limit(limit * 5)
    )
    wanted = text.casefold()
    found = [
        o
        for o in candidates
        if any(wanted in (value or "").casefold() for value in (o.name, o.short_name, o.town))
    ]
    found.sort(key=lambda o: (not o.name.casefold().startswith(wanted), name_key(o.name), o.id))
    return found[:limit]


# --- Changing who came ------------------------------------------------------------------


def remove_attendance(attendance: Attendance) -> bool:
    """Take someone off an event's list; a person who attended nothing else goes too.

    Returns whether the participant was removed as well.
    """
    participant = attendance.participant
    others = db.session.scalar(
        select(func.count(Attendance.id)).where(
            Attendance.participant_id == participant.id, Attendance.id != attendance.id
        )
    )
    db.session.delete(attendance)
    if not others:
        db.session.delete(participant)
    db.session.flush()
    return not others


def merge_participants(kept: Participant, merged: Participant) -> Participant:
    """Make two records of one person one: `merged` goes, its events move to `kept`.

    Where both attended the same event, the kept one's attendance (and role) stays. Empty
    details of the kept one are filled from the other; the more recent consent counts.
    """
    kept_events = {a.event_id for a in kept.attendances}
    for attendance in list(merged.attendances):
        if attendance.event_id in kept_events:
            merged.attendances.remove(attendance)
        else:
            attendance.participant = kept
    if not kept.email and merged.email:
        kept.email = merged.email
    if not kept.gender and merged.gender:
        kept.gender = merged.gender
    if kept.organisation_id is None and not kept.organisation_name:
        kept.organisation = merged.organisation
        kept.organisation_name = merged.organisation_name
    if merged.consent_at is not None and (
        kept.consent_at is None or merged.consent_at > kept.consent_at
    ):
        kept.consent_version = merged.consent_version
        kept.consent_at = merged.consent_at
        kept.consent_named = merged.consent_named
        kept.consent_photos = merged.consent_photos
    # Whoever has the kept one open in a form must see that it changed.
    kept.version += 1
    # Attendances first, so the moved rows no longer point at the row being deleted.
    db.session.flush()
    db.session.delete(merged)
    db.session.flush()
    return kept


def duplicate_groups(project_id: int) -> list[list[Participant]]:
    """Participants of a project who may be one person: the same e-mail, or the same name
    however it was typed (whatever the organisation: it is often typed differently)."""
    same_email = (
        select(Participant.email)
        .where(Participant.project_id == project_id, Participant.email.is_not(None))
        .group_by(Participant.email)
        .having(func.count(Participant.id) > 1)
    )
    same_name = (
        select(Participant.name_key)
        .where(Participant.project_id == project_id, Participant.name_key != "")
        .group_by(Participant.name_key)
        .having(func.count(Participant.id) > 1)
    )
    people = db.session.scalars(
        select(Participant)
        .where(
            Participant.project_id == project_id,
            Participant.email.in_(same_email) | Participant.name_key.in_(same_name),
        )
        .order_by(Participant.id)
    ).all()
    groups: dict[tuple[str, str], list[Participant]] = {}
    for person in people:
        if person.email:
            groups.setdefault(("email", person.email), []).append(person)
        groups.setdefault(("name", person.name_key), []).append(person)
    found, seen = [], set()
    for members in sorted(groups.values(), key=lambda m: (m[0].name_key, m[0].id)):
        ids = frozenset(p.id for p in members)
        if len(members) > 1 and ids not in seen:
            seen.add(ids)
            found.append(members)
    return found
