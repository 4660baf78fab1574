"""Lay a collected handbook out as HTML: the web preview, and the PDF through WeasyPrint.

Both come from templates/handbook/document.html and static/css/handbook-document.css (the
@page and print rules are the PDF's), so what the editor previews is what prints. A
bilingual edition is two Documents of the same plan: laid out side by side (two columns
per record and paragraph) or one after the other (each block in the first language,
then in the second). Tables and charts are always full width, one language after the
other: half a page is too narrow for them.
"""

import os
import re
from datetime import date

from flask import current_app, render_template
from markupsafe import Markup, escape

from collab.handbook.document import Document, Figure, Image, Paragraph, Record, Table, Text
from collab.markdown import render_markdown
from collab.pdf import html_to_pdf

STYLESHEET = "handbook-document.css"  # in static/css
LAYOUTS = ("side", "sequence")


def render_html(
    documents: list[Document],
    layout: str | None = None,
    *,
    for_pdf: bool,
    base_url: str | None = None,
) -> str:
    """The handbook as HTML: a whole document for the PDF, or the part of a page the web
    preview shows (for_pdf=False). `base_url` is put before the app paths of the sources
    (the PDF, read away from the app, links to it only when the app's address is known)."""
    if not documents:
        raise ValueError("a handbook edition needs at least one document")
    documents = documents[:2]
    if len(documents) == 1:
        layout = None
    elif layout not in LAYOUTS:
        layout = "side"
    return render_template(
        "handbook/document.html",
        docs=documents,
        doc=documents[0],
        layout=layout,
        for_pdf=for_pdf,
        app_url=(base_url or "").rstrip("/"),
        heading_offset=0 if for_pdf else 1,
        kind_of=kind_of,
        anchor=anchor,
        content=content,
        pairs=pairs,
        column_classes=column_classes,
        picture_only=picture_only,
        created=date.today().isoformat(),
    )


def render_pdf(
    documents: list[Document], layout: str | None = None, *, base_url: str | None = None
) -> bytes:
    """The handbook as a tagged, accessible PDF (PDF/UA-1) with Noto Sans embedded."""
    if base_url is None:
        base_url = current_app.config.get("PUBLIC_URL") or os.environ.get("PUBLIC_URL")
    return laid_out_pdf(render_html(documents, layout, for_pdf=True, base_url=base_url))


def laid_out_pdf(html: str) -> bytes:
    """The handbook's final HTML as PDF: WeasyPrint alone (bench/handbook_compile.py)."""
    return html_to_pdf(
        html,
        STYLESHEET,
        pdf_variant="pdf/ua-1",
        # Photos from a camera are far larger than a printed page needs.
        dpi=200,
        jpeg_quality=85,
        optimize_images=True,
    )


# --- Helpers the template calls -------------------------------------------------------


def kind_of(block) -> str:
    """The name of a block's type, for the template to choose its macro."""
    for cls, name in (
        (Record, "record"),
        (Paragraph, "paragraph"),
        (Table, "table"),
        (Figure, "figure"),
        (Image, "image"),
    ):
        if isinstance(block, cls):
            return name
    return "unknown"


def picture_only(record: Record) -> bool:
    """A record that is a photo with its title: kept on one page."""
    return bool(record.blocks) and all(isinstance(b, Image) for b in record.blocks)


def anchor(document: Document, key: str) -> str:
    """The id of a block in the page: its key, per language (a bilingual page has two)."""
    return f"hb-{document.language}-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def content(value, document: Document, block: bool = False) -> Markup:
    """A text as HTML: Markdown sanitised, in its language, with the marker of a fallback."""
    if value is None:
        return Markup("")
    if not isinstance(value, Text):
        return escape(str(value))
    body = render_markdown(value.value) if value.markdown else escape(value.value)
    if not value.fallback:
        return Markup('<div class="hb-text">{}</div>').format(body) if block else body
    note = document.labels.get(f"fallback:{value.language}", "")
    marker = Markup(
        '<span class="hb-fallback" title="{note}"><span aria-hidden="true">[</span>'
        '{code}<span aria-hidden="true">]</span><span class="hb-visually-hidden">'
        " {note}</span></span>"
    ).format(note=note, code=(value.language or "").upper())
    if block:
        return Markup('<div class="hb-text" lang="{lang}">{marker}{body}</div>').format(
            lang=value.language, marker=marker, body=body
        )
    return Markup('<span lang="{lang}">{body}</span> {marker}').format(
        lang=value.language, body=body, marker=marker
    )


def column_classes(widths: list[float]) -> list[str]:
    """Classes giving a table's columns their share of the width, in steps of 5 %.

    A table laid out with fixed widths is also far quicker for WeasyPrint to lay out than
    one whose columns are measured from every cell."""
    total = sum(widths) or 1
    return [f"hb-w-{min(max(5, round(w / total * 20) * 5), 100)}" for w in widths]


def pairs(first: list, second: list | None) -> list[tuple]:
    """Blocks of two documents side by side; blocks of one with nothing beside them."""
    if second is None:
        return [(block, None) for block in first]
    if len(first) != len(second):
        # Two collects of one plan: the same blocks, unless the data changed in between.
        second = second + [None] * (len(first) - len(second))
    return list(zip(first, second, strict=False))
