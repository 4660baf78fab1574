"""The dashboard and the ecosystem map as the demo coordinator uses them: from the project to
the dashboard, its charts and their tables, an indicator's achieved figure to the records
behind it; the map, its period filter (htmx) and a node to the organisation's events."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from collab.extensions import db
from collab.organisations.models import Organisation
from collab.projects.models import Indicator, Project
from tests.e2e.conftest import log_in_as, look, ui_text, visit

LANG = "lv"  # the demo coordinator, Ilze, works in Latvian


def t(msgid: str, **values) -> str:
    return ui_text(LANG, msgid, **values)


def demo_facts(live_app) -> tuple[int, Indicator, int]:
    """The demo project, its first indicator computed from the data, and the lead partner."""
    with live_app.app_context():
        project = db.session.scalar(select(Project).where(Project.code == "LLI-431"))
        bound = next(i for i in project.indicators if i.measure)
        kpr = db.session.scalar(select(Organisation.id).where(Organisation.short_name == "KPR"))
        facts = project.id, bound, kpr
        db.session.expunge_all()
        db.session.remove()
    return facts


def test_coordinator_reads_the_dashboard_and_the_records_behind_a_figure(page: Page, live_app):
    project_id, indicator, _kpr = demo_facts(live_app)
    log_in_as(page, "coordinator")

    visit(page, f"/projects/{project_id}", "project-with-progress-links")
    page.locator("#progress").get_by_role("link", name=t("Dashboard"), exact=True).click()
    expect(page).to_have_url(re.compile(rf"/projects/{project_id}/dashboard$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Dashboard"))

    # The charts are there, and each can be read as a table.
    for key in ("events", "by-country", "by-function", "by-event-kind", "over-time"):
        expect(page.locator(f'svg[data-chart="{key}"]')).to_be_visible()
    by_country = page.locator("#chart-by-country")
    by_country.locator("summary").click()
    expect(by_country.get_by_role("table")).to_be_visible()
    expect(by_country.get_by_role("rowheader", name="Latvija")).to_be_visible()
    look(page, "dashboard")

    # The achieved figure of an indicator computed from the data opens its records.
    row = page.locator(f"#progress-{indicator.id}")
    achieved = row.locator("a.achieved")
    figure = achieved.inner_text().split("\n")[0].split(" –")[0].strip()
    assert figure and figure[0].isdigit()
    achieved.click()
    expect(page).to_have_url(re.compile(rf"/indicators/{indicator.id}/rows"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(indicator.name.pick(LANG)[0])
    expect(page.locator("main table").first).to_be_visible()
    assert page.locator("main table tbody tr").count() > 0
    look(page, "indicator-rows-from-dashboard")


def test_coordinator_filters_the_map_and_opens_an_organisation(page: Page, live_app):
    project_id, _indicator, kpr = demo_facts(live_app)
    log_in_as(page, "coordinator")
    visit(page, f"/projects/{project_id}/map", "ecosystem-map")
    svg = page.locator('svg[data-chart="ecosystem-map"]')
    expect(svg).to_be_visible()
    everything = page.locator("table.map-table tbody tr").count()
    assert everything > 5

    # Choosing a period swaps the results in place (htmx) and puts it in the address.
    page.evaluate("() => { window.__no_reload = true; }")
    period = page.get_by_label(t("Reporting period"), exact=True)
    period.select_option(index=1)
    expect(page).to_have_url(re.compile(r"[?&]period=\d+"))
    assert page.evaluate("() => window.__no_reload === true"), "the page was reloaded"
    look(page, "ecosystem-map-one-period")

    # A node of the map is a link to the organisation's events.
    visit(page, f"/projects/{project_id}/map")
    page.locator(f'svg[data-chart="ecosystem-map"] a[data-node="{kpr}"]').click()
    expect(page).to_have_url(re.compile(rf"/map/organisations/{kpr}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kurzemes plānošanas reģions")
    assert page.locator("table.org-events tbody tr").count() > 0
    look(page, "organisation-events")
