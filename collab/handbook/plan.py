"""The handbook's plan: its chapters, and the records each chapter is compiled from.

A record comes into the handbook by its mark (for_handbook and a chapter, set on challenges,
solutions and outputs) or, for events, by being held: workshops, camps and seminars are
summarised in "Workshop summaries", study visits and the conference are good practices.
Each such record gets a section in its chapter when the plan is brought up to date
(sync_sections); the editor orders the sections and may leave one out.
"""

from sqlalchemy import or_, select

from collab.challenges.models import Challenge, Solution
from collab.events.models import Event
from collab.extensions import db
from collab.handbook.models import CHAPTER_KINDS, Handbook, HandbookChapter, HandbookSection
from collab.i18n import Translations
from collab.outputs.models import Output
from collab.projects.models import Project

DEFAULT_TITLE = {
    "en": "Handbook for cross-border planning",
    "lv": "Rokasgrāmata pārrobežu plānošanai",
    "lt": "Tarpvalstybinio planavimo gidas",
}
# Events summarised in a chapter of their own, by kind.
EVENT_CHAPTERS = {
    "workshop": "workshops",
    "camp": "workshops",
    "seminar": "workshops",
    "study_visit": "good_practices",
    "conference": "good_practices",
}
# Outputs marked for "workshops" and solutions marked for "challenges" appear inside their
# event's summary and their challenge; they get no section of their own.
INSIDE_THEIR_PARENT = {("output", "workshops"), ("solution", "challenges")}


def handbook_of(project: Project) -> Handbook | None:
    return db.session.scalar(select(Handbook).where(Handbook.project_id == project.id))


def ensure_handbook(project: Project) -> Handbook:
    """The project's handbook, made with the default title and chapters on first use."""
    handbook = handbook_of(project)
    if handbook is None:
        handbook = Handbook(project_id=project.id, title=Translations(DEFAULT_TITLE))
        handbook.chapters = [
            HandbookChapter(kind=kind, position=n) for n, kind in enumerate(CHAPTER_KINDS)
        ]
        db.session.add(handbook)
        db.session.flush()
    return handbook


def candidates(project: Project) -> dict[str, list[tuple[str, int]]]:
    """Per chapter kind, the (source, id) of every record that belongs in it, in a sensible
    first order (a new section is added at the end of its chapter in this order)."""
    found: dict[str, list[tuple[str, int]]] = {kind: [] for kind in CHAPTER_KINDS}
    events = db.session.execute(
        select(Event.id, Event.kind)
        .where(Event.project_id == project.id, Event.status == "held")
        .order_by(Event.start_date, Event.id)
    )
    for event_id, kind in events:
        if kind in EVENT_CHAPTERS:
            found[EVENT_CHAPTERS[kind]].append(("event", event_id))
    challenges = db.session.execute(
        select(Challenge.id, Challenge.handbook_chapter)
        .where(
            Challenge.project_id == project.id,
            or_(Challenge.for_handbook.is_(True), Challenge.status == "in_handbook"),
        )
        .order_by(Challenge.priority.desc(), Challenge.id)
    )
    for challenge_id, chapter in challenges:
        found[chapter if chapter in found else "challenges"].append(("challenge", challenge_id))
    solutions = db.session.execute(
        select(Solution.id, Solution.handbook_chapter)
        .join(Challenge, Solution.challenge_id == Challenge.id)
        .where(Challenge.project_id == project.id, Solution.for_handbook.is_(True))
        .order_by(Solution.id)
    )
    outputs = db.session.execute(
        select(Output.id, Output.handbook_chapter)
        .join(Event, Output.event_id == Event.id)
        .where(Event.project_id == project.id, Output.for_handbook.is_(True))
        .order_by(Event.start_date, Output.id)
    )
    for source, rows in (("solution", solutions), ("output", outputs)):
        for record_id, chapter in rows:
            if chapter in found and (source, chapter) not in INSIDE_THEIR_PARENT:
                found[chapter].append((source, record_id))
    return found


def sync_sections(handbook: Handbook) -> bool:
    """Bring the chapters' sections up to date with the marks; True when anything changed.

    New records go to the end of their chapter; records no longer marked (or deleted) lose
    their section; the editor's texts and the order and inclusion of the rest stay.
    """
    wanted = candidates(handbook.project)
    changed = False
    for chapter in handbook.chapters:
        keys = wanted.get(chapter.kind, [])
        keep = set(keys)
        present = set()
        for section in list(chapter.sections):
            key = (section.source, section.source_id)
            if section.source != "text" and key not in keep:
                chapter.sections.remove(section)
                changed = True
            else:
                present.add(key)
        position = max((s.position for s in chapter.sections), default=-1) + 1
        for source, record_id in keys:
            if (source, record_id) not in present:
                chapter.sections.append(
                    HandbookSection(source=source, source_id=record_id, position=position)
                )
                position += 1
                changed = True
    if changed:
        db.session.flush()
    return changed
