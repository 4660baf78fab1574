"""The handbook as a Word document, for the editor to continue in Word or LibreOffice.

Laid out with python-docx from the same collected Document as the web preview and the PDF
(never converted from them): a cover, real Heading 1/2/3 styles, a table of contents field
that Word fills in when the file is opened, tables whose header row repeats on every page,
photos, charts as pictures with their numbers as a table, page numbers and a running header,
Noto Sans throughout, and a link back to the app page every statement comes from.
"""

import io
import logging
import re
from itertools import zip_longest

from docx import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markdown_it import MarkdownIt

from collab.config import ROOT
from collab.handbook.document import (
    Chapter,
    Document,
    Figure,
    Image,
    Paragraph,
    Record,
    Table,
    Text,
)

log = logging.getLogger(__name__)

FONT = "Noto Sans"
MONO = "Noto Sans Mono"
INK = RGBColor(0x1B, 0x23, 0x30)
BRAND = RGBColor(0x1D, 0x3B, 0x6F)
ACCENT = RGBColor(0x0F, 0x6E, 0x63)
MUTED = RGBColor(0x5A, 0x64, 0x72)
LINK = RGBColor(0x1A, 0x56, 0xA8)
LINE = "D8DDE5"
HEAD_FILL = "1D3B6F"
STRIPE_FILL = "F4F6F9"
# A4 with generous margins; the text block is what pictures and tables are sized to.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = Mm(22), Mm(25), Mm(22)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE
# Photos larger than this (pixels, long side) are scaled down: a phone's 4000 px photo
# would make the file heavy without looking better on paper.
PHOTO_MAX_PX = 1800
CHART_PX = 1800

LANGUAGE_TAGS = {"en": "en-GB", "lv": "lv-LV", "lt": "lt-LT"}
LANGUAGE_LABELS = {"en": _l("English"), "lv": _l("Latvian"), "lt": _l("Lithuanian")}

# Generated words, in the edition's language.
LABELS = {
    "contents": _l("Contents"),
    "source": _l("Source"),
    "figure": _l("Figure"),
    "figures_data": _l("The figures behind the chart"),
    "toc_hint": _l(
        "The page numbers fill in when the document is opened in Word (answer Yes when "
        "it asks to update the fields) or, in LibreOffice, with Tools › Update › Update All."
    ),
    "fallback_note": _l(
        "Text marked with a language code, such as [LV], is not translated yet and is shown "
        "in the language it was written in."
    ),
    "page": _l("Page"),
}

# What people write in descriptions; raw HTML is never taken from it (as collab.markdown).
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")
_SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)
# Characters XML cannot hold (python-docx would refuse the whole document).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render_docx(documents: list[Document], layout: str | None = None, *, base_url=None) -> bytes:
    """The DOCX of one Document, or of two (a bilingual edition, "side" or "sequence").

    `base_url` (e.g. "https://collab.example.org/") makes the source references links to
    the app's pages; without it they are written as text.
    """
    return _Writer(documents, layout, base_url).write()


def label(document: Document, key: str) -> str:
    """A generated word in the edition's language: the collected one, else our own."""
    if document.labels.get(key):
        return document.labels[key]
    with force_locale(document.language):
        return str(LABELS[key])


def clean(text) -> str:
    return _NOT_XML.sub("", str(text or ""))


# --- Low-level WordprocessingML ------------------------------------------------------------


def _set(element, tag: str, successors=(), **attributes):
    """Add (or replace) the child `tag` of `element`, in its schema position."""
    for old in element.findall(qn(tag)):
        element.remove(old)
    child = OxmlElement(tag)
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), str(value))
    if successors:
        element.insert_element_before(child, *successors)
    else:
        element.append(child)
    return child


def _fonts(rpr, name: str = FONT) -> None:
    """Name the font for every script explicitly (theme fonts would win otherwise)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0 if rpr.find(qn("w:rStyle")) is None else 1, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), name)


RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _lang(run, language: str | None) -> None:
    """Tell spell checkers and screen readers which language a run is in."""
    if language in LANGUAGE_TAGS:
        _set(run._r.get_or_add_rPr(), "w:lang", RPR_AFTER_LANG, val=LANGUAGE_TAGS[language])


def _field(paragraph, instruction: str, shown: str = "") -> None:
    """A field (PAGE, TOC, …) that Word computes; `shown` until it does."""
    _field_begin(paragraph, instruction)
    if shown:
        paragraph.add_run(shown)
    _field_end(paragraph)


def _field_begin(paragraph, instruction: str) -> None:
    begin = paragraph.add_run()._r
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "begin")
    char.set(qn("w:dirty"), "true")
    begin.append(char)
    code = paragraph.add_run()._r
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code.append(text)
    separate = paragraph.add_run()._r
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "separate")
    separate.append(char)


def _field_end(paragraph) -> None:
    end = paragraph.add_run()._r
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end.append(char)


TCPR_AFTER_SHD = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)
TBLPR_AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)


def _shade(cell, fill: str) -> None:
    _set(cell._tc.get_or_add_tcPr(), "w:shd", TCPR_AFTER_SHD, val="clear", color="auto", fill=fill)


def _borders(table, *, outer: bool, inside_h: bool, inside_v: bool, color: str = LINE) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge, on in (
        ("top", outer),
        ("left", False),
        ("bottom", outer),
        ("right", False),
        ("insideH", inside_h),
        ("insideV", inside_v),
    ):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single" if on else "nil")
        if on:
            line.set(qn("w:sz"), "4")
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), color)
        borders.append(line)
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    tbl_pr.insert_element_before(borders, *TBLPR_AFTER_BORDERS)


def _caption(table, text: str) -> None:
    """The table's title for screen readers (Word's "Alt Text" of a table)."""
    tbl_pr = table._tbl.tblPr
    _set(tbl_pr, "w:tblCaption", ("w:tblDescription", "w:tblPrChange"), val=clean(text)[:250])


def column_widths(rows, columns: int, total: int) -> list[int]:
    """Widths of a table's columns in proportion to what they hold (LibreOffice keeps the
    widths a file gives; equal columns would squeeze a title and waste room on a date)."""
    weights = []
    for index in range(columns):
        longest = max((len(str(row[index])) for row in rows if index < len(row)), default=4)
        weights.append(min(max(longest, 5), 40))
    smallest = Cm(1.4)
    widths = [max(int(total * weight / sum(weights)), smallest) for weight in weights]
    scale = total / sum(widths)
    return [int(width * scale) for width in widths]


def _widths(table, widths: list[int]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _same_page(record: Record, parent: Record | None) -> bool:
    """A record inside another whose source is the same page (a solution on its
    challenge's page): the parent's reference says it already."""
    if parent is None or parent.source is None or record.source is None:
        return False
    return record.source.url.split("#")[0] == parent.source.url.split("#")[0]


def bookmark_name(key: str) -> str:
    """Word's bookmark names: a letter first, letters, digits and _ only, 40 at most."""
    return ("r_" + re.sub(r"\W", "_", key))[:40]


def child_text(token) -> str:
    return "".join(child.content for child in (token.children or []))


def _row_flags(row, *, header: bool = False) -> None:
    """Keep a row on one page; a header row repeats at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    _set(tr_pr, "w:cantSplit", val="true")
    if header:
        _set(tr_pr, "w:tblHeader", val="true")


def _paragraph_border_bottom(paragraph, color: str = LINE) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "4"), ("space", "4"), ("color", color)):
        bottom.set(qn(f"w:{name}"), value)
    border.append(bottom)
    p_pr.insert_element_before(
        border,
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )


# --- Pictures ------------------------------------------------------------------------------


def photo_bytes(image: Image) -> tuple[io.BytesIO, float] | None:
    """The photo as JPEG or PNG, upright, at most PHOTO_MAX_PX, without its metadata (a
    phone's photo carries where it was taken); and its aspect ratio. None if unreadable."""
    from PIL import Image as Pillow
    from PIL import ImageOps

    try:
        with Pillow.open(image.path) as original:
            picture = ImageOps.exif_transpose(original)
            picture.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
            has_alpha = picture.mode in ("RGBA", "LA", "P")
            out = io.BytesIO()
            if has_alpha:
                picture.convert("RGBA").save(out, "PNG", optimize=True)
            else:
                picture.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            ratio = picture.height / picture.width
    except (OSError, ValueError) as error:
        log.warning("Photo %s left out of the DOCX: %s", image.path, error)
        return None
    out.seek(0)
    return out, ratio


_SIZE = re.compile(r'\b(width|height)="([\d.]+)(?:px)?"')
_VIEWBOX = re.compile(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')


def svg_size(svg: str) -> tuple[float, float]:
    """The chart's size in CSS pixels, from its root element."""
    root = svg[: svg.find(">") + 1] if ">" in svg else svg
    sizes = dict(_SIZE.findall(root))
    if "width" in sizes and "height" in sizes:
        return float(sizes["width"]), float(sizes["height"])
    box = _VIEWBOX.search(root)
    if box:
        return float(box.group(1)), float(box.group(2))
    return 640.0, 360.0


def chart_png(svg: str) -> tuple[io.BytesIO, float] | None:
    """The chart as a PNG: Word cannot take SVG everywhere, so WeasyPrint lays the SVG out
    on a page of its own size and pdfium paints that page. None if it cannot be drawn."""
    import pypdfium2
    from weasyprint import HTML, URLFetcher

    width, height = svg_size(svg)
    fonts = (ROOT / "static" / "fonts").as_uri()
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        f"@font-face {{ font-family: 'Noto Sans'; font-weight: 400; "
        f"src: url('{fonts}/NotoSans-Regular.ttf'); }}"
        f"@font-face {{ font-family: 'Noto Sans'; font-weight: 700; "
        f"src: url('{fonts}/NotoSans-Bold.ttf'); }}"
        f"@page {{ size: {width}px {height}px; margin: 0 }}"
        "html, body { margin: 0; font-family: 'Noto Sans', sans-serif }"
        f"svg {{ display: block; width: {width}px; height: {height}px }}"
        f"</style></head><body>{svg}</body></html>"
    )
    try:
        # Our own fonts only: nothing in a chart can make the server fetch an address.
        pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"file"})).write_pdf()
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[0]
            scale = CHART_PX / page.get_width()
            picture = page.render(scale=scale).to_pil()
        finally:
            document.close()
    except Exception as error:  # noqa: BLE001 - a chart that cannot be drawn keeps its table
        log.warning("Chart left out of the DOCX as a picture: %s", error)
        return None
    out = io.BytesIO()
    picture.save(out, "PNG")
    out.seek(0)
    return out, height / width


# --- The writer ----------------------------------------------------------------------------


class _Writer:
    def __init__(self, documents: list[Document], layout: str | None, base_url: str | None):
        if not documents:
            raise ValueError("render_docx needs at least one Document")
        self.documents = documents[:2]
        self.first = self.documents[0]
        self.second = self.documents[1] if len(self.documents) > 1 else None
        self.layout = (
            (layout if layout in ("side", "sequence") else "side") if self.second else None
        )
        self.base_url = base_url.rstrip("/") if base_url else None
        self.word = WordDocument()
        self.bookmarks: set[str] = set()

    # The document as a whole --------------------------------------------------------------

    def write(self) -> bytes:
        self._styles()
        self.style_ids = {style.name: style.style_id for style in self.word.styles}
        self._page()
        chapters = self._chapter_pairs()
        cover = next((pair for pair in chapters if pair[0].kind == "cover"), None)
        self._cover(cover)
        self._contents(chapters)
        for pair in chapters:
            if pair[0].kind != "cover":
                self._chapter(*pair)
        self._properties()
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()

    def _chapter_pairs(self) -> list[tuple[Chapter, Chapter | None]]:
        if self.second is None:
            return [(chapter, None) for chapter in self.first.chapters]
        others = {chapter.key: chapter for chapter in self.second.chapters}
        return [(chapter, others.get(chapter.key)) for chapter in self.first.chapters]

    def _styles(self) -> None:
        styles = self.word.styles
        # The document's language and font, for every paragraph that says nothing else.
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _fonts(rpr)
        _set(rpr, "w:lang", RPR_AFTER_LANG, val=LANGUAGE_TAGS.get(self.first.language, "en-GB"))

        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(10)
        normal.font.color.rgb = INK
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.2
        _fonts(normal.element.get_or_add_rPr())

        sizes = {1: 20, 2: 14, 3: 12, 4: 10.5}
        for level, size in sizes.items():
            style = styles[f"Heading {level}"]
            self._heading_style(style, level, size, BRAND if level < 3 else INK)
            second = styles.add_style(f"Second Language Heading {level}", WD_STYLE_TYPE.PARAGRAPH)
            second.base_style = style
            second.font.color.rgb = ACCENT
            # Not in the table of contents: it lists the first language's headings only.
            _set(second.element.get_or_add_pPr(), "w:outlineLvl", val="9")
            second.paragraph_format.page_break_before = False
            second.paragraph_format.space_before = Pt(0 if level == 1 else 6)
            if level == 1:
                second.font.size = Pt(16)
        styles["Heading 1"].paragraph_format.page_break_before = True

        title = styles["Title"]
        title.font.name = FONT
        title.font.size = Pt(30)
        title.font.bold = True
        title.font.color.rgb = BRAND
        title.paragraph_format.space_after = Pt(12)
        _fonts(title.element.get_or_add_rPr())
        _strip_title_border(title)
        subtitle = styles["Subtitle"]
        subtitle.font.name = FONT
        subtitle.font.size = Pt(15)
        subtitle.font.italic = False
        subtitle.font.color.rgb = ACCENT
        _fonts(subtitle.element.get_or_add_rPr())

        caption = styles["Caption"]
        caption.font.name = FONT
        caption.font.size = Pt(9)
        caption.font.bold = True
        caption.font.italic = False
        caption.font.color.rgb = BRAND
        caption.paragraph_format.space_before = Pt(8)
        caption.paragraph_format.space_after = Pt(4)
        caption.paragraph_format.keep_with_next = True
        _fonts(caption.element.get_or_add_rPr())

        for name, size, color in (("Header", 8.5, MUTED), ("Footer", 8.5, MUTED)):
            style = styles[name]
            # The template's stops are for Letter paper; ours are set where they are used.
            style.paragraph_format.tab_stops.clear_all()
            style.font.name = FONT
            style.font.size = Pt(size)
            style.font.color.rgb = color
            _fonts(style.element.get_or_add_rPr())

        small = styles.add_style("Source Reference", WD_STYLE_TYPE.PARAGRAPH)
        small.base_style = normal
        small.font.size = Pt(8.5)
        small.font.color.rgb = MUTED
        small.paragraph_format.space_after = Pt(10)

        table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.font.size = Pt(9)
        table_text.paragraph_format.space_after = Pt(0)
        table_text.paragraph_format.line_spacing = 1.1

        note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
        note.base_style = normal
        note.font.size = Pt(9)
        note.font.italic = True
        note.font.color.rgb = MUTED

        quote = styles["Quote"]
        quote.font.color.rgb = MUTED
        quote.paragraph_format.left_indent = Cm(0.8)

        for level in (1, 2):
            name = f"TOC {level}"
            style = (
                styles[name] if name in styles else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            )
            style.base_style = normal
            style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            style.paragraph_format.space_after = Pt(4 if level == 1 else 2)
            style.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
            style.font.bold = level == 1
        heading = styles["TOC Heading"]
        self._heading_style(heading, 1, 20, BRAND)
        heading.paragraph_format.page_break_before = False
        _set(heading.element.get_or_add_pPr(), "w:outlineLvl", val="9")

        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = LINK
        link.font.underline = True
        marker = styles.add_style("Fallback Marker", WD_STYLE_TYPE.CHARACTER)
        marker.font.bold = True
        marker.font.size = Pt(7.5)
        marker.font.color.rgb = RGBColor(0x8A, 0x5A, 0x00)
        code = styles.add_style("Code", WD_STYLE_TYPE.CHARACTER)
        code.font.name = MONO

    def _heading_style(self, style, level: int, size: float, color: RGBColor) -> None:
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = color
        _fonts(style.element.get_or_add_rPr())
        style.paragraph_format.space_before = Pt({1: 0, 2: 16, 3: 12, 4: 10}[level])
        style.paragraph_format.space_after = Pt({1: 14, 2: 6, 3: 4, 4: 3}[level])
        style.paragraph_format.keep_with_next = True

    def _page(self) -> None:
        section = self.word.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = MARGIN_SIDE
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.header_distance = section.footer_distance = Mm(11)
        section.start_type = WD_SECTION.NEW_PAGE
        # The cover has neither the running header nor a page number.
        section.different_first_page_header_footer = True

        header = section.header.paragraphs[0]
        header._p.style = self.style_ids["Header"]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        header.add_run(clean(self._both(self.first.title, self.second and self.second.title)))
        _paragraph_border_bottom(header)

        footer = section.footer.paragraphs[0]
        footer._p.style = self.style_ids["Footer"]
        footer.paragraph_format.tab_stops.add_tab_stop(int(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
        footer.add_run(clean(self.first.project_code))
        footer.add_run("\t" + label(self.first, "page") + " ")
        _field(footer, "PAGE", "1")

    def _both(self, first, second=None) -> str:
        """A generated text of a bilingual edition: both languages, when they differ."""
        first, second = str(first or ""), str(second or "")
        return f"{first} / {second}" if second and second != first else first

    def _cover(self, pair) -> None:
        body = self.word
        top = body.add_paragraph()
        top.paragraph_format.space_before = Pt(90)
        top.paragraph_format.space_after = Pt(0)
        if self.first.project_code:
            run = top.add_run(clean(self.first.project_code).upper())
            run.font.color.rgb = ACCENT
            run.font.bold = True
            run.font.size = Pt(10)
        for document in self.documents:
            title = self._paragraph(body, "Title")
            self._text(title, document.title, document)
            if document.subtitle:
                subtitle = self._paragraph(body, "Subtitle")
                self._text(subtitle, document.subtitle, document)
        if pair is not None:
            rule = body.add_paragraph()
            _paragraph_border_bottom(rule, "0F6E63")
            # Headings of the second language's style: the cover is not in the contents.
            for block in pair[0].blocks:
                self._block(body, block, self.first, depth=2, width=TEXT_WIDTH, second=True)
        if self.first.date:
            when = self._paragraph(body, "Note")
            when.paragraph_format.space_before = Pt(24)
            when.add_run(clean(self._both(self.first.date, self.second and self.second.date)))

    def _contents(self, chapters) -> None:
        body = self.word
        heading = self._paragraph(body, "TOC Heading")
        heading.paragraph_format.page_break_before = True
        heading.add_run(clean(self._both(*(label(d, "contents") for d in self.documents))))
        entries = [pair for pair in chapters if pair[0].kind != "cover"]
        # The field Word computes; until then it shows the chapters without page numbers,
        # which is what LibreOffice shows before Tools › Update.
        first = self._paragraph(body, "TOC 1")
        _field_begin(first, 'TOC \\o "1-3" \\h \\z')
        paragraph = first
        for n, (chapter, other) in enumerate(entries):
            if n:
                paragraph = self._paragraph(body, "TOC 1")
            paragraph.add_run(clean(self._chapter_title(chapter, other)))
        _field_end(paragraph)
        hint = self._paragraph(body, "Note")
        hint.paragraph_format.space_before = Pt(18)
        hint.add_run(clean(label(self.first, "toc_hint")))
        if any(d.fallbacks() for d in self.documents):
            note = self._paragraph(body, "Note")
            note.add_run(clean(label(self.first, "fallback_note")))
        # updateFields: Word offers to fill in the table of contents when the file opens.
        settings = self.word.settings.element
        successors = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat")
        _set(settings, "w:updateFields", successors, val="true")

    def _chapter_title(self, chapter: Chapter, other: Chapter | None = None) -> str:
        number = f"{chapter.number}. " if chapter.number else ""
        if other is not None and other.title != chapter.title:
            return f"{number}{chapter.title} / {other.title}"
        return f"{number}{chapter.title}"

    def _properties(self) -> None:
        properties = self.word.core_properties
        properties.title = clean(self._both(self.first.title, self.second and self.second.title))[
            :250
        ]
        if self.first.subtitle:
            properties.subject = clean(self.first.subtitle)[:250]
        properties.language = ", ".join(
            LANGUAGE_TAGS.get(d.language, d.language) for d in self.documents
        )
        properties.keywords = clean(self.first.project_code)
        properties.author = "Collab"
        properties.comments = ""

    # Chapters -----------------------------------------------------------------------------

    def _chapter(self, chapter: Chapter, other: Chapter | None) -> None:
        body = self.word
        heading = self._paragraph(body, "Heading 1")
        heading.add_run(clean(self._chapter_title(chapter)))
        if other is not None:
            second = self._paragraph(body, "Second Language Heading 1")
            run = second.add_run(clean(self._chapter_title(other)))
            _lang(run, self.second.language)
        blocks = chapter.blocks
        others = other.blocks if other is not None else []
        group = None
        for block, twin in zip_longest(blocks, others):
            if block is None:
                continue
            depth = 2
            block_group = getattr(block, "group", None)
            if block_group:
                if block_group != group:
                    self._group_heading(block_group, getattr(twin, "group", None))
                group = block_group
                depth = 3
            elif isinstance(block, Record):
                group = None
            if self.second is None:
                self._block(body, block, self.first, depth, TEXT_WIDTH)
            elif self.layout == "side" and isinstance(block, Paragraph | Record):
                self._side_by_side(block, twin, depth)
            else:
                self._one_after_other(block, twin, depth)

    def _group_heading(self, name: str, other: str | None) -> None:
        heading = self._paragraph(self.word, "Heading 2")
        heading.add_run(clean(name))
        if self.second is not None and other and other != name:
            second = self._paragraph(self.word, "Second Language Heading 2")
            run = second.add_run(clean(other))
            _lang(run, self.second.language)

    def _side_by_side(self, block, twin, depth: int) -> None:
        table = self.word.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _borders(table, outer=False, inside_h=False, inside_v=True)
        half = int(TEXT_WIDTH / 2)
        _widths(table, [half, half])
        for cell, item, document, second in (
            (table.rows[0].cells[0], block, self.first, False),
            (table.rows[0].cells[1], twin, self.second, True),
        ):
            if item is not None:
                self._block(cell, item, document, depth, half - Cm(0.4), second=second)
        self.word.add_paragraph().paragraph_format.space_after = Pt(2)

    def _one_after_other(self, block, twin, depth: int) -> None:
        if isinstance(block, Figure | Image):
            # A picture once, its caption in both languages.
            self._block(self.word, block, self.first, depth, TEXT_WIDTH, twin=twin)
            return
        self._block(self.word, block, self.first, depth, TEXT_WIDTH)
        if twin is not None:
            self._block(self.word, twin, self.second, depth, TEXT_WIDTH, second=True)

    # Blocks -------------------------------------------------------------------------------

    def _paragraph(self, container, style: str | None = None):
        """A new paragraph in the body or a table cell (a new cell's empty one is used)."""
        paragraph = None
        if not hasattr(container, "sections"):
            last = container.paragraphs[-1] if container.paragraphs else None
            if last is not None and not last.runs and not last.text and last._p.getnext() is None:
                paragraph = last
        if paragraph is None:
            paragraph = container.add_paragraph()
        if style:
            # By id: python-docx looks a style up by name in every style of the file.
            paragraph._p.style = self.style_ids[style]
        return paragraph

    def _run(self, paragraph, text: str = "", style: str | None = None):
        run = paragraph.add_run(text)
        if style:
            run._r.style = self.style_ids[style]
        return run

    def _block(
        self, container, block, document, depth, width, *, second=False, twin=None, parent=None
    ):
        if isinstance(block, Record):
            self._record(container, block, document, depth, width, second, parent)
        elif isinstance(block, Paragraph):
            if block.heading:
                heading = self._paragraph(container, "Heading 4")
                heading.add_run(clean(block.heading))
            self._content(container, block.text, document)
        elif isinstance(block, Table):
            self._table(container, block, document, width)
        elif isinstance(block, Figure):
            self._figure(container, block, document, width, twin)
        elif isinstance(block, Image):
            self._image(container, block, document, width, twin)

    def _heading(self, container, text, document, level: int, second: bool):
        level = min(max(level, 2), 4)
        style = f"Second Language Heading {level}" if second else f"Heading {level}"
        heading = self._paragraph(container, style)
        self._text(heading, text, document)
        return heading

    def _record(self, container, record: Record, document, depth, width, second, parent) -> None:
        if record.link and not second:
            # Told in full elsewhere: the title leads there.
            heading = self._paragraph(container, f"Heading {min(max(depth, 2), 4)}")
            self._internal_link(heading, record.link, record.title)
        else:
            heading = self._heading(container, record.title, document, depth, second)
            if not second:
                self._bookmark(heading, record.key)
        if record.facts:
            self._facts(container, record.facts, document, width)
        for block in record.blocks:
            if second and isinstance(block, Image):
                continue  # the same photo is shown once, with the first language
            self._block(container, block, document, depth + 1, width, second=second, parent=record)
        if record.source is not None and not _same_page(record, parent):
            reference = self._paragraph(container, "Source Reference")
            reference.add_run(clean(label(document, "source")) + ": ")
            self._link(reference, record.source.url, record.source.label)

    def _facts(self, container, facts, document, width) -> None:
        table = container.add_table(rows=0, cols=2)
        _borders(table, outer=False, inside_h=False, inside_v=False)
        label_width = min(Cm(4.2), int(width * 0.34))
        for name, value in facts:
            row = table.add_row()
            _row_flags(row)
            name_cell, value_cell = row.cells
            name_paragraph = self._paragraph(name_cell, "Table Text")
            run = name_paragraph.add_run(clean(name))
            run.font.color.rgb = MUTED
            self._text(self._paragraph(value_cell, "Table Text"), value, document)
        _widths(table, [label_width, width - label_width])
        self._paragraph(container).paragraph_format.space_after = Pt(2)

    def _table(self, container, block: Table, document, width) -> None:
        caption = self._paragraph(container, "Caption")
        caption.add_run(clean(block.caption))
        columns = max([len(block.head)] + [len(row) for row in block.rows]) or 1
        table = container.add_table(rows=0, cols=columns)
        _borders(table, outer=True, inside_h=True, inside_v=False)
        _caption(table, block.caption)
        self._row(table, block.head, document, block.numeric, head=True)
        for n, row in enumerate(block.rows):
            self._row(table, row, document, block.numeric, stripe=n % 2 == 1)
        if block.foot:
            self._row(table, block.foot, document, block.numeric, foot=True)
        _widths(table, column_widths([block.head, *block.rows], columns, width))
        self._paragraph(container).paragraph_format.space_after = Pt(4)

    def _row(self, table, values, document, numeric, head=False, foot=False, stripe=False):
        row = table.add_row()
        _row_flags(row, header=head)
        for index, cell in enumerate(row.cells):
            value = values[index] if index < len(values) else ""
            paragraph = self._paragraph(cell, "Table Text")
            if index in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self._text(paragraph, value, document)
            if head:
                _shade(cell, HEAD_FILL)
                for run in paragraph.runs:
                    if run._r.style != self.style_ids["Fallback Marker"]:
                        run.font.bold = True
                        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            elif foot:
                for run in paragraph.runs:
                    run.font.bold = True
            elif stripe:
                _shade(cell, STRIPE_FILL)

    def _figure(self, container, figure: Figure, document, width, twin=None) -> None:
        caption = self._paragraph(container, "Caption")
        caption.add_run(clean(self._both(figure.title, twin and twin.title)))
        drawn = chart_png(str(figure.svg))
        if drawn is not None:
            picture, ratio = drawn
            paragraph = self._paragraph(container)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            height = int(width * ratio)
            limit = Cm(11)
            shape = paragraph.add_run().add_picture(
                picture, width=int(width if height <= limit else limit / ratio)
            )
            self._alt(shape, figure.title)
        # Its numbers, for readers who cannot see the picture and editors who need them.
        if figure.rows:
            self._table(
                container,
                Table(
                    key=f"{figure.key}:data",
                    caption=f"{figure.title}: {label(document, 'figures_data')}",
                    head=figure.head,
                    rows=figure.rows,
                    numeric=list(range(1, len(figure.head))),
                ),
                document,
                width,
            )

    def _image(self, container, image: Image, document, width, twin=None) -> None:
        found = photo_bytes(image)
        if found is None:
            return
        picture, ratio = found
        paragraph = self._paragraph(container)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        limit = Cm(10)
        picture_width = width if width * ratio <= limit else int(limit / ratio)
        shape = paragraph.add_run().add_picture(picture, width=int(picture_width))
        self._alt(shape, image.alt)
        if image.caption:
            caption = self._paragraph(container, "Caption")
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._text(caption, image.caption, document)
            if twin is not None and twin.caption and str(twin.caption) != str(image.caption):
                caption.add_run(" / ")
                self._text(caption, twin.caption, self.second)

    def _alt(self, shape, text: str) -> None:
        """Alternative text of a picture, for screen readers."""
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", clean(text)[:1000])
        doc_pr.set("title", clean(text)[:250])

    # Text ---------------------------------------------------------------------------------

    def _text(self, paragraph, value, document) -> None:
        """Text (a plain string or a Text) as runs, with the marker of a fallback."""
        if isinstance(value, Text):
            if value.markdown:
                self._inline_markdown(paragraph, value.value, value.language)
            else:
                self._plain(paragraph, value.value, value.language)
            if value.fallback:
                self._marker(paragraph, value.language)
        else:
            self._plain(paragraph, "" if value is None else str(value), None)

    def _plain(self, paragraph, text: str, language: str | None):
        lines = clean(text).split("\n")
        for n, line in enumerate(lines):
            run = paragraph.add_run(line)
            if n < len(lines) - 1:
                run.add_break(WD_BREAK.LINE)
            _lang(run, language)

    def _marker(self, paragraph, language: str | None) -> None:
        if not language:
            return
        paragraph.add_run(" ")
        run = self._run(paragraph, f"[{language.upper()}]", "Fallback Marker")
        _lang(run, language)

    def _bookmark(self, paragraph, key: str) -> None:
        """A place an internal link can lead to (Word's bookmark), named after the key."""
        name = bookmark_name(key)
        if name in self.bookmarks:
            return
        self.bookmarks.add(name)
        number = str(len(self.bookmarks))
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), number)
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), number)
        p_pr = paragraph._p.pPr
        if p_pr is not None:
            p_pr.addnext(start)
        else:
            paragraph._p.insert(0, start)
        paragraph._p.append(end)

    def _internal_link(self, paragraph, key: str, text) -> None:
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark_name(key))
        paragraph._p.append(link)
        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), self.word.styles["Hyperlink"].style_id)
        properties.append(style)
        run.append(properties)
        content = OxmlElement("w:t")
        content.set(qn("xml:space"), "preserve")
        content.text = clean(text)
        run.append(content)
        link.append(run)
        if isinstance(text, Text) and text.fallback:
            self._marker(paragraph, text.language)

    def _link(self, paragraph, url: str, text: str) -> None:
        """A hyperlink to `url` (an app path becomes absolute with the base URL)."""
        if url.startswith("/") and self.base_url:
            url = self.base_url + url
        if not _SAFE_LINK.match(url):
            paragraph.add_run(clean(text))
            return
        relation = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), relation)
        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), self.word.styles["Hyperlink"].style_id)
        properties.append(style)
        run.append(properties)
        content = OxmlElement("w:t")
        content.set(qn("xml:space"), "preserve")
        content.text = clean(text)
        run.append(content)
        link.append(run)
        paragraph._p.append(link)

    def _content(self, container, text: Text, document) -> None:
        """A paragraph of content: Markdown becomes paragraphs, lists, quotes, tables."""
        if not text.markdown:
            paragraph = self._paragraph(container)
            self._text(paragraph, text, document)
            return
        paragraphs = self._markdown_blocks(container, text.value, text.language)
        if text.fallback and paragraphs:
            self._marker(paragraphs[0], text.language)

    def _markdown_blocks(self, container, source: str, language: str | None) -> list:
        made = []
        lists: list[list] = []  # [kind, number] per open list
        quote = 0
        style = None
        item_start = False
        rows: list[list] | None = None
        tokens = _markdown.parse(clean(source))
        for token in tokens:
            kind = token.type
            if kind == "bullet_list_open":
                lists.append(["bullet", 0])
            elif kind == "ordered_list_open":
                start = token.attrGet("start")
                lists.append(["ordered", int(start) - 1 if start else 0])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_open":
                lists[-1][1] += 1
                item_start = True
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind == "heading_open":
                style = "Heading 4"
            elif kind == "heading_close":
                style = None
            elif kind == "table_open":
                rows = []
            elif kind == "tr_open" and rows is not None:
                rows.append([])
            elif kind == "table_close" and rows is not None:
                self._markdown_table(container, rows, language)
                rows = None
            elif kind == "inline" and rows is not None:
                rows[-1].append(token)
            elif kind == "inline":
                paragraph = self._paragraph(container, style or ("Quote" if quote else None))
                if style:
                    paragraph.paragraph_format.page_break_before = False
                if lists:
                    self._list_paragraph(paragraph, lists, item_start)
                    item_start = False
                self._inline_tokens(paragraph, token.children or [], language)
                made.append(paragraph)
            elif kind in ("fence", "code_block"):
                paragraph = self._paragraph(container)
                run = self._run(paragraph, clean(token.content.rstrip("\n")), "Code")
                _lang(run, language)
                made.append(paragraph)
        return made

    def _list_paragraph(self, paragraph, lists, item_start: bool) -> None:
        depth = len(lists)
        fmt = paragraph.paragraph_format
        fmt.left_indent = Cm(0.7 * depth)
        fmt.space_after = Pt(2)
        if item_start:
            fmt.first_line_indent = Cm(-0.5)
            kind, number = lists[-1]
            paragraph.add_run(f"{number}.\t" if kind == "ordered" else "•\t")
            fmt.tab_stops.add_tab_stop(Cm(0.7 * depth))

    def _markdown_table(self, container, rows, language, width=TEXT_WIDTH) -> None:
        columns = max((len(row) for row in rows), default=0)
        if not columns:
            return
        table = container.add_table(rows=0, cols=columns)
        _borders(table, outer=True, inside_h=True, inside_v=False)
        for n, cells in enumerate(rows):
            row = table.add_row()
            _row_flags(row, header=n == 0)
            for index, cell in enumerate(row.cells):
                paragraph = self._paragraph(cell, "Table Text")
                if index < len(cells):
                    self._inline_tokens(paragraph, cells[index].children or [], language)
                if n == 0:
                    _shade(cell, STRIPE_FILL)
                    for run in paragraph.runs:
                        run.font.bold = True
        _widths(
            table,
            column_widths([[child_text(cell) for cell in cells] for cells in rows], columns, width),
        )
        self._paragraph(container)

    def _inline_markdown(self, paragraph, source: str, language: str | None) -> None:
        """Markdown in one paragraph (a fact, a caption): its inline parts only."""
        for token in _markdown.parse(clean(source)):
            if token.type == "inline":
                if paragraph.runs:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                self._inline_tokens(paragraph, token.children or [], language)

    def _inline_tokens(self, paragraph, children, language) -> None:
        bold = italic = False
        href = None
        link_text: list[str] = []
        for child in children:
            kind = child.type
            if kind == "strong_open":
                bold = True
            elif kind == "strong_close":
                bold = False
            elif kind == "em_open":
                italic = True
            elif kind == "em_close":
                italic = False
            elif kind == "link_open":
                href = str(child.attrGet("href") or "")
                link_text = []
            elif kind == "link_close":
                text = "".join(link_text)
                if href and _SAFE_LINK.match(href):
                    self._link(paragraph, href, text)
                else:
                    paragraph.add_run(text)
                href = None
            elif kind in ("text", "code_inline", "image"):
                content = child.content
                if href is not None:
                    link_text.append(content)
                    continue
                run = self._run(paragraph, content, "Code" if kind == "code_inline" else None)
                run.bold = bold or None
                run.italic = italic or None
                _lang(run, language)
            elif kind in ("softbreak", "hardbreak"):
                if href is not None:
                    link_text.append(" ")
                else:
                    paragraph.add_run().add_break(WD_BREAK.LINE)


def _strip_title_border(style) -> None:
    """The template's Title has a rule under it; the cover draws its own."""
    p_pr = style.element.pPr
    if p_pr is not None:
        for border in p_pr.findall(qn("w:pBdr")):
            p_pr.remove(border)
