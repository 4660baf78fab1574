"""The handbook as a PDF: opened with pypdf as a reader's software would, checked for its
chapters, letters, contents with page numbers, bookmarks, tagging and the consent rules."""

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from collab.demo import seed_demo
from collab.extensions import db
from collab.handbook.collect import collect
from collab.handbook.html import render_pdf
from collab.handbook.plan import ensure_handbook, sync_sections
from collab.i18n import Translations
from collab.outputs.models import Output
from collab.outputs.storage import store
from collab.projects.models import Project
from tests.conftest import attend, make_event, make_participant

PNG = (Path(__file__).resolve().parent / "fixtures" / "outputs" / "photo.png").read_bytes()


def pdf_of(handbook, *languages, layout=None) -> PdfReader:
    sync_sections(handbook)
    db.session.commit()
    documents = [collect(handbook, language) for language in languages]
    data = render_pdf(documents, layout)
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page number from 1) of every bookmark."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def contents(reader: PdfReader) -> dict[str, int]:
    """The table of contents as printed: chapter title → page number."""
    # Its page is the one the first bookmark ("Contents", in the edition's language) opens.
    depth, label, number = outline(reader)[0]
    page = reader.pages[number - 1].extract_text()
    assert label in page.splitlines()
    entries = {}
    for line in page.splitlines():
        found = re.match(r"^(?:\d+ )?(.+?)\s*(?:\.\s*){3,}(\d+)$", line.strip())
        if found:
            entries[found.group(1).strip()] = int(found.group(2))
    return entries


def image_count(reader: PdfReader) -> int:
    """How many different pictures the PDF holds (charts are vector drawings, not these)."""
    found = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for reference in (resources.get("/XObject") or {}).values():
            if reference.get_object().get("/Subtype") == "/Image":
                found.add(reference.idnum)
    return len(found)


@pytest.fixture
def handbook(world):
    world.challenge.for_handbook, world.challenge.handbook_chapter = True, "challenges"
    world.solution.for_handbook, world.solution.handbook_chapter = True, "challenges"
    world.handbook.foreword = Translations({"en": "Written by the partners of Kurzeme."})
    db.session.commit()
    return world.handbook


def test_the_pdf_has_the_chapters_letters_and_tags(handbook):
    reader = pdf_of(handbook, "lv")
    text = text_of(reader)
    for title in ("Par projektu", "Aktivitātes un skaitļi", "Izaicinājumi un risinājumi"):
        assert title in text
    # Every Latvian and Lithuanian letter comes out as itself: the fonts are embedded with
    # their Unicode maps.
    assert "Kurzemes plānošanas reģions" in text
    assert "Klaipėdos" in text
    assert "Rokasgrāmata pārrobežu plānošanai" in text
    fonts = set()
    for page in reader.pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][
                0
            ].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    # Noto Sans only (emphasis slanted from it), never a font the server happens to have.
    assert fonts and all(name.replace("-", "").startswith("NotoSans") for name in fonts), fonts
    # A tagged, accessible PDF: structure tree, marked content, language, title shown.
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "lv"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == "Rokasgrāmata pārrobežu plānošanai"
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()


def test_the_contents_page_numbers_are_where_the_chapters_start(handbook):
    reader = pdf_of(handbook, "en")
    printed = contents(reader)
    assert list(printed)[:3] == ["Foreword", "About the project", "Activities and figures"]
    bookmarks = {title: page for depth, title, page in outline(reader) if depth == 0}
    for title, page in printed.items():
        number = next(t for t in bookmarks if t.endswith(title))
        assert bookmarks[number] == page, title
        assert title in reader.pages[page - 1].extract_text()
    # Chapters start on a page of their own: each after the one before.
    pages = list(printed.values())
    assert pages == sorted(set(pages))


def test_bookmarks_and_internal_links(handbook):
    reader = pdf_of(handbook, "en")
    marks = outline(reader)
    assert (0, "1 About the project", contents(reader)["About the project"]) in marks
    assert (1, "Climate adaptation", contents(reader)["Challenges and solutions"]) in marks
    assert any(title == "Cycling routes stop at the border" for _d, title, _p in marks)
    # The contents are links to their chapters.
    links = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    internal = [a for a in links if "/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo"]
    assert len(internal) >= len(contents(reader))


def test_a_photo_is_printed_only_with_consent_to_its_publication(handbook, world):
    photo = Output(
        event_id=world.event.id,
        kind="photo",
        title=Translations({"en": "Group work"}),
        file=store(PNG, "image/png"),
        publication_consent=False,
        for_handbook=True,
        handbook_chapter="workshops",
    )
    db.session.add(photo)
    db.session.commit()
    assert image_count(pdf_of(handbook, "en")) == 0
    photo.publication_consent = True
    db.session.commit()
    reader = pdf_of(handbook, "en")
    assert image_count(reader) == 1
    assert "Group work" in text_of(reader)


def test_a_participant_without_consent_is_not_in_the_pdf(handbook, world):
    world.participant.attendances[0].role = "speaker"
    db.session.commit()
    assert "Bērziņa" not in text_of(pdf_of(handbook, "en"))
    world.participant.record_consent(named=True, photos=False)
    db.session.commit()
    assert "Ilze Bērziņa" in text_of(pdf_of(handbook, "en"))


def test_fallbacks_are_marked_in_print(handbook):
    reader = pdf_of(handbook, "lt")
    text = text_of(reader)
    assert "Innovation camp in Ventspils [EN]" in text  # in English only
    # The contents page says what the marker means, in the edition's language.
    note = collect(handbook, "lt").labels["fallback_note"]
    contents_page = next(p.extract_text() for p in reader.pages if note[:20] in p.extract_text())
    assert " ".join(note.split()) in " ".join(contents_page.split())


def test_long_tables_break_across_pages_with_their_head_repeated(handbook, world):
    for n in range(70):
        event = make_event(world.project, world.lt, f"Workshop number {n}", kind="forum")
        attend(event, make_participant(world.project, f"Person {n}", "LT"))
    db.session.commit()
    reader = pdf_of(handbook, "en")
    # A word broken over two lines of a narrow column is one word.
    pages = [p.extract_text().replace("-\n", "") for p in reader.pages]
    listing = [t for t in pages if "Workshop number" in t]
    assert len(listing) >= 4  # the timeline and the list of events, over several pages each
    for text in listing:
        assert "Date" in text and "Participants" in text  # the head on every page


def test_the_bilingual_edition_side_by_side(handbook):
    reader = pdf_of(handbook, "lv", "lt", layout="side")
    text = text_of(reader)
    assert "Par projektu / Apie projektą" in text
    assert "Rokasgrāmata pārrobežu plānošanai" in text and "Tarpvalstybinio planavimo gidas" in text
    assert reader.trailer["/Root"]["/Lang"] == "lv"
    assert reader.metadata.title == (
        "Rokasgrāmata pārrobežu plānošanai / Tarpvalstybinio planavimo gidas"
    )


def test_the_demo_handbook_in_latvian(app):
    assert seed_demo() is True
    project = db.session.scalar(select(Project).where(Project.code == "LLI-431"))
    handbook = ensure_handbook(project)
    reader = pdf_of(handbook, "lv")
    assert len(reader.pages) >= 20
    text = text_of(reader)
    assert "Kurzemes plānošanas reģions" in text and "Asociacija „Klaipėdos regionas“" in text
    assert "Labās prakses piemēri" in text
    bookmarks = {title: page for depth, title, page in outline(reader) if depth == 0}
    for title, page in contents(reader).items():
        number = next(t for t in bookmarks if t.endswith(title))
        assert bookmarks[number] == page
    # One photo has consent to publication, the old town walk has not.
    assert image_count(reader) == 1
