"""The printable sign-in sheet: the names registered so far, then empty rows to sign by hand.

Rendered by WeasyPrint from templates/sheets/sign_in_sheet.html with static/css/sheet.css
and the Noto Sans files in static/fonts, so Baltic letters print on any server.
"""

import math
import re

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from collab.attendance.models import Attendance, Participant
from collab.checkin import consent
from collab.events.models import Event
from collab.extensions import db
from collab.pdf import html_to_pdf
from collab.templating import country_name

# Rows that fit: the first page below its heading, and every following page. They follow
# from the fixed heights in static/css/sheet.css (tests/test_sign_in_sheet.py checks them).
FIRST_PAGE_ROWS = 20
PAGE_ROWS = 25
# Room for people who come without registering.
MIN_EMPTY_ROWS = 10


def registered(event: Event) -> list[Participant]:
    """Everyone on the event's list, sorted by name (accents ignored, "Č" beside "C")."""
    people = db.session.scalars(
        select(Participant).join(Attendance).where(Attendance.event_id == event.id)
    ).all()
    return sorted(people, key=lambda p: (p.name_key, p.name, p.id))


def row_count(names: int) -> int:
    """The names, at least MIN_EMPTY_ROWS empty rows, and as many more as fill the last page."""
    needed = names + MIN_EMPTY_ROWS
    if needed <= FIRST_PAGE_ROWS:
        return FIRST_PAGE_ROWS
    return FIRST_PAGE_ROWS + math.ceil((needed - FIRST_PAGE_ROWS) / PAGE_ROWS) * PAGE_ROWS


def css_string(text: str) -> str:
    """`text` as a CSS string literal, safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return '"' + re.sub(r"\s+", " ", escaped) + '"'


def page_numbers_css() -> str:
    """ "Page 1 of 2" in the reader's language, as the content of a page-margin box."""
    # Markers in place of the numbers, so translators keep the whole sentence.
    text = _("Page %(page)s of %(pages)s", page="\x01", pages="\x02")
    parts = []
    counters = {"\x01": "counter(page)", "\x02": "counter(pages)"}
    for piece in re.split("([\x01\x02])", text):
        if piece in counters:
            parts.append(counters[piece])
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def sign_in_sheet_html(event: Event) -> str:
    people = registered(event)
    rows = people + [None] * (row_count(len(people)) - len(people))
    project = event.project
    title = str(event.title)
    place = ", ".join(part for part in (event.place, country_name(event.country)) if part)
    return render_template(
        "sheets/sign_in_sheet.html",
        event=event,
        project=project,
        title=title,
        programme=str(project.programme),
        place=place,
        consent_text=consent.REPORTING,
        rows=rows,
        page_numbers=Markup(page_numbers_css()),
        running_project=Markup(css_string(f"{project.acronym} · {project.code}")),
        running_event=Markup(css_string(title[:90])),
        running_sheet=Markup(css_string(_("Sign-in sheet"))),
    )


def sign_in_sheet_pdf(event: Event) -> bytes:
    return html_to_pdf(sign_in_sheet_html(event), "sheet.css")
