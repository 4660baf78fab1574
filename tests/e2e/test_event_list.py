"""The event list and calendar as a coordinator uses them: active search with the back
button, filters, and the month calendar on a desktop and a phone."""

import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from collab.extensions import db
from collab.projects.models import Project
from tests.e2e.conftest import PHONE, check_a11y, log_in_as, look, visit

FIRST = "Ainavu darbnīca e2elist-a"
SECOND = "Jūras forums e2elist-b"


def demo_project_id(live_app) -> int:
    with live_app.app_context():
        project_id = db.session.scalar(select(Project.id).where(Project.code == "LLI-431"))
        db.session.remove()
    return project_id


def make_events(demo_event) -> None:
    demo_event(FIRST, town="Saulkrasti")
    demo_event(
        SECOND,
        kind="forum",
        status="held",
        start_date=date(2022, 4, 7),
        end_date=date(2022, 4, 8),
        town="Pāvilosta",
    )


def results(page):
    return page.locator("#results")


def test_search_narrows_the_list_in_place_and_back_restores_it(page, live_app, demo_event):
    make_events(demo_event)
    project_id = demo_project_id(live_app)
    log_in_as(page, "coordinator")
    # Axe only, no screenshot, until after Back: Playwright's screenshot leaves style="" on
    # the inputs, and htmx's settling copies it onto the restored ones, which the CSP
    # (style-src 'self') reports as a console error. The app itself sets no inline style.
    page.goto(f"/projects/{project_id}/events")
    check_a11y(page)
    # Set on the page now: a reload would lose it, an htmx swap keeps it.
    page.evaluate("() => { window.notReloaded = true; }")

    search = page.get_by_role("searchbox")
    search.press_sequentially("E2ELIST", delay=40)
    expect(page).to_have_url(re.compile(r"[?&]q=E2ELIST(&|$)"))
    expect(results(page).get_by_role("link", name=FIRST)).to_be_visible()
    expect(results(page).get_by_role("link", name=SECOND)).to_be_visible()
    expect(results(page).locator("tbody tr")).to_have_count(2)

    search.press_sequentially("-b", delay=40)
    expect(page).to_have_url(re.compile(r"[?&]q=E2ELIST-b(&|$)"))
    expect(results(page).get_by_role("link", name=FIRST)).to_have_count(0)
    expect(results(page).get_by_role("link", name=SECOND)).to_be_visible()
    assert page.evaluate("() => window.notReloaded === true"), "the page was reloaded"
    check_a11y(page)

    page.go_back()
    expect(page).to_have_url(re.compile(r"[?&]q=E2ELIST(&|$)"))
    expect(results(page).get_by_role("link", name=FIRST)).to_be_visible()
    expect(results(page).get_by_role("link", name=SECOND)).to_be_visible()
    expect(page.get_by_role("searchbox")).to_have_value("E2ELIST")
    look(page, "events-list-back")

    # A select filters at once too: the forum only.
    page.locator("#kind").select_option("forum")
    expect(page).to_have_url(re.compile(r"[?&]kind=forum(&|$)"))
    expect(results(page).get_by_role("link", name=FIRST)).to_have_count(0)
    expect(results(page).get_by_role("link", name=SECOND)).to_be_visible()
    look(page, "events-list-kind")


def test_calendar_shows_the_month_and_moves_between_months(page, live_app, demo_event):
    demo_event(
        "Kalendāra seminārs e2elist-c",
        kind="seminar",
        start_date=date(2022, 5, 19),
        end_date=date(2022, 5, 20),
        town="Talsi",
    )
    project_id = demo_project_id(live_app)
    log_in_as(page, "coordinator")
    visit(page, f"/projects/{project_id}/events/calendar?month=2022-04", "events-calendar")

    grid = page.locator("table.month-grid")
    expect(grid).to_be_visible()
    # Ilze reads Latvian: weekday and month names are Latvian.
    expect(page.locator("#month-title")).to_have_text("Aprīlis 2022")
    expect(grid.locator("thead th").first).to_contain_text("Pirmd")

    page.get_by_role("link", name=re.compile("maijs 2022")).click()
    expect(page).to_have_url(re.compile(r"month=2022-05"))
    expect(page.locator("#month-title")).to_have_text("Maijs 2022")
    title = "Kalendāra seminārs e2elist-c"
    expect(
        page.locator('td[data-day="2022-05-19"]').get_by_role("link", name=title)
    ).to_be_visible()
    expect(
        page.locator('td[data-day="2022-05-20"]').get_by_role("link", name=title)
    ).to_be_visible()
    expect(page.locator(".month-list").get_by_role("link", name=title)).to_be_visible()
    look(page, "events-calendar-next-month")


def test_calendar_on_a_phone_is_a_list(open_page, live_app, demo_event):
    phone = open_page(PHONE)
    demo_event(
        "Telefona darbnīca e2elist-d", start_date=date(2022, 6, 2), end_date=date(2022, 6, 2)
    )
    project_id = demo_project_id(live_app)
    log_in_as(phone, "coordinator")
    visit(phone, f"/projects/{project_id}/events/calendar?month=2022-06", "events-calendar-phone")
    expect(phone.locator("table.month-grid")).to_be_hidden()
    expect(
        phone.locator(".month-list").get_by_role("link", name="Telefona darbnīca e2elist-d")
    ).to_be_visible()
