"""The period report as files: XLSX (one sheet per table) and PDF, in the reader's language."""

import io
import re
import unicodedata
from datetime import date
from decimal import Decimal

from flask import make_response, render_template
from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from collab.attendance.exports import XLSX_TYPE, _text_cell
from collab.checkin.sheet import css_string, page_numbers_css
from collab.pdf import html_to_pdf
from collab.reporting.periods import PeriodReport, Table, report_tables
from collab.templating import day_range

HEADER_FILL = PatternFill("solid", fgColor="E8EDF5")


def filename(report: PeriodReport, extension: str) -> str:
    """report-lli-431-2020-06-01-2020-11-30.xlsx: sortable, safe everywhere."""
    code = unicodedata.normalize("NFKD", report.project.code.casefold())
    code = "".join(c for c in code if not unicodedata.combining(c)).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", code.decode()).strip("-")[:40]
    period = report.period
    parts = ["report", slug, period.start_date.isoformat(), period.end_date.isoformat()]
    return "-".join(part for part in parts if part) + "." + extension


def _download(body: bytes, mimetype: str, name: str):
    response = make_response(body)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _sheet_title(text: str, taken: set[str]) -> str:
    # Sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook.
    title = re.sub(r"[\[\]:*?/\\]", " ", text)[:31].strip() or "Sheet"
    candidate, number = title, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate = title[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate


def _heading(report: PeriodReport) -> str:
    period = report.period
    return " · ".join(
        [
            f"{report.project.acronym} ({report.project.code})",
            str(period.name),
            day_range(period.start_date, period.end_date),
        ]
    )


def _write_table(sheet, report: PeriodReport, table: Table) -> None:
    _text_cell(sheet, 1, 1, f"{table.title} · {_heading(report)}").font = Font(bold=True, size=13)
    bold = Font(bold=True)
    for column, label in enumerate(table.head, start=1):
        cell = _text_cell(sheet, 2, column, label)
        cell.font = bold
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {column: len(str(label)) for column, label in enumerate(table.head, start=1)}
    for number, line in enumerate(table.rows, start=3):
        for index, value in enumerate(line):
            if isinstance(value, Decimal):
                # Whole numbers stay whole; a target of 2.5 keeps its half.
                value = int(value) if value == value.to_integral() else float(value)
            cell = _text_cell(sheet, number, index + 1, value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
                shown = 10
            elif index in table.percent:
                cell.number_format = "0%"
                shown = 5
            else:
                shown = len(str(value)) if value is not None else 0
            widths[index + 1] = max(widths.get(index + 1, 0), shown)
    if table.total:
        for cell in sheet[2 + len(table.rows)]:
            cell.font = bold
    sheet.freeze_panes = "A3"
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)


def period_xlsx(report: PeriodReport) -> bytes:
    """A workbook with one sheet per table of the report: bold frozen header, fitted columns."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in report_tables(report):
        _write_table(book.create_sheet(_sheet_title(table.title, taken)), report, table)
    body = io.BytesIO()
    book.save(body)
    return body.getvalue()


def period_xlsx_file(report: PeriodReport):
    return _download(period_xlsx(report), XLSX_TYPE, filename(report, "xlsx"))


def _shown(value, percent: bool = False) -> str:
    if value is None or value == "":
        return ""
    if percent:
        return format_percent(value)
    if isinstance(value, date):
        return format_date(value, "medium")
    if isinstance(value, int | Decimal):
        return format_decimal(value)
    return str(value)


def period_report_html(report: PeriodReport) -> str:
    tables = [
        {
            "table": table,
            "rows": [
                [_shown(value, index in table.percent) for index, value in enumerate(line)]
                for line in table.rows
            ],
        }
        for table in report_tables(report)
    ]
    project = report.project
    return render_template(
        "reporting/period_pdf.html",
        report=report,
        project=project,
        period=report.period,
        tables=tables,
        dates=day_range(report.period.start_date, report.period.end_date, "long"),
        page_numbers=Markup(page_numbers_css()),
        running_project=Markup(css_string(f"{project.acronym} · {project.code}")),
        running_title=Markup(css_string(f"{_('Period report')}: {report.period.name}"[:90])),
    )


def period_pdf(report: PeriodReport) -> bytes:
    return html_to_pdf(period_report_html(report), "period-report-pdf.css")


def period_pdf_file(report: PeriodReport):
    return _download(period_pdf(report), "application/pdf", filename(report, "pdf"))
