"""Finding a project's events: the filter form of the event list and the query it builds.

Everything lives in the query string (a GET form), so a filtered list can be bookmarked,
shared and reached again with the back button. A parameter the list cannot understand (a
mistyped date, a kind that does not exist) is ignored and said so, never an error page.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import case, or_, select
from wtforms import DateField, SelectField, StringField

from collab.events.models import KINDS, STATUSES, Event, Theme, event_co_organiser
from collab.extensions import db
from collab.forms import options, strip
from collab.i18n import current_language
from collab.organisations.models import Organisation
from collab.templating import country_name

SORTS = {
    "date": _l("Date, earliest first"),
    "date_desc": _l("Date, latest first"),
    "title": _l("Title"),
    "kind": _l("Kind"),
}
# The filters a person can clear; sorting is a preference, not a filter.
FILTERS = ("q", "kind", "status", "organiser", "country", "theme", "from", "to")


class DayField(DateField):
    """A date in the URL; left empty (as a GET form sends it) it is no date, not a mistake."""

    def process_formdata(self, valuelist):
        if valuelist and not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


class EventSearchForm(FlaskForm):
    """The search and filters above the event list (GET, so no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), filters=[strip], description=_l("Title, place or description"))
    kind = SelectField(_l("Kind"), default="")
    status = SelectField(_l("Status"), default="")
    organiser = SelectField(_l("Organiser"), default="")
    country = SelectField(_l("Country"), default="")
    theme = SelectField(_l("Theme"), default="")
    # "from" is a Python keyword: the field has another name, the URL the short one.
    date_from = DayField(_l("From"), name="from")
    date_to = DayField(_l("To"), name="to")
    sort = SelectField(_l("Sort by"), choices=options(SORTS), default="date")


def organisers_of(project_id: int) -> list[Organisation]:
    """The organisations that organise or co-organise events of the project, by name."""
    organising = select(Event.organiser_id).where(Event.project_id == project_id)
    co_organising = (
        select(event_co_organiser.c.organisation_id)
        .join(Event, Event.id == event_co_organiser.c.event_id)
        .where(Event.project_id == project_id)
    )
    query = select(Organisation).where(
        or_(Organisation.id.in_(organising), Organisation.id.in_(co_organising))
    )
    return sorted(db.session.scalars(query), key=lambda o: o.label.casefold())


def themes_of(project_id: int) -> list[Theme]:
    query = select(Theme).where(Theme.project_id == project_id)
    return list(db.session.scalars(query.order_by(Theme.position, Theme.id)))


def search_form(project_id: int, args) -> tuple[EventSearchForm, list[str]]:
    """The filter form read from the query string, and what it had to ignore.

    The choices are the project's own: its organisers, the countries its events are in,
    its themes. An unknown or malformed value is dropped with a message.
    """
    form = EventSearchForm(formdata=args)
    everything = [("", _("All"))]
    form.kind.choices = options(everything + list(KINDS.items()))
    form.status.choices = options(everything + list(STATUSES.items()))
    form.organiser.choices = options(
        everything + [(str(o.id), o.label) for o in organisers_of(project_id)]
    )
    countries = db.session.scalars(
        select(Event.country).where(Event.project_id == project_id).distinct()
    )
    form.country.choices = options(
        everything + sorted(((c, country_name(c)) for c in countries), key=lambda c: c[1])
    )
    form.theme.choices = options(
        everything + [(str(t.id), str(t.name)) for t in themes_of(project_id)]
    )

    problems = []
    form.validate()
    for field in form:
        if not field.errors:
            continue
        value = args.get(field.name, "")
        problems.append(
            _(
                "%(filter)s: “%(value)s” was not understood, so this filter is ignored.",
                filter=field.label.text,
                value=value,
            )
        )
        field.data = field.default
        field.raw_data = []
        field.errors = []
    if form.sort.data not in SORTS:
        form.sort.data = "date"
    if form.date_from.data and form.date_to.data and form.date_from.data > form.date_to.data:
        form.date_from.data, form.date_to.data = form.date_to.data, form.date_from.data
        form.date_from.raw_data = form.date_to.raw_data = []
        problems.append(_("The end of the date range was before its start: the dates are swapped."))
    return form, problems


def is_filtered(form: EventSearchForm) -> bool:
    return any(field.data for field in form if field.name in FILTERS)


def _like(text: str) -> str:
    """A LIKE pattern for text typed by a person: % and _ are letters, not wildcards."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def overlapping(query, first, last):
    """Events that run on at least one day from `first` to `last` (either may be None)."""
    if first:
        query = query.where(Event.end_date >= first)
    if last:
        query = query.where(Event.start_date <= last)
    return query


def event_query(project_id: int, form: EventSearchForm):
    """Select the project's events that match the form, in the order it asks for."""
    query = select(Event).where(Event.project_id == project_id)
    if form.q.data:
        # search_text is casefolded in Python, so "KLAIPĖDA" finds "Klaipėda" on SQLite too.
        query = query.where(Event.search_text.like(_like(form.q.data.casefold()), escape="\\"))
    if form.kind.data:
        query = query.where(Event.kind == form.kind.data)
    if form.status.data:
        query = query.where(Event.status == form.status.data)
    if form.organiser.data:
        organiser_id = int(form.organiser.data)
        co_organised = select(event_co_organiser.c.event_id).where(
            event_co_organiser.c.organisation_id == organiser_id
        )
        query = query.where(or_(Event.organiser_id == organiser_id, Event.id.in_(co_organised)))
    if form.country.data:
        query = query.where(Event.country == form.country.data)
    if form.theme.data:
        query = query.where(Event.themes.any(Theme.id == int(form.theme.data)))
    query = overlapping(query, form.date_from.data, form.date_to.data)
    return _sorted(query, form.sort.data)


def _sorted(query, sort: str):
    by_date = (Event.start_date, Event.end_date, Event.id)
    if sort == "date_desc":
        return query.order_by(Event.start_date.desc(), Event.end_date.desc(), Event.id.desc())
    if sort == "kind":
        # By the name the reader sees, not by the code.
        names = sorted(KINDS, key=lambda code: str(KINDS[code]).casefold())
        position = case({code: n for n, code in enumerate(names)}, value=Event.kind, else_=99)
        return query.order_by(position, *by_date)
    if sort == "title":
        return query.order_by(_title_position(query), *by_date)
    return query.order_by(*by_date)


def _title_position(query):
    """Each event's place in alphabetical order of its title as the reader sees it.

    Titles are stored with every language in one JSON column, which no database sorts by
    the reader's language; the titles of the matching events are sorted here instead, in
    one query whatever the number of events.
    """
    language = current_language()
    rows = db.session.execute(query.with_only_columns(Event.id, Event.title).order_by(None)).all()
    ordered = sorted(rows, key=lambda row: (row.title.pick(language)[0].casefold(), row.id))
    if not ordered:
        return Event.id
    return case({row.id: n for n, row in enumerate(ordered)}, value=Event.id, else_=len(ordered))


def participant_counts(events: list[Event]) -> dict[int, int]:
    """Participants per event as the event reports them: named attendances plus headcount."""
    from collab.attendance.figures import counts_by_event

    named = counts_by_event([event.id for event in events])
    return {event.id: named.get(event.id, 0) + (event.unnamed_count or 0) for event in events}
