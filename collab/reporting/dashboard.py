"""The project dashboard: indicator progress, the events on a timeline, who came (charts),
and what changed lately. Everything comes from the project's facts, loaded once, so the
page takes the same few queries whatever the number of events and people."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import literal, select, union_all

from collab.audit.display import field_label, object_type_label
from collab.audit.models import AuditEntry
from collab.challenges.models import Challenge
from collab.charts import (
    Chart,
    TimelineItem,
    bar_chart,
    columns_over_time,
    stacked_bar,
    timeline,
)
from collab.events.models import FUNCTIONS, Event
from collab.events.models import KINDS as EVENT_KINDS
from collab.extensions import db
from collab.i18n import Translations, current_language
from collab.organisations.models import Organisation
from collab.outputs.models import Output
from collab.projects.models import Indicator, Project
from collab.reporting.measures import EventFacts, Progress, ProjectFacts, indicator_progress
from collab.reporting.models import ReportingPeriod
from collab.templating import country_name

# Changes worth telling every partner; logins and refusals are the admin's business.
ACTIVITY_ACTIONS = ("create", "update", "delete", "restore")
ACTIVITY_SIZE = 12
# The handbook's chapters and sections are its editors' layout work (and appear by the dozen
# when a handbook is first opened): the handbook's own entry says enough to the partners.
ACTIVITY_LEFT_OUT = ("handbook_chapter", "handbook_section")
# Objects named in the activity list by their title; others (people, attendances) by kind
# only: the dashboard is read by every partner and holds no personal data.
NAMED_OBJECTS = {
    "event": (Event, Event.title),
    "challenge": (Challenge, Challenge.title),
    "output": (Output, Output.title),
    "indicator": (Indicator, Indicator.name),
}


@dataclass
class Activity:
    """One change in the project, as the dashboard tells it."""

    at: datetime
    action: str
    object_type: str
    object_name: str
    organisation: str
    fields: list[str]


@dataclass
class Dashboard:
    project: Project
    period: ReportingPeriod | None
    progress: list[Progress]
    timeline: Chart
    charts: list[Chart]
    activity: list[Activity]
    events_held: int
    participations: int  # named and not named
    people: int


def _title(value) -> str:
    if value is None:
        return ""
    return value.pick(current_language())[0] if hasattr(value, "pick") else str(value)


def _in_span(day: date, period: ReportingPeriod | None) -> bool:
    return period is None or period.start_date <= day <= period.end_date


def _months(events: list[EventFacts], totals: dict[int, int]) -> tuple[list, str]:
    """Participations per month, or per quarter when the events span more than three years;
    the empty months between are shown too, so time reads at an even pace."""
    if not events:
        return [], _("Month")
    first = min(e.day for e in events)
    last = max(e.day for e in events)
    by_quarter = (last.year - first.year) * 12 + last.month - first.month >= 36

    def bucket(day: date) -> tuple[int, int]:
        return (day.year, (day.month - 1) // 3 + 1) if by_quarter else (day.year, day.month)

    def step(key: tuple[int, int]) -> tuple[int, int]:
        year, part = key
        top = 4 if by_quarter else 12
        return (year + 1, 1) if part == top else (year, part + 1)

    counts = Counter()
    for event in events:
        counts[bucket(event.day)] += totals[event.id]
    points, key = [], bucket(first)
    while key <= bucket(last):
        year, part = key
        label = (
            _("%(year)s Q%(quarter)s", year=year, quarter=part)
            if by_quarter
            else f"{year}-{part:02d}"
        )
        points.append((label, counts[key]))
        key = step(key)
    return points, _("Quarter") if by_quarter else _("Month")


def _ranked(counter: Counter, labels) -> list[tuple[str, int]]:
    rows = [(labels(key), value) for key, value in counter.items() if value]
    return sorted(rows, key=lambda row: (-row[1], row[0].casefold()))


def event_totals(facts: ProjectFacts, events: list[EventFacts]) -> dict[int, int]:
    """Participations per event: named people plus the headcount of the others."""
    return {e.id: len(facts.attendances_by_event.get(e.id, [])) + e.unnamed for e in events}


def participation_charts(facts: ProjectFacts, events: list[EventFacts]) -> list[Chart]:
    """Who came to `events`: by country, function and kind of event, over time, and how
    many came once or again. Participations count named people and headcounts alike."""
    by_country, by_function, by_kind = Counter(), Counter(), Counter()
    visits = Counter()
    country_of = {}
    unnamed = 0
    for event in events:
        attendances = facts.attendances_by_event.get(event.id, [])
        for attendance in attendances:
            by_country[attendance.country] += 1
            by_function[attendance.function] += 1
            visits[attendance.participant_id] += 1
            country_of[attendance.participant_id] = attendance.country
        unnamed += event.unnamed
        by_kind[event.kind] += len(attendances) + event.unnamed
    headcount = _("Not named (headcount)")
    countries = _ranked(by_country, country_name)
    functions = _ranked(by_function, lambda code: str(FUNCTIONS.get(code, code)))
    if unnamed:
        countries.append((headcount, unnamed))
        functions.append((headcount, unnamed))
    participations = _("participations")
    points, time_unit = _months(events, event_totals(facts, events))
    charts = [
        bar_chart(
            "by-country",
            _("Participations by country of the participant"),
            countries,
            participations,
            _("Country"),
        ),
        bar_chart(
            "by-function", _("Participations by function"), functions, participations, _("Function")
        ),
        bar_chart(
            "by-event-kind",
            _("Participations by kind of event"),
            _ranked(by_kind, lambda code: str(EVENT_KINDS.get(code, code))),
            participations,
            _("Kind of event"),
        ),
        columns_over_time(
            "over-time",
            _("Participations over time"),
            points,
            participations,
            time_unit,
        ),
    ]
    once, again = Counter(), Counter()
    for person, count in visits.items():
        (once if count == 1 else again)[country_of[person]] += 1
    rows = []
    if visits:
        rows.append((_("All named participants"), [sum(once.values()), sum(again.values())]))
        for code in sorted(set(country_of.values()), key=lambda c: (-(once[c] + again[c]), c)):
            rows.append((country_name(code), [once[code], again[code]]))
    charts.append(
        stacked_bar(
            "unique-repeat",
            _("Unique participants: came once or again"),
            rows,
            [_("Came once"), _("Came again")],
            _("people"),
            _("Participants"),
        )
    )
    return charts


def event_timeline(project: Project, period: ReportingPeriod | None) -> Chart:
    """Every event of the project (held, planned, cancelled) on a time axis; one query."""
    query = select(Event.start_date, Event.title, Event.status).where(
        Event.project_id == project.id
    )
    if period is not None:
        query = query.where(
            Event.start_date >= period.start_date, Event.start_date <= period.end_date
        )
    items = [
        TimelineItem(day, _title(title), status)
        for day, title, status in db.session.execute(query.order_by(Event.start_date, Event.id))
    ]
    # "Today" only while the project runs: afterwards it would squeeze the events together.
    today = date.today()
    span = period or project
    show_today = span.start_date <= today <= span.end_date
    return timeline("events", _("Events"), items, today if show_today else None, width=960)


def recent_activity(project: Project, size: int = ACTIVITY_SIZE) -> list[Activity]:
    """The latest changes to the project's data: what, by which organisation, which fields
    (never their values). Two queries: the entries, and the names of what they changed."""
    rows = db.session.execute(
        select(AuditEntry, Organisation.name, Organisation.short_name)
        .outerjoin(Organisation, AuditEntry.organisation_id == Organisation.id)
        .where(
            AuditEntry.project_id == project.id,
            AuditEntry.action.in_(ACTIVITY_ACTIONS),
            AuditEntry.object_type.not_in(ACTIVITY_LEFT_OUT),
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(size)
    ).all()
    wanted = defaultdict(set)
    for entry, *_org in rows:
        if entry.object_type in NAMED_OBJECTS and entry.object_id is not None:
            wanted[entry.object_type].add(entry.object_id)
    names = {}
    if wanted:
        parts = [
            select(literal(kind).label("kind"), model.id, column.label("name")).where(
                model.id.in_(sorted(ids))
            )
            for kind, ids in sorted(wanted.items())
            for model, column in [NAMED_OBJECTS[kind]]
        ]
        query = parts[0] if len(parts) == 1 else union_all(*parts)
        for kind, object_id, name in db.session.execute(query):
            names[(kind, object_id)] = _title(name)
    activity = []
    for entry, organisation, short_name in rows:
        details = entry.details or {}
        name = names.get((entry.object_type, entry.object_id), "")
        if not name and entry.object_type in NAMED_OBJECTS:
            # Deleted since: the entry kept the title it had.
            values = details.get("values") or {}
            kept = values.get("title") or values.get("name")
            if isinstance(kept, dict):
                name = _title(Translations(kept))
            elif isinstance(kept, str):
                name = kept
        activity.append(
            Activity(
                at=entry.at,
                action=entry.action_label,
                object_type=object_type_label(entry.object_type),
                object_name=name,
                organisation=short_name or organisation or "",
                fields=[field_label(key) for key in (details.get("changes") or {})],
            )
        )
    return activity


def build_dashboard(project: Project, period: ReportingPeriod | None = None) -> Dashboard:
    """Everything the dashboard shows, for one period or (None) the whole project so far."""
    facts = ProjectFacts(project)
    progress = indicator_progress(project, period, facts=facts)
    events = [event for event in facts.events.values() if _in_span(event.day, period)]
    charts = participation_charts(facts, events)
    people = {
        attendance.participant_id
        for event in events
        for attendance in facts.attendances_by_event.get(event.id, [])
    }
    return Dashboard(
        project=project,
        period=period,
        progress=progress,
        timeline=event_timeline(project, period),
        charts=charts,
        activity=recent_activity(project),
        events_held=len(events),
        participations=sum(event_totals(facts, events).values()),
        people=len(people),
    )
