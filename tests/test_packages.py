"""The material package: a ZIP of an event's or a project's outputs with a readable layout
and an index; photos without publication consent only for those who may edit them."""

import hashlib
import re
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path

from collab.extensions import db
from collab.i18n import Translations
from collab.outputs.models import Output
from collab.outputs.storage import store
from tests.conftest import login, make_event

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "outputs"
PNG = (FIXTURES / "photo.png").read_bytes()
PDF = (FIXTURES / "sample.pdf").read_bytes()
ROOT = "LLI-431 outputs"
CAMP = f"{ROOT}/2021-09-15 innovation-camp-in-ventspils"


def add_output(world, event, kind, title, data=None, content_type=None, filename=None, **extra):
    output = Output(
        event_id=event.id,
        kind=kind,
        title=Translations({"en": title}),
        file=store(data, content_type) if data is not None else None,
        filename=filename,
        created_by=world.users["facilitator"],
        **extra,
    )
    db.session.add(output)
    db.session.commit()
    return output


def open_zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    return zipfile.ZipFile(BytesIO(response.data))


def test_an_events_package_has_a_folder_per_event_numbered_files_and_an_index(client, world):
    add_output(
        world,
        world.event,
        "presentation",
        "Cycling routes",
        PDF,
        "application/pdf",
        "Veloceļi Kurzemē.pdf",
    )
    add_output(
        world,
        world.event,
        "photo",
        "Table 2 at work",
        PNG,
        "image/png",
        "table 2.png",
        publication_consent=True,
    )
    login(client, world.users["member"])

    response = client.get(f"/events/{world.event.id}/outputs.zip")

    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "LLI-431 outputs 2021-09-15 innovation-camp-in-ventspils.zip" in disposition
    archive = open_zip(response)
    names = archive.namelist()
    assert sorted(names) == sorted(
        [
            f"{ROOT}/index.html",
            f"{ROOT}/index.txt",
            f"{CAMP}/01 note - Notes of table 1.md",
            f"{CAMP}/02 presentation - Veloceļi Kurzemē.pdf",
            f"{CAMP}/03 photo - table 2.png",
        ]
    )
    assert archive.read(f"{CAMP}/02 presentation - Veloceļi Kurzemē.pdf") == PDF
    assert archive.read(f"{CAMP}/03 photo - table 2.png") == PNG
    note = archive.read(f"{CAMP}/01 note - Notes of table 1.md").decode()
    assert note == "# Notes of table 1\n\nCycling *matters*.\n"
    # Names outside ASCII are marked as UTF-8, so every unzip tool shows ļ and ē.
    info = archive.getinfo(f"{CAMP}/02 presentation - Veloceļi Kurzemē.pdf")
    assert info.flag_bits & 0x800


def test_the_index_lists_every_output_with_who_added_it_and_a_matching_sha256(client, world):
    add_output(world, world.event, "report", "Report", PDF, "application/pdf", "report.pdf")
    add_output(world, world.lt_event, "file", "Map", PNG, "image/png", "map.png")
    login(client, world.users["coordinator"])

    archive = open_zip(client.get(f"/projects/{world.project.id}/outputs.zip"))

    index = archive.read(f"{ROOT}/index.html").decode()
    text = archive.read(f"{ROOT}/index.txt").decode()
    files = [name for name in archive.namelist() if not name.startswith(f"{ROOT}/index.")]
    assert len(files) == 3
    for name in files:
        digest = hashlib.sha256(archive.read(name)).hexdigest()
        assert digest in index and digest in text, name
        assert Path(name).name in text
    for title in ("Notes of table 1", "Report", "Map"):
        assert title in index and title in text
    assert "Innovation camp in Ventspils" in index
    assert "Seminar on the public-service quality standard" in index
    assert index.count("Test Facilitator") == 2
    # The index links to each file where it lies in the package.
    assert 'href="2021-09-15%20innovation-camp-in-ventspils/02%20report%20-%20report.pdf"' in index


def test_a_projects_package_holds_every_event_in_date_order(client, world):
    add_output(world, world.lt_event, "file", "Map", PNG, "image/png", "map.png")
    login(client, world.users["member"])

    response = client.get(f"/projects/{world.project.id}/outputs.zip")

    assert 'filename="LLI-431 outputs.zip"' in response.headers["Content-Disposition"] or (
        "filename=LLI-431 outputs.zip" in response.headers["Content-Disposition"]
    )
    folders = sorted(
        {name.split("/")[1] for name in open_zip(response).namelist()} - {"index.html", "index.txt"}
    )
    assert folders == [
        "2021-09-15 innovation-camp-in-ventspils",
        "2021-11-05 seminar-on-the-public-service-quality-standard",
    ]


def test_photos_without_consent_are_only_in_the_package_of_those_who_may_edit(app, client, world):
    add_output(world, world.event, "photo", "Faces", PNG, "image/png", "faces.png")
    url = f"/events/{world.event.id}/outputs.zip"

    login(client, world.users["facilitator"])
    editors = open_zip(client.get(url))
    client.post("/logout")
    login(client, world.users["member"])
    members = open_zip(client.get(url))

    assert f"{CAMP}/02 photo - faces.png" in editors.namelist()
    assert "no consent to publish" in editors.read(f"{ROOT}/index.txt").decode()
    assert not [name for name in members.namelist() if name.endswith(".png")]
    index = members.read(f"{ROOT}/index.html").decode()
    assert "1 photo was left out: the people in it have not consented to its publication." in index
    assert "Faces" in index


def test_a_package_of_an_event_without_outputs_still_has_its_index(client, world):
    login(client, world.users["member"])

    archive = open_zip(client.get(f"/events/{world.lt_event.id}/outputs.zip"))

    assert archive.namelist() == [f"{ROOT}/index.html", f"{ROOT}/index.txt"]
    assert "No outputs yet." in archive.read(f"{ROOT}/index.txt").decode()


def test_a_package_is_not_found_outside_the_project(client, world):
    login(client, world.users["outsider"])

    assert client.get(f"/events/{world.event.id}/outputs.zip").status_code == 404
    assert client.get(f"/projects/{world.project.id}/outputs.zip").status_code == 404


def test_names_in_the_package_are_clean_and_unique(client, world):
    event = make_event(
        world.project,
        world.lv,
        "Darbnīca: ../Liepāja/ <b>klimats</b>",
        start_date=date(2022, 3, 10),
        end_date=date(2022, 3, 10),
    )
    add_output(world, event, "note", "a/b\\c", text=Translations({"en": "x"}))
    db.session.commit()
    login(client, world.users["member"])

    names = open_zip(client.get(f"/events/{event.id}/outputs.zip")).namelist()

    folder = f"{ROOT}/2022-03-10 darbnīca-liepāja-b-klimats-b"
    assert f"{folder}/01 note - a_b_c.md" in names
    for name in names:
        assert ".." not in name and "\\" not in name and not re.search(r"[<>:]", name)
