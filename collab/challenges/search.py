"""Finding a project's challenges: the filter form of the table and the query it builds.

As in the event list, everything lives in the query string, and a value the table cannot
understand is ignored with a message rather than answered with an error page.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import case, func, or_, select
from wtforms import SelectField, StringField

from collab.challenges.models import REGIONS, STATUSES, Challenge, Solution, challenge_event
from collab.events.models import Event, Theme
from collab.extensions import db
from collab.forms import options, strip
from collab.i18n import current_language
from collab.templating import day

SORTS = {
    "priority": _l("Priority, highest first"),
    "newest": _l("Newest first"),
    "title": _l("Title"),
}
FILTERS = ("q", "theme", "regions", "status", "event")

# A challenge of both regions, or of the wider Baltic Sea region, affects each of them.
AFFECTING = {
    "lv": ("lv", "both", "wider"),
    "lt": ("lt", "both", "wider"),
    "both": ("both", "wider"),
    "wider": ("wider",),
}


class ChallengeSearchForm(FlaskForm):
    """The search and filters above the table (GET, so no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), filters=[strip], description=_l("Title or description"))
    theme = SelectField(_l("Theme"), default="")
    regions = SelectField(
        _l("Region"),
        default="",
        description=_l("Including challenges of both regions or wider."),
    )
    status = SelectField(_l("Status"), default="")
    event = SelectField(
        _l("Event"), default="", description=_l("Where it was identified or analysed.")
    )
    sort = SelectField(_l("Sort by"), choices=options(SORTS), default="priority")


def search_form(project_id: int, args) -> tuple[ChallengeSearchForm, list[str]]:
    """The filter form read from the query string, and what it had to ignore."""
    form = ChallengeSearchForm(formdata=args)
    everything = [("", _("All"))]
    themes = db.session.scalars(
        select(Theme).where(Theme.project_id == project_id).order_by(Theme.position, Theme.id)
    )
    form.theme.choices = options(everything + [(str(t.id), str(t.name)) for t in themes])
    form.regions.choices = options(everything + list(REGIONS.items()))
    form.status.choices = options(everything + list(STATUSES.items()))
    events = db.session.scalars(
        select(Event).where(Event.project_id == project_id).order_by(Event.start_date, Event.id)
    )
    form.event.choices = options(
        everything + [(str(e.id), f"{day(e.start_date)} · {e.title}") for e in events]
    )

    problems = []
    form.validate()
    for field in form:
        if not field.errors:
            continue
        problems.append(
            _(
                "%(filter)s: “%(value)s” was not understood, so this filter is ignored.",
                filter=field.label.text,
                value=args.get(field.name, ""),
            )
        )
        field.data = field.default
        field.raw_data = []
        field.errors = []
    if form.sort.data not in SORTS:
        form.sort.data = "priority"
    return form, problems


def is_filtered(form: ChallengeSearchForm) -> bool:
    return any(field.data for field in form if field.name in FILTERS)


def _like(text: str) -> str:
    """A LIKE pattern for text typed by a person: % and _ are letters, not wildcards."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def challenge_query(project_id: int, form: ChallengeSearchForm):
    """Select the project's challenges that match the form, in the order it asks for."""
    query = select(Challenge).where(Challenge.project_id == project_id)
    if form.q.data:
        # search_text is casefolded in Python, so "KLAIPĖDA" finds "Klaipėda" on SQLite too.
        query = query.where(Challenge.search_text.like(_like(form.q.data.casefold()), escape="\\"))
    if form.theme.data:
        query = query.where(Challenge.theme_id == int(form.theme.data))
    if form.regions.data:
        query = query.where(Challenge.regions.in_(AFFECTING[form.regions.data]))
    if form.status.data:
        query = query.where(Challenge.status == form.status.data)
    if form.event.data:
        event_id = int(form.event.data)
        analysed = select(challenge_event.c.challenge_id).where(
            challenge_event.c.event_id == event_id
        )
        query = query.where(or_(Challenge.identified_at_id == event_id, Challenge.id.in_(analysed)))
    return _sorted(query, form.sort.data)


def _sorted(query, sort: str):
    newest = (Challenge.created_at.desc(), Challenge.id.desc())
    if sort == "newest":
        return query.order_by(*newest)
    if sort == "title":
        return query.order_by(_title_position(query), Challenge.id)
    return query.order_by(Challenge.priority.desc(), *newest)


def _title_position(query):
    """Each challenge's place in alphabetical order of its title as the reader sees it
    (titles are JSON with every language, which no database sorts by the reader's one)."""
    language = current_language()
    rows = db.session.execute(
        query.with_only_columns(Challenge.id, Challenge.title).order_by(None)
    ).all()
    ordered = sorted(rows, key=lambda row: (row.title.pick(language)[0].casefold(), row.id))
    if not ordered:
        return Challenge.id
    return case(
        {row.id: n for n, row in enumerate(ordered)}, value=Challenge.id, else_=len(ordered)
    )


def solution_counts(challenge_ids: list[int]) -> dict[int, int]:
    """Solutions per challenge, in one query."""
    if not challenge_ids:
        return {}
    found = db.session.execute(
        select(Solution.challenge_id, func.count(Solution.id))
        .where(Solution.challenge_id.in_(challenge_ids))
        .group_by(Solution.challenge_id)
    )
    return dict(found.all())
