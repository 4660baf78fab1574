"""The event list of a project: search, filters, sorting, pages, and a fixed number of queries."""

import re
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event as sql_event

from collab.events.models import Theme
from collab.extensions import db
from collab.i18n import Translations
from tests.conftest import attend, login, make_event, make_participant

HTMX = {"HX-Request": "true"}


def listed(client, project, **params) -> list[str]:
    """The titles of the events the list shows, in the order it shows them."""
    response = client.get(f"/projects/{project.id}/events", query_string=params)
    assert response.status_code == 200
    return titles(response.get_data(as_text=True))


def titles(page: str) -> list[str]:
    return re.findall(
        r'<th scope="row" class="title"><a href="/events/\d+">(?:<span lang="\w+">)?([^<]+)<', page
    )


@pytest.fixture
def reader(client, world):
    login(client, world.users["member"])
    return client


@pytest.fixture
def places(world):
    """Events in Kuldīga (LV, a workshop in Latvian) and in Germany, besides the World's two."""
    kuldiga = make_event(
        world.project,
        world.lv,
        {"lv": "Darbnīca par ainavu", "en": "Landscape workshop"},
        kind="workshop",
        status="planned",
        start_date=date(2022, 3, 10),
        end_date=date(2022, 3, 10),
        venue="Kuldīgas novada dome",
        town="Kuldīga",
        description=Translations({"lv": "Ventas rumba un vecpilsēta"}),
    )
    stralsund = make_event(
        world.project,
        world.de,
        "Study visit to Stralsund",
        kind="study_visit",
        status="cancelled",
        start_date=date(2021, 6, 1),
        end_date=date(2021, 6, 3),
        venue=None,
        town="Stralsund",
        country="DE",
    )
    stralsund.co_organisers.append(world.lt)
    db.session.commit()
    return {"kuldiga": kuldiga, "stralsund": stralsund}


CAMP = "Innovation camp in Ventspils"
SEMINAR = "Seminar on the public-service quality standard"
LANDSCAPE = "Landscape workshop"
STRALSUND = "Study visit to Stralsund"


def test_list_shows_dates_place_organiser_and_participants(reader, world):
    world.event.unnamed_count = 20
    db.session.commit()
    response = reader.get(f"/projects/{world.project.id}/events")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    row = page[page.index(f'id="event-{world.event.id}"') :]
    row = row[: row.index("</tr>")]
    assert "Sep 15\u2009–\u200916, 2021" in row  # two days: a range
    assert f'<a href="/events/{world.event.id}">{CAMP}</a>' in row
    assert "Innovation camp" in row and "Held" in row
    assert "Zinātnes centrs VIZIUM, Ventspils" in row and "Latvia" in row
    assert 'src="/static/img/flags/lv.svg"' in row
    assert "KPR" in row
    assert ">21</td>" in row  # one named participant and 20 counted at the door
    assert "Klaipėda" in page and "Lithuania" in page
    assert "Nov 5, 2021" in page  # one day: one date
    # Members read the list; creating events is for the partners' coordinators and facilitators.
    assert "New event" not in page


def test_coordinator_and_facilitator_see_the_new_event_button(client, world):
    for role in ("coordinator", "facilitator"):
        login(client, world.users[role])
        page = client.get(f"/projects/{world.project.id}/events").get_data(as_text=True)
        assert f'href="/projects/{world.project.id}/events/new"' in page
        assert "New event" in page
        client.post("/logout")


def test_search_finds_baltic_letters_whatever_their_case(reader, world, places):
    assert listed(reader, world.project, q="kuldīga") == [LANDSCAPE]
    assert listed(reader, world.project, q="KLAIPĖDA") == [SEMINAR]
    assert listed(reader, world.project, q="KULDĪGAS NOVADA") == [LANDSCAPE]  # the venue
    # The title and description in any language, not only the reader's.
    assert listed(reader, world.project, q="ainavu") == [LANDSCAPE]
    assert listed(reader, world.project, q="rumba") == [LANDSCAPE]
    assert listed(reader, world.project, q="innovation") == [CAMP]
    assert listed(reader, world.project, q="Liepāja") == []


def test_search_text_is_not_a_pattern(reader, world, places):
    assert listed(reader, world.project, q="%") == []
    assert listed(reader, world.project, q="_") == []


def test_each_filter_narrows_the_list(reader, world, places):
    project = world.project
    assert listed(reader, project, kind="seminar") == [SEMINAR]
    assert listed(reader, project, status="planned") == [LANDSCAPE]
    assert listed(reader, project, status="cancelled") == [STRALSUND]
    assert listed(reader, project, country="DE") == [STRALSUND]
    assert listed(reader, project, theme=world.theme.id) == [CAMP]
    # An organiser's events include those they co-organise.
    assert listed(reader, project, organiser=world.lt.id) == [STRALSUND, SEMINAR]
    assert listed(reader, project, organiser=world.lv.id) == [CAMP, LANDSCAPE]


def test_filters_combine(reader, world, places):
    project = world.project
    assert listed(reader, project, country="LV", kind="workshop") == [LANDSCAPE]
    assert listed(reader, project, country="LV", status="held") == [CAMP]
    assert listed(reader, project, organiser=world.lt.id, country="LT") == [SEMINAR]
    assert listed(reader, project, organiser=world.lt.id, q="stralsund") == [STRALSUND]
    assert listed(reader, project, kind="seminar", country="DE") == []


def test_filter_choices_are_the_projects_own(reader, world, places):
    page = reader.get(f"/projects/{world.project.id}/events").get_data(as_text=True)
    organisers = page[
        page.index('id="organiser"') : page.index("</select>", page.index('id="organiser"'))
    ]
    assert "KPR" in organisers and "Klaipėdos" in organisers and "Hochschule" in organisers
    countries = page[
        page.index('id="country"') : page.index("</select>", page.index('id="country"'))
    ]
    assert "Germany" in countries and "Latvia" in countries and "Finland" not in countries
    assert "Climate adaptation" in page


def test_date_range_finds_events_that_overlap_it(reader, world, places):
    project = world.project
    # The camp runs 15–16 September: a range that holds only its last day finds it.
    assert listed(reader, project, **{"from": "2021-09-16", "to": "2021-09-30"}) == [CAMP]
    assert listed(reader, project, **{"from": "2021-09-10", "to": "2021-09-15"}) == [CAMP]
    assert listed(reader, project, **{"from": "2021-09-17", "to": "2021-11-04"}) == []
    # Open ends: everything from a day on, everything up to a day.
    assert listed(reader, project, **{"from": "2021-11-05"}) == [SEMINAR, LANDSCAPE]
    assert listed(reader, project, to="2021-06-02") == [STRALSUND]
    # Stralsund runs 1–3 June: a range inside it finds it too.
    assert listed(reader, project, **{"from": "2021-06-02", "to": "2021-06-02"}) == [STRALSUND]


def test_sorting(reader, world, places):
    project = world.project
    by_date = [STRALSUND, CAMP, SEMINAR, LANDSCAPE]
    assert listed(reader, project) == by_date
    assert listed(reader, project, sort="date") == by_date
    assert listed(reader, project, sort="date_desc") == list(reversed(by_date))
    assert listed(reader, project, sort="title") == sorted(by_date)
    # By the kind's name: Innovation camp, Seminar, Study visit, Thematic workshop.
    assert listed(reader, project, sort="kind") == [CAMP, SEMINAR, STRALSUND, LANDSCAPE]


def test_title_sort_follows_the_readers_language(client, world, places):
    world.users["member"].language = "lv"
    world.event.title = Translations({"en": CAMP, "lv": "Zaļā inovāciju nometne"})
    db.session.commit()
    login(client, world.users["member"])
    shown = listed(client, world.project, sort="title")
    # "Darbnīca par ainavu" first, "Zaļā inovāciju nometne" last, whatever the English says.
    assert shown[0] == "Darbnīca par ainavu"
    assert shown[-1] == "Zaļā inovāciju nometne"


def test_pages(reader, world, app):
    for n in range(app.config["ITEMS_PER_PAGE"] + 3):
        make_event(
            world.project,
            world.lv,
            f"Partner meeting {n:02d}",
            start_date=date(2023, 1, 1 + n % 28),
        )
    db.session.commit()
    first = reader.get(f"/projects/{world.project.id}/events").get_data(as_text=True)
    assert len(titles(first)) == app.config["ITEMS_PER_PAGE"]
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = reader.get(f"/projects/{world.project.id}/events?page=2&sort=date").get_data(
        as_text=True
    )
    total = app.config["ITEMS_PER_PAGE"] + 5
    assert len(titles(second)) == total - app.config["ITEMS_PER_PAGE"]
    assert set(titles(first)).isdisjoint(titles(second))
    # The filters stay in the links between pages.
    kept = reader.get(f"/projects/{world.project.id}/events?q=partner&page=2").get_data(
        as_text=True
    )
    assert "q=partner" in kept[kept.index('rel="prev"') - 200 : kept.index('rel="prev"')]


def test_bad_parameters_are_ignored_with_a_message(reader, world, places):
    response = reader.get(
        f"/projects/{world.project.id}/events",
        query_string={
            "from": "2021-13-45",
            "to": "yesterday",
            "kind": "party",
            "status": "'; drop table event; --",
            "organiser": "abc",
            "theme": "999999",
            "country": "XX",
            "sort": "random",
            "page": "x",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(titles(page)) == 4  # every filter ignored
    assert "“2021-13-45” was not understood, so this filter is ignored." in page
    assert "“party” was not understood" in page
    assert "“yesterday” was not understood" in page
    assert "“abc” was not understood" in page
    assert "“999999” was not understood" in page


def test_a_theme_of_another_project_is_no_filter(reader, world, places):
    other = Theme(project_id=world.other_project.id, name=Translations({"en": "Tourism"}))
    db.session.add(other)
    db.session.commit()
    page = reader.get(f"/projects/{world.project.id}/events?theme={other.id}").get_data(
        as_text=True
    )
    assert "was not understood" in page
    assert "Tourism" not in page
    assert len(titles(page)) == 4


def test_dates_the_wrong_way_round_are_swapped(reader, world, places):
    response = reader.get(f"/projects/{world.project.id}/events?from=2021-09-30&to=2021-09-01")
    page = response.get_data(as_text=True)
    assert "the dates are swapped" in page
    assert titles(page) == [CAMP]


def test_empty_result_says_so_and_offers_to_clear(reader, world):
    page = reader.get(
        f"/projects/{world.project.id}/events?q=nothing+like+this&sort=title"
    ).get_data(as_text=True)
    assert "No event matches your search." in page
    assert f'href="/projects/{world.project.id}/events?sort=title">Clear the filters' in page


def test_a_project_without_events(client, world):
    login(client, world.users["outsider"])
    page = client.get(f"/projects/{world.other_project.id}/events").get_data(as_text=True)
    assert "This project has no events yet." in page
    assert "Clear the filters" not in page


def test_htmx_gets_only_the_results(reader, world, places):
    response = reader.get(f"/projects/{world.project.id}/events?q=stralsund", headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="results"')
    assert "<html" not in page and 'id="event-search"' not in page
    assert titles(page) == [STRALSUND]
    assert "HX-Request" in response.headers["Vary"]


def test_the_form_keeps_the_filters_and_works_without_javascript(reader, world, places):
    page = reader.get(
        f"/projects/{world.project.id}/events?q=camp&kind=camp&from=2021-01-01&sort=title"
    ).get_data(as_text=True)
    form = page[
        page.index('<form id="event-search"') : page.index(
            "</form>", page.index('<form id="event-search"')
        )
    ]
    assert 'method="get"' in form and f'action="/projects/{world.project.id}/events"' in form
    assert 'value="camp"' in form and '<option selected value="camp">' in form
    assert 'value="2021-01-01"' in form
    assert '<option selected value="title">' in form
    assert '<button type="submit"' in form
    assert 'hx-trigger="input changed delay:300ms, search"' in form
    assert 'hx-push-url="true"' in form


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


def test_the_list_takes_the_same_few_queries_for_3_or_40_events(client, world):
    login(client, world.users["coordinator"])
    url = f"/projects/{world.project.id}/events"

    def statements_for_list():
        client.get(url)  # the first view makes the calendar token
        with counted_statements() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    def add_events(count):
        for n in range(count):
            event = make_event(
                world.project,
                world.lt if n % 2 else world.lv,
                f"Workshop {n}",
                start_date=date(2022, 1, 1 + n % 28),
                end_date=date(2022, 1, 1 + n % 28),
                unnamed_count=n,
            )
            event.co_organisers.append(world.de)
            event.themes.append(world.theme)
            attend(event, make_participant(world.project, f"Person {n}"))
        db.session.commit()

    add_events(1)  # three events
    few = statements_for_list()
    add_events(37)  # forty
    many = statements_for_list()
    assert few < 15
    assert many == few
    # And the same with a sort that reads titles, and with every filter.
    with_filters = f"{url}?sort=title&q=workshop&kind=camp&country=LV&theme={world.theme.id}"
    client.get(with_filters)
    with counted_statements() as statements:
        client.get(with_filters)
    assert len(statements) < 15


def test_going_back_to_a_pushed_address_gets_the_whole_page(reader, world, places):
    # htmx restores history (Back) by asking the server with both headers: it needs the page.
    response = reader.get(
        f"/projects/{world.project.id}/events?q=stralsund",
        headers={**HTMX, "HX-History-Restore-Request": "true"},
    )
    page = response.get_data(as_text=True)
    assert "<html" in page and 'id="event-search"' in page
    assert 'value="stralsund"' in page
    assert titles(page) == [STRALSUND]


def test_the_form_sent_with_nothing_chosen_filters_nothing(reader, world, places):
    # A GET form sends every field, the empty ones too.
    empty = dict.fromkeys(
        ("q", "kind", "status", "organiser", "country", "theme", "from", "to"), ""
    )
    page = reader.get(
        f"/projects/{world.project.id}/events", query_string={**empty, "sort": "date"}
    ).get_data(as_text=True)
    assert "was not understood" not in page
    assert len(titles(page)) == 4
    assert "Clear the filters" not in page
