"""The coordinator compiles the Latvian edition of the handbook from the handbook page, watches
its progress, and downloads the PDF once it is ready. The live server has no REDIS_URL: the
compile runs in a thread of the app process."""

import io
import re
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader
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


def test_coordinator_compiles_the_latvian_edition_and_downloads_the_pdf(
    page: Page, live_app, tmp_path
):
    project_id = demo_project_id(live_app)
    log_in_as(page, "coordinator")
    visit(page, f"/projects/{project_id}/handbook", "handbook-drafts-panel")

    panel = page.locator("#drafts")
    panel.get_by_label(t("Language"), exact=True).select_option("lv")
    panel.get_by_label(t("Second language (bilingual edition)"), exact=True).select_option("")
    panel.get_by_role("button", name=t("Compile a draft"), exact=True).click()

    # The answer comes at once: the draft waits or compiles, and says so.
    status = page.locator("#draft-status")
    expect(status).to_be_visible()
    expect(status).to_have_attribute("data-status", re.compile("^(queued|running|done)$"))
    look(page, "handbook-draft-progress")

    # htmx asks every second; once ready, the download links replace the progress.
    expect(status).to_have_attribute("data-status", "done")
    pdf_link = status.get_by_role("link", name=re.compile("^" + re.escape(t("Download PDF"))))
    expect(pdf_link).to_be_visible()
    look(page, "handbook-draft-ready")

    with page.expect_download() as started:
        pdf_link.click()
    download = started.value
    assert re.fullmatch(r"Smart-Planning-handbook-draft-\d+-lv\.pdf", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = Path(saved).read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 3
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Rokasgrāmata pārrobežu plānošanai" in cover
