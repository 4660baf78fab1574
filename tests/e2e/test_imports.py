"""Adding many people at once, as the coordinator does after a workshop: a CSV file from the
registration form, and a few names pasted from an e-mail."""

import re
from gettext import GNUTranslations
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from playwright.sync_api import expect

from tests.e2e.conftest import _catalogue, log_in_as, look, ui_text, visit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
# The demo coordinator, Ilze, reads the app in Latvian.
LANG = "lv"


def ui_plural(language: str, singular: str, plural: str, n: int, **values) -> str:
    """What a reader of `language` sees for a message with plural forms."""
    if language == "en":
        text = singular if n == 1 else plural
    else:
        compiled = BytesIO()
        write_mo(compiled, _catalogue(language))
        compiled.seek(0)
        text = GNUTranslations(compiled).ngettext(singular, plural, n)
    return text % {"num": n, **values}


def test_coordinator_imports_a_csv_file_with_one_bad_row(page, demo_event):
    event_id = demo_event("Workshop on maritime spatial planning")
    log_in_as(page, "coordinator")
    visit(page, f"/events/{event_id}/attendance/import", "import-upload")

    page.get_by_label(ui_text(LANG, "Spreadsheet file")).set_input_files(
        FIXTURES / "workshop_list.csv"
    )
    page.get_by_role("button", name=ui_text(LANG, "Upload and continue")).click()

    # The columns are guessed from the Latvian headings of the file.
    expect(page).to_have_url(re.compile(r"/attendance/import/[\w-]+/map$"))
    expect(page.get_by_label(ui_text(LANG, "Name"), exact=True)).to_have_value("0")
    expect(page.get_by_label(ui_text(LANG, "Organisation"), exact=True)).to_have_value("1")
    expect(page.get_by_label(ui_text(LANG, "Country"), exact=True)).to_have_value("2")
    expect(page.get_by_label(ui_text(LANG, "E-mail"), exact=True)).to_have_value("3")
    expect(page.get_by_label(ui_text(LANG, "Role"), exact=True)).to_have_value("")
    look(page, "import-columns")
    page.get_by_role("button", name=ui_text(LANG, "Continue to the preview")).click()

    expect(page).to_have_url(re.compile(r"/attendance/import/[\w-]+/preview$"))
    bad = page.locator("#row-3")
    expect(bad).to_contain_text("Mārtiņš Paraugs")
    expect(bad).to_contain_text(ui_text(LANG, "Mistake:"))
    expect(bad).to_contain_text("Atlantīda")
    expect(bad.locator("td.bad")).to_have_text("Atlantīda")
    expect(page.locator("#row-2")).not_to_contain_text(ui_text(LANG, "Mistake:"))
    expect(page.locator("#row-4")).to_contain_text(ui_text(LANG, "New participant"))
    look(page, "import-preview")

    page.locator('button[name="mode"][value="valid_only"]').click()

    expect(page).to_have_url(re.compile(rf"/events/{event_id}/attendance$"))
    expect(page.locator(".flashes")).to_contain_text(
        ui_plural(
            LANG,
            "%(count)s person added, %(skipped)s skipped.",
            "%(count)s people added, %(skipped)s skipped.",
            2,
            count="2",
            skipped="1",
        )
    )
    main = page.locator("main")
    expect(main).to_contain_text("Laura Paraudziņa")
    expect(main).to_contain_text("Eglė Pavyzdytė")
    expect(main).not_to_contain_text("Mārtiņš Paraugs")
    look(page, "import-done")


def test_coordinator_pastes_two_people_previews_and_imports(page, demo_event):
    event_id = demo_event("Seminar on the coastal zone")
    log_in_as(page, "coordinator")
    visit(page, f"/events/{event_id}/attendance/paste", "paste-empty")

    page.get_by_label(ui_text(LANG, "People"), exact=True).fill(
        "Inese Paraudziņa; Kurzemes plānošanas reģions; LV; planner; inese@example.org; speaker\n"
        "Tomas Pavyzdys\tKlaipėdos universitetas\tLietuva\tscience"
    )
    page.get_by_role("button", name=ui_text(LANG, "Preview"), exact=True).click()

    first, second = page.locator("#line-1"), page.locator("#line-2")
    expect(first).to_contain_text("Inese Paraudziņa")
    expect(first).to_contain_text(ui_text(LANG, "New participant"))
    expect(second).to_contain_text("Tomas Pavyzdys")
    expect(page.locator(".import-rows")).not_to_contain_text(ui_text(LANG, "Mistake:"))
    # The list is still in the box, to correct it if needed.
    expect(page.get_by_label(ui_text(LANG, "People"), exact=True)).to_have_value(
        re.compile(r"^Inese Paraudziņa;.*\nTomas Pavyzdys\t", re.S)
    )
    look(page, "paste-preview")

    page.get_by_role("button", name=ui_text(LANG, "Import"), exact=True).click()

    expect(page).to_have_url(re.compile(rf"/events/{event_id}/attendance$"))
    expect(page.locator(".flashes")).to_contain_text(
        ui_plural(
            LANG,
            "%(count)s person added, %(skipped)s skipped.",
            "%(count)s people added, %(skipped)s skipped.",
            2,
            count="2",
            skipped="0",
        )
    )
    expect(page.locator("main")).to_contain_text("Inese Paraudziņa")
    expect(page.locator("main")).to_contain_text("Tomas Pavyzdys")
    look(page, "paste-done")
