"""Reporting periods of a project, and what happened in one: the period report."""

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from collab.events.models import KINDS as EVENT_KINDS
from collab.events.models import Event
from collab.extensions import db
from collab.i18n import Translations
from collab.outputs.models import Output
from collab.projects.models import Project
from collab.reporting.measures import (
    EventFacts,
    Progress,
    ProjectFacts,
    RecordFacts,
    indicator_progress,
)
from collab.reporting.models import ReportingPeriod
from collab.templating import country_name

# The name a made period gets, per language; people rename them as their programme does.
PERIOD_NAMES = {"en": "Period {number}", "lv": "{number}. periods", "lt": "{number} laikotarpis"}


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the last day of the month where that month is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def six_month_spans(start: date, end: date) -> list[tuple[date, date]]:
    """Six-month spans from `start`, the last one cut at `end` (both inclusive)."""
    spans = []
    number = 0
    while True:
        first = add_months(start, 6 * number)
        if first > end:
            return spans
        last = min(add_months(start, 6 * (number + 1)) - timedelta(days=1), end)
        spans.append((first, last))
        number += 1


def period_name(number: int) -> Translations:
    return Translations({lang: text.format(number=number) for lang, text in PERIOD_NAMES.items()})


def project_periods(project: Project) -> list[ReportingPeriod]:
    return list(
        db.session.scalars(
            select(ReportingPeriod)
            .where(ReportingPeriod.project_id == project.id)
            .order_by(ReportingPeriod.start_date)
        )
    )


def overlapping(
    project: Project, start: date, end: date, exclude: ReportingPeriod | None = None
) -> list[ReportingPeriod]:
    """The project's periods that share a day with start–end."""
    return [
        period
        for period in project_periods(project)
        if period is not exclude and period.start_date <= end and start <= period.end_date
    ]


def make_six_month_periods(project: Project) -> list[ReportingPeriod]:
    """Six-month periods from the project's start to its end, numbered in order; a span that
    overlaps an existing period is left out. Returns the periods made."""
    existing = project_periods(project)
    made = []
    for number, (first, last) in enumerate(
        six_month_spans(project.start_date, project.end_date), start=1
    ):
        if any(p.start_date <= last and first <= p.end_date for p in existing):
            continue
        period = ReportingPeriod(
            project_id=project.id, name=period_name(number), start_date=first, end_date=last
        )
        db.session.add(period)
        made.append(period)
    db.session.flush()
    return made


def neighbours(periods: list[ReportingPeriod], period: ReportingPeriod):
    """(the period before, the period after) in a sorted list, None at the ends."""
    index = next(i for i, p in enumerate(periods) if p.id == period.id)
    before = periods[index - 1] if index > 0 else None
    after = periods[index + 1] if index + 1 < len(periods) else None
    return before, after


# ---------------------------------------------------------------------------------------------
# The period report


@dataclass
class EventLine:
    event: EventFacts
    named: int
    unnamed: int
    by_country: Counter

    @property
    def total(self) -> int:
        return self.named + self.unnamed


@dataclass
class OutputLine:
    output_id: int
    day: date
    title: str
    kind: str
    event_id: int
    event_title: str
    filename: str | None

    @property
    def kind_label(self) -> str:
        from collab.outputs.models import KINDS

        return str(KINDS.get(self.kind, self.kind))


@dataclass
class Table:
    """A table of the report as the exports write it: a title, a header and plain cells."""

    key: str
    title: str
    head: list[str]
    rows: list[list]
    numeric: set = field(default_factory=set)  # indexes of the columns holding numbers
    percent: set = field(default_factory=set)  # indexes of the columns holding fractions
    total: bool = False  # the last row adds up the others


@dataclass
class PeriodReport:
    project: Project
    period: ReportingPeriod
    events: list[EventLine]
    countries: list[str]
    progress: list[Progress]
    challenges: list[RecordFacts]
    solutions: list[RecordFacts]
    outputs: list[OutputLine]

    @property
    def named(self) -> int:
        return sum(line.named for line in self.events)

    @property
    def unnamed(self) -> int:
        return sum(line.unnamed for line in self.events)

    @property
    def total(self) -> int:
        return self.named + self.unnamed

    @property
    def by_country(self) -> Counter:
        counts = Counter()
        for line in self.events:
            counts.update(line.by_country)
        return counts


def _outputs(project: Project, period: ReportingPeriod) -> list[OutputLine]:
    """What the events held in the period produced."""
    rows = db.session.execute(
        select(
            Output.id,
            Output.title,
            Output.kind,
            Output.filename,
            Event.id,
            Event.title,
            Event.start_date,
        )
        .join(Event, Output.event_id == Event.id)
        .where(
            Event.project_id == project.id,
            Event.status == "held",
            Event.start_date >= period.start_date,
            Event.start_date <= period.end_date,
        )
        .order_by(Event.start_date, Output.id)
    ).all()
    return [
        OutputLine(id_, day, str(title or ""), kind, event_id, str(event_title), filename)
        for id_, title, kind, filename, event_id, event_title, day in rows
    ]


def period_report(project: Project, period: ReportingPeriod) -> PeriodReport:
    """Everything the period report shows, in a handful of queries."""
    facts = ProjectFacts(project)
    lines = []
    for event in facts.events.values():
        if not period.holds(event.day):
            continue
        people = facts.attendances_by_event.get(event.id, [])
        lines.append(
            EventLine(event, len(people), event.unnamed, Counter(a.country for a in people))
        )
    seen = Counter()
    for line in lines:
        seen.update(line.by_country)
    # The partners' countries in the order of the partners (the lead first), then others.
    partners = list(dict.fromkeys(p.organisation.country for p in project.partners))
    countries = [c for c in partners if c in seen] + sorted(set(seen) - set(partners))
    return PeriodReport(
        project=project,
        period=period,
        events=lines,
        countries=countries,
        progress=indicator_progress(project, period, facts),
        challenges=[r for r in facts.challenges if r.day and period.holds(r.day)],
        solutions=[r for r in facts.solutions if r.day and period.holds(r.day)],
        outputs=_outputs(project, period),
    )


def report_tables(report: PeriodReport) -> list[Table]:
    """The report's tables as the XLSX and the PDF write them, in the reader's language."""
    from collab.outputs.models import KINDS as OUTPUT_KINDS

    events = Table(
        "events",
        _("Events held"),
        [_("Date"), _("Event"), _("Kind"), _("Country"), _("Named"), _("Not named"), _("Total")],
        [
            [
                line.event.day,
                str(line.event.title),
                str(EVENT_KINDS.get(line.event.kind, line.event.kind)),
                country_name(line.event.country),
                line.named,
                line.unnamed,
                line.total,
            ]
            for line in report.events
        ],
        {4, 5, 6},
    )
    if report.events:
        events.rows.append([_("Total"), "", "", "", report.named, report.unnamed, report.total])
        events.total = True
    by_country = Table(
        "countries",
        _("Participants by country"),
        [_("Event"), *[country_name(c) for c in report.countries], _("Not named"), _("Total")],
        [
            [
                str(line.event.title),
                *[line.by_country.get(c, 0) for c in report.countries],
                line.unnamed,
                line.total,
            ]
            for line in report.events
        ],
        set(range(1, len(report.countries) + 3)),
    )
    if report.events:
        by_country.rows.append(
            [
                _("Total"),
                *[report.by_country.get(c, 0) for c in report.countries],
                report.unnamed,
                report.total,
            ]
        )
        by_country.total = True
    indicators = Table(
        "indicators",
        _("Indicators"),
        [
            _("Indicator"),
            _("Unit"),
            _("Target"),
            _("Previously reported"),
            _("This period"),
            _("Total"),
            _("Share of the target"),
        ],
        [
            [
                str(p.indicator.name),
                str(p.indicator.unit or ""),
                p.target,
                "" if p.previous is None else p.previous,
                "" if p.this_period is None else p.this_period,
                p.achieved,
                p.share,
            ]
            for p in report.progress
        ],
        {2, 3, 4, 5, 6},
        {6},
    )
    challenges = Table(
        "challenges",
        _("Challenges identified"),
        [_("Date"), _("Challenge"), _("Identified at")],
        [[r.day, r.label, r.detail] for r in report.challenges],
    )
    solutions = Table(
        "solutions",
        _("Solutions proposed"),
        [_("Date"), _("Solution"), _("Challenge")],
        [[r.day, r.label, r.detail] for r in report.solutions],
    )
    outputs = Table(
        "outputs",
        _("Outputs produced"),
        [_("Date"), _("Output"), _("Kind"), _("Event"), _("File")],
        [
            [
                o.day,
                o.title,
                str(OUTPUT_KINDS.get(o.kind, o.kind)),
                o.event_title,
                o.filename or "",
            ]
            for o in report.outputs
        ],
    )
    return [events, by_country, indicators, challenges, solutions, outputs]
