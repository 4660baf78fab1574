"""The workshop board as a facilitator uses it during a session: captures typed with the
keyboard alone, a dropped connection that loses nothing, and a second facilitator who sees
the additions by themselves."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from collab.challenges.models import Challenge, Solution
from collab.extensions import db
from collab.outputs.models import Output
from tests.e2e.conftest import log_in_as, look, ui_text, visit

LANG = "lv"  # the demo coordinator, Ilze, works in Latvian

CHALLENGES = [
    "Cycling routes stop at the border",
    "Coastal municipalities lack a climate adaptation plan",
    "Tourism is too seasonal",
]
SOLUTION = "Joint winter tourism products of Kurzeme and the Klaipėda region"
NOTE = "Table 3: off-season events need one calendar"
DRAFT = "Table 4 is still talking about ferries"


def t(msgid: str, **values) -> str:
    return ui_text(LANG, msgid, **values)


def cards(page: Page):
    return page.locator("#board-items > li")


def wait_for_a_poll(page: Page) -> None:
    """Let the list finish one refresh: the next one is five seconds away."""
    before = page.locator("#board-items").get_attribute("data-refreshed")
    page.wait_for_function(
        "(before) => { const list = document.getElementById('board-items');"
        " return list.dataset.refreshed && list.dataset.refreshed !== before"
        " && !list.hasAttribute('aria-busy'); }",
        arg=before,
    )


def focus_type_choice(page: Page) -> None:
    """Back from the text box to the type buttons, with Shift+Tab."""
    for _ in range(5):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.name") == "kind":
            return
    raise AssertionError("the type buttons are not reachable with Shift+Tab")


def stored(page: Page, what: str):
    return page.evaluate(
        "(what) => JSON.parse(localStorage.getItem("
        "document.getElementById('board-capture').dataset.storage + ':' + what))",
        what,
    )


def test_a_session_captured_on_the_board_loses_nothing(page: Page, open_page, demo_event, live_app):
    event_id = demo_event("Innovation camp on tourism seasonality", kind="camp", status="held")
    board = f"/events/{event_id}/board"
    log_in_as(page, "coordinator")
    visit(page, f"/events/{event_id}", "event-with-board-link")
    page.get_by_role("link", name=t("Workshop board")).click()
    expect(page).to_have_url(re.compile(rf"{board}$"))
    status = page.locator("#board-status")
    expect(status).to_have_text(t("All saved"))
    look(page, "board-empty")
    page.evaluate("() => { window.notReloaded = true; }")

    # Three challenges: type, Enter; each shows at the top, saved, without a reload.
    text = page.get_by_label(t("Text"), exact=True)
    expect(text).to_be_focused()
    for title in CHALLENGES:
        page.keyboard.type(title)
        page.keyboard.press("Enter")
        expect(cards(page).first).to_contain_text(title)
        expect(cards(page).first).to_contain_text(t("Saved"))
        expect(text).to_have_value("")
        expect(text).to_be_focused()
    expect(cards(page)).to_have_count(3)
    expect(status).to_have_text(t("All saved"))

    # A solution: the type with the arrow keys, the challenge it answers is the last one.
    focus_type_choice(page)
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label(t("Solution"), exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    challenge_select = page.get_by_label(t("Answers the challenge"))
    expect(challenge_select).to_be_focused()
    expect(challenge_select.locator("option:checked")).to_have_text(CHALLENGES[-1])
    page.keyboard.press("Tab")
    expect(text).to_be_focused()
    page.keyboard.type(SOLUTION)
    page.keyboard.press("Enter")
    solution_card = cards(page).first
    expect(solution_card).to_contain_text(SOLUTION)
    expect(solution_card).to_contain_text(t("Saved"))
    expect(solution_card).to_contain_text(t("Answers: %(challenge)s", challenge=CHALLENGES[-1]))
    look(page, "board-four-captured")

    with live_app.app_context():
        saved = db.session.scalars(
            select(Challenge).where(Challenge.identified_at_id == event_id).order_by(Challenge.id)
        ).all()
        assert [c.title.get(LANG) for c in saved] == CHALLENGES
        solution = db.session.scalar(select(Solution).where(Solution.event_id == event_id))
        assert solution.challenge_id == saved[-1].id and solution.text == {LANG: SOLUTION}
        db.session.remove()

    # The Wi-Fi drops: a note is saved and another one is being typed.
    wait_for_a_poll(page)
    page.context.set_offline(True)
    focus_type_choice(page)
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label(t("Note"), exact=True)).to_be_checked()
    text.focus()
    page.keyboard.type(NOTE)
    page.keyboard.press("Enter")
    waiting = cards(page).first
    expect(waiting).to_contain_text(NOTE)
    expect(waiting).to_contain_text(t("Not saved yet"))
    expect(waiting).to_have_class(re.compile(r"\bpending\b"))
    expect(status).to_have_text(
        t("Offline: 1 item waiting; it will be sent when the connection returns.")
    )
    page.keyboard.type(DRAFT)
    look(page, "board-offline")

    # A reload is impossible offline; the browser's storage holds all of it.
    queue = stored(page, "queue")
    assert [(item["kind"], item["text"]) for item in queue] == [("note", NOTE)]
    draft = stored(page, "draft")
    assert draft["text"] == DRAFT and draft["kind"] == "note"

    # The connection returns: the note is sent, the draft stays in the box.
    page.context.set_offline(False)
    expect(page.locator("#board-items > li.pending")).to_have_count(0)
    note_card = cards(page).filter(has_text=NOTE)
    expect(note_card).to_contain_text(t("Saved"))
    expect(status).to_have_text(t("All saved"))
    expect(text).to_have_value(DRAFT)
    assert stored(page, "queue") == []
    with live_app.app_context():
        note = db.session.scalar(
            select(Output).where(Output.event_id == event_id, Output.kind == "note")
        )
        assert note is not None and note.text == {LANG: NOTE}
        db.session.remove()
    look(page, "board-back-online")

    # A second facilitator on the same board sees what the first adds, and the other way.
    other = open_page()
    log_in_as(other, "admin")
    visit(other, board, "board-second-facilitator")
    expect(cards(other)).to_have_count(5)
    other.get_by_label("Text", exact=True).fill("Ferries run only in summer")
    other.keyboard.press("Enter")
    expect(cards(other).first).to_contain_text("Saved")

    page.keyboard.press("Enter")  # Ilze saves her draft
    expect(cards(page).filter(has_text="Ferries run only in summer")).to_have_count(1)
    expect(cards(other).filter(has_text=DRAFT)).to_have_count(1)
    expect(cards(page)).to_have_count(7)
    expect(cards(other)).to_have_count(7)
    # Her challenge list knows the new challenge, without taking her choice away.
    expect(
        page.locator("#challenge_id option", has_text="Ferries run only in summer")
    ).to_have_count(1)
    expect(page.locator("#challenge_id option:checked")).to_have_text(CHALLENGES[-1])
    look(other, "board-second-facilitator-updated")

    # A card edited in place.
    first_challenge = cards(page).filter(has_text=CHALLENGES[0])
    first_challenge.get_by_role("link", name=re.compile(t("Edit"))).click()
    field = first_challenge.get_by_role("textbox")
    expect(field).to_have_value(CHALLENGES[0])
    look(page, "board-editing")
    field.fill(CHALLENGES[0] + " at Rucava")
    first_challenge.get_by_role("button", name=t("Save")).click()
    expect(cards(page).filter(has_text=CHALLENGES[0] + " at Rucava")).to_contain_text(t("Saved"))
    assert page.evaluate("() => window.notReloaded === true"), "the page was reloaded"


def test_captures_made_offline_keep_their_order_and_a_refused_one_its_text(
    page: Page, demo_event, live_app
):
    event_id = demo_event("Workshop on functional zones", status="held")
    log_in_as(page, "coordinator")
    visit(page, f"/events/{event_id}/board", "board-second-session")
    text = page.get_by_label(t("Text"), exact=True)
    status = page.locator("#board-status")

    # Offline, a challenge and a solution to it: the solution names the challenge by the
    # key it was captured with, since it has no id yet.
    wait_for_a_poll(page)
    page.context.set_offline(True)
    text.fill("No shared map of functional zones")
    text.press("Enter")
    page.get_by_label(t("Solution"), exact=True).check()
    expect(page.locator("#challenge_id option:checked")).to_have_text(
        "No shared map of functional zones"
    )
    text.fill("A joint GIS layer of both regions")
    text.press("Enter")
    # Too long for a challenge's title: the server will refuse it.
    page.get_by_label(t("Challenge"), exact=True).check()
    text.fill("Zones " * 60)
    text.press("Enter")
    expect(page.locator("#board-items > li.pending")).to_have_count(3)
    expect(status).to_have_text(
        t(
            "Offline: %(count)s items waiting; they will be sent when the connection returns.",
            count=3,
        )
    )

    page.context.set_offline(False)
    refused = page.locator("#board-items > li.refused")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text(t("Not saved"))
    expect(refused).to_contain_text(t("Keep it under %(limit)s characters.", limit="300"))
    expect(page.locator("#board-items > li.pending:not(.refused)")).to_have_count(0)
    expect(status).to_contain_text(t("Some items were not saved: see the marked items below."))
    look(page, "board-refused")
    with live_app.app_context():
        challenge = db.session.scalar(
            select(Challenge).where(Challenge.identified_at_id == event_id)
        )
        assert challenge.title == {LANG: "No shared map of functional zones"}
        assert [s.text for s in challenge.solutions] == [
            {LANG: "A joint GIS layer of both regions"}
        ]
        db.session.remove()

    # Back into the box to be shortened; then it is saved like any other.
    refused.get_by_role("button", name=re.compile(t("Edit"))).click()
    expect(refused).to_have_count(0)
    expect(text).to_have_value(("Zones " * 60).strip())
    text.fill("Zones end at the border")
    text.press("Enter")
    expect(cards(page).first).to_contain_text("Zones end at the border")
    expect(cards(page).first).to_contain_text(t("Saved"))
    expect(status).to_have_text(t("All saved"))
