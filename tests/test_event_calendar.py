"""The month calendar of a project's events."""

import re
from datetime import date, timedelta

from collab.extensions import db
from tests.conftest import login, make_event

HTMX = {"HX-Request": "true"}


def calendar(client, project, **params):
    response = client.get(f"/projects/{project.id}/events/calendar", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def cell(page: str, day: date) -> str:
    """The grid cell of one day."""
    start = page.index(f'data-day="{day.isoformat()}"')
    return page[start : page.index("</td>", start)]


def month_list(page: str) -> str:
    start = page.index('class="month-list"')
    return page[start : page.index("</section>", start)]


def test_a_two_day_event_is_on_both_days(client, world):
    login(client, world.users["member"])
    page = calendar(client, world.project, month="2021-09")

    title = "Innovation camp in Ventspils"
    link = f'<a href="/events/{world.event.id}">{title}</a>'
    assert link in cell(page, date(2021, 9, 15))
    assert link in cell(page, date(2021, 9, 16))
    assert title not in cell(page, date(2021, 9, 14))
    assert title not in cell(page, date(2021, 9, 17))
    # Once in the list under the grid, with its dates.
    assert month_list(page).count(title) == 1
    assert "Sep 15\u2009–\u200916, 2021" in month_list(page)


def test_weeks_start_on_monday_and_the_grid_shows_whole_weeks(client, world):
    login(client, world.users["member"])
    page = calendar(client, world.project, month="2021-09")
    assert "September 2021" in page
    headings = re.findall(r'<th scope="col"><abbr title="(\w+)">', page)
    assert headings == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    # 1 September 2021 was a Wednesday: the grid starts on Monday 30 August.
    days = re.findall(r'data-day="([\d-]+)"', page)
    assert days[0] == "2021-08-30" and days[-1] == "2021-10-03"
    assert len(days) % 7 == 0


def test_an_event_across_months_shows_in_both(client, world):
    make_event(
        world.project,
        world.lv,
        "Conference across months",
        kind="conference",
        start_date=date(2022, 9, 30),
        end_date=date(2022, 10, 1),
    )
    db.session.commit()
    login(client, world.users["member"])
    september = calendar(client, world.project, month="2022-09")
    october = calendar(client, world.project, month="2022-10")
    assert "Conference across months" in month_list(september)
    assert "Conference across months" in month_list(october)
    assert "Conference across months" in cell(october, date(2022, 10, 1))


def test_month_and_weekday_names_in_latvian(client, world):
    make_event(
        world.project,
        world.lv,
        "Forum in October",
        kind="forum",
        start_date=date(2022, 10, 12),
        end_date=date(2022, 10, 12),
    )
    db.session.commit()
    # The member has no language of their own: the browser's language counts.
    login(client, world.users["member"])
    response = client.get(
        f"/projects/{world.project.id}/events/calendar?month=2022-10",
        headers={"Accept-Language": "lv"},
    )
    page = response.get_data(as_text=True)
    assert "Oktobris 2022" in page  # the heading starts with a capital
    assert "oktobris 2022" in page  # inside a sentence it does not
    assert 'title="Pirmdiena"' in page
    assert "Forum in October" in month_list(page)


def test_the_language_switch_changes_the_month_name(client, world):
    login(client, world.users["member"])
    client.post("/language", data={"language": "lt", "next": "/"})
    page = calendar(client, world.project, month="2022-10")
    assert "Spalis 2022" in page


def test_previous_and_next_month(client, world):
    login(client, world.users["member"])
    page = calendar(client, world.project, month="2022-01")
    url = f"/projects/{world.project.id}/events/calendar"
    assert f'href="{url}?month=2021-12" hx-get="{url}?month=2021-12" rel="prev"' in page
    assert f'href="{url}?month=2022-02" hx-get="{url}?month=2022-02" rel="next"' in page
    december = calendar(client, world.project, month="2022-12")
    assert f"{url}?month=2023-01" in december


def test_default_month_is_the_next_event_else_the_latest(client, world):
    login(client, world.users["member"])
    # Both events of the World are past: the latest one's month.
    assert "November 2021" in calendar(client, world.project).split('id="month-title"')[1][:40]
    soon = date.today() + timedelta(days=40)
    make_event(world.project, world.lv, "Upcoming workshop", start_date=soon, end_date=soon)
    later = date.today() + timedelta(days=400)
    make_event(world.project, world.lv, "Much later", start_date=later, end_date=later)
    db.session.commit()
    page = calendar(client, world.project)
    assert "Upcoming workshop" in month_list(page)
    assert "Much later" not in page


def test_default_month_of_a_project_without_events_is_this_month(client, world):
    login(client, world.users["outsider"])
    page = calendar(client, world.other_project)
    assert f'data-day="{date.today().isoformat()}"' in page
    assert 'aria-current="date"' in page
    assert "No events in this month." in page


def test_a_bad_month_shows_a_message_and_the_default(client, world):
    login(client, world.users["member"])
    for bad in ("2022-13", "october", "2022-10-01"):
        page = calendar(client, world.project, month=bad)
        assert f"“{bad}” is not a month such as 2022-10" in page
        assert "November 2021" in page


def test_htmx_gets_the_month_only(client, world):
    login(client, world.users["member"])
    response = client.get(
        f"/projects/{world.project.id}/events/calendar?month=2021-11", headers=HTMX
    )
    page = response.get_data(as_text=True)
    assert page.lstrip().startswith('<div id="calendar"')
    assert "<html" not in page
    assert "Seminar on the public-service quality standard" in page


def test_cancelled_events_say_so(client, world):
    world.lt_event.status = "cancelled"
    db.session.commit()
    login(client, world.users["member"])
    page = calendar(client, world.project, month="2021-11")
    assert "Cancelled" in cell(page, date(2021, 11, 5))
    assert "Cancelled" in month_list(page)


def test_going_back_to_a_month_gets_the_whole_page(client, world):
    login(client, world.users["member"])
    response = client.get(
        f"/projects/{world.project.id}/events/calendar?month=2021-11",
        headers={**HTMX, "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.get_data(as_text=True)
