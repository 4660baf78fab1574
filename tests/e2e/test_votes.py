"""A dot-vote at a workshop: the facilitator opens it, votes for a table, a participant
votes from their own phone, everyone's totals follow without a reload, and the closed
result stays with the event."""

import re

from playwright.sync_api import Page, expect

from collab.attendance.models import Participant
from collab.attendance.people import record_attendance
from collab.challenges.models import Challenge
from collab.challenges.operations import create_challenge
from collab.events.models import Event
from collab.extensions import db
from collab.i18n import Translations
from tests.e2e.conftest import PHONE, demo_login, log_in_as, look, ui_plural, ui_text, visit

LANG = "lv"  # the demo coordinator, Ilze, works in Latvian
# The totals poll every 3 s; a CI machine under load has been seen to need far longer.
POLL_MS = 60_000


def t(msgid: str, **values) -> str:
    return ui_text(LANG, msgid, **values)


def workshop_with_two_challenges(live_app, demo_event) -> tuple[int, int, int]:
    """A held workshop where two challenges were identified, and where the demo member
    signed the list with their account's e-mail. Returns the ids (event, cycling, seasons)."""
    event_id = demo_event("Workshop on cycling tourism", status="held")
    with live_app.app_context():
        event = db.session.get(Event, event_id)
        cycling, _ = create_challenge(
            event.project_id,
            Translations(
                {
                    "en": "The cycling routes stop at the border",
                    "lv": "Veloceļi beidzas pie robežas",
                }
            ),
            event=event,
        )
        seasons, _ = create_challenge(
            event.project_id,
            Translations(
                {"en": "Tourism is seasonal on the coast", "lv": "Tūrisms piekrastē ir sezonāls"}
            ),
            event=event,
        )
        member = Participant(
            project_id=event.project_id,
            name="Rūta Pavyzdėlė",
            country="LT",
            email=demo_login("member")[0],
        )
        record_attendance(event, member)
        db.session.commit()
        ids = (event_id, cycling.id, seasons.id)
        db.session.remove()
    return ids


def total(page: Page, vote_id: int, challenge_id: int):
    return page.locator(f"#total-{vote_id}-{challenge_id} .count")


def test_a_dot_vote_at_a_workshop(page: Page, open_page, live_app, demo_event):
    event_id, cycling, seasons = workshop_with_two_challenges(live_app, demo_event)

    # The facilitator (here the coordinator of the organising partner) opens a vote.
    log_in_as(page, "coordinator")
    visit(page, f"/events/{event_id}/votes", "votes-none-yet")
    expect(page.get_by_text(t("No votes at this event yet."))).to_be_visible()
    ballot = page.locator("#challenges")
    # Both challenges of this workshop are on the ballot unless unticked.
    expect(ballot.get_by_label("Veloceļi beidzas pie robežas")).to_be_checked()
    expect(ballot.get_by_label("Tūrisms piekrastē ir sezonāls")).to_be_checked()
    expect(page.get_by_label(t("Dots per voter"))).to_have_value("3")
    page.get_by_label(t("Question")).fill("Which challenge first?")
    page.get_by_role("button", name=t("Open the vote")).click()
    expect(page).to_have_url(re.compile(r"/votes/\d+$"))
    vote_id = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_role("heading", level=1)).to_have_text("Which challenge first?")
    look(page, "vote-open")
    page.evaluate("() => { window.notReloaded = true; }")

    # Table 1 votes with its three dots.
    page.get_by_label(t("Table"), exact=True).fill("Table 1")
    page.get_by_role("button", name=t("Vote for this table")).click()
    left = page.locator("#table-dots-left")

    def table_left(n: int) -> str:
        return t("%(table)s has %(left)d of %(total)d dots left", table="Table 1", left=n, total=3)

    expect(left).to_have_text(table_left(3))
    expect(page).to_have_url(re.compile(r"table=Table"))
    add_cycling = page.get_by_role(
        "button", name=f"{t('+ dot')} Veloceļi beidzas pie robežas", exact=True
    )
    add_cycling.click()
    expect(left).to_have_text(table_left(2))
    add_cycling.click()
    expect(left).to_have_text(table_left(1))
    page.locator(f"#table-add-{seasons}").click()
    expect(left).to_have_text(table_left(0))
    expect(total(page, vote_id, cycling)).to_have_text("2")
    expect(total(page, vote_id, seasons)).to_have_text("1")

    # A fourth dot is refused, and the page says why.
    add_cycling.click()
    refusal = t("%(table)s has no dots left: take one back to place it elsewhere.", table="Table 1")
    expect(page.get_by_role("alert")).to_have_text(refusal)
    expect(total(page, vote_id, cycling)).to_have_text("2")
    look(page, "vote-table-out-of-dots")

    # A participant votes from her phone; the facilitator's totals follow.
    theirs = open_page(PHONE)
    log_in_as(theirs, "member")
    visit(theirs, f"/votes/{vote_id}", "vote-participant")
    mine = theirs.locator("#my-dots-left")
    expect(mine).to_have_text("You have 3 of 3 dots left")
    theirs.get_by_role(
        "button", name="+ dot The cycling routes stop at the border", exact=True
    ).click()
    expect(mine).to_have_text("You have 2 of 3 dots left")
    expect(total(theirs, vote_id, cycling)).to_have_text("3")
    look(theirs, "vote-participant-voted")

    expect(total(page, vote_id, cycling)).to_have_text("3", timeout=POLL_MS)
    expect(page.locator("#dots-placed")).to_have_text(
        ui_plural(LANG, "%(num)d dot placed", "%(num)d dots placed", 4), timeout=POLL_MS
    )
    assert page.evaluate("() => window.notReloaded === true"), "the page was reloaded"

    # Closed: the result is kept, and sets the challenges' priority.
    page.get_by_role("button", name=t("Close the vote")).click()
    expect(page.get_by_role("heading", name=t("Result"))).to_be_visible()
    rows = page.locator("#totals tbody tr")
    expect(rows.nth(0)).to_contain_text("Veloceļi beidzas pie robežas")
    expect(rows.nth(0).locator(".rank")).to_have_text("1")
    expect(rows.nth(1).locator(".rank")).to_have_text("2")
    expect(page.locator(f"#table-add-{cycling}")).to_have_count(0)
    look(page, "vote-closed")
    with live_app.app_context():
        assert db.session.get(Challenge, cycling).priority == 3
        assert db.session.get(Challenge, seasons).priority == 1
        db.session.remove()

    # The participant's next click meets the closed vote.
    theirs.get_by_role("button", name="+ dot Tourism is seasonal on the coast", exact=True).click()
    expect(theirs.get_by_role("alert")).to_have_text("This vote is closed.")
    expect(theirs.get_by_role("heading", name="Result")).to_be_visible()

    visit(page, f"/events/{event_id}/votes", "votes-result")
    expect(page.get_by_role("heading", name="Which challenge first?")).to_be_visible()
