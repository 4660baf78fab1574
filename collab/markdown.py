"""Markdown that people write in descriptions, shown as safe HTML."""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from collab.i18n import LANGUAGE_NAMES, Translations, current_language

# Raw HTML is never taken from the text; line breaks are kept as typed, since people paste
# programmes and lists from e-mails, where a new line means a new line.
_parser = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html: str) -> str:
    """Keep only the tags and attributes a description needs; links get rel=noopener."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str | None) -> Markup:
    """Markdown as sanitised HTML."""
    if not text:
        return Markup("")
    tokens = _parser.parse(text)
    for token in tokens:
        # A description sits under the page's section headings (h1, h2): its own headings
        # come below them, so the outline of the page stays in order.
        if token.type in ("heading_open", "heading_close"):
            token.tag = "h3" if token.tag in ("h1", "h2", "h3") else "h4"
    html = _parser.renderer.render(tokens, _parser.options, {})
    return Markup(clean_html(html))


def markdown(value, language: str | None = None) -> Markup:
    """The `markdown` filter: a text, or Translations in the reader's language; a text not
    translated yet is shown in its original language with the same marker as `tr`."""
    if not value:
        return Markup("")
    if not isinstance(value, Translations):
        return render_markdown(str(value))
    language = language or current_language()
    text, shown = value.pick(language)
    if shown == language or shown is None:
        return render_markdown(text)
    from flask_babel import gettext

    note = gettext("Not translated yet; shown in %(language)s", language=LANGUAGE_NAMES[shown])
    return Markup(
        '<p><abbr class="fallback" title="{note}">{code}</abbr></p><div lang="{lang}">{text}</div>'
    ).format(lang=shown, text=render_markdown(text), note=note, code=shown.upper())
