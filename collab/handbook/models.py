"""The project's handbook: its chapter plan, what each chapter holds, and compiled drafts."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collab.auth.models import User
from collab.database import Timestamped, UTCDateTime, Versioned, utcnow
from collab.extensions import db
from collab.i18n import TranslatedText, Translations
from collab.outputs.models import StoredFile
from collab.projects.models import Project

# The chapters every handbook has, in their default order. The editor renames, reorders,
# includes and excludes them; the kind decides what the chapter is compiled from.
CHAPTER_KINDS = {
    "cover": _l("Cover"),
    "foreword": _l("Foreword"),
    "project": _l("About the project"),
    "activities": _l("Activities and figures"),
    "challenges": _l("Challenges and solutions"),
    "good_practices": _l("Good practices"),
    "workshops": _l("Workshop summaries"),
    "annexes": _l("Annexes"),
}
# What a section of a chapter is: a record of the project placed there, or the editor's text.
SECTION_SOURCES = ("challenge", "solution", "output", "event", "text")
DRAFT_FORMATS = ("pdf", "docx")
# A bilingual edition: both languages side by side, or one after the other per section.
BILINGUAL_LAYOUTS = {"side": _l("Side by side"), "sequence": _l("One after the other")}
DRAFT_STATUSES = {
    "queued": _l("Waiting"),
    "running": _l("Compiling"),
    "done": _l("Ready"),
    "failed": _l("Failed"),
}


class Handbook(Timestamped, Versioned, db.Model):
    """One per project: its title and the editor's foreword, per language."""

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    title: Mapped[Translations] = mapped_column(TranslatedText)
    subtitle: Mapped[Translations | None] = mapped_column(TranslatedText)
    foreword: Mapped[Translations | None] = mapped_column(TranslatedText)  # Markdown

    project: Mapped[Project] = relationship()
    chapters: Mapped[list["HandbookChapter"]] = relationship(
        back_populates="handbook", cascade="all, delete-orphan", order_by="HandbookChapter.position"
    )
    drafts: Mapped[list["HandbookDraft"]] = relationship(
        back_populates="handbook", cascade="all, delete-orphan", order_by="HandbookDraft.number"
    )

    def __repr__(self) -> str:
        return f"<Handbook {self.id} of project {self.project_id}>"


class HandbookChapter(Timestamped, Versioned, db.Model):
    __table_args__ = (UniqueConstraint("handbook_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handbook_id: Mapped[int] = mapped_column(
        ForeignKey("handbook.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    # The editor's own title; None: the kind's title, in the edition's language.
    title: Mapped[Translations | None] = mapped_column(TranslatedText)
    included: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    handbook: Mapped[Handbook] = relationship(back_populates="chapters")
    sections: Mapped[list["HandbookSection"]] = relationship(
        back_populates="chapter", cascade="all, delete-orphan", order_by="HandbookSection.position"
    )

    def __repr__(self) -> str:
        return f"<HandbookChapter {self.id} {self.kind}>"

    @property
    def kind_label(self) -> str:
        return str(CHAPTER_KINDS.get(self.kind, self.kind))


class HandbookSection(Timestamped, Versioned, db.Model):
    """A place in a chapter: a record marked for the handbook, or a free text (Markdown).

    Records get their section when the plan is brought up to date with the marks
    (collab.handbook.plan); the editor orders them and may leave one out.
    """

    __table_args__ = (UniqueConstraint("chapter_id", "source", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(
        ForeignKey("handbook_chapter.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(20))  # SECTION_SOURCES
    # The record's id; None for a free text. Not a foreign key: a record moved to the trash
    # and restored keeps its place, and one deleted for good is simply skipped.
    source_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[Translations | None] = mapped_column(TranslatedText)  # free text only
    text: Mapped[Translations | None] = mapped_column(TranslatedText)  # free text, Markdown
    included: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    chapter: Mapped[HandbookChapter] = relationship(back_populates="sections")

    def __repr__(self) -> str:
        return f"<HandbookSection {self.id} {self.source} {self.source_id}>"


class HandbookDraft(db.Model):
    """A numbered compile of the handbook: one edition (language or language pair), its files.

    `content_hash` is the SHA-256 of the collected content with the edition's settings;
    compiling again with the same hash returns this draft instead of a new one, and the
    unique constraint keeps two requests in the same instant from making two.
    """

    __table_args__ = (
        UniqueConstraint("handbook_id", "number", name="uq_handbook_draft_number"),
        UniqueConstraint("handbook_id", "content_hash", name="uq_handbook_draft_content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    handbook_id: Mapped[int] = mapped_column(
        ForeignKey("handbook.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2))
    # A bilingual edition's second language, and how the two are laid out.
    second_language: Mapped[str | None] = mapped_column(String(2))
    layout: Mapped[str | None] = mapped_column(String(10))  # BILINGUAL_LAYOUTS
    formats: Mapped[list] = mapped_column(JSON, default=list)  # DRAFT_FORMATS
    content_hash: Mapped[str] = mapped_column(String(64))
    # What each item looked like ({key: {"title": ..., "hash": ...}}), for "what changed".
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="queued")  # DRAFT_STATUSES
    chapters_done: Mapped[int] = mapped_column(Integer, default=0)
    chapters_total: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    pdf_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    docx_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    handbook: Mapped[Handbook] = relationship(back_populates="drafts")
    pdf_file: Mapped[StoredFile | None] = relationship(foreign_keys=[pdf_file_id])
    docx_file: Mapped[StoredFile | None] = relationship(foreign_keys=[docx_file_id])
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<HandbookDraft {self.number} of handbook {self.handbook_id} ({self.status})>"

    @property
    def edition(self) -> str:
        """ "lv", or "lv+lt" for a bilingual edition."""
        return f"{self.language}+{self.second_language}" if self.second_language else self.language

    @property
    def status_label(self) -> str:
        return str(DRAFT_STATUSES.get(self.status, self.status))
