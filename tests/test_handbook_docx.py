"""The handbook as DOCX: laid out from the collected Document, opened again with python-docx
as Word would read it (styles, fields, tables, pictures, properties)."""

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from markupsafe import Markup
from PIL import Image as Pillow

from collab.charts import bar_chart
from collab.extensions import db
from collab.handbook.collect import collect
from collab.handbook.document import (
    Chapter,
    Document,
    Figure,
    Image,
    Paragraph,
    Record,
    Source,
    Table,
    Text,
)
from collab.handbook.docx import chart_png, render_docx
from collab.handbook.plan import sync_sections
from collab.i18n import Translations
from collab.outputs.models import Output
from collab.outputs.storage import store

BASE = "https://collab.example.org/"
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(data: bytes):
    assert data[:2] == b"PK"
    return docx.Document(io.BytesIO(data))


def all_paragraphs(container):
    """Every paragraph, those in table cells (and tables in cells) included."""
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from all_paragraphs(cell)


def all_tables(container):
    for table in container.tables:
        yield table
        for row in table.rows:
            for cell in row.cells:
                yield from all_tables(cell)


def field_codes(element) -> list[str]:
    return [node.text.strip() for node in element.iter(f"{WORD}instrText")]


def text_of(document) -> str:
    return "\n".join(p.text for p in all_paragraphs(document))


def photo(tmp_path: Path) -> Path:
    path = tmp_path / "camp.jpg"
    Pillow.new("RGB", (640, 480), (40, 110, 99)).save(path, "JPEG")
    return path


@pytest.fixture
def marked(world, tmp_path):
    """The World with its challenge in the handbook and a photo of the camp, published with
    consent, in the camp's summary."""
    world.challenge.for_handbook = True
    world.challenge.handbook_chapter = "challenges"
    world.challenge.title = Translations(
        {"en": "Cycling routes stop at the border", "lv": "Veloceļi beidzas pie robežas"}
    )
    stored = store(photo(tmp_path).read_bytes(), "image/jpeg")
    world.photo = Output(
        event_id=world.event.id,
        kind="photo",
        title=Translations({"lv": "Darbs grupās Klaipėdā"}),
        file=stored,
        filename="camp.jpg",
        publication_consent=True,
        for_handbook=True,
        handbook_chapter="workshops",
    )
    db.session.add(world.photo)
    db.session.commit()
    sync_sections(world.handbook)
    db.session.commit()
    return world


def test_chapters_are_real_headings_in_the_edition_language(marked):
    document = collect(marked.handbook, "lv")
    word = open_docx(render_docx([document], base_url=BASE))

    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    numbered = [c for c in document.chapters if c.kind != "cover"]
    assert len(headings) == len(numbered)
    for chapter, heading in zip(numbered, headings, strict=True):
        assert chapter.title in heading
    assert any("Par projektu" in h or "projekt" in h.lower() for h in headings)
    # Records below a chapter are Heading 2 or 3: the challenge is there, in Latvian.
    lower = [p for p in all_paragraphs(word) if p.style.name in ("Heading 2", "Heading 3")]
    assert any("Veloceļi beidzas pie robežas" in p.text for p in lower)


def test_table_of_contents_field_fills_in_when_opened(marked):
    word = open_docx(render_docx([collect(marked.handbook, "lv")]))
    codes = field_codes(word.element.body)
    assert any(code.startswith("TOC") and "\\o" in code for code in codes)
    settings = word.settings.element
    update = settings.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_latvian_and_lithuanian_letters_survive(marked):
    word = open_docx(render_docx([collect(marked.handbook, "lv")]))
    text = text_of(word)
    assert "Kurzemes plānošanas reģions" in text
    assert "Klaipėdos" in text
    assert "Rokasgrāmata pārrobežu plānošanai" in text


def test_tables_have_a_header_row_that_repeats(marked):
    word = open_docx(render_docx([collect(marked.handbook, "lv")]))
    repeated = [
        table
        for table in all_tables(word)
        if table.rows
        and table.rows[0]._tr.trPr is not None
        and table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    ]
    assert repeated, "no table marks its header row to repeat"
    # The indicator table of "Activities and figures": planned against achieved.
    cells = [cell.text for table in repeated for cell in table.rows[1].cells]
    assert any("Tematiskās darbnīcas" in text for text in cells)


def test_page_numbers_running_header_font_and_properties(marked):
    document = collect(marked.handbook, "lv")
    word = open_docx(render_docx([document]))
    section = word.sections[0]
    assert "PAGE" in field_codes(section.footer._element)
    assert document.title.value in section.header.paragraphs[0].text
    # The cover has neither: its first page has a header and footer of its own, empty.
    assert section.different_first_page_header_footer
    assert word.styles["Normal"].font.name == "Noto Sans"
    assert word.styles["Heading 1"].font.name == "Noto Sans"
    assert word.core_properties.title == "Rokasgrāmata pārrobežu plānošanai"
    assert word.core_properties.language == "lv-LV"
    assert section.page_width.mm == pytest.approx(210, abs=0.5)


def test_fallback_markers_and_source_links(marked):
    # Nothing of the World's event is written in Lithuanian: its title shows in English,
    # marked, and every record links back to its page in the app.
    word = open_docx(render_docx([collect(marked.handbook, "lt")], base_url=BASE))
    text = text_of(word)
    assert "[EN]" in text
    markers = [
        run
        for p in all_paragraphs(word)
        for run in p.runs
        if run.style is not None and run.style.name == "Fallback Marker"
    ]
    assert markers
    links = [
        rel.target_ref for rel in word.part.rels.values() if rel.reltype.endswith("/hyperlink")
    ]
    assert f"{BASE}challenges/{marked.challenge.id}" in links
    assert any(link.startswith(f"{BASE}events/{marked.event.id}") for link in links)


def test_photo_with_consent_is_a_picture_with_alt_text(marked):
    word = open_docx(render_docx([collect(marked.handbook, "lv")]))
    pictures = word.inline_shapes
    described = [shape._inline.docPr.get("descr") for shape in pictures]
    assert "Darbs grupās Klaipėdā" in described


def test_photo_without_consent_is_left_out(marked):
    marked.photo.publication_consent = False
    db.session.commit()
    word = open_docx(render_docx([collect(marked.handbook, "lv")]))
    described = [shape._inline.docPr.get("descr") for shape in word.inline_shapes]
    assert "Darbs grupās Klaipėdā" not in described
    assert "Darbs grupās Klaipėdā" not in text_of(word)


def test_chart_becomes_a_picture_with_its_numbers_as_a_table(app):
    chart = bar_chart("participants", "Dalībnieki pa valstīm", [("Latvija", 150)], "Dalībnieki")
    drawn = chart_png(str(chart.svg))
    assert drawn is not None
    picture, ratio = drawn
    assert picture.getvalue().startswith(b"\x89PNG")
    assert 0 < ratio < 2

    document = handmade(
        "lv",
        figure=Figure("figure:c", chart.title, chart.svg, ["Valsts", "N"], [["Latvija", "150"]]),
    )
    word = open_docx(render_docx([document]))
    assert len(word.inline_shapes) == 1
    assert any(
        "Latvija" in table.rows[1].cells[0].text
        for table in all_tables(word)
        if len(table.rows) > 1
    )


def handmade(language, figure=None, photo_path=None) -> Document:
    """A small Document of our own: the layout is tested apart from what is collected."""
    lv = language == "lv"
    blocks = [
        Record(
            "challenge:1",
            Text("Veloceļi beidzas pie robežas" if lv else "Dviračių takai baigiasi", language),
            Source("/challenges/1", "Izaicinājums"),
            facts=[("Reģioni", "abi")],
            blocks=[
                Paragraph(
                    "challenge:1:text",
                    Text("**Svarīgi**: maršruti.\n\n- viens\n- divi", language, markdown=True),
                ),
                Record(
                    "solution:1",
                    Text("Kopīgs projekts" if lv else "Bendras projektas", language),
                    Source("/challenges/1#solution-1", "Izaicinājums"),
                ),
            ],
            group="Tūrisms" if lv else "Turizmas",
        )
    ]
    chapters = [
        Chapter("chapter:cover", "cover", 0, "Vāks" if lv else "Viršelis"),
        Chapter(
            "chapter:challenges", "challenges", 1, "Izaicinājumi" if lv else "Iššūkiai", blocks
        ),
        Chapter(
            "chapter:annexes",
            "annexes",
            2,
            "Pielikumi" if lv else "Priedai",
            [
                Table(
                    "table:events",
                    "Pasākumi",
                    ["Datums", "Pasākums"],
                    [["2021", Text("Nometne", language)]] * 3,
                    numeric=[],
                )
            ],
        ),
    ]
    if figure is not None:
        chapters[2].blocks.append(figure)
    if photo_path is not None:
        chapters[2].blocks.append(
            Image("output:1:image", photo_path, "image/jpeg", Text("Foto", language), "Foto")
        )
    return Document(
        language,
        Text("Rokasgrāmata" if lv else "Gidas", language),
        None,
        "LLI-431",
        chapters,
        {},
        "2025",
    )


@pytest.mark.parametrize("layout", ["side", "sequence"])
def test_bilingual_edition_shows_both_languages(app, tmp_path, layout):
    documents = [
        handmade("lv", photo_path=photo(tmp_path)),
        handmade("lt", photo_path=photo(tmp_path)),
    ]
    word = open_docx(render_docx(documents, layout))
    text = text_of(word)
    assert "Veloceļi beidzas pie robežas" in text and "Dviračių takai baigiasi" in text
    # Only the first language is in the table of contents: the second's headings have a
    # style of their own, outside the outline.
    headings = [p.text for p in all_paragraphs(word) if p.style.name.startswith("Heading ")]
    assert "Dviračių takai baigiasi" not in headings
    assert any(p.style.name.startswith("Second Language Heading") for p in all_paragraphs(word))
    assert word.core_properties.language == "lv-LV, lt-LT"
    # The same photo once, with both captions.
    assert len(word.inline_shapes) == 1
    if layout == "side":
        sides = [
            table
            for table in word.tables
            if len(table.columns) == 2
            and "Veloceļi" in table.rows[0].cells[0].text
            and "Dviračių" in table.rows[0].cells[1].text
        ]
        assert sides, "no record laid out side by side"


def test_markdown_becomes_bold_runs_and_lists(app):
    word = open_docx(render_docx([handmade("lv")]))
    paragraphs = list(all_paragraphs(word))
    bold = [run.text for p in paragraphs for run in p.runs if run.bold]
    assert "Svarīgi" in bold
    assert any(p.text.startswith("•") and "viens" in p.text for p in paragraphs)
    # The nested solution's source is its challenge's page: said once, by the challenge.
    references = [p.text for p in paragraphs if p.style.name == "Source Reference"]
    assert len(references) == 1


def test_characters_xml_cannot_hold_are_dropped(app):
    document = handmade("lv")
    document.chapters[1].blocks[0].title = Text("Bell\x07 and \x0bvertical tab", "lv")
    word = open_docx(render_docx([document]))
    assert "Bell and vertical tab" in text_of(word)


def test_unreadable_photo_is_left_out_not_fatal(app, tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a picture")
    word = open_docx(render_docx([handmade("lv", photo_path=broken)]))
    assert len(word.inline_shapes) == 0


def test_svg_without_size_still_draws(app):
    svg = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
        '<rect width="200" height="100" fill="#1d3b6f"/></svg>'
    )
    drawn = chart_png(str(svg))
    assert drawn is not None and drawn[1] == pytest.approx(0.5, abs=0.01)
