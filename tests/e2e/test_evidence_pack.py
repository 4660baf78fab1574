"""At the end of a reporting period the coordinator opens the period's report and downloads
the evidence pack to attach to the partner report: one ZIP with a folder per event and an
index that opens in a browser without the app."""

import zipfile
from datetime import date

from playwright.sync_api import Page, expect
from sqlalchemy import select

from collab.extensions import db
from collab.i18n import Translations
from collab.projects.models import Project
from collab.reporting.models import ReportingPeriod
from tests.e2e.conftest import log_in_as, ui_text, visit

LANG = "lv"  # the demo coordinator, Ilze, works in Latvian
FIRST_DAY, LAST_DAY = date(2020, 6, 1), date(2020, 11, 30)


def first_period(live_app) -> tuple[int, int]:
    """The demo project and its first six-month period (made here if the demo has none)."""
    with live_app.app_context():
        project = db.session.scalar(select(Project).where(Project.code == "LLI-431"))
        period = db.session.scalar(
            select(ReportingPeriod).where(
                ReportingPeriod.project_id == project.id, ReportingPeriod.start_date == FIRST_DAY
            )
        )
        if period is None:
            period = ReportingPeriod(
                project_id=project.id,
                name=Translations({"lv": "1. periods", "en": "Period 1"}),
                start_date=FIRST_DAY,
                end_date=LAST_DAY,
            )
            db.session.add(period)
            db.session.commit()
        ids = project.id, period.id
        db.session.remove()
    return ids


def test_coordinator_downloads_the_evidence_pack_of_a_period(page: Page, live_app, tmp_path):
    project_id, period_id = first_period(live_app)
    log_in_as(page, "coordinator")
    visit(page, f"/projects/{project_id}/periods/{period_id}", "period-report")

    with page.expect_download() as started:
        page.get_by_role("link", name=ui_text(LANG, "Evidence pack (ZIP)")).click()
    download = started.value

    assert download.suggested_filename == "LLI-431-evidence-2020-06-01_2020-11-30.zip"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
        archive.extractall(tmp_path / "pack")
    assert {"README.txt", "index.html", "index.csv"} <= set(names)
    folders = sorted({name.split("/")[0] for name in names if "/" in name})
    # The demo's events of June–November 2020, numbered in date order; the coordinator
    # reports for the lead partner and gets every list of participants.
    assert folders[0].startswith("01_2020-09-24_")
    assert all(folder[3:13] <= LAST_DAY.isoformat() for folder in folders)
    for folder in folders:
        assert f"{folder}/agenda.pdf" in names
        assert f"{folder}/attendance.csv" in names

    # The index reads in a browser, offline, and its links lead to the files.
    page.goto((tmp_path / "pack" / "index.html").as_uri())
    expect(page.get_by_role("heading", level=1)).to_contain_text(ui_text(LANG, "Evidence pack"))
    first = page.get_by_role("link", name="agenda.pdf").first
    expect(first).to_have_attribute("href", f"{folders[0]}/agenda.pdf")
    page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
