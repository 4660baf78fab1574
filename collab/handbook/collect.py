"""Collect the handbook from the living data: one Document per language, read-only.

The caller brings the plan up to date first (collab.handbook.plan.sync_sections); here
nothing is written. Each chapter is read in a small, fixed number of queries whatever the
number of records in it, so a project ten times larger takes ten times the rows, not ten
times the round trips.

Generated labels (chapter titles, table heads, dates, numbers) are in the edition's
language; content is in that language where it was translated, otherwise in the language
it was written in, marked as a fallback. Privacy: a participant is named only with their
consent to be named (not withdrawn, not erased); a photo appears only with consent to its
publication. Speakers of an event's published programme are not participants.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_currency, format_decimal, format_percent
from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from collab.attendance.figures import attendance_figures, counts_by_event
from collab.attendance.models import Attendance, Participant
from collab.challenges.models import REGIONS, SOLUTION_KINDS, Challenge, Solution
from collab.charts import bar_chart
from collab.events.models import FUNCTIONS, KINDS, AgendaItem, Event
from collab.extensions import db
from collab.handbook.document import (
    Chapter,
    Document,
    Figure,
    Image,
    Paragraph,
    Record,
    Source,
    Table,
    Text,
)
from collab.handbook.models import CHAPTER_KINDS, Handbook, HandbookChapter, HandbookSection
from collab.handbook.plan import ordered
from collab.i18n import LANGUAGE_NAMES, Translations
from collab.organisations.models import KINDS as ORGANISATION_KINDS
from collab.organisations.models import Organisation
from collab.outputs.models import Output
from collab.outputs.storage import path_of
from collab.projects.models import PARTNER_ROLES, Indicator
from collab.reporting.measures import indicator_progress

# Chapters without a number: the front matter.
UNNUMBERED = {"cover", "foreword"}
# Pictures WeasyPrint and Word both draw.
PICTURE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
PRESENTER_ROLES = ("speaker", "facilitator")


def collect(
    handbook: Handbook, language: str, on_chapter: Callable[[int, int], None] | None = None
) -> Document:
    """The handbook in `language`: its included chapters in plan order, each with its
    generated content and its included sections in order. `on_chapter(done, total)` is
    called after each chapter."""
    with force_locale(language):
        return _Collector(handbook, language).document(on_chapter)


class _Collector:
    def __init__(self, handbook: Handbook, language: str):
        self.handbook = handbook
        self.project = handbook.project
        self.language = language
        self.locale = Locale.parse(language)
        self.chapters = [c for c in ordered(handbook.chapters) if c.included]
        self.sections = {
            chapter.id: [s for s in ordered(chapter.sections) if s.included]
            for chapter in self.chapters
        }
        # Records with a section of their own in an included chapter: elsewhere they are
        # referred to, not repeated.
        self.placed = {
            f"{s.source}:{s.source_id}": chapter
            for chapter in self.chapters
            for s in self.sections[chapter.id]
            if s.source != "text"
        }
        self.titles = {chapter.kind: self.chapter_title(chapter) for chapter in self.chapters}
        self._cache: dict[str, dict[int, object]] = defaultdict(dict)
        self._indicators = None
        self._held: list[Event] | None = None

    # --- The document -------------------------------------------------------------------

    def document(self, on_chapter) -> Document:
        chapters = []
        number = 0
        total = len(self.chapters)
        for done, chapter in enumerate(self.chapters, start=1):
            blocks = getattr(self, f"chapter_{chapter.kind}", self.chapter_plain)(chapter)
            if on_chapter is not None:
                on_chapter(done, total)
            if not blocks:
                continue  # nothing to say (no foreword written yet): no empty page
            if chapter.kind not in UNNUMBERED:
                number += 1
            chapters.append(
                Chapter(
                    key=f"chapter:{chapter.kind}",
                    kind=chapter.kind,
                    number=0 if chapter.kind in UNNUMBERED else number,
                    title=self.titles[chapter.kind],
                    blocks=blocks,
                )
            )
        title = self.text(self.handbook.title, f"handbook:{self.handbook.id}")
        subtitle = (
            self.text(self.handbook.subtitle, f"handbook:{self.handbook.id}")
            if self.handbook.subtitle
            else None
        )
        document = Document(
            language=self.language,
            title=title,
            subtitle=subtitle,
            project_code=self.project.code,
            chapters=chapters,
            labels=self.labels(),
            date=format_date(date.today(), "long", locale=self.locale),
        )
        # The note on the markers names a code the reader will actually meet.
        shown = [t.language for _block, t in document.fallbacks() if t.language]
        code = (shown[0] if shown else "en" if self.language != "en" else "lv").upper()
        document.labels["fallback_note"] = _(
            "Text marked with a language code, such as [%(code)s], is not translated yet and "
            "is shown in the language it was written in.",
            code=code,
        )
        return document

    def labels(self) -> dict[str, str]:
        labels = {
            "contents": _("Contents"),
            "source": _("Source"),
            "see": _("See"),
            "handbook": _("Handbook"),
            "language": str(LANGUAGE_NAMES.get(self.language, self.language)),
            "project": f"{self.project.acronym} · {self.project.code}",
        }
        for code, name in LANGUAGE_NAMES.items():
            labels[f"fallback:{code}"] = _(
                "Not translated yet; shown in %(language)s", language=str(name)
            )
        return labels

    def chapter_title(self, chapter: HandbookChapter) -> str:
        """The editor's title in this language, else the kind's title in this language."""
        if chapter.title and chapter.title.get(self.language):
            return chapter.title[self.language]
        return str(CHAPTER_KINDS.get(chapter.kind, chapter.kind))

    # --- Formatting ---------------------------------------------------------------------

    def text(self, value, origin: str | None = None, markdown: bool = False) -> Text:
        """Content in this language, or in its original one marked as a fallback."""
        if not value:
            return Text("", self.language, origin=origin, markdown=markdown)
        if not isinstance(value, Translations):
            return Text(str(value), None, origin=origin, markdown=markdown)
        text, shown = value.pick(self.language)
        return Text(
            text,
            shown or self.language,
            fallback=shown is not None and shown != self.language,
            markdown=markdown,
            origin=origin,
        )

    def joined(self, texts: list[Text], separator: str = "; ") -> Text:
        """Several texts as one; a fallback when any of them is (the first one's origin)."""
        texts = [t for t in texts if t.value]
        fallback = next((t for t in texts if t.fallback), None)
        return Text(
            separator.join(t.value for t in texts),
            fallback.language if fallback else self.language,
            fallback=fallback is not None,
            origin=fallback.origin if fallback else None,
        )

    def day(self, value: date | None) -> str:
        return format_skeleton("yMMMd", value, locale=self.locale) if value else ""

    def days(self, start: date, end: date | None) -> str:
        if end is None or end <= start:
            return self.day(start)
        return format_interval(start, end, "yMMMd", locale=self.locale)

    def number(self, value) -> str:
        return "" if value is None else format_decimal(value, locale=self.locale)

    def money(self, value) -> str:
        return "" if value is None else format_currency(value, "EUR", locale=self.locale)

    def percent(self, value) -> str:
        return "" if value is None else format_percent(value, locale=self.locale)

    def country(self, code: str | None) -> str:
        if not code:
            return _("Unknown")
        return self.locale.territories.get(code.upper(), code.upper())

    def path(self, endpoint: str, anchor: str | None = None, **values) -> str:
        """The path of a page in the app, without needing a request."""
        adapter = current_app.url_map.bind(
            "localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/"
        )
        url = adapter.build(endpoint, values)
        return f"{url}#{anchor}" if anchor else url

    def event_label(self, event: Event) -> Text:
        """ "Innovation camp in Ventspils, 15–16 Sept 2021", with its title's fallback."""
        title = self.text(event.title, f"event:{event.id}")
        title.value = f"{title.value}, {self.days(event.start_date, event.end_date)}"
        return title

    def event_source(self, event: Event) -> Source:
        return Source(self.path("events.show", event_id=event.id), self.event_label(event).value)

    # --- Loading records, a few queries per chapter -------------------------------------

    def ids(self, chapter: HandbookChapter, source: str) -> list[int]:
        return [s.source_id for s in self.sections[chapter.id] if s.source == source]

    def load(self, model, ids: list[int], *options) -> dict[int, object]:
        name = model.__tablename__
        missing = [i for i in ids if i not in self._cache[name]]
        if missing:
            rows = db.session.scalars(select(model).where(model.id.in_(missing)).options(*options))
            for row in rows:
                self._cache[name][row.id] = row
        return {i: self._cache[name][i] for i in ids if i in self._cache[name]}

    def load_sections(self, chapter: HandbookChapter) -> dict[str, dict[int, object]]:
        """Every record the chapter's sections name, by source and id (deleted ones absent)."""
        challenges = self.load(
            Challenge,
            self.ids(chapter, "challenge"),
            selectinload(Challenge.theme),
            selectinload(Challenge.identified_at),
            selectinload(Challenge.analysed_at),
            selectinload(Challenge.solutions).selectinload(Solution.proposed_by),
            selectinload(Challenge.solutions).selectinload(Solution.event),
        )
        solutions = self.load(
            Solution,
            self.ids(chapter, "solution"),
            selectinload(Solution.proposed_by),
            selectinload(Solution.event),
            selectinload(Solution.challenge),
        )
        outputs = self.load(
            Output,
            self.ids(chapter, "output"),
            selectinload(Output.event),
            selectinload(Output.agenda_item),
        )
        events = self.load(
            Event,
            self.ids(chapter, "event"),
            selectinload(Event.agenda),
            selectinload(Event.co_organisers),
            selectinload(Event.themes),
        )
        return {
            "challenge": challenges,
            "solution": solutions,
            "output": outputs,
            "event": events,
        }

    def event_details(self, events: list[Event]) -> dict[str, dict]:
        """What an event's summary needs beyond the event, for all of them at once."""
        ids = [e.id for e in events]
        details: dict[str, dict] = {
            "named": counts_by_event(ids),
            "outputs": defaultdict(list),
            "presenters": defaultdict(list),
            "challenges": defaultdict(list),
        }
        if not ids:
            return details
        # Notes and photos marked for the workshop summaries appear inside their event.
        outputs = db.session.scalars(
            select(Output)
            .where(
                Output.event_id.in_(ids),
                Output.for_handbook.is_(True),
                Output.handbook_chapter == "workshops",
            )
            .order_by(Output.created_at, Output.id)
        )
        for output in outputs:
            details["outputs"][output.event_id].append(output)
        # Who ran it, named only with their consent.
        presenters = db.session.execute(
            select(Attendance.event_id, Participant.name)
            .join(Participant, Attendance.participant_id == Participant.id)
            .where(
                Attendance.event_id.in_(ids),
                Attendance.role.in_(PRESENTER_ROLES),
                *named_with_consent(),
            )
            .order_by(Participant.name_key)
        )
        for event_id, name in presenters:
            details["presenters"][event_id].append(name)
        challenges = db.session.execute(
            select(Challenge.identified_at_id, Challenge.id, Challenge.title)
            .where(Challenge.identified_at_id.in_(ids), Challenge.status != "set_aside")
            .order_by(Challenge.priority.desc(), Challenge.id)
        )
        for event_id, challenge_id, title in challenges:
            details["challenges"][event_id].append(self.text(title, f"challenge:{challenge_id}"))
        return details

    def held_events(self) -> list[Event]:
        """The project's events that took place, by date (the timeline and the annex)."""
        if self._held is None:
            self._held = list(
                db.session.scalars(
                    select(Event)
                    .where(Event.project_id == self.project.id, Event.status == "held")
                    .options(selectinload(Event.co_organisers))
                    .order_by(Event.start_date, Event.id)
                )
            )
        return self._held

    # --- Sections -----------------------------------------------------------------------

    def section_blocks(self, chapter: HandbookChapter, group_by_theme: bool = False) -> list:
        """The chapter's included sections in order, each as its block."""
        rows = self.load_sections(chapter)
        details = self.event_details(list(rows["event"].values()))
        runs: list[tuple[tuple, list]] = []  # (sort key, blocks): a record and texts after it
        for section in self.sections[chapter.id]:
            if section.source == "text":
                block = self.text_block(section)
                if runs:
                    runs[-1][1].append(block)
                else:
                    runs.append(((-1, ""), [block]))
                continue
            record = rows.get(section.source, {}).get(section.source_id)
            if record is None:
                continue
            block = self.record_block(section.source, record, chapter, details)
            if block is None:
                continue
            order = (len(runs), "")
            if group_by_theme and isinstance(record, Challenge):
                theme = record.theme
                order = (theme.position if theme else 10**6, theme.id if theme else 0)
                block.group = (
                    self.text(theme.name, f"theme:{theme.id}")
                    if theme
                    else Text(_("Other challenges"), self.language)
                )
            runs.append((order, [block]))
        if group_by_theme:
            # By theme, in the editor's order within a theme; a text stays after its record.
            runs.sort(key=lambda run: run[0])
        return [block for _order, blocks in runs for block in blocks]

    def text_block(self, section: HandbookSection):
        body = self.text(section.text, f"text:{section.id}", markdown=True)
        if not section.title:
            return Paragraph(f"text:{section.id}", body)
        return Record(
            key=f"text:{section.id}",
            title=self.text(section.title, f"text:{section.id}"),
            source=None,
            blocks=[Paragraph(f"text:{section.id}:text", body)] if body.value else [],
        )

    def record_block(self, source: str, record, chapter: HandbookChapter, details):
        if source == "challenge":
            return self.challenge(record, chapter)
        if source == "solution":
            return self.solution(record, nested=False)
        if source == "output":
            return self.output(record, with_event=True)
        if source == "event":
            return self.event(record, details)
        return None

    # --- Records ------------------------------------------------------------------------

    def challenge(self, challenge: Challenge, chapter: HandbookChapter) -> Record:
        facts: list[tuple[str, str | Text]] = []
        if chapter.kind != "challenges" and challenge.theme is not None:
            theme = challenge.theme
            facts.append((_("Theme"), self.text(theme.name, f"theme:{theme.id}")))
        facts.append((_("Regions affected"), str(REGIONS.get(challenge.regions, ""))))
        if challenge.identified_at is not None:
            facts.append((_("Identified at"), self.event_label(challenge.identified_at)))
        if challenge.analysed_at:
            facts.append(
                (
                    _("Analysed at"),
                    self.joined([self.event_label(e) for e in challenge.analysed_at]),
                )
            )
        blocks: list = []
        if challenge.description:
            blocks.append(
                Paragraph(
                    f"challenge:{challenge.id}:description",
                    self.text(challenge.description, f"challenge:{challenge.id}", markdown=True),
                )
            )
        marked = [s for s in challenge.solutions if s.for_handbook]
        for number, solution in enumerate(marked, start=1):
            elsewhere = self.placed.get(f"solution:{solution.id}")
            if elsewhere is not None:
                blocks.append(self.solution_reference(challenge, solution, elsewhere, number))
            else:
                blocks.append(self.solution(solution, nested=True, number=number))
        return Record(
            key=f"challenge:{challenge.id}",
            title=self.text(challenge.title, f"challenge:{challenge.id}"),
            source=Source(
                self.path("challenges.show", challenge_id=challenge.id),
                self.text(challenge.title).value,
            ),
            facts=facts,
            blocks=blocks,
        )

    def solution_title(self, solution: Solution, nested: bool, number: int = 0) -> Text:
        kind = str(SOLUTION_KINDS.get(solution.kind, solution.kind))
        if nested:
            return Text(_("Solution %(number)s: %(kind)s", number=number, kind=kind), self.language)
        if solution.where_it_works:
            return Text(solution.where_it_works, None, origin=f"solution:{solution.id}")
        return Text(kind, self.language)

    def solution_source(self, solution: Solution) -> Source:
        return Source(
            self.path(
                "challenges.show",
                challenge_id=solution.challenge_id,
                anchor=f"solution-{solution.id}",
            ),
            self.text(solution.challenge.title).value,
        )

    def solution(self, solution: Solution, nested: bool, number: int = 0) -> Record:
        facts: list[tuple[str, str | Text]] = []
        if not nested:
            facts.append(
                (
                    _("Challenge"),
                    self.text(solution.challenge.title, f"challenge:{solution.challenge_id}"),
                )
            )
            facts.append((_("Kind"), str(SOLUTION_KINDS.get(solution.kind, solution.kind))))
        elif solution.where_it_works:
            facts.append((_("Where it works"), solution.where_it_works))
        if solution.proposed_by:
            facts.append((_("Proposed by"), ", ".join(o.name for o in solution.proposed_by)))
        if solution.event is not None:
            facts.append((_("Proposed at"), self.event_label(solution.event)))
        return Record(
            key=f"solution:{solution.id}",
            title=self.solution_title(solution, nested, number),
            source=self.solution_source(solution),
            facts=facts,
            blocks=[
                Paragraph(
                    f"solution:{solution.id}:text",
                    self.text(solution.text, f"solution:{solution.id}", markdown=True),
                )
            ],
        )

    def solution_reference(
        self, challenge: Challenge, solution: Solution, chapter: HandbookChapter, number: int
    ) -> Record:
        """A solution told in full in another chapter: its title and where to read it."""
        title = self.solution_title(solution, nested=True, number=number)
        if solution.where_it_works:
            title.value = f"{title.value} ({solution.where_it_works})"
        facts: list[tuple[str, str | Text]] = []
        if solution.proposed_by:
            facts.append((_("Proposed by"), ", ".join(o.name for o in solution.proposed_by)))
        facts.append((_("See"), self.titles[chapter.kind]))
        return Record(
            key=f"challenge:{challenge.id}/solution:{solution.id}",
            title=title,
            source=self.solution_source(solution),
            facts=facts,
            link=f"solution:{solution.id}",
        )

    def output(self, output: Output, with_event: bool = False) -> Record | Image | None:
        """A note, file or photo; a photo only with consent to its publication."""
        origin = f"output:{output.id}"
        source = Source(
            self.path("outputs.index", event_id=output.event_id, anchor=f"output-{output.id}"),
            self.text(output.title).value,
        )
        if output.kind == "photo":
            if not output.publication_consent or output.file is None:
                return None
            if output.file.content_type not in PICTURE_TYPES:
                return None
            title = self.text(output.title, origin)
            image = Image(
                key=f"{origin}:image",
                path=path_of(output.file),
                content_type=output.file.content_type,
                caption=title,
                alt=title.value,
                url=self.path("outputs.download", output_id=output.id),
            )
            if not with_event:
                return image
            return Record(
                key=origin,
                title=title,
                source=source,
                facts=[(_("Event"), self.event_label(output.event))],
                blocks=[image],
            )
        facts: list[tuple[str, str | Text]] = []
        if with_event:
            facts.append((_("Event"), self.event_label(output.event)))
        if output.kind != "note":
            facts.append((_("Kind"), output.kind_label))
        if output.agenda_item is not None and output.agenda_item.speaker:
            facts.append((_("Speaker"), self.speaker(output.agenda_item)))
        if output.filename:
            facts.append((_("File"), output.filename))
        blocks = []
        if output.text:
            blocks.append(
                Paragraph(f"{origin}:text", self.text(output.text, origin, markdown=True))
            )
        return Record(
            key=origin,
            title=self.text(output.title, origin),
            source=source,
            facts=facts,
            blocks=blocks,
        )

    def speaker(self, item: AgendaItem) -> str:
        if item.speaker_organisation:
            return f"{item.speaker} ({item.speaker_organisation})"
        return item.speaker or ""

    def participants_fact(self, event: Event, named: int) -> str:
        total = named + (event.unnamed_count or 0)
        if not event.unnamed_count:
            return self.number(total)
        return _(
            "%(total)s (%(named)s registered by name, %(unnamed)s counted only)",
            total=self.number(total),
            named=self.number(named),
            unnamed=self.number(event.unnamed_count),
        )

    def event(self, event: Event, details: dict) -> Record:
        origin = f"event:{event.id}"
        place = ", ".join(p for p in (event.venue, event.town, self.country(event.country)) if p)
        facts: list[tuple[str, str | Text]] = [
            (_("Date"), self.days(event.start_date, event.end_date)),
            (_("Place"), place),
            (_("Kind"), str(KINDS.get(event.kind, event.kind))),
        ]
        if event.host_region:
            facts.append((_("Host region"), event.host_region))
        organisers = [event.organiser, *event.co_organisers]
        facts.append((_("Organiser"), ", ".join(o.name for o in organisers)))
        if event.themes:
            facts.append(
                (
                    _("Themes"),
                    self.joined([self.text(t.name, f"theme:{t.id}") for t in event.themes], ", "),
                )
            )
        facts.append(
            (_("Participants"), self.participants_fact(event, details["named"].get(event.id, 0)))
        )
        # The programme's speakers (with their organisation), then whoever else ran it; a
        # speaker also recorded at the door is named once.
        on_programme = {i.speaker: self.speaker(i) for i in event.agenda if i.speaker}
        presenters = list(
            dict.fromkeys(
                [*on_programme.values()]
                + [n for n in details["presenters"].get(event.id, []) if n not in on_programme]
            )
        )
        if presenters and event.kind != "conference":
            facts.append((_("Speakers and facilitators"), ", ".join(presenters)))
        challenges = details["challenges"].get(event.id, [])
        if challenges:
            facts.append((_("Challenges identified"), self.joined(challenges)))
        blocks: list = []
        if event.description:
            blocks.append(
                Paragraph(f"{origin}:description", self.text(event.description, origin, True))
            )
        if event.sites_visited:
            blocks.append(
                Paragraph(
                    f"{origin}:sites",
                    self.text(event.sites_visited, origin, markdown=True),
                    heading=_("Sites visited"),
                )
            )
        if event.kind == "conference" and event.agenda:
            blocks.append(self.programme(event))
        for output in details["outputs"].get(event.id, []):
            block = self.output(output)
            if block is not None:
                blocks.append(block)
        return Record(
            key=origin,
            title=self.text(event.title, origin),
            source=self.event_source(event),
            facts=facts,
            blocks=blocks,
        )

    def programme(self, event: Event) -> Table:
        """The presentations of a conference, with speaker and organisation."""
        many_days = event.end_date > event.start_date
        head = [_("Time"), _("Presentation"), _("Speaker"), _("Organisation")]
        rows = []
        for item in event.agenda:
            when = item.time.strftime("%H:%M") if item.time else ""
            if many_days:
                when = f"{self.day(item.day)} {when}".strip()
            rows.append(
                [
                    when,
                    self.text(item.title, f"agenda:{event.id}:{item.id}"),
                    item.speaker or "",
                    item.speaker_organisation or "",
                ]
            )
        return Table(
            f"event:{event.id}:programme", _("Programme"), head, rows, widths=[1.5, 4, 2, 2]
        )

    # --- Chapters -----------------------------------------------------------------------

    def chapter_plain(self, chapter: HandbookChapter) -> list:
        return self.section_blocks(chapter)

    def chapter_cover(self, chapter: HandbookChapter) -> list:
        project = self.project
        partners = ", ".join(p.organisation.name for p in project.partners)
        facts: list[tuple[str, str | Text]] = [
            (_("Project"), f"{project.acronym} · {project.code}"),
            (_("Programme"), self.text(project.programme, f"project:{project.id}")),
            (_("Partners"), partners),
            (_("Period"), self.days(project.start_date, project.end_date)),
        ]
        cover = Record(
            key="cover",
            title=self.text(project.title, f"project:{project.id}"),
            source=Source(self.path("projects.show", project_id=project.id), project.acronym),
            facts=facts,
        )
        return [cover, *self.section_blocks(chapter)]

    def chapter_foreword(self, chapter: HandbookChapter) -> list:
        blocks: list = []
        if self.handbook.foreword:
            blocks.append(
                Paragraph(
                    "foreword",
                    self.text(self.handbook.foreword, f"handbook:{self.handbook.id}", True),
                )
            )
        return blocks + self.section_blocks(chapter)

    def chapter_project(self, chapter: HandbookChapter) -> list:
        project = self.project
        origin = f"project:{project.id}"
        facts: list[tuple[str, str | Text]] = [
            (_("Programme"), self.text(project.programme, origin)),
        ]
        if project.priority:
            facts.append((_("Priority"), self.text(project.priority, origin)))
        facts += [
            (_("Code"), project.code),
            (_("Acronym"), project.acronym),
            (_("Period"), self.days(project.start_date, project.end_date)),
        ]
        if project.total_budget is not None:
            facts.append((_("Total budget"), self.money(project.total_budget)))
        if project.eu_amount is not None:
            funding = self.money(project.eu_amount)
            if project.eu_share is not None:
                funding = f"{funding} ({self.percent(project.eu_share)})"
            facts.append((_("EU funding"), funding))
        blocks: list = []
        if project.description:
            blocks.append(
                Paragraph("project:description", self.text(project.description, origin, True))
            )
        about = Record(
            key=f"project:{project.id}",
            title=self.text(project.title, origin),
            source=Source(self.path("projects.show", project_id=project.id), project.acronym),
            facts=facts,
        )
        blocks.append(about)
        with_budget = any(p.budget is not None for p in project.partners)
        head = [_("Organisation"), _("Role"), _("Country"), _("Town")]
        if with_budget:
            head.append(_("Budget"))
        rows = []
        for partner in project.partners:
            organisation = partner.organisation
            row = [
                organisation.name,
                str(PARTNER_ROLES.get(partner.role, partner.role)),
                self.country(organisation.country),
                organisation.town or "",
            ]
            if with_budget:
                row.append(self.money(partner.budget))
            rows.append(row)
        blocks.append(
            Table(
                "table:partners",
                _("Partners"),
                head,
                rows,
                numeric=[4] if with_budget else [],
                widths=[4, 2, 1.5, 1.5, 1.5] if with_budget else [4, 2, 1.5, 1.5],
            )
        )
        return blocks + self.section_blocks(chapter)

    def indicator_rows(self) -> list[tuple[Indicator, object, object, object]]:
        """(indicator, target, achieved, share): live measures where the reporting has them."""
        if self._indicators is None:
            self._indicators = [
                (p.indicator, p.target, p.achieved, p.share)
                for p in indicator_progress(self.project)
            ]
        return self._indicators

    def indicator_table(self, key: str) -> Table:
        head = [_("Indicator"), _("Unit"), _("Target"), _("Achieved"), _("Share")]
        rows = [
            [
                self.text(indicator.name, f"indicator:{indicator.id}"),
                self.text(indicator.unit, f"indicator:{indicator.id}") if indicator.unit else "",
                self.number(target),
                self.number(achieved),
                self.percent(share),
            ]
            for indicator, target, achieved, share in self.indicator_rows()
        ]
        return Table(
            key,
            _("Indicators: planned and achieved"),
            head,
            rows,
            numeric=[2, 3, 4],
            widths=[4, 1.5, 1.4, 1.4, 1.2],
        )

    def figure(self, key: str, title: str, heading: str, counts: list[tuple[str, int]]) -> Figure:
        """A bar chart with its numbers as a table."""
        value_label = _("Participations")
        # The chart's key names the ids inside its SVG: one per language, so the two charts
        # of a bilingual page do not share them.
        chart = bar_chart(f"{key}-{self.language}", title, counts, value_label)
        return Figure(key, chart.title, chart.svg, [heading, value_label], chart.rows)

    def chapter_activities(self, chapter: HandbookChapter) -> list:
        events = self.held_events()
        ids = [e.id for e in events]
        figures = attendance_figures(ids)
        named = counts_by_event(ids)
        kinds = Counter(e.kind for e in events)
        organisations = {
            row
            for row in db.session.execute(
                select(Participant.organisation_id)
                .join(Attendance, Attendance.participant_id == Participant.id)
                .where(Attendance.event_id.in_(ids), Participant.organisation_id.is_not(None))
            ).scalars()
        }
        key_rows = [
            [_("Events held"), self.number(len(events))],
            [_("Participations"), self.number(figures.total)],
            [_("People registered by name"), self.number(figures.people)],
            [_("Countries"), self.number(len([c for c in figures.by_country if c]))],
            [_("Organisations"), self.number(len(organisations))],
        ]
        blocks: list = [
            Table(
                "table:key-figures",
                _("Key figures"),
                [_("Figure"), _("Number")],
                key_rows,
                numeric=[1],
                widths=[4, 1],
            )
        ]
        timeline = []
        for event in events:
            timeline.append(
                [
                    self.days(event.start_date, event.end_date),
                    self.text(event.title, f"event:{event.id}"),
                    str(KINDS.get(event.kind, event.kind)),
                    ", ".join(p for p in (event.town, self.country(event.country)) if p),
                    self.number(named.get(event.id, 0) + (event.unnamed_count or 0)),
                ]
            )
        blocks.append(
            Table(
                "table:timeline",
                _("Timeline of events"),
                [_("Date"), _("Event"), _("Kind"), _("Place"), _("Participants")],
                timeline,
                numeric=[4],
                foot=[_("Total"), "", "", "", self.number(figures.total)],
                widths=[2, 4.3, 2, 2, 1.7],
            )
        )
        by_kind = sorted(
            kinds.items(), key=lambda kv: list(KINDS).index(kv[0]) if kv[0] in KINDS else 99
        )
        blocks.append(
            Table(
                "table:events-by-kind",
                _("Events by kind"),
                [_("Kind"), _("Events")],
                [[str(KINDS.get(k, k)), self.number(n)] for k, n in by_kind],
                numeric=[1],
                widths=[4, 1],
            )
        )
        unknown = _("Unknown")
        by_country = _sorted_counts(
            (self.country(code) if code else unknown, n) for code, n in figures.by_country.items()
        )
        if figures.unnamed:
            by_country.append((_("Counted only, not by name"), figures.unnamed))
        blocks.append(
            self.figure(
                "figure:participants-by-country",
                _("Participations by country"),
                _("Country"),
                by_country,
            )
        )
        blocks.append(
            self.figure(
                "figure:participants-by-function",
                _("Participations by function"),
                _("Function"),
                _sorted_counts(
                    (str(FUNCTIONS.get(code, code or unknown)), n)
                    for code, n in figures.by_function.items()
                ),
            )
        )
        blocks.append(
            self.figure(
                "figure:participants-by-kind",
                _("Participations by kind of organisation"),
                _("Kind"),
                _sorted_counts(
                    (str(ORGANISATION_KINDS.get(code, unknown)) if code else unknown, n)
                    for code, n in figures.by_kind.items()
                ),
            )
        )
        blocks.append(self.indicator_table("table:indicators"))
        shares = [
            (self.text(indicator.name).value, round(float(share or 0) * 100))
            for indicator, _target, _achieved, share in self.indicator_rows()
        ]
        if shares:
            chart = bar_chart(
                f"figure:indicators-{self.language}",
                _("Indicators: share of the target achieved"),
                shares,
                _("Per cent of the target"),
            )
            head = [_("Indicator"), _("Per cent of the target")]
            blocks.append(Figure("figure:indicators", chart.title, chart.svg, head, chart.rows))
        return blocks + self.section_blocks(chapter)

    def chapter_challenges(self, chapter: HandbookChapter) -> list:
        return self.section_blocks(chapter, group_by_theme=True)

    def chapter_annexes(self, chapter: HandbookChapter) -> list:
        events = self.held_events()
        ids = [e.id for e in events]
        named = counts_by_event(ids)
        rows = [
            [
                self.days(event.start_date, event.end_date),
                self.text(event.title, f"event:{event.id}"),
                str(KINDS.get(event.kind, event.kind)),
                ", ".join(p for p in (event.venue, event.town, self.country(event.country)) if p),
                ", ".join(o.label for o in [event.organiser, *event.co_organisers]),
                self.number(named.get(event.id, 0) + (event.unnamed_count or 0)),
            ]
            for event in events
        ]
        blocks: list = [
            Table(
                "table:events",
                _("List of events"),
                [_("Date"), _("Event"), _("Kind"), _("Place"), _("Organiser"), _("Participants")],
                rows,
                numeric=[5],
                widths=[1.6, 3, 1.5, 1.7, 1.7, 1.5],
            )
        ]
        blocks.append(self.organisations_table(ids))
        blocks.append(self.indicator_table("table:annex-indicators"))
        people = self.named_people(ids)
        if people:
            blocks.append(people)
        return blocks + self.section_blocks(chapter)

    def organisations_table(self, event_ids: list[int]) -> Table:
        """The partners, the organisers and every organisation whose people took part."""
        counts = dict(
            db.session.execute(
                select(Participant.organisation_id, func.count(Attendance.id))
                .join(Attendance, Attendance.participant_id == Participant.id)
                .where(Attendance.event_id.in_(event_ids), Participant.organisation_id.is_not(None))
                .group_by(Participant.organisation_id)
            ).all()
        )
        organiser_ids = {e.organiser_id for e in self.held_events()}
        organiser_ids |= {o.id for e in self.held_events() for o in e.co_organisers}
        partner_ids = {p.organisation_id for p in self.project.partners}
        wanted = set(counts) | organiser_ids | partner_ids
        organisations = db.session.scalars(
            select(Organisation).where(Organisation.id.in_(wanted))
        ).all()
        organisations = sorted(organisations, key=lambda o: (o.country, o.name.casefold()))
        rows = [
            [
                o.name,
                self.country(o.country),
                str(ORGANISATION_KINDS.get(o.kind, o.kind)),
                self.number(counts.get(o.id, 0)),
            ]
            for o in organisations
        ]
        return Table(
            "table:organisations",
            _("Participating organisations"),
            [_("Organisation"), _("Country"), _("Kind"), _("Participations")],
            rows,
            numeric=[3],
            widths=[5, 1.5, 3, 1.4],
        )

    def named_people(self, event_ids: list[int]) -> Table | None:
        """The participants who agreed to be named in the project's publications."""
        if not event_ids:
            return None
        people = db.session.execute(
            select(
                Participant.id,
                Participant.name,
                Participant.organisation_name,
                Participant.country,
                Organisation.name,
            )
            .outerjoin(Organisation, Participant.organisation_id == Organisation.id)
            .where(
                Participant.project_id == self.project.id,
                Participant.id.in_(
                    select(Attendance.participant_id).where(Attendance.event_id.in_(event_ids))
                ),
                *named_with_consent(),
            )
            .order_by(Participant.name_key, Participant.id)
        ).all()
        if not people:
            return None
        rows = [
            [name, organisation or typed or "", self.country(country)]
            for _id, name, typed, country, organisation in people
        ]
        return Table(
            "table:people",
            ngettext(
                "%(num)s participant who agreed to be named",
                "%(num)s participants who agreed to be named",
                len(rows),
            ),
            [_("Name"), _("Organisation"), _("Country")],
            rows,
            widths=[3, 5, 1.5],
        )


def named_with_consent():
    """Conditions on Participant: named only with consent, not withdrawn, not erased."""
    return (
        Participant.consent_named.is_(True),
        Participant.consent_withdrawn_at.is_(None),
        Participant.erased_at.is_(None),
    )


def _sorted_counts(pairs) -> list[tuple[str, int]]:
    merged: Counter = Counter()
    for label, count in pairs:
        merged[label] += count
    return sorted(
        ((label, n) for label, n in merged.items() if n), key=lambda r: (-r[1], r[0].casefold())
    )


__all__ = ["collect", "named_with_consent"]
