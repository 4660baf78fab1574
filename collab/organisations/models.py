"""Organisations: the partners, municipalities, businesses, NGOs and universities."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from collab.database import Timestamped, Versioned
from collab.extensions import db

# The target groups Interreg programmes report in, so figures can be copied into the
# programme's monitoring system without re-coding.
KINDS = {
    "local_public_authority": _l("Local public authority"),
    "regional_public_authority": _l("Regional public authority"),
    "national_public_authority": _l("National public authority"),
    "sectoral_agency": _l("Sectoral agency"),
    "infrastructure_provider": _l("Infrastructure and public service provider"),
    "interest_group": _l("Interest group including NGOs"),
    "higher_education": _l("Higher education and research"),
    "education_centre": _l("Education and training centre or school"),
    "enterprise": _l("Enterprise, except SME"),
    "sme": _l("SME"),
    "business_support": _l("Business support organisation"),
    "egtc": _l("EGTC"),
    "international_organisation": _l("International organisation"),
    "general_public": _l("General public"),
    "other": _l("Other"),
}

# Countries the partners come from first; any ISO 3166 code is accepted.
MAIN_COUNTRIES = ("LV", "LT", "EE", "FI", "SE", "DK", "DE", "PL")


class Organisation(Timestamped, Versioned, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(60))
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(40))
    town: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(200))

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.short_name or self.name!r} {self.country}>"

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))


def search_organisations(text: str = "", country: str = "", kind: str = ""):
    """Select organisations matching a search text and filters, sorted by name."""
    query = select(Organisation)
    if text:
        like = f"%{text.strip().lower()}%"
        query = query.where(
            func.lower(Organisation.name).like(like)
            | func.lower(Organisation.short_name).like(like)
            | func.lower(Organisation.town).like(like)
        )
    if country:
        query = query.where(Organisation.country == country)
    if kind:
        query = query.where(Organisation.kind == kind)
    return query.order_by(func.lower(Organisation.name))
