"""Projects, their partners and their indicators."""

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, Integer, Numeric, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collab.database import Timestamped, Versioned
from collab.extensions import db
from collab.i18n import TranslatedText, Translations
from collab.organisations.models import Organisation

PARTNER_ROLES = {
    "partner": _l("Partner"),
    "lead": _l("Lead partner"),
    "associated": _l("Associated partner"),
}
Money = Numeric(14, 2)


class Project(Timestamped, Versioned, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    acronym: Mapped[str] = mapped_column(String(80))
    title: Mapped[Translations] = mapped_column(TranslatedText)
    # The programme's official name differs per language, so it is content, not a code.
    programme: Mapped[Translations] = mapped_column(TranslatedText)
    priority: Mapped[Translations | None] = mapped_column(TranslatedText)
    total_budget: Mapped[Decimal | None] = mapped_column(Money)
    eu_amount: Mapped[Decimal | None] = mapped_column(Money)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    description: Mapped[Translations | None] = mapped_column(TranslatedText)
    # The secret in the URL of the project's calendar feed, which calendar apps fetch
    # without a login; made on first use, replaced to revoke old subscriptions.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Participants' personal data is anonymised this many years after the project's end
    # (`flask collab retention`); None: not set yet.
    retention_years: Mapped[int | None] = mapped_column(Integer)

    partners: Mapped[list["Partner"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Partner.position"
    )
    indicators: Mapped[list["Indicator"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Indicator.position"
    )

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.code}>"

    @property
    def eu_share(self) -> Decimal | None:
        """The EU share of the budget, as a fraction (0.85 is 85 %)."""
        if not self.total_budget or self.eu_amount is None:
            return None
        return (self.eu_amount / self.total_budget).quantize(Decimal("0.0001"))

    def elapsed_share(self, today: date) -> int:
        """How much of the project period has passed, in whole per cent (0 to 100)."""
        days = (self.end_date - self.start_date).days or 1
        return max(0, min(100, round((today - self.start_date).days * 100 / days)))


class Partner(db.Model):
    __table_args__ = (UniqueConstraint("project_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="partner")
    budget: Mapped[Decimal | None] = mapped_column(Money)
    position: Mapped[int] = mapped_column(Integer, default=0)

    project: Mapped[Project] = relationship(back_populates="partners")
    organisation: Mapped[Organisation] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Partner {self.organisation_id} of project {self.project_id} ({self.role})>"

    @property
    def role_label(self) -> str:
        return str(PARTNER_ROLES.get(self.role, self.role))


class Indicator(Timestamped, Versioned, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[Translations] = mapped_column(TranslatedText)
    unit: Mapped[Translations | None] = mapped_column(TranslatedText)
    target: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    achieved: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=0)
    # A measure computed live from the data (collab.reporting.measures.MEASURES) with its
    # filters ({"event_kind": "workshop", "country": "LV", ...}); None: `achieved` is
    # typed in by hand.
    measure: Mapped[str | None] = mapped_column(String(40))
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)

    project: Mapped[Project] = relationship(back_populates="indicators")

    def __repr__(self) -> str:
        return f"<Indicator {self.id} of project {self.project_id}>"

    @property
    def share(self) -> Decimal:
        """Achieved against target, as a fraction (may pass 1)."""
        return (
            (self.achieved / self.target).quantize(Decimal("0.01")) if self.target else Decimal(0)
        )


def partner_project_ids(organisation_id: int | None):
    """Select the ids of the projects an organisation is a partner of."""
    return select(Partner.project_id).where(Partner.organisation_id == organisation_id)
