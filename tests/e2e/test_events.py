"""An event as its organiser handles it: created through the form, its agenda typed in place."""

import re
from datetime import date

from playwright.sync_api import Page, expect
from sqlalchemy import select

from collab.events.models import AgendaItem, Event
from collab.extensions import db
from collab.i18n import Translations
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


def mark_page(page: Page) -> None:
    """Leave a mark in the window: it survives htmx swaps and disappears on a reload."""
    page.evaluate("() => { window.__no_reload = true; }")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("() => window.__no_reload === true"), "the page was reloaded"


def agenda_titles(agenda) -> list[str]:
    return [text.strip() for text in agenda.locator("td.agenda-title").all_inner_texts()]


def test_coordinator_creates_an_event_and_types_its_agenda(page, live_app):
    project_id = demo_project_id(live_app)
    log_in_as(page, "coordinator")
    visit(page, f"/projects/{project_id}/events/new", "event-new")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("New event"))

    form = page.locator("form.event-form")
    title = form.get_by_role("group", name=t("Title"), exact=True)
    title.get_by_label(t("Latvian"), exact=True).fill("Darbnīca par piekrastes plānošanu")
    title.get_by_label(t("English"), exact=True).fill("Workshop on coastal planning")
    form.get_by_label(t("Kind of event"), exact=True).select_option("workshop")
    form.get_by_label(t("First day"), exact=True).fill("2022-04-20")
    form.get_by_label(t("Last day"), exact=True).fill("2022-04-21")
    form.get_by_label(t("Venue"), exact=True).fill("Liepājas Universitāte")
    form.get_by_label(t("Town"), exact=True).fill("Liepāja")
    expect(form.get_by_label(t("Country"), exact=True)).to_have_value("LV")
    look(page, "event-new-filled")
    form.get_by_role("button", name=t("Save")).click()

    expect(page).to_have_url(re.compile(r"/events/\d+$"))
    expect(page.get_by_role("status")).to_contain_text(t("Event created."))
    expect(page.get_by_role("heading", level=1)).to_have_text("Darbnīca par piekrastes plānošanu")
    expect(page.locator(".event-head")).to_contain_text("Liepājas Universitāte, Liepāja")
    look(page, "event-created")

    agenda = page.get_by_role("region", name=t("Agenda"))
    mark_page(page)
    for time, name, speaker in (
        ("10:00", "Atklāšana", "Ilze Paraudziņa"),
        ("11:00", "Piekrastes izaicinājumi", "Jonas Pavyzdys"),
    ):
        add = agenda.locator("details.add-row")
        if add.get_attribute("open") is None:
            add.locator("summary").click()
        add_form = add.locator("form")
        add_form.get_by_label(t("Time"), exact=True).fill(time)
        add_form.get_by_role("group", name=t("Title"), exact=True).get_by_label(
            t("Latvian"), exact=True
        ).fill(name)
        add_form.get_by_label(t("Speaker"), exact=True).fill(speaker)
        add_form.get_by_role("button", name=t("Add to the agenda")).click()
        expect(agenda.get_by_role("row").filter(has_text=name)).to_contain_text(speaker)
    assert_not_reloaded(page)
    assert agenda_titles(agenda) == ["Atklāšana", "Piekrastes izaicinājumi"]
    look(page, "event-agenda-added")

    # Edit the first item in place.
    agenda.get_by_role("link", name=f"{t('Edit')} Atklāšana").click()
    row_form = agenda.locator("tr.editing form")
    title_input = row_form.get_by_role("group", name=t("Title"), exact=True).get_by_label(
        t("Latvian"), exact=True
    )
    expect(title_input).to_have_value("Atklāšana")
    look(page, "event-agenda-editing")
    title_input.fill("Atklāšana un iepazīšanās")
    row_form.get_by_role("button", name=t("Save")).click()
    expect(agenda.locator("tr.editing")).to_have_count(0)
    expect(agenda.get_by_role("row").filter(has_text="Atklāšana un iepazīšanās")).to_be_visible()
    assert_not_reloaded(page)
    look(page, "event-agenda-edited")

    # Move it below the second one.
    agenda.get_by_role("button", name=f"{t('Move down')} Atklāšana un iepazīšanās").click()
    expect(agenda.locator("td.agenda-title").first).to_have_text("Piekrastes izaicinājumi")
    assert agenda_titles(agenda) == ["Piekrastes izaicinājumi", "Atklāšana un iepazīšanās"]
    assert_not_reloaded(page)
    look(page, "event-agenda-moved")

    # Remove the other one, after confirming.
    page.once("dialog", lambda dialog: dialog.accept())
    agenda.get_by_role("button", name=f"{t('Remove')} Piekrastes izaicinājumi").click()
    expect(agenda.get_by_role("row").filter(has_text="Piekrastes izaicinājumi")).to_have_count(0)
    assert agenda_titles(agenda) == ["Atklāšana un iepazīšanās"]
    assert_not_reloaded(page)
    look(page, "event-agenda-removed")

    # What was typed is saved: a reload shows the same agenda.
    page.reload()
    agenda = page.get_by_role("region", name=t("Agenda"))
    assert agenda_titles(agenda) == ["Atklāšana un iepazīšanās"]


def test_event_page_on_a_phone(phone_page, live_app, demo_event):
    event_id = demo_event(
        "Study visit to the port of Ventspils",
        kind="study_visit",
        status="held",
        start_date=date(2022, 5, 11),
        end_date=date(2022, 5, 12),
        venue="Ventspils brīvosta",
        town="Ventspils",
        host_region="Kurzeme",
        sites_visited=Translations({"en": "- The port\n- The **science centre** VIZIUM"}),
        description=Translations({"en": "Two days with the partners from *Klaipėda*."}),
        unnamed_count=24,
    )
    with live_app.app_context():
        event = db.session.get(Event, event_id)
        for position, (name, speaker) in enumerate(
            (("Welcome at the port", "Port authority"), ("Walk to VIZIUM", None))
        ):
            event.agenda.append(
                AgendaItem(
                    day=event.start_date,
                    position=position,
                    title=Translations({"en": name}),
                    speaker=speaker,
                )
            )
        db.session.commit()
        db.session.remove()

    log_in_as(phone_page, "coordinator")
    visit(phone_page, f"/events/{event_id}", "event-phone")
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text(
        "Study visit to the port of Ventspils"
    )
    expect(phone_page.get_by_role("region", name=t("Participants"))).to_contain_text("24")
    expect(phone_page.get_by_role("region", name=t("Study visit"))).to_contain_text("VIZIUM")
    # Nothing runs off the side of a phone's screen.
    width = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px screen"
    # The agenda's edit form works at this width too.
    agenda = phone_page.get_by_role("region", name=t("Agenda"))
    agenda.get_by_role("link", name=f"{t('Edit')} Welcome at the port").click()
    expect(agenda.locator("tr.editing")).to_be_visible()
    look(phone_page, "event-phone-editing")
