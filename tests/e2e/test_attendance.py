"""Attendance as the coordinator records it at the door: inline, without page reloads."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from collab.attendance.models import Participant
from collab.attendance.people import record_attendance
from collab.events.models import Event
from collab.extensions import db
from collab.projects.models import Project
from tests.e2e.conftest import log_in_as, look, ui_text, visit

# Ilze, the demo coordinator, reads the app in Latvian: what she sees is the Latvian text
# where the catalogue has it, else the English.
LV = "lv"


def sums(named: int, unnamed: int, total: int) -> str:
    return ui_text(
        LV,
        "%(named)s named + %(unnamed)s not named = %(total)s in total",
        named=named,
        unnamed=unnamed,
        total=total,
    )


def pick_organisation(page: Page, typed: str, name: str) -> None:
    """Type the start of a name and take the organisation the suggestions offer."""
    field = page.locator("#new-organisation")
    field.press_sequentially(typed, delay=40)
    option = page.locator(f'#new-organisation-options option[value="{name}"]')
    expect(option).to_have_count(1)
    # A datalist's pop-up is drawn by the browser, out of the page's reach: choosing an
    # option puts its value in the field, which is what fill() does.
    field.fill(option.get_attribute("value"))


def test_coordinator_records_who_came_without_reloading(page: Page, demo_event):
    event_id = demo_event("Workshop on the green corridors of Kurzeme", status="held")
    log_in_as(page, "coordinator")
    assert page.goto(f"/events/{event_id}/attendance").ok
    look(page, "attendance-empty")
    totals = page.locator("#totals .sum")
    expect(totals).to_have_text(sums(0, 0, 0))
    # Marks this very page: after a reload the mark would be gone.
    page.evaluate("() => { window.notReloaded = true; }")

    # The first attendee, from a municipality the suggestions know.
    page.locator("#new-name").fill("Anna Paraudziņa")
    pick_organisation(page, "Kuldīg", "Kuldīgas novada pašvaldība")
    page.locator("#new-function").select_option("planner")
    page.locator("#new-email").fill("anna@example.lv")
    page.get_by_label(ui_text(LV, "Agrees to be named")).check()
    page.get_by_role("button", name=ui_text(LV, "Add to the list")).click()

    expect(totals).to_have_text(sums(1, 0, 1))
    anna = page.locator("#attendance-rows tr", has_text="Anna Paraudziņa")
    expect(anna).to_contain_text("Kuldīgas novada pašvaldība")
    expect(anna).to_contain_text(ui_text(LV, "Local public authority"))
    expect(anna).to_contain_text("anna@example.lv")
    expect(page.get_by_role("status").filter(has_text="Anna Paraudziņa")).to_be_visible()
    # Ready for the next person: an empty form, the cursor in the name.
    expect(page.locator("#new-name")).to_have_value("")
    expect(page.locator("#new-name")).to_be_focused()
    look(page, "attendance-one-added")

    # The second, from a Lithuanian municipality.
    page.locator("#new-name").fill("Jonas Pavyzdys")
    pick_organisation(page, "skuod", "Skuodo rajono savivaldybės administracija")
    page.get_by_role("button", name=ui_text(LV, "Add to the list")).click()

    expect(totals).to_have_text(sums(2, 0, 2))
    jonas = page.locator("#attendance-rows tr", has_text="Jonas Pavyzdys")
    expect(jonas).to_contain_text("Lietuva")  # the country of the organisation, in Latvian
    look(page, "attendance-two-added")

    # Edit Jonas in place: he turned out to be a speaker.
    page.get_by_role("link", name=f"{ui_text(LV, 'Edit')} Jonas Pavyzdys").click()
    editing = page.locator("#attendance-rows tr.editing")
    expect(editing).to_be_visible()
    editing.locator("select[name$='-role']").select_option("speaker")
    editing.locator("input[name$='-name']").fill("Jonas Pavyzdys-Kalnas")
    look(page, "attendance-editing")
    editing.get_by_role("button", name=ui_text(LV, "Save")).click()

    expect(editing).to_have_count(0)
    jonas = page.locator("#attendance-rows tr", has_text="Jonas Pavyzdys-Kalnas")
    expect(jonas).to_contain_text(ui_text(LV, "Speaker"))
    # The totals count roles: they follow by themselves.
    expect(page.locator("#totals")).to_contain_text(f"{ui_text(LV, 'Speaker')}: 1")

    # Remove Anna.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"{ui_text(LV, 'Remove')} Anna Paraudziņa").click()
    expect(page.locator("#attendance-rows tr", has_text="Anna Paraudziņa")).to_have_count(0)
    expect(totals).to_have_text(sums(1, 0, 1))
    look(page, "attendance-one-removed")

    # The headcount: a mistake first, then the number.
    headcount = page.locator("#unnamed_count")
    save_headcount = page.get_by_role("button", name=ui_text(LV, "Save headcount"))
    headcount.fill("-3")
    save_headcount.click()
    expect(page.locator("#headcount")).to_contain_text(ui_text(LV, "The number cannot be below 0."))
    expect(headcount).to_have_attribute("aria-invalid", "true")
    look(page, "attendance-headcount-mistake")
    headcount.fill("25")
    save_headcount.click()
    expect(totals).to_have_text(sums(1, 25, 26))
    expect(page.locator("#headcount")).to_contain_text(ui_text(LV, "Headcount saved."))

    assert page.evaluate("() => window.notReloaded === true"), "the page was reloaded"
    look(page, "attendance-headcount")

    # And it was all saved: a fresh page shows the same.
    page.reload()
    expect(totals).to_have_text(sums(1, 25, 26))
    expect(page.locator("#attendance-rows tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(rf"/events/{event_id}/attendance$"))


def test_self_check_ins_appear_by_themselves_while_a_row_is_being_edited(
    page: Page, demo_event, live_app
):
    event_id = demo_event("Innovation camp with self check-in", checkin_open=True)
    log_in_as(page, "coordinator")
    assert page.goto(f"/events/{event_id}/attendance").ok
    totals = page.locator("#totals .sum")
    page.locator("#new-name").fill("Pēteris Paraugs")
    page.get_by_role("button", name=ui_text(LV, "Add to the list")).click()
    expect(totals).to_have_text(sums(1, 0, 1))
    # The organiser starts correcting a name, and has not saved yet...
    page.get_by_role("link", name=f"{ui_text(LV, 'Edit')} Pēteris Paraugs").click()
    typing = page.locator("#attendance-rows tr.editing input[name$='-name']")
    typing.fill("Pēteris Paraugs-Ozols")

    # ...when someone checks in at the door, from their phone.
    with live_app.app_context():
        event = db.session.get(Event, event_id)
        arrival = Participant(project_id=event.project_id, name="Rūta Pavyzdėlė", country="LT")
        record_attendance(event, arrival, recorded="checkin")
        db.session.commit()
        db.session.remove()

    new_row = page.locator("#attendance-rows tr.arrival", has_text="Rūta Pavyzdėlė")
    expect(new_row).to_be_visible()
    expect(new_row).to_contain_text(ui_text(LV, "New"))
    expect(totals).to_have_text(sums(2, 0, 2))
    # The row being edited was left alone, with what was typed.
    expect(typing).to_have_value("Pēteris Paraugs-Ozols")
    look(page, "attendance-live-arrival")


def test_coordinator_finds_a_person_recorded_twice_and_merges_them(
    page: Page, demo_event, live_app
):
    first = demo_event("Seminar on spatial data")
    second = demo_event("Seminar on spatial data, part two")
    with live_app.app_context():
        project_id = db.session.scalar(select(Project.id).where(Project.code == "LLI-431"))
        for event_id, name, organisation in (
            (first, "Laura Piemēriņa", "Saldus novada pašvaldība"),
            (second, "LAURA PIEMERINA", "Saldus pašvaldība"),
        ):
            event = db.session.get(Event, event_id)
            person = Participant(
                project_id=project_id, name=name, organisation_name=organisation, country="LV"
            )
            record_attendance(event, person)
        db.session.commit()
        db.session.remove()
    log_in_as(page, "coordinator")

    visit(page, f"/projects/{project_id}/participants", "participants")
    page.get_by_label(ui_text(LV, "Search by name")).press_sequentially("piemerina", delay=30)
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(2)
    look(page, "participants-search")

    visit(page, f"/projects/{project_id}/participants/duplicates", "participants-duplicates")
    page.get_by_role(
        "link", name=f"{ui_text(LV, 'Compare and merge')} LAURA PIEMERINA, Saldus pašvaldība"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui_text(LV, "Merge participants"))
    look(page, "participants-merge")
    page.get_by_role(
        "button", name=ui_text(LV, "Merge into %(name)s", name="Laura Piemēriņa")
    ).click()

    expect(page.get_by_role("status")).to_contain_text(
        ui_text(
            LV,
            "%(merged)s merged into %(kept)s.",
            merged="LAURA PIEMERINA",
            kept="Laura Piemēriņa",
        )
    )
    expect(page.get_by_text("LAURA PIEMERINA, Saldus pašvaldība")).to_have_count(0)
    look(page, "participants-merged")
    visit(page, f"/projects/{project_id}/participants?q=piemerina", "participants-after-merge")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td.num")).to_have_text("2")
