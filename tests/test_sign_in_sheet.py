"""The printable sign-in sheet: registered names, then empty rows to sign by hand, in a PDF
whose font prints Latvian and Lithuanian letters."""

import io
import re

import pytest
from pypdf import PdfReader

from collab.checkin import sheet
from collab.extensions import db
from tests.conftest import attend, login, make_participant

# Invented names with every Latvian and Lithuanian letter, small and capital.
BALTIC_NAMES = [
    "Āris Ločmelis",
    "Mārtiņš Šķēle",
    "Inga Reģīte",
    "Ļena Kļaviņa",
    "Jūlija Žūriņa",
    "Ąžuolas Kęsgaila",
    "Ėmilija Mąstaitė",
    "Įveta Rįtaitė",
    "Ūla Dųlytė",
]


def sheet_of(client, world, user="coordinator", **headers):
    login(client, world.users[user])
    response = client.get(f"/events/{world.event.id}/sign-in-sheet.pdf", headers=headers)
    assert response.status_code == 200, response.status_code
    return response, PdfReader(io.BytesIO(response.data))


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def row_numbers(text: str) -> list[int]:
    """The numbers in the first column: lines that are a number alone or start a row."""
    return [int(n) for n in re.findall(r"(?m)^(\d+)(?=\s|$)", text)]


def font_names(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def register(world, names):
    for name in names:
        attend(world.event, make_participant(world.project, name, "LT", organisation=world.lt))
    db.session.commit()


def test_sheet_is_a_pdf_with_the_event_and_the_project(client, world):
    response, reader = sheet_of(client, world)

    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert 'filename="sign-in-sheet-2021-09-15.pdf"' in response.headers["Content-Disposition"]
    assert len(reader.pages) == 1
    first = page_texts(reader)[0]
    for text in (
        "Smart Planning",
        "LLI-431",
        "Interreg V-A Latvia–Lithuania 2014–2020",
        "Sign-in sheet",
        "Innovation camp in Ventspils",
        "Zinātnes centrs VIZIUM, Ventspils, Latvia",
        "No.",
        "Signature",
        "Ilze Bērziņa",
        "Kurzemes plānošanas reģions",
    ):
        assert text in first, text
    assert re.search(r"Page\s*1\s*of\s*1", first)
    # One registered name, then empty rows up to the end of the page.
    assert row_numbers(first) == list(range(1, sheet.FIRST_PAGE_ROWS + 1))
    # The font is embedded, so the letters print the same on any computer.
    assert font_names(reader) and all("NotoSans" in n.replace("-", "") for n in font_names(reader))


def test_baltic_letters_come_out_as_written(client, world):
    register(world, BALTIC_NAMES)
    _, reader = sheet_of(client, world)
    text = "".join(page_texts(reader))
    for name in BALTIC_NAMES:
        assert name in text, name
    for letter in "āčēģīķļņšūžąęėįų":
        assert letter in text


def test_names_are_sorted_and_followed_by_rows_to_fill_in(client, world):
    register(world, ["Zane Zariņa", "Česlavs Bērziņš", "Andris Ābele"])
    _, reader = sheet_of(client, world)
    text = page_texts(reader)[0]
    positions = [
        text.index(name)
        for name in ("Andris Ābele", "Česlavs Bērziņš", "Ilze Bērziņa", "Zane Zariņa")
    ]
    assert positions == sorted(positions)


def test_sixty_names_take_more_pages_and_every_page_is_full(client, world):
    names = [f"{BALTIC_NAMES[n % len(BALTIC_NAMES)]} {n:02d}" for n in range(59)]
    register(world, names)

    _, reader = sheet_of(client, world)

    texts = page_texts(reader)
    # 60 names and 10 empty rows: 20 on the first page, 25 on each next one.
    assert len(texts) == 3
    assert sheet.row_count(60) == 70
    assert row_numbers(texts[0]) == list(range(1, 21))
    assert row_numbers(texts[1]) == list(range(21, 46))
    assert row_numbers(texts[2]) == list(range(46, 71))
    for number, text in enumerate(texts, start=1):
        assert re.search(rf"Page\s*{number}\s*of\s*3", text), number
        # The heading of the table repeats on every page, the event in the margin.
        assert "No." in text and "Signature" in text
        assert "Innovation camp in Ventspils" in text
    joined = "".join(texts)
    assert all(name in joined for name in names)


def test_long_names_do_not_push_rows_onto_another_page(client, world):
    register(
        world,
        [
            "Anna-Marija Kristīne Ābeltiņa-Vanaga-Bērziņa-Kalniņa-Ozoliņa-Liepiņa " + str(n)
            for n in range(10)
        ],
    )
    world.lt.name = "Vides aizsardzības un reģionālās attīstības ministrija " * 3
    db.session.commit()
    _, reader = sheet_of(client, world)
    # 11 names and 10 empty rows: the first page (20 rows) and a second one, full.
    texts = page_texts(reader)
    assert len(texts) == 2
    assert row_numbers(texts[1]) == list(range(21, 46))


@pytest.mark.parametrize("language", ["lv", "lt"])
def test_sheet_is_in_the_readers_language(client, world, language):
    world.users["coordinator"].language = language
    db.session.commit()
    _, reader = sheet_of(client, world)
    assert reader.trailer["/Root"]["/Lang"] == language
    # Dates are written the reader's way (the month names are Babel's, not ours).
    assert "2021" in page_texts(reader)[0] and "Sep 15" not in page_texts(reader)[0]


def test_row_count_fills_the_last_page():
    assert sheet.row_count(0) == sheet.FIRST_PAGE_ROWS
    assert sheet.row_count(sheet.FIRST_PAGE_ROWS - sheet.MIN_EMPTY_ROWS) == sheet.FIRST_PAGE_ROWS
    assert sheet.row_count(sheet.FIRST_PAGE_ROWS - sheet.MIN_EMPTY_ROWS + 1) == (
        sheet.FIRST_PAGE_ROWS + sheet.PAGE_ROWS
    )


def test_page_numbers_are_a_css_value_of_the_translated_sentence(app):
    with app.test_request_context():
        assert sheet.page_numbers_css() == '"Page " counter(page) " of " counter(pages)'
    assert sheet.css_string('a "b" </style>') == '"a \\"b\\" \\3C /style>"'
