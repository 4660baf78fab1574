"""Reporting periods of a project (the programme asks for figures per period)."""

from datetime import date

from sqlalchemy import Date, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collab.database import Timestamped, Versioned
from collab.extensions import db
from collab.i18n import TranslatedText, Translations
from collab.projects.models import Project


class ReportingPeriod(Timestamped, Versioned, db.Model):
    __table_args__ = (UniqueConstraint("project_id", "start_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[Translations] = mapped_column(TranslatedText)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)  # inclusive

    project: Mapped[Project] = relationship()

    def __repr__(self) -> str:
        return f"<ReportingPeriod {self.id} {self.start_date}–{self.end_date}>"

    def holds(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date
