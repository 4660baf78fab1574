"""A coordinator deletes an event by mistake, finds it in the project's trash and puts it
back: the event page is there again."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in_as, look, ui_plural, ui_text, visit

LANG = "lv"  # the demo coordinator, Ilze, works in Latvian


def t(msgid: str, **values) -> str:
    return ui_text(LANG, msgid, **values)


def test_coordinator_deletes_an_event_and_restores_it_from_the_trash(page: Page, demo_event):
    title = "Workshop on maritime spatial planning"
    event_id = demo_event(title)
    log_in_as(page, "coordinator")
    visit(page, f"/events/{event_id}", "event-before-delete")

    # The button asks first (window.confirm); the coordinator is sure.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=t("Delete the event"), exact=True).click()

    expect(page).to_have_url(re.compile(r"/projects/\d+/events$"))
    expect(page.locator(".flash")).to_contain_text(
        t("Moved to the trash; it can be restored for 30 days.")
    )
    look(page, "event-moved-to-trash")

    page.locator(".flash").get_by_role("link", name=t("Open the trash")).click()
    expect(page).to_have_url(re.compile(r"/projects/\d+/trash$"))
    row = page.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text(t("Event"))
    expect(row).to_contain_text(ui_plural(LANG, "%(num)d day", "%(num)d days", 30))
    look(page, "trash")

    row.get_by_role("button", name=re.compile("^" + re.escape(t("Restore")))).click()

    expect(page).to_have_url(re.compile(rf"/events/{event_id}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(page.locator(".flash")).to_contain_text(title)
    look(page, "event-restored")
