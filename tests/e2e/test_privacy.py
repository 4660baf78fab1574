"""A person asks the demo coordinator for their data, then to be forgotten."""

import json
import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from collab.attendance.models import Attendance, Participant
from collab.extensions import db
from collab.organisations.models import Organisation
from tests.e2e.conftest import log_in_as, look, ui_text, visit

# Ilze, the demo coordinator, reads the app in Latvian: the Latvian text where the
# catalogue has it, else the English.
LV = "lv"
# Invented people, clearly fictitious.
NAME = "Laima Paraudziņa-Privātā"
EMAIL = "laima.paraudzina@privacy.example"


def people_at(live_app, event_id: int) -> int:
    """An event with the person to erase and a speaker who stays; the person's id."""
    with live_app.app_context():
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.short_name == "KPR")
        )
        from collab.events.models import Event

        event = db.session.get(Event, event_id)
        laima = Participant(
            project_id=event.project_id,
            name=NAME,
            email=EMAIL,
            gender="female",
            organisation=organisation,
            country="LV",
            function="planner",
        )
        laima.record_consent(named=True, photos=True)
        other = Participant(
            project_id=event.project_id, name="Rasa Pavyzdytė-Kita", country="LT", function="ngo"
        )
        db.session.add_all(
            [
                Attendance(event=event, participant=laima, role="participant", recorded="checkin"),
                Attendance(event=event, participant=other, role="speaker", recorded="hand"),
            ]
        )
        db.session.commit()
        person_id = laima.id
        db.session.remove()
    return person_id


def test_coordinator_exports_and_erases_a_person(page: Page, demo_event, live_app):
    event_id = demo_event("Seminar on personal data in planning", status="held")
    person_id = people_at(live_app, event_id)
    log_in_as(page, "coordinator")

    # The event's totals, as reported.
    visit(page, f"/events/{event_id}/attendance", "privacy-attendance-before")
    totals = page.locator("#totals")
    reported = totals.inner_text()
    assert "2" in reported

    # The participants of the demo project: find her, open her page.
    page.get_by_role("link", name=ui_text(LV, "Participants of the project")).click()
    page.get_by_label(ui_text(LV, "Search by name")).press_sequentially("Laima", delay=40)
    person_link = page.get_by_role("link", name=NAME, exact=True)
    expect(person_link).to_be_visible()
    look(page, "privacy-participants")
    person_link.click()
    expect(page).to_have_url(re.compile(rf"/participants/{person_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.locator("#person")).to_contain_text(EMAIL)
    expect(page.locator("#consent")).to_contain_text("2026-1")
    expect(page.locator("#attendances")).to_contain_text("Seminar on personal data in planning")
    look(page, "privacy-participant")

    # A copy for her: the JSON file, and the page to print.
    with page.expect_download() as started:
        page.get_by_role("link", name=ui_text(LV, "Download as JSON")).click()
    download = started.value
    assert download.suggested_filename == f"participant-{person_id}.json"
    with open(download.path(), encoding="utf-8") as copy:
        data = json.load(copy)
    assert data["participant"]["name"] == NAME and data["participant"]["email"] == EMAIL
    assert [a["event"]["id"] for a in data["attendances"]] == [event_id]

    page.get_by_role("link", name=ui_text(LV, "Readable copy")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    expect(page.get_by_role("button", name=ui_text(LV, "Print"))).to_be_visible()
    look(page, "privacy-readable-copy")
    page.go_back()

    # Erase: the confirmation says what goes and what stays.
    page.get_by_role("link", name=ui_text(LV, "Erase…")).click()
    expect(page.locator(".goes")).to_contain_text(EMAIL)
    expect(page.locator(".stays")).to_contain_text(
        ui_text(LV, "Country: %(country)s", country="Latvija")
    )
    look(page, "privacy-erase-confirm")
    page.get_by_role("button", name=ui_text(LV, "Erase the personal data")).click()

    expect(page).to_have_url(re.compile(rf"/participants/{person_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Erased participant #{person_id}")
    expect(page.locator("#person")).not_to_contain_text(EMAIL)
    expect(page.locator(".flash-success")).to_be_visible()
    look(page, "privacy-erased")

    # The figures already reported do not change; her name is gone from the list.
    visit(page, f"/events/{event_id}/attendance", "privacy-attendance-after")
    assert page.locator("#totals").inner_text() == reported
    expect(page.locator("#attendance")).not_to_contain_text(NAME)
    expect(page.locator("#attendance")).to_contain_text(f"Erased participant #{person_id}")
