"""The evidence pack of a reporting period: one ZIP with a numbered, dated folder per event
held in the period, an index, and lists of people only for those who may see them."""

import csv
import hashlib
import io
import zipfile
from datetime import date, time
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from collab.events.models import AgendaItem
from collab.extensions import db
from collab.i18n import Translations
from collab.outputs.models import Output
from collab.outputs.storage import store
from collab.privacy.operations import erase_participant
from collab.reporting.evidence import ascii_slug
from collab.reporting.models import ReportingPeriod
from tests.conftest import (
    World,
    attend,
    login,
    make_event,
    make_participant,
    make_project,
    make_user,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "outputs"
PNG = (FIXTURES / "photo.png").read_bytes()
PDF = (FIXTURES / "sample.pdf").read_bytes()

LV_FOLDER = "01_2020-06-01_velocelu-darbnica-kuldiga"
LT_FOLDER = "02_2020-11-30_seminar-in-klaipeda"
LV_NAME = "Anna Paraudziņa"
LT_NAME = "Rūta Pavyzdėlė"
ERASED_NAME = "Kārlis Izdzēstais"


def add_output(event, kind, title, data=None, content_type=None, filename=None, **extra):
    output = Output(
        event_id=event.id,
        kind=kind,
        title=Translations(title if isinstance(title, dict) else {"en": title}),
        file=store(data, content_type) if data is not None else None,
        filename=filename,
        **extra,
    )
    db.session.add(output)
    db.session.flush()
    return output


class Period:
    """The World's first period (2020-06-01 to 2020-11-30) with an event of each partner on
    its first and last day, and events just outside it that must stay out."""

    def __init__(self, world):
        self.world = world
        self.period = world.period
        self.lv_event = make_event(
            world.project,
            world.lv,
            {"lv": "Veloceļu darbnīca Kuldīgā", "en": "Cycling routes workshop in Kuldīga"},
            kind="workshop",
            start_date=date(2020, 6, 1),
            end_date=date(2020, 6, 1),
            venue="Kuldīgas novada dome",
            town="Kuldīga",
            unnamed_count=3,
        )
        self.lv_event.agenda.append(
            AgendaItem(
                day=date(2020, 6, 1),
                time=time(10, 0),
                title=Translations({"lv": "Veloceļi Kurzemē", "en": "Cycling routes in Kurzeme"}),
                speaker="J. Paraugs",
                speaker_organisation="KPR",
            )
        )
        self.lt_event = make_event(
            world.project,
            world.lt,
            "Seminar in Klaipėda",
            kind="seminar",
            start_date=date(2020, 11, 30),
            end_date=date(2020, 11, 30),
            venue=None,
            town="Klaipėda",
        )
        self.before = make_event(
            world.project, world.lv, "The day before", start_date=date(2020, 5, 31)
        )
        self.after = make_event(
            world.project,
            world.lt,
            "The day after",
            start_date=date(2020, 12, 1),
            end_date=date(2020, 12, 1),
        )
        self.cancelled = make_event(
            world.project,
            world.lv,
            "Cancelled meeting",
            status="cancelled",
            start_date=date(2020, 8, 3),
            end_date=date(2020, 8, 3),
        )
        self.lv_person = make_participant(world.project, LV_NAME, "LV", organisation=world.lv)
        self.erased = make_participant(world.project, ERASED_NAME, "LV")
        self.lt_person = make_participant(world.project, LT_NAME, "LT", organisation=world.lt)
        attend(self.lv_event, self.lv_person)
        attend(self.lv_event, self.erased)
        attend(self.lv_event, self.lt_person)
        attend(self.lt_event, self.lt_person)
        attend(self.after, self.lv_person)
        erase_participant(self.erased)

        add_output(
            self.lv_event, "note", "Notes of table 1", text=Translations({"en": "Ferries *too*."})
        )
        add_output(
            self.lv_event,
            "presentation",
            {"lv": "Veloceļi Kurzemē"},
            PDF,
            "application/pdf",
            "Veloceļi.pdf",
            agenda_item_id=self.lv_event.agenda[0].id,
        )
        add_output(
            self.lv_event,
            "photo",
            "Tables at work",
            PNG,
            "image/png",
            "IMG_2034.PNG",
            publication_consent=True,
        )
        add_output(self.lv_event, "photo", "Faces", PNG, "image/png", "faces.png")
        add_output(self.lv_event, "report", "Workshop conclusions", PDF, "application/pdf", "x.pdf")
        add_output(
            self.lv_event, "signed_list", "Signed list", PDF, "application/pdf", "scan 1.pdf"
        )
        add_output(
            self.lt_event, "signed_list", "Pasirašytas sąrašas", PDF, "application/pdf", "s.pdf"
        )
        add_output(self.after, "report", "Report after the period", PDF, "application/pdf", "a.pdf")
        db.session.commit()

    @property
    def url(self) -> str:
        return pack_url(self.world)


def pack_url(world, period=None) -> str:
    period = period or world.period
    return f"/projects/{world.project.id}/periods/{period.id}/evidence.zip"


@pytest.fixture
def period(world):
    return Period(world)


def download(client, url) -> zipfile.ZipFile:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def text_of(archive: zipfile.ZipFile, name: str) -> str:
    """What a person reading the file sees: a PDF's text too, not only its bytes."""
    data = archive.read(name)
    if name.endswith(".pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8", errors="replace")


def index_rows(archive: zipfile.ZipFile) -> list[list[str]]:
    text = archive.read("index.csv").decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_a_coordinators_pack_has_every_event_of_the_period_in_numbered_dated_folders(
    client, period
):
    login(client, period.world.users["coordinator"])

    response = client.get(period.url)

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=LLI-431-evidence-2020-06-01_2020-11-30.zip"
    )
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.namelist() == [
        "README.txt",
        f"{LV_FOLDER}/agenda.pdf",
        f"{LV_FOLDER}/attendance.csv",
        f"{LV_FOLDER}/sign-in-sheet.pdf",
        f"{LV_FOLDER}/signed-lists/01_signed-list.pdf",
        f"{LV_FOLDER}/photos/01_tables-at-work.png",
        f"{LV_FOLDER}/presentations/01_veloceli-kurzeme.pdf",
        f"{LV_FOLDER}/outputs/01_note_notes-of-table-1.md",
        f"{LV_FOLDER}/outputs/02_report_workshop-conclusions.pdf",
        f"{LT_FOLDER}/agenda.pdf",
        f"{LT_FOLDER}/attendance.csv",
        f"{LT_FOLDER}/sign-in-sheet.pdf",
        f"{LT_FOLDER}/signed-lists/01_pasirasytas-sarasas.pdf",
        "index.html",
        "index.csv",
    ]
    assert archive.testzip() is None
    # The files are the ones uploaded, byte for byte.
    assert archive.read(f"{LV_FOLDER}/photos/01_tables-at-work.png") == PNG
    assert archive.read(f"{LV_FOLDER}/signed-lists/01_signed-list.pdf") == PDF
    assert archive.read(f"{LV_FOLDER}/outputs/01_note_notes-of-table-1.md") == (
        b"# Notes of table 1\n\nFerries *too*.\n"
    )
    # Events outside the period (the day before, the day after), cancelled ones and the
    # World's events of 2021 are not in it.
    everything = "\n".join(text_of(archive, name) for name in archive.namelist())
    for title in ("The day before", "The day after", "Report after the period", "Ventspils"):
        assert title not in everything.replace("Cancelled meeting", ""), title


def test_slugs_are_ascii_with_baltic_letters_transliterated():
    assert ascii_slug("Kuldīga") == "kuldiga"
    assert ascii_slug("Seminaras Klaipėdoje: Šilutė, Žemaitija!") == (
        "seminaras-klaipedoje-silute-zemaitija"
    )
    assert ascii_slug("Liepāja — Ventspils / Rīga") == "liepaja-ventspils-riga"
    assert ascii_slug("Straße Łódź") == "strasse-lodz"
    assert ascii_slug("“…”") == ""


def test_the_agenda_and_the_lists_of_an_event(client, period):
    login(client, period.world.users["coordinator"])
    archive = download(client, period.url)

    agenda = text_of(archive, f"{LV_FOLDER}/agenda.pdf")
    assert "Cycling routes workshop in Kuldīga" in agenda
    assert "Cycling routes in Kurzeme" in agenda
    assert "J. Paraugs" in agenda and "10:00" in agenda
    assert "Kurzemes plānošanas reģions" in agenda

    attendance = text_of(archive, f"{LV_FOLDER}/attendance.csv")
    assert LV_NAME in attendance and LT_NAME in attendance
    # An erased person is counted, but not named: the export shows the placeholder.
    assert ERASED_NAME not in attendance
    assert f"Erased participant #{period.erased.id}" in attendance
    # No e-mails in the pack: the report needs the names, not the addresses.
    assert "E-mail" not in attendance.splitlines()[0]
    sheet = text_of(archive, f"{LV_FOLDER}/sign-in-sheet.pdf")
    assert LV_NAME in sheet and ERASED_NAME not in sheet


def test_photos_without_consent_are_left_out_and_the_index_says_so(client, period):
    login(client, period.world.users["admin"])
    archive = download(client, period.url)

    photos = [name for name in archive.namelist() if "/photos/" in name]
    assert photos == [f"{LV_FOLDER}/photos/01_tables-at-work.png"]
    remark = "1 photo left out: the people in it have not consented to its publication."
    assert remark in archive.read("index.html").decode()
    assert any(row[2] == remark for row in index_rows(archive))


def test_the_index_lists_every_file_with_its_size_and_checksum(client, period):
    login(client, period.world.users["coordinator"])
    archive = download(client, period.url)

    rows = index_rows(archive)
    assert rows[0] == ["Folder", "File", "What it is", "Event", "Date", "Size (bytes)", "SHA-256"]
    files = {(row[0], row[1]): row for row in rows[1:] if row[1] and row[0]}
    in_folders = [name for name in archive.namelist() if "/" in name]
    assert sorted(f"{folder}/{name}" for folder, name in files) == sorted(in_folders)
    for (folder, name), row in files.items():
        data = archive.read(f"{folder}/{name}")
        assert row[5] == str(len(data))
        assert row[6] == hashlib.sha256(data).hexdigest()
    signed = files[(LV_FOLDER, "signed-lists/01_signed-list.pdf")]
    assert signed[2:5] == [
        "Signed attendance list: Signed list",
        "Cycling routes workshop in Kuldīga",
        "2020-06-01",
    ]
    presentation = files[(LV_FOLDER, "presentations/01_veloceli-kurzeme.pdf")]
    assert presentation[2] == "Presentation: Veloceļi Kurzemē (J. Paraugs)"
    assert files[(LT_FOLDER, "attendance.csv")][2] == "List of participants (CSV)"
    figures = [row[2] for row in rows if row[0] == LV_FOLDER and not row[1]]
    assert "Participants: 6 (3 named, 3 not named); Latvia 2, Lithuania 1" in figures
    assert {row[1] for row in rows if not row[0]} == {"README.txt", "index.html", "index.csv"}

    page = archive.read("index.html").decode()
    assert "Evidence pack: Period 1" in page
    assert f'<a href="{LV_FOLDER}/signed-lists/01_signed-list.pdf">' in page
    assert "Cycling routes workshop in Kuldīga" in page and "Seminar in Klaipėda" in page
    # The cancelled event is named as missing, so nobody wonders where it went.
    assert "Cancelled meeting" in page
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")

    readme = archive.read("README.txt").decode("utf-8-sig")
    assert "LLI-431" in readme and "Smart Planning" in readme
    assert "Period 1" in readme and "2020-06-01 – 2020-11-30" in readme
    assert "Made by Test Coordinator (Kurzemes plānošanas reģions)" in readme
    assert LV_FOLDER in readme and LT_FOLDER in readme


def test_a_member_gets_no_names_of_another_organisations_events(client, period):
    """The member (Lithuanian partner) may see no list of people: the figures only."""
    login(client, period.world.users["member"])
    archive = download(client, period.url)

    names = archive.namelist()
    assert not [name for name in names if name.endswith(("attendance.csv", "sign-in-sheet.pdf"))]
    assert not [name for name in names if "/signed-lists/" in name]
    assert f"{LV_FOLDER}/agenda.pdf" in names
    assert f"{LV_FOLDER}/photos/01_tables-at-work.png" in names
    for name in names:
        text = text_of(archive, name)
        for person in (LV_NAME, LT_NAME, ERASED_NAME, "Erased participant"):
            assert person not in text, (person, name)
    page = archive.read("index.html").decode()
    assert (
        "The list of participants is withheld: it is personal data of another organisation "
        "(Kurzemes plānošanas reģions). Figures only."
    ) in page
    assert "1 signed attendance list withheld: personal data of another organisation." in page
    rows = index_rows(archive)
    lv_remarks = [row[2] for row in rows if row[0] == LV_FOLDER and not row[1]]
    assert "Participants: 6 (3 named, 3 not named); Latvia 2, Lithuania 1" in lv_remarks


def test_a_partners_facilitator_gets_the_lists_of_their_own_events_only(client, period):
    facilitator = make_user("facilitator", period.world.lt, email="lt-facilitator@example.org")
    db.session.commit()
    login(client, facilitator)
    archive = download(client, period.url)

    names = archive.namelist()
    assert f"{LT_FOLDER}/attendance.csv" in names
    assert f"{LT_FOLDER}/signed-lists/01_pasirasytas-sarasas.pdf" in names
    assert f"{LV_FOLDER}/attendance.csv" not in names
    assert f"{LV_FOLDER}/signed-lists/01_signed-list.pdf" not in names
    assert LT_NAME in text_of(archive, f"{LT_FOLDER}/attendance.csv")
    for name in names:
        if not name.startswith(LT_FOLDER):
            assert LV_NAME not in text_of(archive, name), name
    # The folders are numbered the same whoever downloads: only their contents differ.
    assert any(name.startswith(LV_FOLDER) for name in names)


def test_a_second_download_gives_the_same_names_in_the_same_order_and_bytes(client, period):
    login(client, period.world.users["coordinator"])
    first = download(client, period.url)
    second = download(client, period.url)

    assert first.namelist() == second.namelist()
    for name in first.namelist():
        if name != "README.txt":  # it says when the pack was made
            assert first.read(name) == second.read(name), name
        assert first.getinfo(name).date_time == second.getinfo(name).date_time, name


def test_events_are_in_by_their_first_day_the_boundaries_included(client, world):
    # An event starting on the period's last day and ending after it belongs to the period.
    make_event(world.project, world.lv, "Camp", start_date=date(2020, 11, 30))
    make_event(world.project, world.lv, "Study visit", start_date=date(2020, 6, 1))
    db.session.commit()
    login(client, world.users["coordinator"])
    archive = download(client, pack_url(world))

    folders = sorted({name.split("/")[0] for name in archive.namelist() if "/" in name})
    assert folders == ["01_2020-06-01_study-visit", "02_2020-11-30_camp"]


def test_an_empty_period_gives_a_pack_with_its_index(client, world):
    login(client, world.users["coordinator"])
    archive = download(client, pack_url(world))

    assert archive.namelist() == ["README.txt", "index.html", "index.csv"]
    assert "No event was held in this period." in archive.read("index.html").decode()


def test_who_may_download_it(app, world):
    url = pack_url(world)
    response = app.test_client().get(url)
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]

    outsider = app.test_client()
    login(outsider, world.users["outsider"])
    assert outsider.get(url).status_code == 404

    # The member reads the project's reports: the pack, without the lists.
    member = app.test_client()
    login(member, world.users["member"])
    assert member.get(url).status_code == 200

    # A period of another project, through this project's address: not found.
    other = ReportingPeriod(
        project_id=world.other_project.id,
        name=Translations({"en": "P1"}),
        start_date=date(2020, 6, 1),
        end_date=date(2020, 11, 30),
    )
    db.session.add(other)
    db.session.commit()
    coordinator = app.test_client()
    login(coordinator, world.users["coordinator"])
    assert coordinator.get(pack_url(world, other)).status_code == 404
    missing = url.replace(f"/periods/{world.period.id}/", "/periods/999999/")
    assert coordinator.get(missing).status_code == 404


def test_signed_attendance_lists_can_be_uploaded_as_outputs(client, world):
    login(client, world.users["facilitator"])
    page = client.get(f"/events/{world.event.id}/outputs").get_data(as_text=True)
    assert '<option value="signed_list">Signed attendance list</option>' in page

    response = client.post(
        f"/events/{world.event.id}/outputs",
        data={
            "kind": "signed_list",
            "title-en": "Signed list, day 1",
            "upload": (io.BytesIO(PDF), "scan.pdf"),
        },
        content_type="multipart/form-data",
    )

    assert response.status_code == 303
    output = db.session.scalar(select(Output).where(Output.kind == "signed_list"))
    assert output.file.sha256 == hashlib.sha256(PDF).hexdigest()
    page = client.get(f"/events/{world.event.id}/outputs").get_data(as_text=True)
    assert "Signed attendance lists" in page and "Signed list, day 1" in page


def test_another_project_with_the_same_dates_is_not_mixed_in(client, world):
    project = make_project(code="LLI-999", partners=[(world.lv, "lead")])
    make_event(project, world.lv, "Elsewhere", start_date=date(2020, 7, 1))
    db.session.commit()
    login(client, world.users["coordinator"])
    archive = download(client, pack_url(world))

    assert archive.namelist() == ["README.txt", "index.html", "index.csv"]


def test_the_pack_is_whole_under_a_real_server(make_app):
    """As under a real server, with no app context around the whole request: the ZIP is
    made within the request and sent in pieces after it, and arrives complete."""
    app = make_app()
    app.test_client_class = FlaskClient  # not one app context around the whole request
    with app.app_context():
        period = Period(World())
        url, email = period.url, period.world.users["coordinator"].email
        db.session.remove()
    client = app.test_client()
    login(client, email)

    response = client.get(url, buffered=False)

    assert response.status_code == 200
    chunks = list(response.response)
    response.close()
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    assert int(response.headers["Content-Length"]) == sum(map(len, chunks))
    assert LV_NAME in archive.read(f"{LV_FOLDER}/attendance.csv").decode("utf-8")
    assert archive.namelist()[-2:] == ["index.html", "index.csv"]
