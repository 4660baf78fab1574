"""Indicators from the data: measures counted live over a project's events, people,
challenges and handbook drafts.

What counts:
- Events count when they were held (status "held") and are dated by their first day; so is
  everything that happened at them (participations, organisations).
- A span (`start`, `end`, both inclusive, either open) counts what the span *added*: for a
  sum (events, participations) the records dated in it; for a count of distinct things
  (unique participants, organisations) those reached for the first time in it. That way
  "previously reported" plus "this period" is always the total at the period's end, as the
  programme's monitoring system asks.
- Participations are what the event page calls the total: people recorded by name plus the
  headcount of people not named (`Event.unnamed_count`). A filter on the person (country,
  function, organisation kind, gender) counts named people only, since nothing is known of
  the others; cross-border participations count the headcount of joint events, where
  everyone who came crossed the border by definition, and not that of other events.
- Organisations are the organisers and co-organisers of held events and the organisations of
  the people who came: a known organisation, or the name a participant typed (compared the
  way names of people are: no accents, case or extra spaces).

The facts of a project are loaded in at most eight queries whatever the data size (partners,
indicators, events, co-organisers, attendances, challenges, solutions, drafts), each only
when a measure needs it, and counted in Python.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from collab.attendance.models import GENDERS, Attendance, Participant, name_key
from collab.challenges.models import Challenge, Solution
from collab.events.models import FUNCTIONS, Event, event_co_organiser
from collab.events.models import KINDS as EVENT_KINDS
from collab.extensions import db
from collab.handbook.models import Handbook, HandbookDraft
from collab.organisations.models import KINDS as ORGANISATION_KINDS
from collab.organisations.models import Organisation
from collab.projects.models import Indicator, Project

MEASURES = {
    "events_held": _l("Events held"),
    "participations": _l("Participations (named and not named)"),
    "unique_participants": _l("Unique participants"),
    "organisations_involved": _l("Organisations involved"),
    "cross_border_participations": _l("Cross-border participations"),
    "cross_border_organisations": _l("Organisations cooperating across the border"),
    "challenges_identified": _l("Challenges identified"),
    "solutions_proposed": _l("Solutions proposed"),
    "handbook_drafts": _l("Handbook drafts compiled"),
}

FILTERS = {
    "event_kind": _l("Kind of event"),
    "country": _l("Country"),
    "function": _l("Function"),
    "organisation_kind": _l("Kind of organisation"),
    "gender": _l("Gender"),
}

# The filters on a person: with one of them, people not named are not counted.
PERSON_FILTERS = ("country", "function", "organisation_kind", "gender")
_PEOPLE = ("event_kind", *PERSON_FILTERS)
_ORGANISATIONS = ("event_kind", "country", "organisation_kind")

# Which filters each measure takes. "country" is the participant's for measures of people,
# the event's for events held, the organisation's for measures of organisations.
APPLIES = {
    "events_held": ("event_kind", "country"),
    "participations": _PEOPLE,
    "unique_participants": _PEOPLE,
    "organisations_involved": _ORGANISATIONS,
    "cross_border_participations": _PEOPLE,
    "cross_border_organisations": _ORGANISATIONS,
    "challenges_identified": ("event_kind",),
    "solutions_proposed": ("event_kind",),
    "handbook_drafts": (),
}


def filter_values(name: str) -> dict:
    """The values a filter takes, with their labels ({} for a country: any ISO code)."""
    return {
        "event_kind": EVENT_KINDS,
        "function": FUNCTIONS,
        "organisation_kind": ORGANISATION_KINDS,
        "gender": GENDERS,
    }.get(name, {})


def applicable(measure: str, filters: dict | None) -> dict:
    """The filters that apply to `measure`, without empty values."""
    return {
        key: value for key, value in (filters or {}).items() if value and key in APPLIES[measure]
    }


def describe_filters(measure: str | None, filters: dict | None) -> list[str]:
    """The filters of a measure as a reader says them ("Kind of event: Seminar")."""
    from collab.templating import country_name

    if not measure or measure not in MEASURES:
        return []
    described = []
    for key, value in applicable(measure, filters).items():
        shown = country_name(value) if key == "country" else filter_values(key).get(value, value)
        described.append(f"{FILTERS[key]}: {shown}")
    return described


# ---------------------------------------------------------------------------------------------
# The facts of a project


@dataclass(frozen=True)
class Org:
    """An organisation as counted: a known one, or a name a participant typed."""

    key: tuple
    label: str
    country: str | None
    kind: str | None = None


@dataclass
class EventFacts:
    id: int
    title: object  # Translations
    kind: str
    country: str
    day: date
    unnamed: int
    organisers: list[Org] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(EVENT_KINDS.get(self.kind, self.kind))


@dataclass
class AttendanceFacts:
    id: int
    event_id: int
    role: str
    participant_id: int
    name: str
    country: str
    function: str
    gender: str | None
    org: Org | None


@dataclass
class RecordFacts:
    """A challenge, a solution or a handbook draft: when, where, and what to show."""

    id: int
    day: date
    event_kind: str | None
    label: str
    detail: str = ""
    link: tuple | None = None  # (endpoint, values) of its page

    @property
    def url(self) -> str | None:
        return url_for(self.link[0], **self.link[1]) if self.link else None


def _local_day(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"] if has_app_context() else "Europe/Riga"
    return moment.astimezone(ZoneInfo(zone)).date()


def _known(org_id, name, short_name, country, kind) -> Org:
    return Org(("org", org_id), short_name or name, country, kind)


class ProjectFacts:
    """What the measures count, loaded once per project and request (one query per kind)."""

    def __init__(self, project: Project):
        self.project = project

    @cached_property
    def partner_countries(self) -> set[str]:
        return {partner.organisation.country for partner in self.project.partners}

    @cached_property
    def events(self) -> dict[int, EventFacts]:
        """Held events, by id, with their organisers."""
        rows = db.session.execute(
            select(
                Event.id,
                Event.title,
                Event.kind,
                Event.country,
                Event.start_date,
                Event.unnamed_count,
                Organisation.id,
                Organisation.name,
                Organisation.short_name,
                Organisation.country,
                Organisation.kind,
            )
            .join(Organisation, Event.organiser_id == Organisation.id)
            .where(Event.project_id == self.project.id, Event.status == "held")
            .order_by(Event.start_date, Event.id)
        ).all()
        events = {
            row[0]: EventFacts(
                row[0], row[1], row[2], row[3], row[4], row[5] or 0, [_known(*row[6:])]
            )
            for row in rows
        }
        co_organisers = db.session.execute(
            select(
                event_co_organiser.c.event_id,
                Organisation.id,
                Organisation.name,
                Organisation.short_name,
                Organisation.country,
                Organisation.kind,
            )
            .join(Organisation, event_co_organiser.c.organisation_id == Organisation.id)
            .join(Event, event_co_organiser.c.event_id == Event.id)
            .where(Event.project_id == self.project.id, Event.status == "held")
        ).all()
        for event_id, *org in co_organisers:
            organiser = _known(*org)
            if organiser not in events[event_id].organisers:
                events[event_id].organisers.append(organiser)
        return events

    @cached_property
    def attendances(self) -> list[AttendanceFacts]:
        """Named attendances at held events, with the person and their organisation."""
        rows = db.session.execute(
            select(
                Attendance.id,
                Attendance.event_id,
                Attendance.role,
                Participant.id,
                Participant.name,
                Participant.country,
                Participant.function,
                Participant.gender,
                Participant.organisation_name,
                Organisation.id,
                Organisation.name,
                Organisation.short_name,
                Organisation.country,
                Organisation.kind,
            )
            .join(Participant, Attendance.participant_id == Participant.id)
            .join(Event, Attendance.event_id == Event.id)
            .outerjoin(Organisation, Participant.organisation_id == Organisation.id)
            .where(Event.project_id == self.project.id, Event.status == "held")
            .order_by(Attendance.id)
        ).all()
        facts = []
        typed_labels: dict[str, str] = {}
        typed_keys: dict[str, str] = {}  # the same names come back on every attendance
        for row in rows:
            (att_id, event_id, role, person_id, name, country, function, gender, typed) = row[:9]
            if row[9] is not None:
                org = _known(*row[9:])
            elif typed and (
                key := typed_keys.get(typed) or typed_keys.setdefault(typed, name_key(typed))
            ):
                label = typed_labels.setdefault(key, typed)  # as first typed
                org = Org(("typed", key), label, country, None)
            else:
                org = None
            facts.append(
                AttendanceFacts(
                    att_id, event_id, role, person_id, name, country, function, gender, org
                )
            )
        return facts

    @cached_property
    def attendances_by_event(self) -> dict[int, list[AttendanceFacts]]:
        grouped = defaultdict(list)
        for attendance in self.attendances:
            grouped[attendance.event_id].append(attendance)
        return grouped

    @cached_property
    def challenges(self) -> list[RecordFacts]:
        rows = db.session.execute(
            select(
                Challenge.id,
                Challenge.title,
                Challenge.status,
                Challenge.created_at,
                Event.start_date,
                Event.kind,
                Event.title,
            )
            .outerjoin(Event, Challenge.identified_at_id == Event.id)
            .where(Challenge.project_id == self.project.id)
            .order_by(Challenge.id)
        ).all()
        return [
            RecordFacts(
                id_,
                day or _local_day(created_at),
                kind,
                str(title or ""),
                str(event_title or ""),
                ("challenges.show", {"challenge_id": id_}),
            )
            for id_, title, _status, created_at, day, kind, event_title in rows
        ]

    @cached_property
    def solutions(self) -> list[RecordFacts]:
        rows = db.session.execute(
            select(
                Solution.id,
                Solution.text,
                Solution.created_at,
                Challenge.id,
                Challenge.title,
                Event.start_date,
                Event.kind,
            )
            .join(Challenge, Solution.challenge_id == Challenge.id)
            .outerjoin(Event, Solution.event_id == Event.id)
            .where(Challenge.project_id == self.project.id)
            .order_by(Solution.id)
        ).all()
        return [
            RecordFacts(
                id_,
                day or _local_day(created_at),
                kind,
                _shorten(str(text or "")),
                str(challenge_title or ""),
                ("challenges.show", {"challenge_id": challenge_id}),
            )
            for id_, text, created_at, challenge_id, challenge_title, day, kind in rows
        ]

    @cached_property
    def drafts(self) -> list[RecordFacts]:
        rows = db.session.execute(
            select(
                HandbookDraft.id,
                HandbookDraft.number,
                HandbookDraft.language,
                HandbookDraft.second_language,
                HandbookDraft.finished_at,
                HandbookDraft.created_at,
            )
            .join(Handbook, HandbookDraft.handbook_id == Handbook.id)
            .where(Handbook.project_id == self.project.id, HandbookDraft.status == "done")
            .order_by(HandbookDraft.number)
        ).all()
        return [
            RecordFacts(
                id_,
                _local_day(finished or created),
                None,
                str(number),
                f"{language}+{second}".upper() if second else language.upper(),
                ("handbook.draft", {"project_id": self.project.id, "number": number}),
            )
            for id_, number, language, second, finished, created in rows
        ]

    def is_joint(self, event: EventFacts) -> bool:
        """Organised together by partners of at least two of the partners' countries."""
        countries = {o.country for o in event.organisers} & self.partner_countries
        return len(countries) >= 2


def _shorten(text: str, length: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# ---------------------------------------------------------------------------------------------
# Counting


@dataclass
class Item:
    """One thing a measure counts: when it counts, how much, and the record behind it."""

    day: date
    amount: int
    record: object
    extra: dict = field(default_factory=dict)


def _event_ok(event: EventFacts, filters: dict, with_country: bool = False) -> bool:
    if filters.get("event_kind") and event.kind != filters["event_kind"]:
        return False
    return not (with_country and filters.get("country") and event.country != filters["country"])


def _person_ok(attendance: AttendanceFacts, filters: dict) -> bool:
    org_kind = attendance.org.kind if attendance.org else None
    return (
        (not filters.get("country") or attendance.country == filters["country"])
        and (not filters.get("function") or attendance.function == filters["function"])
        and (not filters.get("organisation_kind") or org_kind == filters["organisation_kind"])
        and (not filters.get("gender") or attendance.gender == filters["gender"])
    )


def _org_ok(org: Org, filters: dict) -> bool:
    return (not filters.get("country") or org.country == filters["country"]) and (
        not filters.get("organisation_kind") or org.kind == filters["organisation_kind"]
    )


def _participations(facts: ProjectFacts, filters: dict, cross_border: bool) -> list[Item]:
    items = []
    person_filtered = any(filters.get(key) for key in PERSON_FILTERS)
    partners = facts.partner_countries
    for event in facts.events.values():
        if not _event_ok(event, filters):
            continue
        joint = facts.is_joint(event)
        for attendance in facts.attendances_by_event.get(event.id, []):
            if not _person_ok(attendance, filters):
                continue
            why = None
            if cross_border:
                if joint:
                    why = "joint"
                elif (
                    attendance.country in partners
                    and event.country in partners
                    and attendance.country != event.country
                ):
                    why = "abroad"
                else:
                    continue
            items.append(Item(event.day, 1, attendance, {"event": event, "why": why}))
        if event.unnamed and not person_filtered and (joint or not cross_border):
            why = "joint" if cross_border else None
            items.append(Item(event.day, event.unnamed, None, {"event": event, "why": why}))
    return items


def _first_reached(pairs) -> list[Item]:
    """(key, day, record, event) pairs → one item per key, on the first day it was reached."""
    first: dict = {}
    events: dict = defaultdict(set)
    for key, day, record, event_id in pairs:
        events[key].add(event_id)
        if key not in first or day < first[key][0]:
            first[key] = (day, record)
    return [
        Item(day, 1, record, {"events": len(events[key])}) for key, (day, record) in first.items()
    ]


def _unique_participants(facts: ProjectFacts, filters: dict) -> list[Item]:
    return _first_reached(
        (attendance.participant_id, event.day, attendance, event.id)
        for event in facts.events.values()
        if _event_ok(event, filters)
        for attendance in facts.attendances_by_event.get(event.id, [])
        if _person_ok(attendance, filters)
    )


def _organisations_at(facts: ProjectFacts, event: EventFacts) -> dict[tuple, Org]:
    present = {org.key: org for org in event.organisers}
    for attendance in facts.attendances_by_event.get(event.id, []):
        if attendance.org is not None:
            present.setdefault(attendance.org.key, attendance.org)
    return present


def _organisations(facts: ProjectFacts, filters: dict, cross_border: bool) -> list[Item]:
    partners = facts.partner_countries
    pairs = []
    for event in facts.events.values():
        if not _event_ok(event, filters):
            continue
        present = _organisations_at(facts, event)
        countries = {org.country for org in present.values()} & partners
        for org in present.values():
            if cross_border and not (org.country in partners and countries - {org.country}):
                continue
            if _org_ok(org, filters):
                pairs.append((org.key, event.day, org, event.id))
    return _first_reached(pairs)


def _records(records: list[RecordFacts], filters: dict) -> list[Item]:
    kind = filters.get("event_kind")
    return [
        Item(record.day, 1, record)
        for record in records
        if record.day is not None and (not kind or record.event_kind == kind)
    ]


def _items(facts: ProjectFacts, measure: str, filters: dict) -> list[Item]:
    if measure not in MEASURES:
        raise KeyError(f"unknown measure {measure!r}")
    filters = applicable(measure, filters)
    if measure == "events_held":
        return [Item(e.day, 1, e) for e in facts.events.values() if _event_ok(e, filters, True)]
    if measure in ("participations", "cross_border_participations"):
        return _participations(facts, filters, measure == "cross_border_participations")
    if measure == "unique_participants":
        return _unique_participants(facts, filters)
    if measure in ("organisations_involved", "cross_border_organisations"):
        return _organisations(facts, filters, measure == "cross_border_organisations")
    if measure == "challenges_identified":
        return _records(facts.challenges, filters)
    if measure == "solutions_proposed":
        return _records(facts.solutions, filters)
    return _records(facts.drafts, {})


def _in_span(items: list[Item], start: date | None, end: date | None) -> list[Item]:
    return [
        item
        for item in items
        if (start is None or item.day >= start) and (end is None or item.day <= end)
    ]


def measure_value(
    project: Project,
    measure: str,
    filters: dict | None = None,
    start: date | None = None,
    end: date | None = None,
    facts: ProjectFacts | None = None,
) -> int:
    """The value of a measure over a span (both ends inclusive; None: open)."""
    facts = facts or ProjectFacts(project)
    return sum(item.amount for item in _in_span(_items(facts, measure, filters or {}), start, end))


def measure_rows(
    project: Project,
    measure: str,
    filters: dict | None = None,
    start: date | None = None,
    end: date | None = None,
    facts: ProjectFacts | None = None,
    names: Callable[[int], bool] | None = None,
):
    """The records behind a measure's value: (head, rows, links).

    `head` are the column labels, `rows` lists of cells (text, numbers, dates), `links` the
    address of each row's record (or None). Where rows carry a "Number" column (the
    participations, where a headcount is one row), the column adds up to the value;
    elsewhere there is one row per unit counted. People are named only where
    `names(event_id)` says the reader may see the names of that event's participants.
    """
    facts = facts or ProjectFacts(project)
    items = sorted(
        _in_span(_items(facts, measure, filters or {}), start, end), key=lambda item: item.day
    )
    may_name = names or (lambda event_id: False)
    if measure == "events_held":
        return _event_rows(facts, items)
    if measure in ("participations", "cross_border_participations"):
        return _participation_rows(items, may_name, measure == "cross_border_participations")
    if measure == "unique_participants":
        return _people_rows(facts, items, may_name)
    if measure in ("organisations_involved", "cross_border_organisations"):
        return _organisation_rows(items)
    return _record_rows(measure, items)


def _event_link(event_id: int) -> str:
    return url_for("events.show", event_id=event_id)


def _org_kind_label(org: Org | None) -> str:
    kind = org.kind if org else None
    return str(ORGANISATION_KINDS[kind]) if kind in ORGANISATION_KINDS else ""


def _event_rows(facts: ProjectFacts, items: list[Item]):
    from collab.templating import country_name

    head = [_("Date"), _("Event"), _("Kind"), _("Country"), _("Participants")]
    rows, links = [], []
    for item in items:
        event = item.record
        named = len(facts.attendances_by_event.get(event.id, []))
        rows.append(
            [
                event.day,
                str(event.title),
                str(EVENT_KINDS.get(event.kind, event.kind)),
                country_name(event.country),
                named + event.unnamed,
            ]
        )
        links.append(_event_link(event.id))
    return head, rows, links


def _participation_rows(items: list[Item], may_name, cross_border: bool):
    from collab.templating import country_name

    named_column = any(
        item.record is not None and may_name(item.extra["event"].id) for item in items
    )
    head = [_("Date"), _("Event")]
    if named_column:
        head.append(_("Person"))
    head += [_("Country"), _("Function"), _("Kind of organisation")]
    if cross_border:
        head.append(_("Across the border because"))
    head.append(_("Number"))
    reasons = {
        "joint": _("joint event of partners of both countries"),
        "abroad": _("event in the other partner's country"),
    }
    rows, links = [], []
    for item in items:
        event = item.extra["event"]
        attendance = item.record
        row = [event.day, str(event.title)]
        if attendance is None:
            # The headcount's label goes where the person would be named, or the country.
            row += [_("Not named (headcount)"), "", ""] + ([""] if named_column else [])
        else:
            if named_column:
                row.append(attendance.name if may_name(event.id) else "")
            row += [
                country_name(attendance.country),
                str(FUNCTIONS.get(attendance.function, attendance.function)),
                _org_kind_label(attendance.org),
            ]
        if cross_border:
            row.append(reasons[item.extra["why"]])
        row.append(item.amount)
        rows.append(row)
        links.append(_event_link(event.id))
    return head, rows, links


def _people_rows(facts: ProjectFacts, items: list[Item], may_name):
    from collab.templating import country_name

    events_of = defaultdict(set)
    for attendance in facts.attendances:
        events_of[attendance.participant_id].add(attendance.event_id)

    def nameable(attendance) -> bool:
        return any(may_name(event_id) for event_id in events_of[attendance.participant_id])

    named_column = any(nameable(item.record) for item in items)
    head = [_("First came"), _("Country"), _("Function"), _("Kind of organisation")]
    head.append(_("Events attended"))
    if named_column:
        head.insert(1, _("Person"))
    rows, links = [], []
    for item in items:
        attendance = item.record
        row = [
            item.day,
            country_name(attendance.country),
            str(FUNCTIONS.get(attendance.function, attendance.function)),
            _org_kind_label(attendance.org),
            item.extra["events"],
        ]
        if named_column:
            row.insert(1, attendance.name if nameable(attendance) else "")
        rows.append(row)
        links.append(None)
    return head, rows, links


def _organisation_rows(items: list[Item]):
    from collab.templating import country_name

    head = [_("First took part"), _("Organisation"), _("Country"), _("Kind"), _("Events")]
    rows = [
        [
            item.day,
            item.record.label,
            country_name(item.record.country),
            _org_kind_label(item.record) or _("Not known (typed by a participant)"),
            item.extra["events"],
        ]
        for item in items
    ]
    return head, rows, [None] * len(rows)


def _record_rows(measure: str, items: list[Item]):
    head = {
        "challenges_identified": [_("Date"), _("Challenge"), _("Identified at")],
        "solutions_proposed": [_("Date"), _("Solution"), _("Challenge")],
        "handbook_drafts": [_("Date"), _("Draft number"), _("Edition")],
    }[measure]
    rows, links = [], []
    for item in items:
        record = item.record
        rows.append([item.day, record.label, record.detail])
        links.append(record.url)
    return head, rows, links


# ---------------------------------------------------------------------------------------------
# Indicators


@dataclass
class Progress:
    """An indicator's figures: target, achieved and share; for a bound indicator also what
    was reported before the period and what the period added (they add up to `achieved`)."""

    indicator: Indicator
    target: Decimal
    achieved: Decimal | int
    share: Decimal  # achieved / target as a fraction (0.85 is 85 %); may pass 1
    bound: bool  # computed from the data; False: typed in by hand
    previous: int | None  # up to the day before the period (None: manual, or no period)
    this_period: int | None  # what the period added (None: manual, or no period)


def is_bound(indicator: Indicator) -> bool:
    return bool(indicator.measure) and indicator.measure in MEASURES


def _share(achieved, target) -> Decimal:
    if not target:
        return Decimal(0)
    return (Decimal(achieved) / Decimal(target)).quantize(Decimal("0.01"))


def indicator_progress(
    project: Project, period=None, facts: ProjectFacts | None = None
) -> list[Progress]:
    """Every indicator of the project with its figures, cumulative up to the end of
    `period` (a ReportingPeriod) or up to now; in at most eight queries."""
    facts = facts or ProjectFacts(project)
    progress = []
    for indicator in project.indicators:
        target = indicator.target or Decimal(0)
        if not is_bound(indicator):
            achieved = indicator.achieved or Decimal(0)
            progress.append(
                Progress(indicator, target, achieved, _share(achieved, target), False, None, None)
            )
            continue
        items = _items(facts, indicator.measure, indicator.filters or {})
        if period is None:
            achieved = sum(item.amount for item in items)
            previous = this_period = None
        else:
            before = period.start_date - timedelta(days=1)
            achieved = sum(item.amount for item in _in_span(items, None, period.end_date))
            previous = sum(item.amount for item in _in_span(items, None, before))
            this_period = achieved - previous
        progress.append(
            Progress(
                indicator,
                target,
                achieved,
                _share(achieved, target),
                True,
                previous,
                this_period,
            )
        )
    return progress
