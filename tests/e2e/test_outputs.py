"""After a workshop the coordinator uploads what it produced: the report as a PDF, a photo of
the tables at work; the partners see them listed and download them."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in_as, look, ui_text, visit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "outputs"
LANG = "lv"  # the demo coordinator, Ilze, works in Latvian


def t(msgid: str, **values) -> str:
    return ui_text(LANG, msgid, **values)


def add_output(page: Page, kind: str, title: str, file: Path) -> None:
    form = page.locator("#add-output")
    form.get_by_label(t("Kind"), exact=True).select_option(kind)
    title_group = form.get_by_role("group", name=re.compile("^" + re.escape(t("Title"))))
    title_group.get_by_label(t("Latvian"), exact=True).fill(title)
    form.get_by_label(t("File"), exact=True).set_input_files(file)
    form.get_by_role("button", name=t("Add the output")).click()


def test_coordinator_uploads_a_pdf_and_a_photo_and_downloads_the_pdf(page: Page, demo_event):
    event_id = demo_event("Workshop on the cross-border cycling route network")
    log_in_as(page, "coordinator")
    visit(page, f"/events/{event_id}/outputs", "outputs-empty")

    add_output(page, "report", "Darbnīcas secinājumi", FIXTURES / "sample.pdf")

    expect(page).to_have_url(re.compile(rf"/events/{event_id}/outputs#output-\d+$"))
    report = page.locator("li.output", has_text="Darbnīcas secinājumi")
    expect(report).to_contain_text("sample.pdf")
    expect(report).to_contain_text("PDF")
    look(page, "outputs-report-added")

    with page.expect_download() as started:
        report.get_by_role("link", name=re.compile("^" + re.escape(t("Download")))).click()
    download = started.value
    assert download.suggested_filename == "sample.pdf"
    assert Path(download.path()).read_bytes() == (FIXTURES / "sample.pdf").read_bytes()

    # The report's form, to mark it for the handbook's workshop summaries.
    report.get_by_role("link", name=re.compile("^" + re.escape(t("Edit")))).click()
    expect(page).to_have_url(re.compile(r"/outputs/\d+/edit$"))
    look(page, "output-edit")
    page.get_by_label(t("Use in the handbook"), exact=True).check()
    page.get_by_label(t("Handbook chapter"), exact=True).select_option("workshops")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.locator("li.output", has_text="Darbnīcas secinājumi")).to_contain_text(
        t("Handbook: %(chapter)s", chapter=t("Workshop summaries"))
    )

    add_output(page, "photo", "Galdi darbā", FIXTURES / "photo.png")

    photo = page.locator("li.output", has_text="Galdi darbā")
    thumbnail = photo.locator("img.thumb")
    expect(thumbnail).to_be_visible()
    expect(thumbnail).to_have_attribute("src", re.compile(r"/outputs/\d+/thumbnail\?v="))
    # The thumbnail arrived and was drawn (a broken image has no natural width).
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    assert thumbnail.evaluate("(img) => img.naturalWidth") <= 320
    look(page, "outputs-photo-added")

    # The event page lists both, with the package of all of them.
    visit(page, f"/events/{event_id}", "event-with-outputs")
    outputs = page.locator("#outputs")
    expect(outputs).to_contain_text("Darbnīcas secinājumi")
    expect(outputs).to_contain_text("Galdi darbā")
    expect(outputs.get_by_role("link", name=t("Download all (ZIP)"))).to_be_visible()
