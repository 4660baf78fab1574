"""Languages: which one a request is in, and content that holds a value per language."""

import json

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import Text
from sqlalchemy.ext.mutable import Mutable
from sqlalchemy.types import TypeDecorator

from collab.config import LANGUAGES

# Each language named in itself, for the switcher; and in the reader's language.
LANGUAGE_AUTONYMS = {"en": "English", "lv": "Latviešu", "lt": "Lietuvių"}
LANGUAGE_NAMES = {"en": _l("English"), "lv": _l("Latvian"), "lt": _l("Lithuanian")}


def select_locale() -> str:
    """User's preference, else the switch kept in the session, else Accept-Language, else en."""
    if not has_request_context():
        return "en"  # command line: messages in the source language
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    if session.get("language") in LANGUAGES:
        return session["language"]
    return request.accept_languages.best_match(LANGUAGES) or "en"


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def current_language() -> str:
    return str(get_locale() or "en")


class Translations(Mutable, dict):
    """Text in several languages; the first language stored is the one it was written in."""

    @classmethod
    def coerce(cls, key, value):
        if value is None or isinstance(value, cls):
            return value
        if isinstance(value, dict):
            return cls(value)
        if isinstance(value, str):
            return cls({"en": value})
        return Mutable.coerce(key, value)

    def __setitem__(self, key, value):
        dict.__setitem__(self, key, value)
        self.changed()

    def __delitem__(self, key):
        dict.__delitem__(self, key)
        self.changed()

    @classmethod
    def written(cls, original: str, texts: dict) -> "Translations":
        """Build from a form: keep only filled languages, the original one first."""
        filled = {lang: (texts.get(lang) or "").strip() for lang in LANGUAGES}
        filled = {lang: text for lang, text in filled.items() if text}
        if original not in filled:
            original = next(iter(filled), original)
        ordered = {original: filled[original]} if original in filled else {}
        ordered.update((lang, text) for lang, text in filled.items() if lang != original)
        return cls(ordered)

    @property
    def original(self) -> str | None:
        return next(iter(self), None)

    def pick(self, language: str) -> tuple[str, str | None]:
        """(text, language it is in) for a reader of `language`, falling back to the original."""
        if self.get(language):
            return self[language], language
        original = self.original
        return (self[original], original) if original else ("", None)

    def __str__(self) -> str:
        return self.pick(current_language())[0]

    def __html__(self) -> str:
        return str(render_translated(self))


class TranslatedText(TypeDecorator):
    """A column holding a Translations value, stored as JSON text.

    Text rather than the JSON type: key order (the original language first) survives on
    every database, and Baltic letters stay searchable with LIKE (ensure_ascii=False).
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return json.dumps(dict(value), ensure_ascii=False)

    def process_result_value(self, value, dialect):
        return Translations(json.loads(value)) if value is not None else None


Translations.associate_with(TranslatedText)


def render_translated(value, language: str | None = None) -> Markup:
    """Text in the reader's language, or in its original one with a visible marker."""
    if not value:
        return Markup("")
    if not isinstance(value, Translations):
        return escape(value)
    language = language or current_language()
    text, shown = value.pick(language)
    if shown == language or shown is None:
        return escape(text)
    from flask_babel import gettext

    note = gettext("Not translated yet; shown in %(language)s", language=LANGUAGE_NAMES[shown])
    return Markup(
        '<span lang="{lang}">{text}</span> <abbr class="fallback" title="{note}">{code}</abbr>'
    ).format(lang=shown, text=text, note=note, code=shown.upper())
