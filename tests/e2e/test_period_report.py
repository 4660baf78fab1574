"""The period report as the demo coordinator reads it: from the project to its reporting
periods, a period's report, the next period, and the records behind a figure of it."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from collab.extensions import db
from collab.projects.models import Project
from collab.reporting.measures import indicator_progress
from collab.reporting.models import ReportingPeriod
from tests.e2e.conftest import log_in_as, look, ui_text, visit

LANG = "lv"  # the demo coordinator, Ilze, works in Latvian


def t(msgid: str, **values) -> str:
    return ui_text(LANG, msgid, **values)


def workshop_figures(live_app, period_name: str) -> tuple[str, str, str]:
    """The workshops indicator's previous / this period / total, as the data has them now:
    other stories add and move events of the demo project (the figures themselves are
    checked against hand counts in tests/test_measures.py)."""
    with live_app.app_context():
        project = db.session.scalar(select(Project).where(Project.code == "LLI-431"))
        periods = db.session.scalars(
            select(ReportingPeriod).where(ReportingPeriod.project_id == project.id)
        )
        period = next(p for p in periods if p.name.get("lv") == period_name)
        figures = next(
            p
            for p in indicator_progress(project, period)
            if p.indicator.name["en"].startswith("Thematic")
        )
        db.session.remove()
    return str(figures.previous), str(figures.this_period), str(figures.achieved)


def test_coordinator_reads_a_period_report_and_the_records_behind_a_figure(page: Page, live_app):
    with live_app.app_context():
        project_id = db.session.scalar(select(Project.id).where(Project.code == "LLI-431"))
        db.session.remove()
    previous, added, total = workshop_figures(live_app, "3. periods")
    fourth = workshop_figures(live_app, "4. periods")
    log_in_as(page, "coordinator")

    visit(page, f"/projects/{project_id}", "project-with-reporting")
    page.locator("#reporting").get_by_role("link", name=t("Reporting periods")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Reporting periods"))
    look(page, "reporting-periods")

    # The demo's six-month periods carry their names in Latvian.
    page.locator("#periods").get_by_role("link", name="3. periods", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("3. periods")
    # June–November 2021: on the demo alone, workshops 4 before, 3 in the period, 7 in all.
    row = page.locator("#indicators tbody tr").filter(has_text="Tematiskie semināri")
    expect(row.locator("td").nth(1)).to_have_text(previous)
    expect(row.locator("td").nth(2)).to_have_text(added)
    expect(row.locator("td").nth(3)).to_have_text(total)
    look(page, "period-report")

    # The switcher goes on to the next period.
    page.get_by_role("navigation", name=t("Other periods")).get_by_role(
        "link", name=re.compile("4. periods")
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("4. periods")

    # This period's figure opens its records: the workshops of December 2021 – May 2022.
    row = page.locator("#indicators tbody tr").filter(has_text="Tematiskie semināri")
    row.locator("td").nth(2).get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/indicators/\d+/rows\?period=\d+$"))
    expect(page.locator("main table tbody tr")).to_have_count(int(fourth[1]))
    look(page, "indicator-rows-of-a-period")
