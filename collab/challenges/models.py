"""Challenges the partners identify at events, the solutions they propose, dot-votes."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collab.auth.models import User
from collab.database import Timestamped, UTCDateTime, Versioned, utcnow
from collab.events.models import Event, Theme
from collab.extensions import db
from collab.i18n import TranslatedText, Translations
from collab.organisations.models import Organisation
from collab.projects.models import Project

# The lifecycle: identified → analysed → solution proposed → in the handbook; any state
# may be set aside (with a reason) and taken up again.
STATUSES = {
    "identified": _l("Identified"),
    "analysed": _l("Analysed"),
    "solution_proposed": _l("Solution proposed"),
    "in_handbook": _l("In the handbook"),
    "set_aside": _l("Set aside"),
}
BOARD_COLUMNS = ("identified", "analysed", "solution_proposed", "in_handbook")
REGIONS = {
    "lv": _l("Kurzeme (Latvia)"),
    "lt": _l("Klaipėda region (Lithuania)"),
    "both": _l("Both regions"),
    "wider": _l("Wider: the Baltic Sea region"),
}
SOLUTION_KINDS = {
    "measure": _l("Policy or planning measure"),
    "joint_project": _l("Joint project"),
    "tool": _l("Tool or service"),
    "good_practice": _l("Good practice"),
    "study": _l("Further study"),
}
# Chapters of the handbook an item can be assigned to (the handbook itself comes later).
HANDBOOK_CHAPTERS = {
    "challenges": _l("Challenges and solutions"),
    "good_practices": _l("Good practices"),
    "workshops": _l("Workshop summaries"),
    "activities": _l("Activities and figures"),
    "annexes": _l("Annexes"),
}


class ForHandbook:
    """Whether an item is marked for the handbook, and for which chapter."""

    for_handbook: Mapped[bool] = mapped_column(Boolean, default=False)
    handbook_chapter: Mapped[str | None] = mapped_column(String(20))

    @property
    def handbook_chapter_label(self) -> str:
        return str(HANDBOOK_CHAPTERS.get(self.handbook_chapter, "")) if self.for_handbook else ""


challenge_event = Table(
    "challenge_event",
    db.metadata,
    Column("challenge_id", ForeignKey("challenge.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
)
solution_organisation = Table(
    "solution_organisation",
    db.metadata,
    Column("solution_id", ForeignKey("solution.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id"), primary_key=True),
)


class Challenge(Timestamped, Versioned, ForHandbook, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[Translations] = mapped_column(TranslatedText)
    description: Mapped[Translations | None] = mapped_column(TranslatedText)  # Markdown
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("theme.id", ondelete="SET NULL"), index=True
    )
    regions: Mapped[str] = mapped_column(String(10), default="both")
    identified_at_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="identified", index=True)
    set_aside_reason: Mapped[str | None] = mapped_column(Text)
    # Sum of the dots of closed votes; kept here so lists sort by it without a join.
    priority: Mapped[int] = mapped_column(Integer, default=0)
    # Set by the browser that typed it: a capture sent twice (after a dropped connection)
    # is saved once.
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Casefolded title and description in every language, for search on any database.
    search_text: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship()
    theme: Mapped[Theme | None] = relationship()
    identified_at: Mapped[Event | None] = relationship(foreign_keys=[identified_at_id])
    analysed_at: Mapped[list[Event]] = relationship(
        secondary=challenge_event, order_by="Event.start_date"
    )
    solutions: Mapped[list["Solution"]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan", order_by="Solution.id"
    )
    history: Mapped[list["StatusChange"]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan", order_by="StatusChange.id"
    )
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Challenge {self.id} {self.status}>"

    @property
    def status_label(self) -> str:
        return str(STATUSES.get(self.status, self.status))

    @property
    def regions_label(self) -> str:
        return str(REGIONS.get(self.regions, self.regions))


class StatusChange(db.Model):
    """One step of a challenge's lifecycle: who moved it, when, from where to where."""

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenge.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    challenge: Mapped[Challenge] = relationship(back_populates="history")
    user: Mapped[User | None] = relationship(lazy="joined")

    @property
    def from_label(self) -> str:
        return str(STATUSES.get(self.from_status, "")) if self.from_status else ""

    @property
    def to_label(self) -> str:
        return str(STATUSES.get(self.to_status, self.to_status))


class Solution(Timestamped, Versioned, ForHandbook, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenge.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[Translations] = mapped_column(TranslatedText)  # Markdown
    kind: Mapped[str] = mapped_column(String(20), default="measure")
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True
    )
    # A good practice: where it works (e.g. a municipality seen on a study visit).
    where_it_works: Mapped[str | None] = mapped_column(String(200))
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    challenge: Mapped[Challenge] = relationship(back_populates="solutions")
    event: Mapped[Event | None] = relationship()
    proposed_by: Mapped[list[Organisation]] = relationship(
        secondary=solution_organisation, order_by="Organisation.name"
    )

    def __repr__(self) -> str:
        return f"<Solution {self.id} of challenge {self.challenge_id}>"

    @property
    def kind_label(self) -> str:
        return str(SOLUTION_KINDS.get(self.kind, self.kind))


class Vote(Timestamped, db.Model):
    """A dot-vote at an event over some of the project's challenges."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    question: Mapped[str | None] = mapped_column(String(300))
    dots_per_voter: Mapped[int] = mapped_column(Integer, default=3)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    opened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    options: Mapped[list["VoteOption"]] = relationship(
        back_populates="vote", cascade="all, delete-orphan", order_by="VoteOption.id"
    )
    dots: Mapped[list["Dot"]] = relationship(back_populates="vote", cascade="all, delete-orphan")


class VoteOption(db.Model):
    """A challenge on the ballot of a vote."""

    __table_args__ = (UniqueConstraint("vote_id", "challenge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"), index=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenge.id", ondelete="CASCADE"), index=True
    )

    vote: Mapped[Vote] = relationship(back_populates="options")
    challenge: Mapped[Challenge] = relationship()


class Dot(db.Model):
    """One dot placed on a challenge, by a logged-in person or for a table."""

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"), index=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenge.id", ondelete="CASCADE"), index=True
    )
    # Who the dot is from: a person's account, or a table the facilitator voted for.
    voter_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    table_label: Mapped[str | None] = mapped_column(String(60))
    placed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    vote: Mapped[Vote] = relationship(back_populates="dots")
