"""What an event produced: notes, files, presentations, photos, reports; files stored once."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collab.auth.models import User
from collab.challenges.models import ForHandbook
from collab.database import Timestamped, Versioned
from collab.events.models import AgendaItem, Event
from collab.extensions import db
from collab.i18n import TranslatedText, Translations

KINDS = {
    "note": _l("Note"),
    "file": _l("File"),
    "presentation": _l("Presentation"),
    "photo": _l("Photo"),
    "report": _l("Report"),
    "signed_list": _l("Signed attendance list"),
}


class StoredFile(Timestamped, db.Model):
    """The bytes of an upload, stored once under UPLOAD_DIR by their SHA-256."""

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    # Detected from the content, never taken from the name or the browser.
    content_type: Mapped[str] = mapped_column(String(120))

    def __repr__(self) -> str:
        return f"<StoredFile {self.sha256[:12]} {self.content_type} {self.size}>"


class Output(Timestamped, Versioned, ForHandbook, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="note")
    title: Mapped[Translations] = mapped_column(TranslatedText)
    text: Mapped[Translations | None] = mapped_column(TranslatedText)  # Markdown
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"), index=True)
    # The name the file had on the uploader's computer, cleaned for downloads.
    filename: Mapped[str | None] = mapped_column(String(200))
    # A presentation: the agenda item it was given at (speaker and organisation come from it).
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    # A photo: whether the people in it consented to its publication.
    publication_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    event: Mapped[Event] = relationship()
    file: Mapped[StoredFile | None] = relationship(lazy="joined")
    agenda_item: Mapped[AgendaItem | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Output {self.id} {self.kind} of event {self.event_id}>"

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))
