"""Events a project organises (workshops, camps, study visits, conferences) and their agendas."""

import datetime as dt
import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Time,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collab.config import LANGUAGES
from collab.database import Timestamped, Versioned
from collab.extensions import db
from collab.i18n import TranslatedText, Translations
from collab.organisations.models import Organisation
from collab.projects.models import Project

KINDS = {
    "workshop": _l("Thematic workshop"),
    "seminar": _l("Seminar"),
    "camp": _l("Innovation camp"),
    "study_visit": _l("Study visit"),
    "conference": _l("Conference"),
    "forum": _l("Forum"),
    "partner_meeting": _l("Partner meeting"),
}
STATUSES = {"planned": _l("Planned"), "held": _l("Held"), "cancelled": _l("Cancelled")}

# Who the project invites and who comes: the target groups of the project's application.
# The Interreg target group of a person comes from their organisation's kind.
FUNCTIONS = {
    "politician": _l("Local or regional politician"),
    "planner": _l("Municipal spatial-planning or strategic-development specialist"),
    "regional_staff": _l("Regional development organisation staff"),
    "business": _l("Business"),
    "ngo": _l("NGO"),
    "science": _l("Science or education"),
    "community": _l("Community member"),
    "other": _l("Other"),
}

event_co_organiser = Table(
    "event_co_organiser",
    db.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id"), primary_key=True),
)
event_theme = Table(
    "event_theme",
    db.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)


class Theme(db.Model):
    """A theme of a project's work (a specialisation direction, a planning theme)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[Translations] = mapped_column(TranslatedText)
    position: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<Theme {self.id} of project {self.project_id}>"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Event(Timestamped, Versioned, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(12), default="planned", index=True)
    title: Mapped[Translations] = mapped_column(TranslatedText)
    # Markdown, sanitised when shown.
    description: Mapped[Translations | None] = mapped_column(TranslatedText)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date)
    venue: Mapped[str | None] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Function codes (FUNCTIONS) the event invites.
    target_groups: Mapped[list] = mapped_column(JSON, default=list)
    # Study visits: the region visited and the sites seen (Markdown).
    host_region: Mapped[str | None] = mapped_column(String(200))
    sites_visited: Mapped[Translations | None] = mapped_column(TranslatedText)
    # People who came but were not named ("about 200 participants").
    unnamed_count: Mapped[int] = mapped_column(Integer, default=0)
    checkin_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    checkin_open: Mapped[bool] = mapped_column(Boolean, default=False)
    # Casefolded title, description and place in every language, for search on any database
    # (SQLite's lower() folds ASCII only, and Baltic names are not ASCII).
    search_text: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship()
    organiser: Mapped[Organisation] = relationship(lazy="joined")
    co_organisers: Mapped[list[Organisation]] = relationship(
        secondary=event_co_organiser, order_by="Organisation.name"
    )
    themes: Mapped[list[Theme]] = relationship(secondary=event_theme, order_by="Theme.position")
    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(AgendaItem.day, AgendaItem.position)",
    )

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.kind} {self.start_date}>"

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))

    @property
    def status_label(self) -> str:
        return str(STATUSES.get(self.status, self.status))

    @property
    def days(self) -> list[date]:
        from datetime import timedelta

        return [
            self.start_date + timedelta(days=n)
            for n in range((self.end_date - self.start_date).days + 1)
        ]

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.venue, self.town) if part)

    def organised_by(self, organisation_id: int | None) -> bool:
        return organisation_id is not None and (
            self.organiser_id == organisation_id
            or any(o.id == organisation_id for o in self.co_organisers)
        )


def _texts(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, dict):
        return [value.get(lang) or "" for lang in LANGUAGES]
    return [str(value)]


@event.listens_for(Event, "before_insert")
@event.listens_for(Event, "before_update")
def _index_search_text(mapper, connection, target: Event) -> None:
    parts = [*_texts(target.title), *_texts(target.description), target.venue, target.town]
    target.search_text = " ".join(p for p in parts if p).casefold()


class AgendaItem(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    time: Mapped[dt.time | None] = mapped_column(Time)
    title: Mapped[Translations] = mapped_column(TranslatedText)
    speaker: Mapped[str | None] = mapped_column(String(200))
    speaker_organisation: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="agenda")

    def __repr__(self) -> str:
        return f"<AgendaItem {self.id} of event {self.event_id}>"
