"""A challenge as a coordinator handles it: recorded through the form, a solution added on
its page, moved on the board with a button and by dragging, its history read on its page;
and the board on a phone."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from collab.challenges.models import Challenge
from collab.challenges.operations import create_challenge
from collab.extensions import db
from collab.i18n import Translations
from collab.projects.models import Project
from tests.e2e.conftest import log_in_as, look, ui_text, visit

LANG = "lv"  # the demo coordinator, Ilze, works in Latvian
TITLE = "Veloceļi e2ech beidzas pie robežas"


def t(msgid: str, **values) -> str:
    return ui_text(LANG, msgid, **values)


def demo_project_id(live_app) -> int:
    with live_app.app_context():
        project_id = db.session.scalar(select(Project.id).where(Project.code == "LLI-431"))
        db.session.remove()
    return project_id


def mark_page(page: Page) -> None:
    """Leave a mark in the window: it survives htmx swaps and disappears on a reload."""
    page.evaluate("() => { window.__no_reload = true; }")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("() => window.__no_reload === true"), "the page was reloaded"


def column(page: Page, status: str):
    return page.locator(f'[data-drop-status="{status}"]')


def test_coordinator_records_a_challenge_and_moves_it_to_the_handbook(page, live_app, demo_event):
    project_id = demo_project_id(live_app)
    event_id = demo_event("Innovation camp e2ech", kind="camp", status="held")
    log_in_as(page, "coordinator")

    # The form, reached from the project with the event already chosen.
    visit(page, f"/projects/{project_id}/challenges/new?event={event_id}", "challenge-new")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("New challenge"))
    form = page.locator("form.challenge-form")
    title = form.get_by_role("group", name=t("Title"), exact=True)
    title.get_by_label(t("Latvian"), exact=True).fill(TITLE)
    form.locator("#description-lv").fill(
        "Maršruti **beidzas** pie Rucavas; EuroVelo 10 turpinās Lietuvā."
    )
    form.get_by_label(t("Regions affected"), exact=True).select_option("both")
    expect(form.get_by_label(t("Identified at"), exact=True)).to_have_value(str(event_id))
    look(page, "challenge-new-filled")
    form.get_by_role("button", name=t("Save")).click()

    expect(page).to_have_url(re.compile(r"/challenges/\d+$"))
    challenge_id = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".prose strong")).to_have_text("beidzas")
    look(page, "challenge-page")

    # A solution, added in place: the status below changes with it.
    mark_page(page)
    solutions = page.locator("#solutions")
    # The disclosure, not its submit button (both read "Pievienot risinājumu" in Latvian).
    solutions.locator("summary", has_text=t("Add a solution")).click()
    add = solutions.locator("form.solution-form")
    add.get_by_role("group", name=t("Solution"), exact=True).get_by_label(
        t("Latvian"), exact=True
    ).fill("Savienot maršrutus ar EuroVelo 10")
    add.get_by_label(t("Kind of solution"), exact=True).select_option("joint_project")
    add.get_by_label("Kurzemes plānošanas reģions (LV)", exact=True).check()
    look(page, "challenge-solution-filled")
    add.get_by_role("button", name=t("Add the solution")).click()
    expect(solutions.locator("li.solution")).to_have_count(1)
    expect(solutions.locator("li.solution")).to_contain_text("Savienot maršrutus ar EuroVelo 10")
    expect(page.locator("#lifecycle .current-status")).to_have_text(t("Solution proposed"))
    assert_not_reloaded(page)
    look(page, "challenge-solution-added")

    # The board: a button moves the card one step on, without a reload.
    visit(page, f"/projects/{project_id}/challenges/board", "challenge-board")
    mark_page(page)
    card = page.locator(f"#challenge-card-{challenge_id}")
    expect(column(page, "solution_proposed").locator(card)).to_have_count(1)
    card.get_by_role("button", name=f"{t('In the handbook')} – {TITLE}").click()
    expect(column(page, "in_handbook").locator(f"#challenge-card-{challenge_id}")).to_have_count(1)
    # The keyboard focus stays on the moved card.
    expect(page.locator(f"#challenge-card-{challenge_id}")).to_be_focused()
    assert_not_reloaded(page)
    look(page, "challenge-board-moved")

    # And a drag to another column posts the same move. The drop lands beside the card, on
    # the same line (columns are as tall as the longest): were the page to scroll between
    # pressing and moving the mouse, the drag would start from another card.
    card = page.locator(f"#challenge-card-{challenge_id}")
    card.scroll_into_view_if_needed()
    card_box = card.bounding_box()
    target = column(page, "analysed")
    target_box = target.bounding_box()
    card.drag_to(
        target,
        source_position={"x": 6, "y": 6},
        target_position={"x": 20, "y": card_box["y"] - target_box["y"] + 6},
    )
    expect(column(page, "analysed").locator(f"#challenge-card-{challenge_id}")).to_have_count(1)
    assert_not_reloaded(page)
    look(page, "challenge-board-dragged")

    # The challenge's page tells the whole story.
    visit(page, f"/challenges/{challenge_id}", "challenge-history")
    history = page.locator("#lifecycle table.history tbody tr")
    expect(history).to_have_count(4)
    expect(history.nth(0)).to_contain_text(t("In the handbook"))
    expect(history.nth(0)).to_contain_text(t("Analysed"))
    expect(history.nth(0)).to_contain_text("Ilze Paraudziņa")
    expect(history.nth(3)).to_contain_text(t("Identified"))

    # The table finds it, whatever the case of the letters typed.
    visit(page, f"/projects/{project_id}/challenges?q=VELOCEĻI+E2ECH", "challenge-table")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name=TITLE)).to_be_visible()
    expect(rows.first).to_contain_text(t("Analysed"))
    with live_app.app_context():
        challenge = db.session.get(Challenge, challenge_id)
        assert challenge.status == "analysed"
        assert [c.to_status for c in challenge.history] == [
            "identified",
            "solution_proposed",
            "in_handbook",
            "analysed",
        ]
        db.session.remove()


def test_the_board_on_a_phone(phone_page, live_app):
    project_id = demo_project_id(live_app)
    with live_app.app_context():
        challenge, _ = create_challenge(
            project_id, Translations({"en": "Seasonality of tourism e2ech"}), None
        )
        db.session.commit()
        challenge_id = challenge.id
        db.session.remove()
    log_in_as(phone_page, "coordinator")
    visit(phone_page, f"/projects/{project_id}/challenges/board", "challenge-board-phone")
    card = phone_page.locator(f"#challenge-card-{challenge_id}")
    expect(column(phone_page, "identified").locator(card)).to_have_count(1)
    # The columns stack: the next one starts below the first, not beside it.
    first = column(phone_page, "identified").bounding_box()
    second = column(phone_page, "analysed").bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1
    assert first["width"] <= 390
    card.get_by_role("button", name=f"{t('Analysed')} – Seasonality of tourism e2ech").tap()
    expect(column(phone_page, "analysed").locator(f"#challenge-card-{challenge_id}")).to_have_count(
        1
    )
    look(phone_page, "challenge-board-phone-moved")
