"""The handbook as collected data, before it is laid out: the one input of every format.

collab.handbook.collect builds a Document for one language from the living data; the web
preview and the PDF (collab.handbook.html) and the DOCX (collab.handbook.docx) each lay
out the same Document, so the formats cannot drift apart. A bilingual edition is two
Documents of the same plan, which have the same chapters and blocks in the same order.

Every block has a `key` that names where it came from ("challenge:12", "event:3",
"text:7", "figure:participants-by-country"); keys are stable between compiles, so two
drafts can be compared block by block ("what changed since draft N").
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from markupsafe import Markup


@dataclass
class Text:
    """Content in the edition's language, or in its original language (`fallback`)."""

    value: str
    language: str | None = None  # the language `value` is in
    fallback: bool = False  # shown in its original language: the marker says so
    markdown: bool = False  # `value` is Markdown (sanitised when laid out)
    # The record the text belongs to ("event:3", "theme:2", "handbook:1"), where a missing
    # translation is filled in; the translation report links there.
    origin: str | None = None

    def __str__(self) -> str:
        return self.value


@dataclass
class Source:
    """Where a statement comes from: a page of the app a reader can open."""

    url: str  # absolute path in the app, e.g. /events/3
    label: str  # e.g. "Innovation camp in Ventspils, 15.09.2021"


@dataclass
class Paragraph:
    key: str
    text: Text
    heading: str | None = None  # a small heading above it ("Sites visited")


@dataclass
class Table:
    key: str
    caption: str
    head: list[str]
    rows: list[list["str | Text"]]
    numeric: list[int] = field(default_factory=list)  # indexes of right-aligned columns
    foot: list[str] | None = None  # a totals row
    # How wide each column is, relative to the others (None: as wide as its content needs).
    widths: list[float] | None = None


@dataclass
class Figure:
    """A chart (collab.charts): vector graphics, with its numbers as a table beside it."""

    key: str
    title: str
    svg: Markup
    head: list[str]
    rows: list[list[str]]


@dataclass
class Image:
    """A photo (published with consent) or other picture from the outputs."""

    key: str
    path: Path
    content_type: str
    caption: Text | None
    alt: str
    url: str | None = None  # where the web preview loads it from


@dataclass
class Record:
    """A record of the project placed in the handbook (a challenge, a solution, an event's
    summary, an output) or the editor's free text, with where it came from."""

    key: str
    title: Text
    source: Source | None  # None for the editor's text
    facts: list[tuple[str, "str | Text"]] = field(default_factory=list)  # label, value
    blocks: list["Paragraph | Table | Figure | Image | Record"] = field(default_factory=list)
    # The heading it is listed under (a challenge's theme); a new heading starts where the
    # group changes from the record before. A Text where the name is content.
    group: "str | Text | None" = None
    # The key of a record elsewhere in the document that says the rest (a solution under
    # its challenge whose full text is in "Good practices"): laid out as an internal link.
    link: str | None = None


Block = Paragraph | Table | Figure | Image | Record


@dataclass
class Chapter:
    key: str  # "chapter:<kind>"
    kind: str
    number: int  # 1, 2, …; 0: no number shown (the cover and the foreword)
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    language: str
    title: Text
    subtitle: Text | None
    project_code: str
    chapters: list[Chapter]
    # Generated labels in the edition's language ("Contents", "Page", "Source", …), so the
    # renderers need no locale of their own.
    labels: dict[str, str] = field(default_factory=dict)
    date: str = ""  # the compile date, formatted in the edition's language

    def blocks(self):
        """Every block, depth first, with records' inner blocks."""

        def walk(blocks):
            for block in blocks:
                yield block
                if isinstance(block, Record):
                    yield from walk(block.blocks)

        for chapter in self.chapters:
            yield chapter
            yield from walk(chapter.blocks)

    def fallbacks(self) -> list[tuple[Block, Text]]:
        """Content shown in another language than the edition's: the translation report."""
        found = []
        for block in self.blocks():
            for text in texts_of(block):
                if text.fallback:
                    found.append((block, text))
        return found

    def fingerprint(self) -> str:
        """SHA-256 of everything the document says (not of the compile date)."""
        data = asdict(self)
        data.pop("date", None)
        return hashlib.sha256(
            json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()
        ).hexdigest()


def texts_of(block) -> list[Text]:
    """The content texts of one block itself (not of the records inside it)."""
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Record):
        values = [block.title, block.group, *(value for _, value in block.facts)]
        return [v for v in values if isinstance(v, Text)]
    if isinstance(block, Table):
        return [cell for row in block.rows for cell in row if isinstance(cell, Text)]
    if isinstance(block, Image) and block.caption is not None:
        return [block.caption]
    return []
