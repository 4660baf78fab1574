"""Uploading outputs: the type comes from the content, names are cleaned, the same bytes are
stored once, and a file past the size limit gets a page that says the limit."""

import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from collab.extensions import db
from collab.outputs.filetypes import clean_filename
from collab.outputs.models import Output, StoredFile
from tests.conftest import World, login, row_counts

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "outputs"
PNG = (FIXTURES / "photo.png").read_bytes()
PDF = (FIXTURES / "sample.pdf").read_bytes()

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"


def _zip(members: dict[str, bytes | str], first: str | None = None) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(
                zipfile.ZipInfo(first), members.pop(first), compress_type=zipfile.ZIP_STORED
            )
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def content_types(main: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{main}" ContentType="application/xml"/></Types>'
    )


def docx_bytes() -> bytes:
    """A minimal Word document, as Word writes its parts."""
    return _zip(
        {
            "[Content_Types].xml": content_types("word/document.xml"),
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": (
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                '2006/main"><w:body><w:p><w:r><w:t>Secinājumi</w:t></w:r></w:p></w:body>'
                "</w:document>"
            ),
        }
    )


def pptx_bytes() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": content_types("ppt/presentation.xml"),
            "ppt/presentation.xml": "<p:presentation/>",
            "ppt/slides/slide1.xml": "<p:sld/>",
        }
    )


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["Dalībnieks", "Valsts"])
    book.active.append(["Eglė Pavyzdytė", "LT"])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    return _zip(
        {"mimetype": ODT, "content.xml": "<office:document-content/>"},
        first="mimetype",
    )


def upload(client, event_id, data: bytes, name: str, kind="report", **fields):
    form = {"kind": kind, "title-en": fields.pop("title", ""), **fields}
    form["upload"] = FileStorage(BytesIO(data), name)
    # Encoded in memory: Werkzeug's own encoding spills a large body into a temporary file
    # it never closes when the app refuses the body unread (413).
    boundary, body = encode_multipart(form)
    return client.post(
        f"/events/{event_id}/outputs",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


@pytest.fixture
def coordinator(client, world):
    login(client, world.users["coordinator"])
    return client


def _only_output(world) -> Output:
    db.session.expire_all()
    return db.session.scalar(
        select(Output).where(Output.event_id == world.event.id, Output.kind != "note")
    )


def stored_files(app) -> list[Path]:
    root = Path(app.config["UPLOAD_DIR"]) / "files"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("make", "name", "content_type"),
    [
        (lambda: PDF, "Protokols.pdf", "application/pdf"),
        (lambda: PNG, "foto.png", "image/png"),
        (docx_bytes, "Secinājumi.docx", DOCX),
        (pptx_bytes, "Prezentācija.pptx", PPTX),
        (xlsx_bytes, "Dalībnieki.xlsx", XLSX),
        (odt_bytes, "Ziņojums.odt", ODT),
    ],
)
def test_allowed_files_are_stored_with_the_type_of_their_content(
    app, coordinator, world, make, name, content_type
):
    response = upload(coordinator, world.event.id, make(), name, title="Result")

    assert response.status_code == 303
    output = _only_output(world)
    assert output.file.content_type == content_type
    assert output.filename == name
    assert len(stored_files(app)) == 1


def test_a_png_called_pdf_is_stored_as_a_png_with_its_name_corrected(app, coordinator, world):
    response = upload(coordinator, world.event.id, PNG, "Scan of the map.pdf", kind="photo")

    assert response.status_code == 303
    output = _only_output(world)
    assert output.file.content_type == "image/png"
    assert output.filename == "Scan of the map.png"
    # No title typed: the file's name stands in.
    assert str(output.title) == "Scan of the map"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<!doctype html><html><script>alert(1)</script></html>", "report.pdf"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "a.png"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200, "setup.docx"),
        (_zip({"readme.txt": "not an office document"}), "minutes.docx"),
        (_zip({"[Content_Types].xml": "<Types/>", "other/x.xml": "<x/>"}), "minutes.docx"),
        (_zip({"mimetype": "application/epub+zip", "x": "y"}, first="mimetype"), "book.odt"),
        (b"Name;Country\nIlze;LV\n", "list.xlsx"),
    ],
    ids=["html", "svg", "exe", "zip", "ooxml-without-known-part", "epub", "csv"],
)
def test_other_content_is_refused_whatever_its_name(client, coordinator, world, data, name):
    before = row_counts()

    response = upload(coordinator, world.event.id, data, name, title="Disguised")

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This kind of file cannot be uploaded. Allowed: PDF, DOCX, PPTX, XLSX" in page
    assert row_counts() == before


def test_a_document_with_macros_is_refused(coordinator, world):
    macros = _zip(
        {
            "[Content_Types].xml": content_types("word/document.xml").replace(
                "application/xml", "application/vnd.ms-word.document.macroEnabled.main+xml"
            ),
            "word/document.xml": "<w:document/>",
            "word/vbaProject.bin": b"\x00" * 10,
        }
    )

    response = upload(coordinator, world.event.id, macros, "minutes.docx", title="Macros")

    assert response.status_code == 400
    assert "Documents with macros cannot be uploaded" in response.get_data(as_text=True)


def test_an_empty_file_is_refused(coordinator, world):
    before = row_counts()

    response = upload(coordinator, world.event.id, b"", "empty.pdf", title="Nothing")

    assert response.status_code == 400
    assert "The file is empty." in response.get_data(as_text=True)
    assert row_counts() == before


def test_a_file_is_needed_for_everything_but_a_note(coordinator, world):
    response = coordinator.post(
        f"/events/{world.event.id}/outputs",
        data={"kind": "presentation", "title-en": "Slides"},
        content_type="multipart/form-data",
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose the file to upload" in page
    # What was typed stays in the form.
    assert 'value="Slides"' in page


def test_a_photo_must_be_an_image(coordinator, world):
    response = upload(coordinator, world.event.id, PDF, "photo.pdf", kind="photo", title="X")

    assert response.status_code == 400
    assert "A photo must be a PNG, JPEG or WebP image." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Ilze\\Desktop\\y.pdf", "y.pdf"),
        (
            "Pārskats Klaipėda ąčęėįšųūž ĀČĒĢĪĶĻŅŠŪŽ.pdf",
            "Pārskats Klaipėda ąčęėįšųūž ĀČĒĢĪĶĻŅŠŪŽ.pdf",
        ),
        ("report\x00\x1b[31m\n.pdf", "report_31m.pdf"),
        ("a<b>|c*?.pdf", "a_b_c.pdf"),
        ("...", "file"),
        ("", "file"),
        ("/", "file"),
        # macOS sends ā as a + a combining macron.
        ("Pa\u0304rskats.pdf", "Pārskats.pdf"),
    ],
)
def test_names_lose_path_parts_and_odd_signs_but_keep_baltic_letters(typed, kept):
    assert clean_filename(typed) == kept


def test_long_names_are_cut_keeping_the_extension():
    cleaned = clean_filename("ļ" * 300 + ".pptx")

    assert len(cleaned) == 120
    assert cleaned.endswith("ļ.pptx")


def test_a_path_like_upload_name_is_stored_clean(coordinator, world):
    upload(coordinator, world.event.id, PDF, "../../etc/Pārskats.pdf", title="Report")

    assert _only_output(world).filename == "Pārskats.pdf"


def test_the_same_file_uploaded_twice_is_stored_once(app, coordinator, world):
    upload(coordinator, world.event.id, PDF, "first.pdf", title="First")
    upload(coordinator, world.event.id, PDF, "second.pdf", title="Second")

    db.session.expire_all()
    outputs = db.session.scalars(select(Output).where(Output.file_id.is_not(None))).all()
    assert len(outputs) == 2
    assert {o.filename for o in outputs} == {"first.pdf", "second.pdf"}
    assert db.session.scalar(select(func.count(StoredFile.id))) == 1
    assert len(stored_files(app)) == 1
    assert stored_files(app)[0].read_bytes() == PDF


def test_a_file_past_the_limit_gets_a_page_that_says_the_limit(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024 * 1024)
    client = app.test_client()
    with app.app_context():
        world = World()
        event_id = world.event.id
        login(client, world.users["coordinator"])
        before = row_counts()

    response = upload(client, event_id, PDF + b"\0" * (1024 * 1024), "huge.pdf", title="Huge")

    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "The file is too large" in page
    assert "Files of up to 1 MB can be uploaded" in page
    with app.app_context():
        assert row_counts() == before


def test_the_limit_page_is_in_the_readers_language(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024 * 1024)
    client = app.test_client()
    with app.app_context():
        world = World()
        world.users["coordinator"].language = "lv"
        db.session.commit()
        event_id = world.event.id
        login(client, world.users["coordinator"])

    response = upload(client, event_id, b"\0" * (1024 * 1024 + 10), "huge.pdf")

    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert '<html lang="lv">' in page


def test_the_upload_limit_comes_from_max_upload_mb(monkeypatch, make_app):
    monkeypatch.setenv("MAX_UPLOAD_MB", "7")
    app = make_app()

    assert app.config["MAX_CONTENT_LENGTH"] == 7 * 1024 * 1024
