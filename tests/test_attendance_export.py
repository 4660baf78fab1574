"""The attendance list as CSV and XLSX: Baltic letters intact, formulas neutralised."""

import csv
import io

from openpyxl import load_workbook

from collab.extensions import db
from tests.conftest import attend, login, make_participant

HOSTILE = '=HYPERLINK("http://evil.example","Click")'


def prepare(world):
    """The camp with a speaker from Lithuania, a name that is a formula, and a headcount."""
    world.participant.email = "ilze@example.lv"
    world.participant.record_consent(named=True, photos=False)
    ona = make_participant(
        world.project,
        "Ona Pavyzdienė",
        "LT",
        organisation_name="Šilutės r. savivaldybė",
        function="politician",
        gender="female",
    )
    attend(world.event, ona, role="speaker", recorded="checkin")
    attend(world.event, make_participant(world.project, HOSTILE, organisation_name="+370 600"))
    world.event.unnamed_count = 40
    db.session.commit()


def read_csv(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_csv_keeps_baltic_letters_and_neutralises_formulas(client, world):
    prepare(world)
    login(client, world.users["coordinator"])

    response = client.get(f"/events/{world.event.id}/attendance.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="attendance-2021-09-15-innovation-camp-in-ventspils.csv"'
    )
    header, *lines = read_csv(response)
    assert header == [
        "Name",
        "Organisation",
        "Organisation kind (Interreg target group)",
        "Country",
        "Function",
        "Role",
        "E-mail",
        "Gender",
        "Agrees to be named",
        "Agrees to photos",
        "Recorded",
    ]
    by_name = {line[0]: line for line in lines}
    assert by_name["Ilze Bērziņa"] == [
        "Ilze Bērziņa",
        "Kurzemes plānošanas reģions",
        "Regional public authority",
        "Latvia",
        "Municipal spatial-planning or strategic-development specialist",
        "Participant",
        "ilze@example.lv",
        "",
        "Yes",
        "No",
        "By hand",
    ]
    ona = by_name["Ona Pavyzdienė"]
    assert ona[1] == "Šilutės r. savivaldybė" and ona[3] == "Lithuania"
    assert ona[5] == "Speaker" and ona[7] == "Female" and ona[10] == "Self check-in"
    # The formula and the phone-like organisation are text, not something to run.
    hostile = by_name["'" + HOSTILE]
    assert hostile[1] == "'+370 600"


def test_csv_in_the_readers_language(client, world):
    prepare(world)
    world.users["coordinator"].language = "lv"
    db.session.commit()
    login(client, world.users["coordinator"])
    header, *lines = read_csv(client.get(f"/events/{world.event.id}/attendance.csv"))
    # Country names come from the CLDR, whatever the state of the app's own catalogue.
    assert {line[3] for line in lines} == {"Latvija", "Lietuva"}


def test_without_managing_the_event_the_export_has_no_e_mails(client, world):
    ona = make_participant(world.project, "Ona Pavyzdienė", "LT", email="ona@example.lt")
    attend(world.lt_event, ona)
    db.session.commit()
    login(client, world.users["coordinator"])  # a partner's coordinator, not the organiser
    response = client.get(f"/events/{world.lt_event.id}/attendance.csv")
    header, line = read_csv(response)
    assert "E-mail" not in header and "ona@example.lt" not in line
    assert response.headers["Content-Disposition"].endswith(
        'attendance-2021-11-05-seminar-on-the-public-service-quality-standard.csv"'
    )


def test_xlsx_has_a_title_a_frozen_bold_header_and_a_summary(client, world):
    prepare(world)
    login(client, world.users["facilitator"])

    response = client.get(f"/events/{world.event.id}/attendance.xlsx")

    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].endswith('ventspils.xlsx"')
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Attendance 2021-09-15", "Summary"]
    sheet = book["Attendance 2021-09-15"]
    assert "Innovation camp in Ventspils" in sheet["A1"].value
    assert "2021-09-15" in sheet["A1"].value
    assert [c.value for c in sheet[2]][:3] == [
        "Name",
        "Organisation",
        "Organisation kind (Interreg target group)",
    ]
    assert all(c.font.bold for c in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["A"].width > 8
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=3)}
    assert rows["Ona Pavyzdienė"][1].value == "Šilutės r. savivaldybė"
    hostile = rows[HOSTILE]
    assert hostile[0].data_type == "s" and hostile[0].quotePrefix  # text, never a formula
    assert hostile[1].value == "+370 600" and hostile[1].data_type == "s"

    summary = {r[0].value: r[1].value for r in book["Summary"].iter_rows() if r[0].value}
    assert summary["Named"] == 3 and summary["Not named"] == 40 and summary["Total"] == 43
    assert summary["Latvia"] == 2 and summary["Lithuania"] == 1
    assert summary["Local or regional politician"] == 1
    assert summary["Regional public authority"] == 1 and summary["Not known"] == 2
