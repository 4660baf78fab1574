"""The handbook's plan: its chapters, and the records each chapter is compiled from.

A record comes into the handbook by its mark (for_handbook and a chapter, set on challenges,
solutions and outputs) or, for events, by being held: workshops, camps and seminars are
summarised in "Workshop summaries", study visits and the conference are good practices.
Each such record gets a section in its chapter when the plan is brought up to date
(sync_sections); the editor orders the sections and may leave one out.

Changes to the order of a plan take turns (lock_plan): two editors moving chapters at the
same moment each see the order the other left, and positions are numbered afresh, 0, 1, 2,
..., in the same transaction as the move.
"""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from collab.challenges.models import Challenge, Solution
from collab.database import utcnow
from collab.events.models import Event
from collab.extensions import db
from collab.handbook.models import CHAPTER_KINDS, Handbook, HandbookChapter, HandbookSection
from collab.i18n import Translations, current_language
from collab.outputs.models import Output
from collab.projects.models import Project
from collab.trash.models import TrashItem

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
# What each chapter is compiled from, for the editor of the plan.
CHAPTER_CONTENTS = {
    "cover": _l("The handbook's title and subtitle, the project, its programme and partners."),
    "foreword": _l("The editor's foreword, written on the handbook's page."),
    "project": _l("The programme, the partners and their regions, the period and the budget."),
    "activities": _l(
        "The timeline of events; participants by country, function and kind of organisation; "
        "the indicators, planned and achieved; charts."
    ),
    "challenges": _l(
        "The challenges marked for the handbook, by theme: where each was identified and "
        "analysed, its solutions and who proposed them."
    ),
    "good_practices": _l(
        "The study visits and the conference that were held, and the solutions and outputs "
        "marked as good practices."
    ),
    "workshops": _l(
        "Every workshop, innovation camp and seminar that was held: date, place, participants, "
        "key outputs and notes."
    ),
    "annexes": _l("Lists of the events, the participating organisations and the indicators."),
}
SOURCE_LABELS = {
    "challenge": _l("Challenge"),
    "solution": _l("Solution"),
    "output": _l("Output"),
    "event": _l("Event"),
    "text": _l("Text"),
}


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
        try:
            # Two people opening the handbook for the first time in the same instant: the
            # second one's insert meets the unique project_id and takes the first one's.
            with db.session.begin_nested():
                db.session.add(handbook)
        except IntegrityError:
            handbook = handbook_of(project)
    return handbook


def usual_title(kind: str, language: str | None = None) -> str:
    """The title a chapter of `kind` has unless the editor gives it one, in `language`."""
    label = CHAPTER_KINDS.get(kind, kind)
    if language is None or language == current_language():
        return str(label)
    with force_locale(language):
        return str(label)


def chapter_title(chapter: HandbookChapter, language: str | None = None) -> str:
    """The editor's title in `language` (the reader's by default), else the usual title."""
    language = language or current_language()
    if chapter.title and chapter.title.get(language):
        return chapter.title[language]
    return usual_title(chapter.kind, language)


def ordered(items: list) -> list:
    """Chapters or sections in their order; two with the same position by age."""
    return sorted(items, key=lambda item: (item.position, item.id or 0))


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


def _trashed(project: Project) -> set[tuple[str, int]]:
    """Records of the project in the trash: their sections wait for them to come back."""
    rows = db.session.execute(
        select(TrashItem.object_type, TrashItem.object_id).where(
            TrashItem.project_id == project.id,
            TrashItem.object_type.in_(("challenge", "output", "event")),
        )
    )
    return {(source, record_id) for source, record_id in rows}


def _out_of_date(handbook: Handbook, wanted, keep_anyway) -> bool:
    present: dict[str, set] = {kind: set() for kind in wanted}
    rows = db.session.execute(
        select(HandbookChapter.kind, HandbookSection.source, HandbookSection.source_id)
        .join(HandbookSection, HandbookSection.chapter_id == HandbookChapter.id)
        .where(HandbookChapter.handbook_id == handbook.id, HandbookSection.source != "text")
    )
    for kind, source, record_id in rows:
        present.setdefault(kind, set()).add((source, record_id))
    return any(
        set(wanted.get(kind, [])) - found or found - set(wanted.get(kind, [])) - keep_anyway
        for kind, found in present.items()
    )


def sync_sections(handbook: Handbook) -> bool:
    """Bring the chapters' sections up to date with the marks; True when anything changed.

    New records go to the end of their chapter; records no longer marked (or deleted for
    good) lose their section, while one in the trash keeps its place until it is emptied;
    the editor's texts and the order and inclusion of the rest stay.
    """
    wanted = candidates(handbook.project)
    keep_anyway = _trashed(handbook.project)
    if not _out_of_date(handbook, wanted, keep_anyway):
        return False
    # Someone else may be bringing the same plan up to date: the second one waits, then
    # works on what the first one wrote.
    lock_plan(handbook)
    changed = False
    for chapter in _fresh_chapters(handbook):
        keys = wanted.get(chapter.kind, [])
        keep = set(keys) | keep_anyway
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


# --- Changes to the plan ----------------------------------------------------------------


def lock_plan(handbook: Handbook) -> None:
    """Make changes to this handbook's plan take turns until the transaction ends.

    Writing the handbook's row first takes its row lock on PostgreSQL and the write lock on
    SQLite, where reads before it run outside the transaction; whoever comes second waits,
    and then reads (with populate_existing) what the first one saved.
    """
    db.session.execute(
        update(Handbook.__table__)
        .where(Handbook.__table__.c.id == handbook.id)
        .values(updated_at=utcnow())
    )


def _fresh_chapters(handbook: Handbook) -> list[HandbookChapter]:
    """The chapters with their sections as saved now, after lock_plan."""
    db.session.expire(handbook, ["chapters"])
    chapters = db.session.scalars(
        select(HandbookChapter)
        .where(HandbookChapter.handbook_id == handbook.id)
        .options(selectinload(HandbookChapter.sections))
        .execution_options(populate_existing=True)
    ).all()
    return ordered(chapters)


def _fresh_sections(chapter: HandbookChapter) -> list[HandbookSection]:
    db.session.expire(chapter, ["sections"])
    return ordered(
        db.session.scalars(
            select(HandbookSection)
            .where(HandbookSection.chapter_id == chapter.id)
            .execution_options(populate_existing=True)
        ).all()
    )


def _place(items: list, item, index: int) -> bool:
    """Put `item` at `index` of `items` and number them all afresh; False if it stays."""
    current = items.index(item)
    moved = 0 <= index < len(items) and index != current
    if moved:
        items.insert(index, items.pop(current))
    for position, each in enumerate(items):
        if each.position != position:
            each.position = position
    db.session.flush()
    return moved


class Gone(Exception):
    """The chapter or section was removed by someone else in the meantime."""


def move_chapter(handbook: Handbook, chapter: HandbookChapter, to: int | str) -> bool:
    """Move a chapter "up", "down" or to an index of the plan; False at either end."""
    lock_plan(handbook)
    chapters = _fresh_chapters(handbook)
    index = chapters.index(chapter)
    return _place(chapters, chapter, _target(index, to))


def move_section(chapter: HandbookChapter, section: HandbookSection, to: int | str) -> bool:
    """Move a section "up", "down" or to an index of its chapter; False at either end."""
    lock_plan(chapter.handbook)
    sections = _fresh_sections(chapter)
    if section not in sections:
        raise Gone
    return _place(sections, section, _target(sections.index(section), to))


def _target(index: int, to: int | str) -> int:
    if to == "up":
        return index - 1
    if to == "down":
        return index + 1
    return int(to)


def set_included(handbook: Handbook, item: HandbookChapter | HandbookSection, included: bool):
    """Include or leave out a chapter or a section; the same answer twice changes nothing."""
    lock_plan(handbook)
    found = db.session.scalars(
        select(type(item)).where(type(item).id == item.id).execution_options(populate_existing=True)
    ).first()
    if found is None:
        raise Gone
    if item.included != included:
        item.included = included
        db.session.flush()


def add_text(chapter: HandbookChapter, section: HandbookSection, after: int | str) -> None:
    """Place a new free text in its chapter: at the "start", at the "end", or after the
    section with the id `after` (at the end if that one is gone meanwhile)."""
    lock_plan(chapter.handbook)
    sections = _fresh_sections(chapter)
    if after == "start":
        index = 0
    else:
        ids = [s.id for s in sections]
        index = ids.index(int(after)) + 1 if after != "end" and int(after) in ids else len(ids)
    sections.insert(index, section)
    chapter.sections.append(section)
    for position, each in enumerate(sections):
        each.position = position
    db.session.flush()


def remove_text(chapter: HandbookChapter, section: HandbookSection) -> None:
    """Remove the editor's text from its chapter; the others close up behind it."""
    lock_plan(chapter.handbook)
    sections = _fresh_sections(chapter)
    if section not in sections:
        raise Gone
    sections.remove(section)
    db.session.delete(section)
    for position, each in enumerate(sections):
        if each.position != position:
            each.position = position
    db.session.flush()


def included_counts(handbook: Handbook) -> dict[int, tuple[int, int]]:
    """Per chapter id: (sections included, sections in all)."""
    counts = {chapter.id: (0, 0) for chapter in handbook.chapters}
    rows = db.session.execute(
        select(HandbookSection.chapter_id, HandbookSection.included, func.count())
        .join(HandbookChapter, HandbookSection.chapter_id == HandbookChapter.id)
        .where(HandbookChapter.handbook_id == handbook.id)
        .group_by(HandbookSection.chapter_id, HandbookSection.included)
    )
    for chapter_id, included, number in rows:
        shown, total = counts.get(chapter_id, (0, 0))
        counts[chapter_id] = (shown + (number if included else 0), total + number)
    return counts
