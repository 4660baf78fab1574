"""Self check-in as it happens at a workshop: the coordinator opens check-in on her laptop,
a participant checks in from a phone, and the count on the laptop goes up by itself."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in_as, look, ui_text, visit

# The count is polled every 5 seconds; allow a slow machine a few rounds.
POLLING_MS = 60_000


def check_in(phone: Page, url: str, name: str, organisation: str) -> None:
    phone.goto(url)
    expect(phone.get_by_role("heading", name="Check in", exact=True)).to_be_visible()
    phone.get_by_label("Your name", exact=True).fill(name)
    phone.get_by_label("Organisation", exact=True).fill(organisation)
    phone.get_by_label("Country", exact=True).select_option("LT")
    phone.get_by_label("What describes you best", exact=True).select_option("planner")
    phone.get_by_label("I agree that the project partners process the data").check()
    phone.get_by_role("button", name="Check in", exact=True).click()


def test_participant_checks_in_from_a_phone_and_the_count_rises(page, phone_page, demo_event):
    event_id = demo_event("Thematic workshop on cross-border planning data")
    log_in_as(page, "coordinator")  # Ilze reads Latvian
    visit(page, f"/events/{event_id}/checkin", "checkin-closed")
    expect(page.locator("#checkin-self-count")).to_have_text("0")

    page.get_by_role("button", name=ui_text("lv", "Open check-in")).click()
    expect(
        page.get_by_role("heading", name=re.compile(ui_text("lv", "Check-in is open")))
    ).to_be_visible()
    look(page, "checkin-open")
    url = page.locator("#checkin-url").inner_text().strip()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/checkin/[\w-]{20,}", url), url

    # The participant: a phone, no account, an English browser.
    phone_page.goto(url)
    look(phone_page, "checkin-form-phone")
    # Submitting without the required consent says what is missing and keeps the name.
    phone_page.get_by_label("Your name", exact=True).fill("Gintarė Pavyzdienė")
    phone_page.get_by_role("button", name="Check in", exact=True).click()
    expect(phone_page.get_by_role("alert")).to_contain_text(
        "Please agree to this: the project cannot count you without it."
    )
    expect(phone_page.get_by_label("Your name", exact=True)).to_have_value("Gintarė Pavyzdienė")
    look(phone_page, "checkin-form-mistakes-phone")

    check_in(phone_page, url, "Gintarė Pavyzdienė", "Skuodo rajono savivaldybės administracija")
    expect(phone_page.get_by_role("heading", name="Thank you!")).to_be_visible()
    expect(
        phone_page.get_by_text("Thank you, you are checked in to Thematic workshop")
    ).to_be_visible()
    look(phone_page, "checkin-thanks-phone")

    # Back on the laptop, without a reload: the count has risen, her name among the arrivals.
    expect(page.locator("#checkin-self-count")).to_have_text("1", timeout=POLLING_MS)
    expect(page.locator(".arrivals")).to_contain_text("Gintarė Pavyzdienė")
    look(page, "checkin-one-arrival")

    # She checks in again, typing her name differently: still one arrival.
    check_in(phone_page, url, "gintare pavyzdiene", "Skuodo rajono savivaldybės administracija")
    expect(phone_page.get_by_role("heading", name="You were already checked in")).to_be_visible()
    look(phone_page, "checkin-again-phone")
    with page.expect_response(re.compile(r"/checkin/count$"), timeout=POLLING_MS) as poll:
        pass
    assert '<span class="figure" id="checkin-self-count">1</span>' in poll.value.text()
    expect(page.locator("#checkin-self-count")).to_have_text("1")


def test_full_screen_page_for_a_projector(page, demo_event):
    event_id = demo_event("Partner meeting in Kuldīga", kind="partner_meeting")
    log_in_as(page, "admin")
    visit(page, f"/events/{event_id}/checkin", "checkin-admin")
    url = page.locator("#checkin-url").inner_text().strip()
    # (The closed form answers 403, which the harness counts as a browser fault: its polite
    # page is checked in tests/test_checkin.py.)

    page.get_by_role("link", name="Show full screen").click()
    expect(page.get_by_role("img", name="QR code of the check-in link")).to_be_visible()
    expect(page.get_by_role("heading", name="Partner meeting in Kuldīga")).to_be_visible()
    expect(page.get_by_text(url, exact=True)).to_be_visible()
    look(page, "checkin-screen")
