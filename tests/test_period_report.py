"""The period report (page, XLSX, PDF), the records behind an indicator's number, and
binding an indicator to a measure on the project page."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from collab.demo import DEMO_PASSWORD, seed_demo
from collab.extensions import db
from collab.projects.models import Indicator, Project
from collab.reporting.models import ReportingPeriod
from tests.conftest import attend, login, make_participant

HTMX = {"HX-Request": "true"}


@pytest.fixture
def demo(app):
    assert seed_demo() is True
    project = db.session.scalar(select(Project).where(Project.code == "LLI-431"))
    periods = db.session.scalars(
        select(ReportingPeriod)
        .where(ReportingPeriod.project_id == project.id)
        .order_by(ReportingPeriod.start_date)
    ).all()
    return project, periods


def _log_in(client, role):
    email = f"{role}@collab.example"
    assert login(client, email, DEMO_PASSWORD.format(role=role)).status_code == 302


def _indicator(project, english_name) -> Indicator:
    return next(i for i in project.indicators if i.name["en"] == english_name)


def test_the_period_report_shows_what_happened_in_the_period(client, demo):
    project, periods = demo
    first = periods[0]
    _log_in(client, "admin")
    response = client.get(f"/projects/{project.id}/periods/{first.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # The three events of June–November 2020, with their figures (24 + 26 + 22 = 72).
    for title in (
        "Development planning in Kurzeme and the Klaipėda region: shared challenges",
        "Innovation camp: the challenges of cross-border cooperation",
        "Functional zones with neighbouring regions: Telšiai, Tauragė and Kurzeme",
    ):
        assert title in page
    assert "Study visit to Pomerania, Poland" not in page  # September 2021
    assert "68 named, 4 not named" in page
    # Challenges of the period (camp 1 and workshop 1), its one solution, the camp's notes.
    assert "Cycling routes break off at the border" in page
    assert "Table notes: mapping the challenges" in page
    # Indicators with previous / this period / total; the number links to its records.
    workshops = _indicator(project, "Participants of the workshops")
    rows_url = f"/projects/{project.id}/indicators/{workshops.id}/rows?period={first.id}"
    assert f'href="{rows_url}">46</a>' in page
    # Downloads, the evidence pack, and the other periods.
    for suffix in ("report.xlsx", "report.pdf", "evidence.zip"):
        assert f"/projects/{project.id}/periods/{first.id}/{suffix}" in page
    assert f'href="/projects/{project.id}/periods/{periods[1].id}"' in page
    assert 'aria-current="page">Period 1' in page


def test_the_period_report_as_xlsx(client, demo):
    project, periods = demo
    third = periods[2]
    _log_in(client, "admin")
    response = client.get(f"/projects/{project.id}/periods/{third.id}/report.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    disposition = response.headers["Content-Disposition"]
    assert 'filename="report-lli-431-2021-06-01-2021-11-30.xlsx"' in disposition
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == [
        "Events held",
        "Participants by country",
        "Indicators",
        "Challenges identified",
        "Solutions proposed",
        "Outputs produced",
    ]
    events = book["Events held"]
    assert "Period 3" in events["A1"].value
    header = [cell.value for cell in events[2]]
    assert header == ["Date", "Event", "Kind", "Country", "Named", "Not named", "Total"]
    assert all(cell.font.bold for cell in events[2])
    assert events.freeze_panes == "A3"
    assert events.column_dimensions["B"].width > 20
    # Six events from 17 Jun to 28 Oct 2021, then the total: workshops 20 + 23 + 23, camp
    # 27, study visit 16, seminar 17 = 126.
    lines = [[cell.value for cell in line] for line in events.iter_rows(min_row=3)]
    assert len(lines) == 7
    assert lines[0][0].date().isoformat() == "2021-06-17"
    assert lines[-1][0] == "Total" and lines[-1][-1] == 126
    indicators = book["Indicators"]
    assert [c.value for c in indicators[2]][:6] == [
        "Indicator",
        "Unit",
        "Target",
        "Previously reported",
        "This period",
        "Total",
    ]
    values = {line[0].value: [c.value for c in line] for line in indicators.iter_rows(min_row=3)}
    # Workshops: 4 before June 2021, 3 in the period; their participants 89 and 66.
    assert values["Thematic workshops and seminars"][2:6] == [9, 4, 3, 7]
    assert values["Participants of the workshops"][2:6] == [200, 89, 66, 155]


def test_the_period_report_as_pdf_in_the_readers_language(client, demo):
    project, periods = demo
    first = periods[0]
    _log_in(client, "coordinator")  # reads in Latvian
    response = client.get(f"/projects/{project.id}/periods/{first.id}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "1. periods" in text  # the period's name in Latvian
    assert "Attīstības plānošana Kurzemē un Klaipēdas reģionā" in text  # the event's title
    assert "Velomaršruti" in text or "velomaršruti" in text.lower()
    assert "72" in text


def test_a_member_reads_the_report_and_no_names(client, demo):
    project, periods = demo
    _log_in(client, "member")
    assert client.get(f"/projects/{project.id}/periods/{periods[0].id}").status_code == 200
    workshops = _indicator(project, "Participants of the workshops")
    url = f"/projects/{project.id}/indicators/{workshops.id}/rows?period={periods[0].id}"
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # 24 + 22 = 46: 42 people by country, function and kind of organisation, 4 not named.
    assert '<p class="figure">46 ' in page
    assert "Not named (headcount)" in page
    assert "Jānis Ozols" not in page and "Ilze Paraudziņa" not in page
    assert ">Person<" not in page
    assert response.headers.get("Cache-Control") != "no-store"


def test_a_coordinator_sees_the_names_and_nothing_is_stored(client, demo):
    project, periods = demo
    _log_in(client, "coordinator")
    workshops = _indicator(project, "Participants of the workshops")
    url = f"/projects/{project.id}/indicators/{workshops.id}/rows?period={periods[0].id}"
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert "Jānis Ozols" in page or "Ilze Paraudziņa" in page
    assert response.headers["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in page


def test_a_facilitator_sees_names_at_the_events_they_organise(client, world):
    # A facilitator of a partner may see the project's participants (participants.view).
    world.project.indicators[0].measure = "participations"
    db.session.commit()
    login(client, world.users["facilitator"])
    url = f"/projects/{world.project.id}/indicators/{world.project.indicators[0].id}/rows"
    response = client.get(url)
    assert "Ilze Bērziņa" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    client.post("/logout")
    login(client, world.users["member"])
    response = client.get(url)
    assert "Ilze Bērziņa" not in response.get_data(as_text=True)
    assert "Latvia" in response.get_data(as_text=True)


def test_the_rows_up_to_a_period_and_of_the_whole_project(client, demo):
    project, periods = demo
    _log_in(client, "admin")
    workshops = _indicator(project, "Thematic workshops and seminars")
    base = f"/projects/{project.id}/indicators/{workshops.id}/rows"
    page = client.get(f"{base}?period={periods[2].id}&upto=1").get_data(as_text=True)
    assert "Up to the end of Period 3" in page
    assert page.count('<td class="nowrap"') == 7
    page = client.get(base).get_data(as_text=True)
    assert page.count('<td class="nowrap"') == 9
    assert client.get(f"{base}?period=x").status_code == 404
    assert client.get(f"{base}?period=999999").status_code == 404


def test_a_manual_indicator_has_no_rows(client, world):
    login(client, world.users["member"])
    indicator = world.project.indicators[0]
    page = client.get(f"/projects/{world.project.id}/indicators/{indicator.id}/rows").get_data(
        as_text=True
    )
    assert "Typed in by hand: there are no records behind this number." in page


def test_a_coordinator_binds_an_indicator_to_a_measure(client, world):
    extra = make_participant(world.project, "Jonas Pavyzdys", "LT")
    attend(world.event, extra)
    db.session.commit()
    login(client, world.users["coordinator"])
    indicator = world.project.indicators[0]
    url = f"/projects/{world.project.id}/indicators/{indicator.id}"
    form = client.get(url, headers=HTMX).get_data(as_text=True)
    assert f'name="indicator{indicator.id}-measure"' in form
    prefix = f"indicator{indicator.id}"
    data = {
        f"{prefix}-name-en": "People from Lithuania",
        f"{prefix}-target": "10",
        f"{prefix}-achieved": "0",
        f"{prefix}-measure": "unique_participants",
        f"{prefix}-filter_country": "LT",
        f"{prefix}-version": indicator.version,
    }
    row = client.post(url, headers=HTMX, data=data)
    assert row.status_code == 200
    shown = row.get_data(as_text=True)
    # The live value (Jonas), linked to its records, with the measure and its filter.
    rows_url = f"/projects/{world.project.id}/indicators/{indicator.id}/rows"
    assert f'href="{rows_url}"' in shown and ">1</a>" in shown
    assert "Counted from the data: Unique participants · Country: Lithuania" in shown
    db.session.expire_all()
    assert (indicator.measure, indicator.filters) == ("unique_participants", {"country": "LT"})
    # Back to typed in by hand: the filters go with the measure.
    data.update(
        {
            f"{prefix}-measure": "",
            f"{prefix}-filter_country": "",
            f"{prefix}-version": indicator.version,
        }
    )
    assert client.post(url, headers=HTMX, data=data).status_code == 200
    db.session.expire_all()
    assert (indicator.measure, indicator.filters) == (None, {})


def test_a_filter_that_does_not_apply_is_refused(client, world):
    login(client, world.users["coordinator"])
    indicator = world.project.indicators[0]
    prefix = f"indicator{indicator.id}"
    url = f"/projects/{world.project.id}/indicators/{indicator.id}"
    data = {
        f"{prefix}-name-en": "Workshops",
        f"{prefix}-target": "9",
        f"{prefix}-measure": "challenges_identified",
        f"{prefix}-filter_gender": "female",
        f"{prefix}-version": indicator.version,
    }
    response = client.post(url, headers=HTMX, data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This filter does not apply to “Challenges identified”." in page
    data[f"{prefix}-measure"] = ""
    response = client.post(url, headers=HTMX, data=data)
    assert response.status_code == 400
    assert "A filter needs something counted from the data" in response.get_data(as_text=True)
    db.session.expire_all()
    assert indicator.measure is None


def test_an_indicator_is_added_bound(client, world):
    login(client, world.users["coordinator"])
    data = {
        "new-name-en": "Camps held",
        "new-target": "2",
        "new-measure": "events_held",
        "new-filter_event_kind": "camp",
    }
    response = client.post(f"/projects/{world.project.id}/indicators", data=data)
    assert response.status_code == 303
    page = client.get(f"/projects/{world.project.id}").get_data(as_text=True)
    # The World's camp of September 2021.
    assert "Counted from the data: Events held · Kind of event: Innovation camp" in page
    assert "50%" in page
