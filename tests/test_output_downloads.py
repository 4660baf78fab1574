"""Downloading outputs and their thumbnails: only for the project's partners, always as an
attachment with the original (cleaned) name, never sniffed into something else."""

from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image

from collab.extensions import db
from collab.i18n import Translations
from collab.outputs.models import Output
from collab.outputs.storage import store
from tests.conftest import csrf_token, login

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "outputs"
PNG = (FIXTURES / "photo.png").read_bytes()
PDF = (FIXTURES / "sample.pdf").read_bytes()


def add_output(world, data: bytes, content_type: str, filename: str, kind="report", **fields):
    output = Output(
        event_id=world.event.id,
        kind=kind,
        title=Translations({"en": filename}),
        file=store(data, content_type),
        filename=filename,
        created_by=world.users["facilitator"],
        **fields,
    )
    db.session.add(output)
    db.session.commit()
    return output


def camera_photo(orientation: int = 6) -> bytes:
    """A landscape JPEG as a phone saves it: sideways pixels, EXIF saying how to turn them,
    and where it was taken."""
    image = Image.new("RGB", (1200, 800), (200, 40, 40))
    image.paste((40, 40, 200), (0, 0, 600, 800))
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: turn 90° clockwise to view
    exif[0x010F] = "Fictitious Camera Co."  # Make
    exif[0x8825] = {1: "N", 2: (56.0, 57.0, 0.0)}  # GPS: where the photo was taken
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_a_partner_downloads_the_file_as_an_attachment_with_its_name(client, world):
    output = add_output(world, PDF, "application/pdf", "Secinājumi Klaipėda.pdf")
    login(client, world.users["member"])

    response = client.get(f"/outputs/{output.id}/download")

    assert response.status_code == 200
    assert response.data == PDF
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('Secinājumi Klaipėda.pdf')}" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, max-age=0"


def test_a_plain_name_is_sent_as_it_is(client, world):
    output = add_output(world, PDF, "application/pdf", "minutes.pdf")
    login(client, world.users["coordinator"])

    response = client.get(f"/outputs/{output.id}/download")

    assert response.headers["Content-Disposition"] == "attachment; filename=minutes.pdf"


def test_an_image_named_pdf_downloads_with_the_extension_of_its_content(client, world):
    output = add_output(world, PNG, "image/png", "map.pdf", kind="photo")
    login(client, world.users["coordinator"])

    response = client.get(f"/outputs/{output.id}/download")

    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == "attachment; filename=map.png"


def test_someone_outside_the_project_gets_not_found(client, world):
    output = add_output(world, PDF, "application/pdf", "minutes.pdf")
    login(client, world.users["outsider"])

    assert client.get(f"/outputs/{output.id}/download").status_code == 404
    assert client.get(f"/outputs/{output.id}/thumbnail").status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    output = add_output(world, PDF, "application/pdf", "minutes.pdf")

    response = client.get(f"/outputs/{output.id}/download")

    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_a_note_has_nothing_to_download(client, world):
    login(client, world.users["coordinator"])

    assert client.get(f"/outputs/{world.output.id}/download").status_code == 404
    assert client.get(f"/outputs/{world.output.id}/thumbnail").status_code == 404


def test_a_thumbnail_is_small_upright_and_without_the_photos_metadata(app, client, world):
    output = add_output(world, camera_photo(), "image/jpeg", "IMG_0001.jpg", kind="photo")
    login(client, world.users["member"])

    response = client.get(f"/outputs/{output.id}/thumbnail")

    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert "private" in response.headers["Cache-Control"]
    with Image.open(BytesIO(response.data)) as thumbnail:
        assert max(thumbnail.size) <= 320
        # Turned upright: the landscape pixels stand as the camera held them.
        assert thumbnail.size[0] < thumbnail.size[1]
        assert len(thumbnail.getexif()) == 0
        assert "exif" not in thumbnail.info
        # The blue half, at the left of the sideways pixels, is at the top once turned.
        assert thumbnail.getpixel((thumbnail.size[0] // 2, 10))[2] > 150
    cached = Path(app.config["UPLOAD_DIR"]) / "thumbnails" / f"{output.file.sha256}.jpg"
    assert cached.read_bytes() == response.data


def test_a_png_with_transparency_gets_a_thumbnail(client, world):
    image = Image.new("RGBA", (800, 200), (0, 0, 0, 0))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    output = add_output(world, buffer.getvalue(), "image/png", "logo.png", kind="photo")
    login(client, world.users["member"])

    response = client.get(f"/outputs/{output.id}/thumbnail")

    with Image.open(BytesIO(response.data)) as thumbnail:
        assert thumbnail.size == (320, 80)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(PDF, "application/pdf"), (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")],
    ids=["pdf", "damaged-png"],
)
def test_no_thumbnail_without_an_image_to_draw(client, world, data, content_type):
    output = add_output(world, data, content_type, "file")
    login(client, world.users["member"])

    assert client.get(f"/outputs/{output.id}/thumbnail").status_code == 404
    # The file itself still downloads.
    assert client.get(f"/outputs/{output.id}/download").status_code == 200


def test_a_download_already_in_the_browser_is_not_sent_again(client, world):
    output = add_output(world, PDF, "application/pdf", "minutes.pdf")
    login(client, world.users["member"])
    first = client.get(f"/outputs/{output.id}/download")
    etag = first.headers["ETag"]

    again = client.get(f"/outputs/{output.id}/download", headers={"If-None-Match": etag})

    assert etag == f'"{output.file.sha256}"'
    assert again.status_code == 304
    assert again.data == b""


def test_a_signed_attendance_list_is_seen_only_by_who_sees_the_events_attendance(client, world):
    """A scan of a signed list is a list of people: the Lithuanian partner's member gets
    neither the file nor its place in the page or the packages of the Latvian event."""
    signed = add_output(world, PDF, "application/pdf", "Parakstu-lapa.pdf", kind="signed_list")
    login(client, world.users["member"])

    assert client.get(f"/outputs/{signed.id}/download").status_code == 404
    assert "Parakstu-lapa" not in client.get(f"/events/{world.event.id}/outputs").text
    for package in (
        f"/events/{world.event.id}/outputs.zip",
        f"/projects/{world.project.id}/outputs.zip",
    ):
        assert b"Parakstu-lapa" not in client.get(package).data

    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, world.users["coordinator"])
    assert client.get(f"/outputs/{signed.id}/download").data == PDF
    assert "Parakstu-lapa" in client.get(f"/events/{world.event.id}/outputs").text
