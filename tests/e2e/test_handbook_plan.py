"""The handbook's plan as the demo coordinator uses it: from the project's page to the
handbook, a chapter moved up in place (htmx), the new order still there after a reload."""

from playwright.sync_api import Page, expect
from sqlalchemy import select

from collab.extensions import db
from collab.projects.models import Project
from tests.e2e.conftest import log_in_as, look, ui_text, visit

LANG = "lv"  # the demo coordinator, Ilze, works in Latvian


def t(msgid: str, **values) -> str:
    return ui_text(LANG, msgid, **values)


def demo_project_id(live_app) -> int:
    with live_app.app_context():
        project_id = db.session.scalar(select(Project.id).where(Project.code == "LLI-431"))
        db.session.remove()
    return project_id


def order(page: Page) -> list[str]:
    return page.locator("#chapters li.chapter-row").evaluate_all(
        "rows => rows.map(row => row.dataset.kind)"
    )


def test_coordinator_moves_a_chapter_up_and_it_stays_there(page, live_app):
    project_id = demo_project_id(live_app)
    log_in_as(page, "coordinator")
    visit(page, f"/projects/{project_id}", "handbook-project-page")
    page.locator("#handbook").get_by_role("link", name=t("Handbook"), exact=True).click()
    expect(page).to_have_url(f"{page.url.split('/projects/')[0]}/projects/{project_id}/handbook")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rokasgrāmata pārrobežu plānošanai")
    look(page, "handbook-plan")

    before = order(page)
    index = before.index("workshops")
    assert index > 0
    expected = before[: index - 1] + ["workshops", before[index - 1]] + before[index + 1 :]

    # Moved with its button: the list is swapped in place, the page is not reloaded.
    page.evaluate("() => { window.__no_reload = true; }")
    row = page.locator('#chapters li[data-kind="workshops"]')
    row.get_by_role("button", name=t("Move up"), exact=False).click()
    expect(page.locator("#chapters .flash")).to_be_visible()
    expect(page.locator('#chapters li.chapter-row[data-kind="workshops"]')).to_have_class(
        "chapter-row changed"
    )
    assert order(page) == expected
    assert page.evaluate("() => window.__no_reload === true"), "the page was reloaded"
    # The keyboard stays on the button that was pressed.
    moved_id = page.locator('#chapters li[data-kind="workshops"]').get_attribute("id")
    expect(page.locator(f"#{moved_id}-up")).to_be_focused()
    look(page, "handbook-plan-moved")

    page.reload()
    assert order(page) == expected

    # Back where it was, for the other stories on the demo data.
    page.locator('#chapters li[data-kind="workshops"]').get_by_role(
        "button", name=t("Move down"), exact=False
    ).click()
    expect(page.locator("#chapters .flash")).to_be_visible()
    assert order(page) == before
