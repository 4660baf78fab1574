"""Uploads that cannot hurt: office files that would unpack to too much are refused unread,
downloads run nothing in the browser, and a stored file and its row come and go together."""

import struct
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from collab.extensions import db
from collab.outputs.models import Output, StoredFile
from collab.outputs.storage import path_of
from tests.conftest import login, row_counts
from tests.test_output_downloads import PDF, PNG, add_output
from tests.test_uploads import content_types, docx_bytes, stored_files, upload


def docx_with(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A Word document with extra parts."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", content_types("word/document.xml"))
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def coordinator_of(make_app, world):
    """A logged-in coordinator on an app with the given settings."""

    def build(**settings):
        app = make_app(**settings)
        client = app.test_client()
        login(client, world.users["coordinator"])
        return app, client

    return build


# --- ZIP limits ---------------------------------------------------------------------------


def test_the_default_limits(app):
    assert app.config["MAX_UNZIPPED_MB"] == 200
    assert app.config["MAX_ZIP_ENTRIES"] == 2000


def test_a_document_that_unpacks_past_the_limit_is_refused(coordinator_of, world):
    app, client = coordinator_of(MAX_UNZIPPED_MB=1)
    # 2 MB of zeros shrink to a few kilobytes: the upload itself is tiny.
    bomb = docx_with({"word/media/padding.bin": b"\0" * (2 * 1024 * 1024)})
    assert len(bomb) < 20_000
    before = row_counts()

    response = upload(client, world.event.id, bomb, "Secinājumi.docx", title="Bomb")

    assert response.status_code == 400
    assert "Unpacked, this document would take more than 1 MB" in response.text
    assert row_counts() == before
    assert stored_files(app) == []


def test_a_document_just_under_the_limit_is_stored(coordinator_of, world):
    app, client = coordinator_of(MAX_UNZIPPED_MB=1, MAX_ZIP_ENTRIES=20)
    document = docx_with({f"word/media/image{n}.bin": b"\0" * 1000 for n in range(10)})

    response = upload(client, world.event.id, document, "Secinājumi.docx", title="Fine")

    assert response.status_code == 303
    assert len(stored_files(app)) == 1


def test_a_document_of_too_many_parts_is_refused(coordinator_of, world):
    _app, client = coordinator_of(MAX_ZIP_ENTRIES=20)
    many = docx_with({f"word/media/image{n}.png": b"x" for n in range(30)})

    response = upload(client, world.event.id, many, "Prezentācija.docx", title="Many")

    assert response.status_code == 400
    assert "more than 20 parts" in response.text


def test_too_many_parts_are_refused_before_the_archive_is_opened(coordinator_of, world):
    """With the default limits: the count in the end-of-directory record is enough."""
    _app, client = coordinator_of()
    many = docx_with({f"x/{n}": b"" for n in range(2100)}, compression=zipfile.ZIP_STORED)

    response = upload(client, world.event.id, many, "Report.docx", title="Many")

    assert response.status_code == 400
    assert "more than 2,000 parts" in response.text


def test_an_archive_that_understates_its_parts_is_still_counted(coordinator_of, world):
    _app, client = coordinator_of(MAX_ZIP_ENTRIES=50)
    data = bytearray(docx_with({f"x/{n}": b"" for n in range(60)}))
    # Rewrite the end-of-directory record to claim 5 entries (on this disk and in all).
    at = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, at + 8, 5, 5)

    response = upload(client, world.event.id, bytes(data), "Report.docx", title="Liar")

    assert response.status_code == 400
    assert "more than 50 parts" in response.text


def test_sizes_are_read_from_the_directory_without_unpacking(coordinator_of, world):
    """A member whose compressed bytes are garbage would fail to unpack; the refusal is the
    size message, so nothing was unpacked to find the size."""
    _app, client = coordinator_of(MAX_UNZIPPED_MB=1)
    padding = b"\0" * (2 * 1024 * 1024)
    data = bytearray(docx_with({"word/media/padding.bin": padding}))
    compressed_start = data.find(b"word/media/padding.bin") + len("word/media/padding.bin")
    data[compressed_start : compressed_start + 200] = b"\xff" * 200

    response = upload(client, world.event.id, bytes(data), "Report.docx", title="Garbage")

    assert response.status_code == 400
    assert "Unpacked, this document would take more than 1 MB" in response.text


# --- Downloads run nothing -----------------------------------------------------------------

SANDBOXED = "default-src 'none'; sandbox"


def assert_inert(response, attachment=True):
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Security-Policy"] == SANDBOXED
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype not in ("text/html", "image/svg+xml", "application/xhtml+xml")
    if attachment:
        assert response.headers["Content-Disposition"].startswith("attachment")


@pytest.fixture
def coordinator(client, world):
    login(client, world.users["coordinator"])
    return client


def test_an_uploaded_file_downloads_sandboxed_as_an_attachment(coordinator, world):
    output = add_output(world, PDF, "application/pdf", "Protokols.pdf")

    assert_inert(coordinator.get(f"/outputs/{output.id}/download"))


def test_a_thumbnail_is_sandboxed(coordinator, world):
    output = add_output(world, PNG, "image/png", "foto.png", kind="photo")

    response = coordinator.get(f"/outputs/{output.id}/thumbnail")

    assert_inert(response, attachment=False)
    assert response.mimetype == "image/jpeg"


@pytest.mark.parametrize(
    "url",
    [
        lambda w: f"/events/{w.event.id}/outputs.zip",
        lambda w: f"/projects/{w.project.id}/outputs.zip",
        lambda w: f"/events/{w.event.id}/attendance.csv",
        lambda w: f"/events/{w.event.id}/attendance.xlsx",
    ],
    ids=["event-package", "project-package", "attendance-csv", "attendance-xlsx"],
)
def test_exports_are_sandboxed_attachments(coordinator, world, url):
    assert_inert(coordinator.get(url(world)))


def test_a_qr_code_in_svg_runs_nothing_when_opened_on_its_own(coordinator, world):
    response = coordinator.get(f"/events/{world.event.id}/checkin/qr.svg")

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"  # for <img> on the manage page
    assert response.headers["Content-Security-Policy"] == SANDBOXED
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_qr_code_in_png_is_sandboxed(coordinator, world):
    assert_inert(coordinator.get(f"/events/{world.event.id}/checkin/qr.png"), attachment=False)


def test_the_sign_in_sheet_opens_in_the_browsers_pdf_viewer_loading_nothing(coordinator, world):
    response = coordinator.get(f"/events/{world.event.id}/sign-in-sheet.pdf")

    assert response.status_code == 200
    # No sandbox: browsers refuse to show a sandboxed PDF. Still nothing else loads.
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_keep_the_csp_of_pages(coordinator, world):
    response = coordinator.get(f"/events/{world.event.id}/outputs")

    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "sandbox" not in response.headers["Content-Security-Policy"]


# --- A file and its row: both or neither -----------------------------------------------------


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def failing_output_insert():
    """The database refuses to save the output, after its file was stored."""

    def refuse(mapper, connection, target):
        raise RuntimeError("the database refused the output")

    sa_event.listen(Output, "before_insert", refuse)
    yield
    sa_event.remove(Output, "before_insert", refuse)


def test_an_upload_that_fails_after_storing_leaves_no_file_and_no_row(
    app, coordinator, world, failing_output_insert
):
    files_before = count(StoredFile)

    response = upload(coordinator, world.event.id, docx_bytes(), "Secinājumi.docx", title="Lost")

    assert response.status_code == 500
    assert stored_files(app) == []
    assert count(StoredFile) == files_before
    assert count(Output) == 1  # the World's note only


def test_a_failed_upload_of_bytes_already_kept_leaves_the_kept_file(
    app, coordinator, world, request
):
    kept = add_output(world, PDF, "application/pdf", "Protokols.pdf")
    path = path_of(kept.file)
    request.getfixturevalue("failing_output_insert")

    response = upload(coordinator, world.event.id, PDF, "Copy.pdf", title="Again")

    assert response.status_code == 500
    assert path.exists()
    assert [Path(p) for p in stored_files(app)] == [path]
    assert coordinator.get(f"/outputs/{kept.id}/download").status_code == 200


def test_a_file_removed_before_the_commit_is_put_back(app, coordinator, world):
    """Another request storing the same bytes failed and removed the file it had written
    before this one committed: this one writes it again rather than commit a row without
    its file."""

    def remove_file(mapper, connection, target):
        for file in stored_files(app):
            file.unlink()

    sa_event.listen(Output, "before_insert", remove_file)
    try:
        response = upload(coordinator, world.event.id, PNG, "foto.png", kind="photo")
    finally:
        sa_event.remove(Output, "before_insert", remove_file)

    assert response.status_code == 303
    output = db.session.scalar(select(Output).where(Output.kind == "photo"))
    assert path_of(output.file).read_bytes() == PNG
