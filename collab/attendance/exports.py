"""The attendance list as a file: CSV for any tool, XLSX for Excel, in the reader's language."""

import csv
import io
import re
import unicodedata

from flask import make_response
from flask_babel import gettext as _
from flask_babel import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from collab.attendance.figures import Figures
from collab.attendance.models import GENDERS, Attendance
from collab.events.models import FUNCTIONS, Event
from collab.i18n import current_language
from collab.organisations.models import KINDS
from collab.templating import country_name

# A cell starting with one of these is a formula to Excel and LibreOffice: a name typed as
# "=HYPERLINK(...)" at check-in must stay text in the organiser's spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralised(value):
    """Text that a spreadsheet will not run as a formula (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def columns(with_email: bool) -> list[str]:
    names = [
        pgettext("person", "Name"),
        _("Organisation"),
        _("Organisation kind (Interreg target group)"),
        _("Country"),
        _("Function"),
        _("Role"),
    ]
    if with_email:
        names.append(_("E-mail"))
    names += [_("Gender"), _("Agrees to be named"), _("Agrees to photos"), _("Recorded")]
    return names


def rows(attendances: list[Attendance], with_email: bool) -> list[list[str]]:
    """One line per person, in the order of the page."""
    lines = []
    for attendance in attendances:
        person = attendance.participant
        line = [
            person.name,
            person.organisation_label,
            person.organisation_kind_label,
            country_name(person.country),
            person.function_label,
            attendance.role_label,
        ]
        if with_email:
            line.append(person.email or "")
        line += [
            str(GENDERS[person.gender]) if person.gender in GENDERS else "",
            _yes_no(person.consent_named),
            _yes_no(person.consent_photos),
            attendance.recorded_label,
        ]
        lines.append(line)
    return lines


def filename(event: Event, extension: str) -> str:
    """attendance-2021-09-15-innovation-camp-in-ventspils.csv: sortable, safe everywhere."""
    title = event.title.pick(current_language())[0] if event.title else ""
    letters = unicodedata.normalize("NFKD", title.casefold())
    ascii_title = "".join(c for c in letters if not unicodedata.combining(c)).encode(
        "ascii", "ignore"
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.decode()).strip("-")[:60].strip("-")
    parts = ["attendance", event.start_date.isoformat(), slug]
    return "-".join(part for part in parts if part) + "." + extension


def _download(body: bytes, mimetype: str, name: str):
    response = make_response(body)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def csv_file(event: Event, attendances: list[Attendance], with_email: bool):
    """UTF-8 with a byte order mark, or Excel shows Baltic letters as mojibake; semicolons,
    as Excel expects them where the comma is the decimal sign (Latvia, Lithuania)."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(columns(with_email))
    for line in rows(attendances, with_email):
        writer.writerow([neutralised(value) for value in line])
    body = ("\ufeff" + text.getvalue()).encode("utf-8")
    response = _download(body, "text/csv", filename(event, "csv"))
    response.charset = "utf-8"
    return response


def _text_cell(sheet, row: int, column: int, value):
    if isinstance(value, str):
        # A worksheet cannot hold control characters, which an old import may have kept.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # Stored as text, with Excel's own "typed with an apostrophe" mark: the reader sees
        # exactly what was typed, and the cell never runs.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _fit_columns(sheet, first_row: int) -> None:
    widths: dict[int, int] = {}
    for line in sheet.iter_rows(min_row=first_row):
        for cell in line:
            length = len(str(cell.value)) if cell.value is not None else 0
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)


def _summary(sheet, figures: Figures) -> None:
    bold = Font(bold=True)
    line = 1
    for label, value in (
        (_("Named"), figures.participations),
        (_("Not named"), figures.unnamed),
        (_("Total"), figures.total),
    ):
        sheet.cell(row=line, column=1, value=label).font = bold
        sheet.cell(row=line, column=2, value=value)
        line += 1
    groups = (
        (_("By country"), figures.by_country, country_name),
        (_("By function"), figures.by_function, lambda code: str(FUNCTIONS.get(code, code))),
        (
            _("By organisation kind (Interreg target group)"),
            figures.by_kind,
            lambda code: str(KINDS[code]) if code in KINDS else _("Not known"),
        ),
    )
    for title, counter, label_of in groups:
        line += 1
        sheet.cell(row=line, column=1, value=title).font = bold
        line += 1
        counted = [(label_of(code), count) for code, count in counter.items()]
        # The largest groups first, as a report reads them.
        for label, count in sorted(counted, key=lambda item: (-item[1], item[0])):
            _text_cell(sheet, line, 1, label)
            sheet.cell(row=line, column=2, value=count)
            line += 1
    _fit_columns(sheet, 1)


def xlsx_file(event: Event, attendances: list[Attendance], figures: Figures, with_email: bool):
    """A workbook: the list (title, bold frozen header, fitted columns) and a summary."""
    book = Workbook()
    sheet = book.active
    day = event.start_date.isoformat()
    # Sheet names: at most 31 characters, none of []:*?/\
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", _("Attendance %(date)s", date=day))[:31]
    title = event.title.pick(current_language())[0] if event.title else ""
    place = ", ".join(part for part in (event.place, country_name(event.country)) if part)
    _text_cell(sheet, 1, 1, " · ".join(part for part in (title, day, place) if part))
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    header = columns(with_email)
    for column, label in enumerate(header, start=1):
        _text_cell(sheet, 2, column, label).font = Font(bold=True)
    for number, line in enumerate(rows(attendances, with_email), start=3):
        for column, value in enumerate(line, start=1):
            _text_cell(sheet, number, column, value)
    sheet.freeze_panes = "A3"
    _fit_columns(sheet, 2)
    _summary(book.create_sheet(_("Summary")), figures)
    body = io.BytesIO()
    book.save(body)
    return _download(body.getvalue(), XLSX_TYPE, filename(event, "xlsx"))
