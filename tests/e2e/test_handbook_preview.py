"""The handbook's web preview and translation report as the demo coordinator reads them: the
Latvian edition with its chapter navigation and links to the sources, a bilingual edition
side by side, and what is missing in Lithuanian with a way to fill it in."""

from playwright.sync_api import expect
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


def test_coordinator_previews_the_handbook_and_its_translations(page, live_app):
    project_id = demo_project_id(live_app)
    log_in_as(page, "coordinator")
    visit(page, f"/projects/{project_id}/handbook/preview", "handbook-preview-lv")
    document = page.locator("article.hb-doc")
    expect(document).to_have_attribute("lang", "lv")
    expect(document.locator(".hb-cover-title")).to_have_text("Rokasgrāmata pārrobežu plānošanai")

    # The contents lead to the chapter; its records link back to where they came from.
    page.locator(".hb-toc").get_by_role("link", name="Izaicinājumi un risinājumi").click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#hb-lv-chapter-challenges")
    chapter = page.locator("#hb-lv-chapter-challenges")
    heading = chapter.get_by_role("heading", name="Velomaršruti pārtrūkst pie robežas")
    expect(heading).to_be_visible()
    source = chapter.locator(".hb-source a").first
    href = source.get_attribute("href")
    assert href.startswith("/challenges/")

    # A bilingual edition, chosen with the form: both languages side by side.
    page.get_by_label(t("Second language")).select_option("lt")
    page.get_by_role("button", name=t("Show")).click()
    expect(page.locator(".hb-side").first).to_be_visible()
    expect(page.locator("#hb-lv-chapter-project-title")).to_contain_text("Apie projektą")
    look(page, "handbook-preview-lv-lt")

    # What the Lithuanian edition still lacks, with a link to fill each in.
    report = f"/projects/{project_id}/handbook/translations?language=lt"
    visit(page, report, "handbook-translations")
    expect(page.get_by_role("link", name="LT · Lietuvių")).to_have_attribute("aria-current", "page")
    first = page.locator(".hb-report-group td.actions a").first
    expect(first).to_be_visible()
    first.click()
    expect(page.locator("form")).not_to_have_count(0)
