"""Reading a list of people from a file: CSV or Excel, whatever its name says, and guessing
which column holds what from its headings in English, Latvian or Lithuanian."""

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from collab.attendance.models import name_key
from collab.imports.rows import FIELD_LABELS, ProjectPeople, Row, Vocabulary, read_row, recognise

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100
# What a column of the file can be, in the order the mapping page asks for them.
TARGETS = ("name", "surname", "organisation", "country", "function", "email", "gender", "role")

# Headings people give the columns, compared without case, accents or punctuation.
HEADINGS = {
    "name": [
        "name",
        "full name",
        "name and surname",
        "name surname",
        "first and last name",
        "participant",
        "person",
        "vārds",
        "vārds uzvārds",
        "vārds, uzvārds",
        "dalībnieks",
        "dalībnieka vārds",
        "vardas",
        "vardas pavardė",
        "vardas, pavardė",
        "dalyvis",
        "first name",
        "given name",
    ],
    "surname": ["surname", "last name", "family name", "uzvārds", "pavardė"],
    "organisation": [
        "organisation",
        "organization",
        "org",
        "organisation name",
        "organization name",
        "institution",
        "company",
        "employer",
        "organizācija",
        "iestāde",
        "uzņēmums",
        "darbavieta",
        "organizacija",
        "institucija",
        "įstaiga",
        "įmonė",
        "darbovietė",
    ],
    "country": ["country", "valsts", "šalis", "valstybė"],
    "function": [
        "function",
        "target group",
        "funkcija",
        "mērķa grupa",
        "mērķgrupa",
        "tikslinė grupė",
    ],
    "email": [
        "email",
        "e-mail",
        "e-mail address",
        "email address",
        "mail",
        "e-pasts",
        "epasts",
        "e-pasta adrese",
        "el. pasts",
        "el. paštas",
        "el paštas",
        "elektroninis paštas",
        "e. paštas",
    ],
    "gender": ["gender", "sex", "dzimums", "lytis"],
    "role": ["role", "role at the event", "loma", "vaidmuo", "dalības veids"],
}


class UnreadableFile(Exception):
    """The file cannot be read as a list of people; `message` says why, for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Table:
    """A sheet: the column headings and the rows under them, each with its row number."""

    columns: list[str]
    rows: list[tuple[int, list[str]]]


def column_letter(index: int) -> str:
    """A, B, …, Z, AA: how a spreadsheet names the column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(data: bytes) -> Table:
    """The people in a CSV or XLSX file, told apart by their content, not their name."""
    if not data:
        raise UnreadableFile(_l("The file is empty."))
    if len(data) > MAX_BYTES:
        raise UnreadableFile(_l("The file is larger than 5 MB: split the list into several files."))
    if data.startswith(b"PK\x03\x04"):
        lines = _read_xlsx(data)
    elif data.startswith(b"%PDF"):
        raise UnreadableFile(
            _l("This is a PDF document, not a spreadsheet: save the list as CSV or Excel (.xlsx).")
        )
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(
            _l("This is an old Excel file (.xls): open it and save it as Excel (.xlsx) or CSV.")
        )
    else:
        lines = _read_csv(_decode(data))
    return _table(lines)


def _not_a_spreadsheet() -> UnreadableFile:
    return UnreadableFile(
        _l(
            "This file is not a spreadsheet we can read: upload a CSV file or an Excel "
            "workbook (.xlsx)."
        )
    )


def _read_xlsx(data: bytes):
    from collab.outputs.filetypes import RefusedFile, check_archive, check_directory_size

    # A workbook is a ZIP archive: refuse a "zip bomb" from its directory, before openpyxl
    # unpacks anything.
    try:
        check_directory_size(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive)
            names = set(archive.namelist())
    except RefusedFile as refusal:
        raise UnreadableFile(str(refusal)) from None
    except zipfile.BadZipFile:
        raise _not_a_spreadsheet() from None
    if "xl/workbook.xml" not in names:
        raise _not_a_spreadsheet()
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise UnreadableFile(
            _l("The Excel file could not be read: open it, save it again and retry.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        return _enough_lines(
            [_cell_text(value) for value in values[: MAX_COLUMNS + 1]]
            for values in sheet.iter_rows(values_only=True)
        )
    except Exception:
        raise UnreadableFile(
            _l("The Excel file could not be read: open it, save it again and retry.")
        ) from None
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _is_text(text: str) -> bool:
    """Text a person could have written: no replacement characters, no control codes."""
    if "\ufffd" in text:
        return False
    return not any(ord(c) < 32 and c not in "\t\r\n\f" for c in text)


def _decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (Excel's "CSV UTF-8" adds a BOM), else the Windows
    code pages Excel uses in Latvia and Lithuania (Baltic) and in English (Western)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text": UTF-16 with a byte order mark, separated by tabs.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _not_a_spreadsheet() from None
        if _is_text(text):
            return text
        raise _not_a_spreadsheet()
    if b"\x00" in data:
        raise _not_a_spreadsheet()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        if _is_text(text):
            return text
        raise _not_a_spreadsheet()
    for encoding in ("cp1257", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _is_text(text):
            return text
        raise _not_a_spreadsheet()
    raise UnreadableFile(
        _l(
            "Could not read the text encoding of the file: save it as “CSV UTF-8” "
            "(in Excel: File, Save as, CSV UTF-8) and upload it again."
        )
    )


def sniff_delimiter(text: str) -> str:
    """The separator of a CSV text among , ; and tab: the one that splits the first lines
    into the same number of columns (Excel in Latvia and Lithuania writes ;)."""
    sample = text.splitlines()[:30]
    best, best_score = ",", (0.0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            widths = [len(cells) for cells in csv.reader(sample, delimiter=delimiter) if cells]
        except csv.Error:
            # A cell over the csv module's limit (128 KB): reading the file says what is wrong.
            continue
        if not widths:
            continue
        width, times = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = (times / len(widths), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(text: str):
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _enough_lines(cells[: MAX_COLUMNS + 1] for cells in reader)
    except csv.Error:
        raise _not_a_spreadsheet() from None


def _enough_lines(lines) -> list[list[str]]:
    """The lines of a sheet, read no further than needed to know it is too long; a long
    run of empty rows is the end of the list (a sheet formatted down to row 1 048 576)."""
    kept, filled, empty_run = [], 0, 0
    for cells in lines:
        if any(cell.strip() for cell in cells):
            filled += 1
            empty_run = 0
        else:
            empty_run += 1
            if empty_run > 10_000:
                break
        kept.append(cells)
        # The headings, the most rows allowed, and one more to tell it is too many.
        if filled > MAX_ROWS + 1:
            break
    return kept


def _table(lines: list[list[str]]) -> Table:
    numbered = [
        (number, [cell.strip() for cell in cells])
        for number, cells in enumerate(lines, start=1)
        if any(cell.strip() for cell in cells)
    ]
    if not numbered:
        raise UnreadableFile(_l("The file is empty."))
    (_heading_number, heading), rows = numbered[0], numbered[1:]
    if not rows:
        raise UnreadableFile(
            _l("The file has only the row of headings: there are no people under it.")
        )
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(
            _l("The file has more than 20 000 rows: split the list into several files.")
        )
    # As wide as the last column with anything in it (Excel pads rows with empty cells).
    width = max(
        max((index + 1 for index, cell in enumerate(cells) if cell), default=0)
        for _number, cells in numbered
    )
    if width > MAX_COLUMNS:
        raise UnreadableFile(
            _l("The file has more than 100 columns: keep only the list of people.")
        )
    columns = [
        (heading[index] if index < len(heading) else "") or column_letter(index)
        for index in range(width)
    ]
    return Table(columns=columns, rows=[(number, cells[:width]) for number, cells in rows])


def guess_columns(columns: list[str]) -> dict[str, int | None]:
    """Which column holds which field, from the headings; a column is used once."""
    keys = [name_key(heading) for heading in columns]
    guess: dict[str, int | None] = dict.fromkeys(TARGETS)
    taken: set[int] = set()
    # Exact headings first, then headings that start with a known one ("E-pasts (darba)").
    for exact in (True, False):
        for target in TARGETS:
            if guess[target] is not None:
                continue
            words = [name_key(word) for word in HEADINGS[target]]
            for index, key in enumerate(keys):
                if index in taken or not key:
                    continue
                if key in words or (not exact and any(key.startswith(w + " ") for w in words)):
                    guess[target] = index
                    taken.add(index)
                    break
    return guess


def target_label(target: str) -> str:
    if target == "surname":
        return str(_l("Surname, when it is in a column of its own"))
    return str(FIELD_LABELS[target])


def typed_fields(cells: list[str], mapping: dict[str, int | None]) -> dict[str, str]:
    """What a row says for each field under a mapping of fields to columns."""

    def cell(target):
        index = mapping.get(target)
        return cells[index] if index is not None and index < len(cells) else ""

    typed = {target: cell(target) for target in TARGETS if target != "surname"}
    surname = cell("surname")
    if surname:
        typed["name"] = f"{typed['name']} {surname}".strip()
    return typed


def people_in_table(event, rows: list[tuple[int, list[str]]], mapping: dict) -> list[Row]:
    """The rows of a sheet as people, with the columns chosen, checked and recognised."""
    vocabulary = Vocabulary()
    people = [
        read_row(number, typed_fields(cells, mapping), vocabulary, event.country, unit="row")
        for number, cells in rows
    ]
    # A file can be long: the project's participants are loaded once, not asked row by row.
    return recognise(people, ProjectPeople(event), unit="row")
