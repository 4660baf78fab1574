"""Writes of the workshop board that collab.challenges.operations does not cover: notes, and
an edit of one language of a text."""

from sqlalchemy import select

from collab.board.forms import NOTE_TITLE_LENGTH
from collab.events.models import Event
from collab.extensions import db
from collab.i18n import Translations
from collab.outputs.models import Output


def note_title(text: str) -> str:
    """The first line of a note, cut to fit a title."""
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    if len(first) <= NOTE_TITLE_LENGTH:
        return first
    return first[: NOTE_TITLE_LENGTH - 1].rstrip() + "…"


def record_note(
    event: Event, text: str, language: str, user=None, *, client_key: str | None = None
) -> tuple[Output, bool]:
    """A note of the event, or the one already saved with `client_key` (a capture the browser
    sent again after a dropped connection). Returns (note, created)."""
    if client_key:
        existing = db.session.scalar(select(Output).where(Output.client_key == client_key))
        if existing is not None:
            return existing, False
    note = Output(
        event_id=event.id,
        kind="note",
        title=Translations({language: note_title(text)}),
        text=Translations({language: text}),
        client_key=client_key,
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(note)
    db.session.flush()
    return note, True


def edited_language(value: Translations | None, reader: str) -> str:
    """The language a person edits a text in: the one they read it in (theirs when it is
    there, else the language it was written in)."""
    if value and not value.get(reader):
        return value.original or reader
    return reader


def with_text(value: Translations | None, language: str, text: str | None) -> Translations | None:
    """`value` with the text in `language` replaced and every other language kept."""
    texts = dict(value or {})
    texts[language] = text or ""
    original = value.original if value else language
    return Translations.written(original, texts) or None
