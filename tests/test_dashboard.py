"""The project dashboard: indicator progress, the events' timeline, who came, recent
activity; per period or cumulative; the same few queries whatever the data size."""

import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event as sql_event
from sqlalchemy import func, select

from collab.attendance.models import Attendance, Participant
from collab.demo import seed_demo
from collab.events.models import Event
from collab.extensions import db
from collab.organisations.models import Organisation
from collab.projects.models import Project
from tests.conftest import attend, login, make_event, make_organisation, make_participant

HTMX = {"HX-Request": "true"}


@contextmanager
def counted_statements():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sql_event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sql_event.remove(db.engine, "before_cursor_execute", count)


def chart_table(page: str, key: str) -> dict[str, str]:
    """The "Show as table" of a chart: first cell → last cell of each row."""
    figure = re.search(rf'<figure class="chart-figure" id="chart-{key}".*?</figure>', page, re.S)
    assert figure, f"no chart {key}"
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", figure.group(0), re.S)
    return {head: re.findall(r"<td[^>]*>(.*?)</td>", cells)[-1] for head, cells in rows}


def svg_of(page: str, key: str) -> ET.Element:
    found = re.search(rf'<svg [^>]*data-chart="{key}".*?</svg>', page, re.S)
    assert found, f"no SVG {key}"
    return ET.fromstring(found.group(0))


def totals(page: str) -> list[str]:
    block = re.search(r'<ul class="dashboard-totals".*?</ul>', page, re.S).group(0)
    return re.findall(r'<span class="figure">([^<]+)</span>', block)


@pytest.fixture
def coordinator(client, world):
    login(client, world.users["coordinator"])
    return client


def dashboard(client, project, **params) -> str:
    response = client.get(f"/projects/{project.id}/dashboard", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_dashboard_shows_progress_events_and_who_came(coordinator, world):
    page = dashboard(coordinator, world.project)
    assert "<h1>Dashboard</h1>" in page
    assert "The whole project so far." in page
    # Two events held, one person named at the camp.
    assert totals(page) == ["2", "1", "1"]
    # The World's indicator is typed in: 4 of 9.
    row = re.search(r'<tr id="progress-\d+">.*?</tr>', page, re.S).group(0)
    assert "Thematic workshops" in row and "typed in" in row
    assert ">9<" not in row  # the target is printed with its unit
    assert "9 " in row and ">4<" in row and "44%" in row
    indicator = world.project.indicators[0]
    assert f'href="/projects/{world.project.id}/indicators/{indicator.id}/rows"' in row
    # The timeline has both events as held; the charts say who came.
    assert [row[1] for row in timeline_rows(page)] == [
        "Innovation camp in Ventspils",
        "Seminar on the public-service quality standard",
    ]
    assert {row[2] for row in timeline_rows(page)} == {"Held"}
    assert chart_table(page, "by-country") == {"Latvia": "1"}
    assert chart_table(page, "by-function") == {
        "Municipal spatial-planning or strategic-development specialist": "1"
    }
    assert chart_table(page, "by-event-kind") == {"Innovation camp": "1"}
    assert chart_table(page, "over-time") == {
        f"2021-{month:02d}": "1" if month == 9 else "0" for month in range(9, 12)
    }
    assert chart_table(page, "unique-repeat") == {"All named participants": "1", "Latvia": "1"}
    # Every chart is an SVG with its title, and a table for screen readers.
    for key in ("events", "by-country", "by-function", "by-event-kind", "over-time"):
        assert svg_of(page, key).find("{http://www.w3.org/2000/svg}title") is not None
    assert page.count("Show as table") == 6
    assert 'style="' not in page


def timeline_rows(page: str) -> list[list[str]]:
    figure = re.search(r'<figure class="chart-figure" id="chart-events".*?</figure>', page, re.S)
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', figure.group(0), re.S)
    return [[day, *re.findall(r"<td[^>]*>(.*?)</td>", cells)] for day, cells in rows]


def test_the_timeline_tells_planned_and_cancelled_events_apart(coordinator, world):
    make_event(world.project, world.lv, "Study visit", kind="study_visit", status="planned",
               start_date=date(2022, 4, 4), end_date=date(2022, 4, 6))  # fmt: skip
    make_event(world.project, world.lt, "Forum", kind="forum", status="cancelled",
               start_date=date(2021, 12, 1), end_date=date(2021, 12, 1))  # fmt: skip
    db.session.commit()
    page = dashboard(coordinator, world.project)
    assert [(row[1], row[2]) for row in timeline_rows(page)] == [
        ("Innovation camp in Ventspils", "Held"),
        ("Seminar on the public-service quality standard", "Held"),
        ("Forum", "Cancelled"),
        ("Study visit", "Planned"),
    ]
    texts = [t.text for t in svg_of(page, "events").iter("{http://www.w3.org/2000/svg}text")]
    assert {"Held (2)", "Planned (1)", "Cancelled (1)"} <= set(texts)
    # Only held events count as held.
    assert totals(page)[0] == "2"


def test_recent_activity_says_what_changed_without_the_values(coordinator, world):
    world.event.venue = "Konferenču zāle 42"
    db.session.commit()
    page = dashboard(coordinator, world.project)
    activity = re.search(r'<ol class="activity">.*?</ol>', page, re.S).group(0)
    assert "Changed</strong> · Event: Innovation camp in Ventspils" in activity
    assert "(Venue)" in activity
    assert "Konferenču zāle 42" not in activity
    # People are never named: the participant was added, and that is all it says.
    assert "Created</strong> · Participant" in activity
    assert "Ilze" not in page


def test_a_period_shows_what_it_added_and_the_totals_up_to_its_end(coordinator, world):
    # An LT seminar inside the first period (June–November 2020), one person from LT.
    seminar = make_event(world.project, world.lt, "Kick-off seminar", kind="seminar",
                         start_date=date(2020, 9, 10), end_date=date(2020, 9, 10))  # fmt: skip
    attend(seminar, make_participant(world.project, "Rūta Pavyzdėlė", "LT", function="ngo"))
    db.session.commit()
    page = dashboard(coordinator, world.project, period=world.period.id)
    assert "Period 1" in page and "Indicators count up to the end of the period" in page
    assert "Previously reported" in page and "This period" in page
    assert totals(page) == ["1", "1", "1"]
    assert chart_table(page, "by-country") == {"Lithuania": "1"}
    assert [row[1] for row in timeline_rows(page)] == ["Kick-off seminar"]
    indicator = world.project.indicators[0]
    assert (
        f'href="/projects/{world.project.id}/indicators/{indicator.id}/rows'
        f'?period={world.period.id}&amp;upto=1"'
    ) in page
    # The filter keeps the chosen period.
    assert re.search(rf'<option selected value="{world.period.id}">', page) or re.search(
        rf'<option value="{world.period.id}" selected>', page
    )
    # The whole project again.
    assert totals(dashboard(coordinator, world.project)) == ["3", "2", "2"]


def test_an_empty_period_says_there_are_no_figures(coordinator, world):
    page = dashboard(coordinator, world.project, period=world.period.id)
    assert totals(page) == ["0", "0", "0"]
    assert "No figures yet." in page
    assert "Show as table" not in page


@pytest.mark.parametrize("value", ["abc", "999999"])
def test_a_period_not_understood_is_ignored_and_said_so(coordinator, world, value):
    page = dashboard(coordinator, world.project, period=value)
    assert f"“{value}” was not understood, so this filter is ignored." in page
    assert "The whole project so far." in page
    assert totals(page) == ["2", "1", "1"]


def test_a_period_of_another_project_is_not_taken(coordinator, world):
    from collab.i18n import Translations
    from collab.reporting.models import ReportingPeriod

    other = ReportingPeriod(project_id=world.other_project.id, name=Translations({"en": "X"}),
                            start_date=date(2021, 1, 1), end_date=date(2021, 12, 31))  # fmt: skip
    db.session.add(other)
    db.session.commit()
    page = dashboard(coordinator, world.project, period=other.id)
    assert "was not understood" in page
    assert totals(page) == ["2", "1", "1"]


def test_htmx_gets_the_results_only(coordinator, world):
    response = coordinator.get(
        f"/projects/{world.project.id}/dashboard",
        query_string={"period": world.period.id},
        headers=HTMX,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in page and page.lstrip().startswith('<div id="results"')
    assert "HX-Request" in response.headers["Vary"]


def test_every_partner_reads_the_dashboard_and_the_project_links_to_it(client, world):
    login(client, world.users["member"])  # the Lithuanian partner's member
    assert client.get(f"/projects/{world.project.id}/dashboard").status_code == 200
    project_page = client.get(f"/projects/{world.project.id}").get_data(as_text=True)
    assert f'href="/projects/{world.project.id}/dashboard"' in project_page
    assert f'href="/projects/{world.project.id}/map"' in project_page


def test_the_dashboard_takes_the_same_few_queries_for_more_data(coordinator, world):
    url = f"/projects/{world.project.id}/dashboard"

    def statements(**params) -> int:
        with counted_statements() as sent:
            assert coordinator.get(url, query_string=params).status_code == 200
        return len(sent)

    few = statements()
    few_in_period = statements(period=world.period.id)
    organisations = [
        make_organisation(f"Organisation {n}", "LT" if n % 2 else "LV") for n in range(8)
    ]
    for n in range(60):
        event = make_event(
            world.project,
            organisations[n % 8],
            f"Workshop {n}",
            kind="workshop",
            status=("held", "planned", "cancelled")[n % 3],
            start_date=date(2020 + n % 3, 1 + n % 12, 1 + n % 28),
            end_date=date(2020 + n % 3, 1 + n % 12, 1 + n % 28),
            unnamed_count=n % 5,
        )
        event.co_organisers.append(organisations[(n + 1) % 8])
        for k in range(10):
            person = make_participant(
                world.project, f"Person {n}-{k}", "LV" if k % 2 else "LT",
                organisation=organisations[k % 8], function="planner",
            )  # fmt: skip
            attend(event, person)
        world.event.venue = f"Room {n}"  # and a line of activity
        db.session.commit()
    many = statements()
    many_in_period = statements(period=world.period.id)
    assert few < 20 and few_in_period < 20
    assert many <= few + 1 and many_in_period <= few_in_period + 1  # the activity names more


@pytest.fixture
def demo(app):
    assert seed_demo() is True
    return db.session.scalar(select(Project).where(Project.code == "LLI-431"))


def test_the_demo_dashboard_adds_up(client, demo):
    login(client, "coordinator@collab.example", "coordinator-demo-Kurzeme")
    page = dashboard(client, demo)
    held = select(Event.id).where(Event.project_id == demo.id, Event.status == "held")
    events_held = db.session.scalar(select(func.count()).select_from(held.subquery()))
    named = db.session.scalar(
        select(func.count(Attendance.id)).where(Attendance.event_id.in_(held))
    )
    unnamed = db.session.scalar(select(func.sum(Event.unnamed_count)).where(Event.id.in_(held)))
    people = db.session.scalar(
        select(func.count(func.distinct(Attendance.participant_id))).where(
            Attendance.event_id.in_(held)
        )
    )
    figures = [int(re.sub(r"\D", "", figure)) for figure in totals(page)]
    assert figures == [events_held, named + unnamed, people]
    assert events_held >= 10 and people >= 50  # the demo is not empty
    # Each chart of participations adds up to the total.
    for key in ("by-country", "by-function", "by-event-kind", "over-time"):
        values = chart_table(page, key).values()
        assert sum(int(re.sub(r"\D", "", value)) for value in values) == named + unnamed, key
    # Participants by country match the people's countries.
    by_country = dict(
        db.session.execute(
            select(Participant.country, func.count(Attendance.id))
            .join(Attendance, Attendance.participant_id == Participant.id)
            .where(Attendance.event_id.in_(held))
            .group_by(Participant.country)
        ).all()
    )
    shown = chart_table(page, "by-country")
    assert int(re.sub(r"\D", "", shown["Latvija"])) == by_country["LV"]
    assert int(re.sub(r"\D", "", shown["Lietuva"])) == by_country["LT"]
    # Once and again add up to the people named.
    once_again = re.search(r'id="chart-unique-repeat".*?</figure>', page, re.S).group(0)
    first_row = re.search(r"<tr><th scope=\"row\">.*?</tr>", once_again, re.S).group(0)
    once, again, total = (
        int(re.sub(r"\D", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", first_row)
    )
    assert once + again == total == people
    # Every indicator of the demo has its line and links to its records.
    for indicator in demo.indicators:
        assert f'id="progress-{indicator.id}"' in page
        assert f"/indicators/{indicator.id}/rows" in page
    assert db.session.scalar(select(func.count(Organisation.id))) > 0
