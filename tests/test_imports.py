"""Importing a list of people from a CSV or Excel file: upload, columns, preview, import."""

import io
import json
import random
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import current_app
from flask_babel import force_locale
from markupsafe import escape
from openpyxl import Workbook
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from collab.attendance.models import Attendance, Participant
from collab.attendance.people import find_participant
from collab.extensions import db
from collab.imports.rows import Problem, ProjectPeople, Vocabulary, read_row
from collab.imports.spreadsheets import guess_columns, read_table
from tests.conftest import (
    World,
    attend,
    login,
    make_event,
    make_participant,
    make_user,
    row_counts,
)

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
HEADINGS = "Name,Organisation,Country,Function,E-mail,Role\n"
ALL_COLUMNS = {"name": "0", "organisation": "1", "country": "2", "function": "3", "email": "4"}
ALL_COLUMNS["role"] = "5"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def import_url(world, event=None):
    return f"/events/{(event or world.event).id}/attendance/import"


def upload(client, world, data: bytes, filename="people.csv", event=None):
    # Encoded here in memory: the test client spools a large body to a file it never closes.
    boundary, body = encode_multipart(
        MultiDict({"file": FileStorage(io.BytesIO(data), filename=filename)})
    )
    return client.post(
        import_url(world, event),
        data=body,
        content_type=f'multipart/form-data; boundary="{boundary}"',
    )


def uploaded(client, world, data: bytes, filename="people.csv", event=None) -> str:
    """Upload a file that must be read; returns the token of the next steps."""
    response = upload(client, world, data, filename, event)
    assert response.status_code == 303, response.get_data(as_text=True)
    found = re.search(r"/attendance/import/([A-Za-z0-9_-]+)/map$", response.headers["Location"])
    assert found, response.headers["Location"]
    return found.group(1)


def step(world, token, name="", event=None):
    base = f"{import_url(world, event)}/{token}"
    return f"{base}/{name}" if name else base


def mapped(client, world, data: bytes, columns=None, filename="people.csv") -> str:
    """Upload and choose the columns (as guessed unless `columns` is given)."""
    token = uploaded(client, world, data, filename)
    chosen = columns if columns is not None else guessed(client, world, token)
    response = client.post(step(world, token, "map"), data=chosen)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(step(world, token, "preview"))
    return token


def guessed(client, world, token) -> dict[str, str]:
    """The columns the mapping page has chosen, by field."""
    page = client.get(step(world, token, "map")).get_data(as_text=True)
    chosen = {}
    for name, options in re.findall(
        r'<select id="(\w+)" name="\w+"[^>]*>(.*?)</select>', page, re.S
    ):
        found = re.search(r'<option selected value="([^"]*)"', options)
        chosen[name] = found.group(1) if found else ""
    return chosen


def row(page: str, number: int) -> str:
    found = re.search(rf'<tr id="row-{number}"[^>]*>(.*?)</tr>', page, re.S)
    assert found, f"row {number} is not in the preview"
    return found.group(1)


def run(client, world, token, mode="valid_only"):
    return client.post(step(world, token), data={"mode": mode})


def flashes(client):
    with client.session_transaction() as session:
        return session.get("_flashes", [])


def attending_names(world) -> list[str]:
    db.session.expire_all()
    return sorted(
        db.session.scalars(
            select(Participant.name)
            .join(Attendance, Attendance.participant_id == Participant.id)
            .where(Attendance.event_id == world.event.id)
        )
    )


def upload_files() -> list[Path]:
    folder = Path(current_app.config["UPLOAD_DIR"]) / "imports"
    return sorted(folder.glob("*.json")) if folder.exists() else []


@contextmanager
def counted_statements():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sqlalchemy_event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sqlalchemy_event.remove(db.engine, "before_cursor_execute", count)


# --- The whole way through ------------------------------------------------------------------


def test_a_csv_file_goes_through_columns_and_preview_into_the_event(client, world):
    login(client, world.users["coordinator"])
    assert "Spreadsheet file" in client.get(import_url(world)).get_data(as_text=True)

    token = uploaded(client, world, fixture("people.csv"))
    stored = upload_files()
    assert [path.stem for path in stored] == [token]
    saved = json.loads(stored[0].read_text())
    assert saved["user_id"] == world.users["coordinator"].id
    assert saved["event_id"] == world.event.id
    assert token not in str(client.get_cookie("session").value)

    assert guessed(client, world, token) == {
        "name": "0",
        "surname": "",
        "organisation": "1",
        "country": "2",
        "function": "3",
        "email": "4",
        "gender": "",
        "role": "5",
    }
    client.post(step(world, token, "map"), data=guessed(client, world, token))
    page = client.get(step(world, token, "preview")).get_data(as_text=True)
    assert "Anna Paraudziņa" in row(page, 2) and "Speaker" in row(page, 2)
    assert "Kurzemes plānošanas reģions" in row(page, 2)
    assert "Lithuania" in row(page, 3) and "Local or regional politician" in row(page, 3)
    assert "Bērziņš, Kārlis" in row(page, 4)
    assert "3 people will be added." in page

    response = run(client, world, token, "all_or_nothing")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/events/{world.event.id}/attendance")
    assert ("success", "3 people added, 0 skipped.") in flashes(client)
    assert attending_names(world) == [
        "Anna Paraudziņa",
        "Bērziņš, Kārlis",
        "Ilze Bērziņa",
        "Jonas Pavyzdys",
    ]
    anna = db.session.scalar(select(Participant).where(Participant.name == "Anna Paraudziņa"))
    assert anna.organisation_id == world.lv.id and anna.email == "anna@example.org"
    assert {a.recorded for a in anna.attendances} == {"import"}
    # The rows are personal data: the file is gone once imported.
    assert upload_files() == []
    assert client.get(step(world, token, "preview")).status_code == 404


def test_utf8_with_bom_and_semicolons_from_latvian_excel(client, world):
    login(client, world.users["coordinator"])
    token = mapped(client, world, fixture("people_lv_semicolon.csv"))
    page = client.get(step(world, token, "preview")).get_data(as_text=True)
    assert "Anna Paraudziņa" in row(page, 2) and "Latvia" in row(page, 2)
    assert "Saldus novada pašvaldība" in row(page, 3)
    assert "Mistake:" not in page


def test_a_windows_baltic_csv_keeps_every_letter(client, world):
    login(client, world.users["coordinator"])
    token = mapped(client, world, fixture("people_cp1257.csv"))
    assert run(client, world, token).status_code == 303
    names = attending_names(world)
    assert "Ąžuolas Ęėįųūž" in names and "Āris Čēģīķļņšūž" in names
    aris = db.session.scalar(select(Participant).where(Participant.email == "aris@example.org"))
    assert aris.organisation_name == "Kuldīgas novada pašvaldība" and aris.country == "LV"
    # Inserted in bulk, yet as complete as a participant added by hand.
    assert aris.name_key == "aris cegiklnsuz" and aris.version == 1
    assert aris.created_at is not None and aris.function == "other"


def test_an_excel_workbook_is_read_whatever_its_name(client, world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Vardas, pavardė", "Organizacija", "Šalis", "El. paštas", "Lytis", "Amžius"])
    sheet.append(
        ["Eglė Pavyzdytė", "Klaipėdos universitetas", "LT", "egle@example.org", "moteris", 34]
    )
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Jonas Pavyzdys", "KPR", "Lietuva", None, "Male", 51.0])
    content = io.BytesIO()
    workbook.save(content)
    login(client, world.users["facilitator"])

    token = mapped(client, world, content.getvalue(), filename="dalyviai.csv")
    page = client.get(step(world, token, "preview")).get_data(as_text=True)
    assert "Eglė Pavyzdytė" in row(page, 2) and "Female" in row(page, 2)
    assert "Jonas Pavyzdys" in row(page, 4) and "Male" in row(page, 4)
    assert "Mistake:" not in page
    assert run(client, world, token, "all_or_nothing").status_code == 303
    egle = db.session.scalar(select(Participant).where(Participant.name == "Eglė Pavyzdytė"))
    assert egle.gender == "female" and egle.country == "LT"


def test_columns_are_guessed_from_latvian_and_lithuanian_headings():
    assert guess_columns(["Vārds, uzvārds", "Organizācija", "Valsts", "E-pasts", "Dzimums"]) == {
        "name": 0,
        "surname": None,
        "organisation": 1,
        "country": 2,
        "function": None,
        "email": 3,
        "gender": 4,
        "role": None,
    }
    lithuanian = guess_columns(["Nr.", "Vardas", "Pavardė", "Įstaiga", "Šalis", "El. paštas"])
    assert lithuanian["name"] == 1 and lithuanian["surname"] == 2
    assert lithuanian["organisation"] == 3 and lithuanian["country"] == 4
    assert lithuanian["email"] == 5
    english = guess_columns(["E-mail (work)", "Country", "Organisation", "Name", "Role"])
    assert english["email"] == 0 and english["name"] == 3 and english["role"] == 4


def test_the_mapping_page_shows_the_guess_and_joins_first_names_and_surnames(client, world):
    login(client, world.users["coordinator"])
    data = "Nr.;Vardas;Pavardė;Šalis\n1;Eglė;Pavyzdytė;LT\n".encode()
    token = uploaded(client, world, data)
    page = client.get(step(world, token, "map")).get_data(as_text=True)
    assert "Eglė" in page  # the first rows of the file, to choose by
    chosen = guessed(client, world, token)
    assert chosen["name"] == "1" and chosen["surname"] == "2" and chosen["country"] == "3"
    client.post(step(world, token, "map"), data=chosen)
    page = client.get(step(world, token, "preview")).get_data(as_text=True)
    assert "Eglė Pavyzdytė" in row(page, 2)
    headings = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', headings) == [
        "Row",
        "Name",
        "Country",
        "Person",
        "Remarks",
    ]


def test_a_column_cannot_be_two_fields_and_the_name_is_required(client, world):
    login(client, world.users["coordinator"])
    token = uploaded(client, world, fixture("people.csv"))
    response = client.post(step(world, token, "map"), data={"name": "0", "email": "0"})
    assert response.status_code == 400
    assert "This column is already chosen for “Name”." in response.get_data(as_text=True)
    response = client.post(step(world, token, "map"), data={"name": "", "email": "4"})
    assert response.status_code == 400
    assert "Choose the column that holds the names." in response.get_data(as_text=True)
    response = client.post(step(world, token, "map"), data={"name": "99"})
    assert response.status_code == 400
    # Without a choice of columns there is nothing to preview yet.
    assert client.get(step(world, token, "preview")).status_code == 303


# --- Mistakes per row -----------------------------------------------------------------------

MIXED = (
    HEADINGS
    + "Anna Paraudziņa,KPR,LV,planner,anna@example.org,speaker\n"  # 2: fine
    + "Pēteris Paraugs,,Atlantis,,,\n"  # 3: unknown country
    + ",KPR,LV,,,\n"  # 4: no name
    + "Rasa Pavyzdėlė,,LT,,rasa(at)example.org,\n"  # 5: not an e-mail
    + "Jonas Pavyzdys,,LT,astronaut,,\n"  # 6: unknown function
    + "Ona Pavyzdytė,,LT,,,chair\n"  # 7: unknown role
    + "Ilze Bērziņa,KPR,LV,planner,,\n"  # 8: already attends
    + "ANNA PARAUDZIŅA,,LV,,anna@example.org,\n"  # 9: the same as row 2
    + "Laura Paraudziņa,,,,,\n"  # 10: no country: the event's
).encode()


def test_the_preview_marks_each_mistake_on_its_row(client, world):
    login(client, world.users["coordinator"])
    token = mapped(client, world, MIXED)
    page = client.get(step(world, token, "preview")).get_data(as_text=True)

    assert "New participant" in row(page, 2) and "Mistake:" not in row(page, 2)
    assert "Unknown country “Atlantis”" in row(page, 3)
    assert "The name is missing." in row(page, 4)
    assert "“rasa(at)example.org” is not an e-mail address." in row(page, 5)
    assert "Unknown function “astronaut”" in row(page, 6)
    assert "Unknown role “chair”" in row(page, 7)
    assert "Already attends this event: skipped." in row(page, 8)
    assert "The same person as in row 2: not imported twice." in row(page, 9)
    assert "No country given: Latvia assumed." in row(page, 10)
    assert "2 people will be added." in page
    assert "6 rows have mistakes." in page
    assert "1 person already attends and is skipped." in page
    # Only the valid rows can be imported: there is no button for all of them.
    assert 'value="valid_only"' in page and 'value="all_or_nothing"' not in page

    only = client.get(step(world, token, "preview") + "?show=problems").get_data(as_text=True)
    assert 'id="row-2"' not in only and 'id="row-3"' in only and 'id="row-10"' in only


def test_all_or_nothing_imports_nothing_when_a_row_has_mistakes(client, world):
    login(client, world.users["coordinator"])
    token = mapped(client, world, MIXED)
    before = row_counts()
    response = run(client, world, token, "all_or_nothing")
    assert response.status_code == 400
    assert "6 rows have mistakes, so nothing was imported." in response.get_data(as_text=True)
    assert row_counts() == before
    assert len(upload_files()) == 1  # still there, to import the valid rows

    response = run(client, world, token, "valid_only")
    assert response.status_code == 303
    assert ("success", "2 people added, 7 skipped.") in flashes(client)
    assert attending_names(world) == ["Anna Paraudziņa", "Ilze Bērziņa", "Laura Paraudziņa"]
    laura = db.session.scalar(select(Participant).where(Participant.name == "Laura Paraudziņa"))
    assert laura.country == "LV"


def test_an_unknown_mode_is_refused(client, world):
    login(client, world.users["coordinator"])
    token = mapped(client, world, MIXED)
    before = row_counts()
    assert run(client, world, token, "everything").status_code == 400
    assert row_counts() == before


def test_mistakes_are_written_in_latvian_for_a_latvian_reader(client, world):
    coordinator = world.users["coordinator"]
    coordinator.language = "lv"
    db.session.commit()
    login(client, coordinator)
    token = mapped(client, world, MIXED)
    page = client.get(step(world, token, "preview")).get_data(as_text=True)
    with force_locale("lv"):
        expected = {
            3: Problem("unknown_country", "Atlantis", unit="row").message,
            9: Problem("duplicate", number=2, unit="row").message,
            10: Problem("country_assumed", "LV", warning=True, unit="row").message,
        }
    assert '<html lang="lv">' in page and "Valsts" in page
    for number, message in expected.items():
        assert str(escape(message)) in row(page, number)
    assert "Latvija" in expected[10]


def test_the_language_switch_of_the_session_also_counts(client, world):
    login(client, world.users["facilitator"])
    token = mapped(client, world, MIXED)
    client.post("/language", data={"language": "lt", "next": "/"})
    page = client.get(step(world, token, "preview")).get_data(as_text=True)
    with force_locale("lt"):
        assumed = Problem("country_assumed", "LV", warning=True, unit="row").message
    assert "Latvija" in assumed and str(escape(assumed)) in row(page, 10)


# --- Who is who -----------------------------------------------------------------------------


def test_a_participant_of_another_event_is_reused(client, world):
    seminar = make_event(world.project, world.lv, "Seminar in Liepāja")
    known = make_participant(world.project, "Anna Paraudziņa", "LV", email="anna@example.org")
    by_name = make_participant(world.project, "Jonas Pavyzdys", "LT", organisation_name="KU")
    attend(seminar, known)
    attend(seminar, by_name)
    db.session.commit()
    login(client, world.users["coordinator"])
    data = (HEADINGS + "Anna P.,,LV,,ANNA@example.org,\njonas  pavyzdys,ku,LT,,,\n").encode()
    token = mapped(client, world, data)
    page = client.get(step(world, token, "preview")).get_data(as_text=True)
    assert "Known participant" in row(page, 2) and "Known participant" in row(page, 3)

    participants = row_counts()["participant"]
    assert run(client, world, token).status_code == 303
    assert row_counts()["participant"] == participants
    ids = set(
        db.session.scalars(
            select(Attendance.participant_id).where(Attendance.event_id == world.event.id)
        )
    )
    assert {known.id, by_name.id} <= ids


def test_a_person_twice_in_the_file_is_imported_once(client, world):
    login(client, world.users["coordinator"])
    data = (
        HEADINGS
        + "Anna Paraudziņa,,LV,,anna@example.org,\n"
        + "Anna Paraudziņa,,LV,,anna@example.org,\n"
        + "Anna Paraudzina,,LV,,,\n"  # the same name, no organisation: the same person
        + "Anna Paraudziņa,KPR,LV,,,\n"  # the same name at KPR: someone else
    ).encode()
    token = mapped(client, world, data)
    assert run(client, world, token).status_code == 303
    assert ("success", "2 people added, 2 skipped.") in flashes(client)
    assert attending_names(world) == ["Anna Paraudziņa", "Anna Paraudziņa", "Ilze Bērziņa"]


def test_project_people_recognise_as_find_participant_does(app, world):
    """The preloaded lookup of a long import follows the rules of find_participant."""
    make_participant(world.project, "Anna Paraudziņa", "LV", email="anna@example.org")
    make_participant(world.project, "Jonas Pavyzdys", "LT", organisation_name="Klaipėdos KU")
    make_participant(world.project, "Jonas Pavyzdys", "LT", organisation=world.lt)
    make_participant(world.project, "Eva Näide", "EE")
    make_participant(world.other_project, "Eva Näide", "EE", email="eva@example.org")
    db.session.commit()
    vocabulary = Vocabulary()
    people = ProjectPeople(world.event)
    cases = [
        {"name": "Anna P.", "email": "ANNA@example.org"},
        {"name": "anna paraudzina"},
        {"name": "Jonas Pavyzdys", "organisation": "klaipėdos ku"},
        {"name": "Jonas Pavyzdys", "organisation": "KLAIPĖDOS KU"},
        {"name": "jonas pavyzdys", "organisation": world.lt.name.upper()},
        {"name": "Jonas Pavyzdys"},
        {"name": "Eva Naide"},
        {"name": "Eva Näide", "email": "eva@example.org"},
        {"name": "Ilze Bērziņa", "organisation": "KPR"},
        {"name": "Ilze Bērziņa"},
        {"name": "Somebody Else", "email": "nobody@example.org"},
    ]
    for number, typed in enumerate(cases, start=2):
        checked = read_row(number, {"country": "LV", **typed}, vocabulary, "LV")
        expected = find_participant(
            world.project.id,
            checked.name,
            checked.email,
            checked.organisation_id,
            checked.organisation_name,
        )
        assert people.find(checked) == (expected.id if expected else None), typed
    assert people.attending == {world.participant.id}


# --- Files that cannot be read --------------------------------------------------------------


def zip_without_a_workbook() -> bytes:
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return content.getvalue()


def empty_workbook() -> bytes:
    content = io.BytesIO()
    Workbook().save(content)
    return content.getvalue()


UNREADABLE = [
    pytest.param(b"", "The file is empty.", id="empty"),
    pytest.param(b"\n\n ; ; \n", "The file is empty.", id="blank"),
    pytest.param(HEADINGS.encode(), "only the row of headings", id="headings-only"),
    pytest.param(fixture("attendance_list.pdf"), "This is a PDF document", id="pdf"),
    pytest.param(fixture("photo.png"), "not a spreadsheet", id="png"),
    pytest.param(random.Random(431).randbytes(4000), "not a spreadsheet", id="random-bytes"),
    pytest.param(zip_without_a_workbook(), "not a spreadsheet", id="zip-not-xlsx"),
    pytest.param(b"PK\x03\x04broken", "not a spreadsheet", id="broken-zip"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Excel file", id="xls"),
    pytest.param(b"Name\nJ\x81nis\n", "save it as \u201cCSV UTF-8\u201d", id="unknown-encoding"),
    pytest.param(
        (HEADINGS + "Anna,,LV,,,\n" * 20_001).encode(), "more than 20 000 rows", id="too-many-rows"
    ),
    pytest.param(b"Name\n" + b"Anna Paraudzina\n" * 400_000, "larger than 5 MB", id="too-big"),
    pytest.param(
        (",".join(f"C{n}" for n in range(101)) + "\n" + "x," * 101 + "\n").encode(),
        "more than 100 columns",
        id="too-many-columns",
    ),
    pytest.param(empty_workbook(), "The file is empty.", id="empty-xlsx"),
]


@pytest.mark.parametrize(("data", "message"), UNREADABLE)
def test_a_file_that_cannot_be_read_gets_a_clear_message(client, world, data, message):
    login(client, world.users["coordinator"])
    response = upload(client, world, data, filename="people.xlsx")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert str(escape(message)) in page
    assert 'aria-invalid="true"' in page
    assert upload_files() == []


def test_an_excel_sheet_with_too_many_rows_is_refused(client, world):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Name", "Country"])
    for number in range(20_001):
        sheet.append([f"Person {number}", "LV"])
    content = io.BytesIO()
    workbook.save(content)
    login(client, world.users["coordinator"])
    response = upload(client, world, content.getvalue(), filename="people.xlsx")
    assert response.status_code == 400
    assert "more than 20 000 rows" in response.get_data(as_text=True)


def test_no_file_at_all(client, world):
    login(client, world.users["coordinator"])
    response = client.post(import_url(world), data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a file to upload." in response.get_data(as_text=True)


def test_a_cp1252_file_is_read_when_it_is_not_baltic(app):
    table = read_table("Name;Country\nJosé Müller;DE\n".encode("cp1252"))
    assert table.rows == [(2, ["José Müller", "DE"])]


# --- Whose upload it is ---------------------------------------------------------------------


def test_an_upload_opens_only_for_its_person_and_its_event(client, world):
    login(client, world.users["coordinator"])
    token = mapped(client, world, fixture("people.csv"))
    other_event = make_event(world.project, world.lv, "Another camp")
    db.session.commit()
    for url in (
        step(world, token, "map", event=other_event),
        step(world, token, "preview", event=other_event),
    ):
        assert client.get(url).status_code == 404
    assert run_at(client, other_event, token).status_code == 404

    colleague = make_user("coordinator", world.lv, email="colleague@example.org")
    db.session.commit()
    client.post("/logout")
    login(client, colleague)
    assert client.get(step(world, token, "preview")).status_code == 404
    assert client.get(step(world, token, "map")).status_code == 404
    assert run(client, world, token).status_code == 404
    for guessed_token in ("x" * 32, "..%2F..%2Fsecret_key", token[:-1] + "!"):
        assert client.get(step(world, guessed_token, "preview")).status_code == 404
    assert len(upload_files()) == 1


def run_at(client, event, token):
    return client.post(f"/events/{event.id}/attendance/import/{token}", data={"mode": "valid_only"})


# --- A long list ----------------------------------------------------------------------------


def long_list(count: int, world) -> bytes:
    lines = [HEADINGS.strip()]
    for number in range(count):
        country = ("LV", "Lietuva", "Estonia", "Latvija")[number % 4]
        function = ("planner", "", "business", "NGO")[number % 4]
        lines.append(
            f"Person {number:05d} Paraugs,Organisation {number % 50},{country},{function},"
            f"person{number}@example.org,"
        )
    # People the project already knows, one of them already at the event.
    lines.append("Ilze Bērziņa,KPR,LV,planner,,")
    lines.append("Anna Paraudziņa,,LV,,known@example.org,speaker")
    return ("\n".join(lines) + "\n").encode()


def test_five_thousand_rows_import_in_a_bounded_number_of_statements(client, world):
    known = make_participant(world.project, "Anna Paraudziņa", "LV", email="known@example.org")
    db.session.commit()
    login(client, world.users["coordinator"])
    token = mapped(client, world, long_list(5000, world))

    with counted_statements() as statements:
        page = client.get(step(world, token, "preview")).get_data(as_text=True)
    assert "5,001 people will be added." in page
    assert "Showing the first 200 of 5,002 rows." in page
    assert len(statements) < 40, len(statements)

    with counted_statements() as statements:
        response = run(client, world, token, "all_or_nothing")
    assert response.status_code == 303
    assert len(statements) < 100, len(statements)
    assert ("success", "5,001 people added, 1 skipped.") in flashes(client)
    counts = row_counts()
    assert counts["attendance"] == 5002
    assert counts["participant"] == 5002  # 5 000 new, Ilze and Anna as they were
    assert (
        db.session.scalar(
            select(Attendance.role).where(
                Attendance.event_id == world.event.id, Attendance.participant_id == known.id
            )
        )
        == "speaker"
    )


def test_a_workbook_that_would_unpack_to_too_much_is_refused_unopened(make_app):
    """A "zip bomb" dressed as a workbook: refused from its directory, before openpyxl."""
    app = make_app(MAX_UNZIPPED_MB=1)
    with app.app_context():
        world = World()
        content = io.BytesIO()
        with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (2 * 1024 * 1024))
        client = app.test_client()
        login(client, world.users["coordinator"])
        response = upload(client, world, content.getvalue(), filename="people.xlsx")
        assert response.status_code == 400
        assert "more than 1 MB" in response.get_data(as_text=True)
        assert upload_files() == []
