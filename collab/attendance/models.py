"""Who came: participants (one per person in a project) and their attendance at events."""

import re
import unicodedata
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collab.database import Timestamped, UTCDateTime, Versioned, utcnow
from collab.events.models import FUNCTIONS, Event
from collab.extensions import db
from collab.organisations.models import KINDS, Organisation

ROLES = {
    "participant": _l("Participant"),
    "speaker": _l("Speaker"),
    "facilitator": _l("Facilitator"),
    "organiser": _l("Organiser"),
}
RECORDED = {"hand": _l("By hand"), "import": _l("Imported"), "checkin": _l("Self check-in")}
GENDERS = {"female": _l("Female"), "male": _l("Male"), "other": _l("Other or not said")}

# The consent statements a person agrees to at check-in. A new wording gets a new version;
# the version agreed to is stored with the person.
CONSENT_VERSION = "2026-1"


def name_key(name: str | None) -> str:
    """A person's name as compared for duplicates: no accents, case or extra spaces.

    "Ilze  Bērziņa" and "ilze berzina" are the same person typed twice.
    """
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", letters).strip()


class Participant(Timestamped, Versioned, db.Model):
    """A person who took part in a project's events, counted once however often they came."""

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True, default="")
    # A known organisation, or the name as the person typed it.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    function: Mapped[str] = mapped_column(String(20), default="other")
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    gender: Mapped[str | None] = mapped_column(String(10))
    # Consent as given (at check-in or recorded by the organiser): which version, when.
    consent_version: Mapped[str | None] = mapped_column(String(20))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_named: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_photos: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Erased on request or by the retention rule: name, e-mail and free text are gone; the
    # country, function and organisation kind stay so reported figures do not change.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    attendances: Mapped[list["Attendance"]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Participant {self.id} of project {self.project_id}>"

    @property
    def organisation_label(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return self.organisation_name or ""

    @property
    def function_label(self) -> str:
        return str(FUNCTIONS.get(self.function, self.function))

    @property
    def organisation_kind(self) -> str | None:
        """The Interreg target group, from the organisation's kind."""
        return self.organisation.kind if self.organisation is not None else None

    @property
    def organisation_kind_label(self) -> str:
        kind = self.organisation_kind
        return str(KINDS[kind]) if kind in KINDS else ""

    def record_consent(self, named: bool, photos: bool) -> None:
        self.consent_version = CONSENT_VERSION
        self.consent_at = utcnow()
        self.consent_named = named
        self.consent_photos = photos


@event.listens_for(Participant, "before_insert")
@event.listens_for(Participant, "before_update")
def _normalise(mapper, connection, target: Participant) -> None:
    target.name_key = name_key(target.name)
    if target.email:
        target.email = target.email.strip().lower()


class Attendance(Timestamped, db.Model):
    """A participant at an event. One per person and event: checking in twice is one visit."""

    __table_args__ = (UniqueConstraint("event_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), default="participant")
    recorded: Mapped[str] = mapped_column(String(10), default="hand")

    event: Mapped[Event] = relationship()
    participant: Mapped[Participant] = relationship(back_populates="attendances", lazy="joined")

    def __repr__(self) -> str:
        return f"<Attendance {self.participant_id} at {self.event_id}>"

    @property
    def role_label(self) -> str:
        return str(ROLES.get(self.role, self.role))

    @property
    def recorded_label(self) -> str:
        return str(RECORDED.get(self.recorded, self.recorded))
