"""The history of a change, as the admin finds it: on the event's page, and in the log."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in_as, look, visit


def test_admin_edits_a_title_and_finds_the_change_in_the_history_and_the_log(
    page: Page, demo_event
):
    event_id = demo_event("Workshop on shared bus timetables")
    log_in_as(page, "admin")  # the demo admin reads English

    visit(page, f"/events/{event_id}/edit", "audit-event-edit")
    title = page.get_by_role("group", name="Title", exact=True)
    title.get_by_label("English", exact=True).fill("Workshop on cross-border bus timetables")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/events/{event_id}$"))

    page.get_by_role("link", name="History", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/history/event/{event_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "History of “Workshop on cross-border bus timetables”"
    )
    newest = page.locator("table.audit-entries tbody tr").first
    expect(newest.get_by_role("rowheader")).to_have_text("Changed")
    expect(newest).to_contain_text("Ada Paraugs")
    expect(newest.locator("del.before")).to_have_text(
        re.compile(r"Workshop on shared bus timetables$")
    )
    expect(newest.locator("ins.after")).to_have_text(
        re.compile(r"Workshop on cross-border bus timetables$")
    )
    look(page, "audit-history")

    visit(page, "/admin/log", "audit-log")
    page.get_by_label("What happened", exact=True).select_option("login")
    # htmx asks for the list again and puts the filter in the address.
    expect(page).to_have_url(re.compile(r"/admin/log\?.*action=login"))
    actions = page.locator("table.audit-entries tbody th[scope=row]")
    expect(actions.first).to_have_text("Logged in")
    assert set(actions.all_inner_texts()) == {"Logged in"}
    look(page, "audit-log-logins")

    page.get_by_label("What happened", exact=True).select_option("update")
    # One filter at a time: the answer to the first replaces the list, and a second choice
    # made before it arrives would be sent with the first one's old value.
    expect(page).to_have_url(re.compile(r"action=update"))
    page.get_by_label("Kind of object", exact=True).select_option("event")
    expect(page).to_have_url(re.compile(r"object_type=event"))
    expect(page.locator("table.audit-entries tbody tr").first).to_contain_text(
        "Workshop on cross-border bus timetables"
    )
    look(page, "audit-log-events")
