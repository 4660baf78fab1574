"""The evidence pack of a reporting period: one ZIP to attach to the partner report.

    README.txt                    what the pack is: project, period, who made it, when
    index.html, index.csv         every file: folder, what it is, event, date, size, SHA-256
    01_2020-09-24_development-planning-in-kurzeme/
        agenda.pdf                the event and its agenda
        attendance.csv            the list of participants   } only for those who may see
        sign-in-sheet.pdf         the printable list         } the event's attendance
        signed-lists/01_day-1.pdf the lists signed on paper  }
        photos/01_tables-at-work.jpg        only photos whose people consented to publication
        presentations/01_cycling-routes.pptx
        outputs/01_note_notes-of-table-1.md, 02_report_conclusions.pdf

Names are ASCII (Baltic letters transliterated), numbered and dated, from the data alone: the
same period downloaded again gives the same names in the same order, and every file but the
README (which says when it was made) the same bytes.

Only events held (status "held") count, dated by their first day, as in the period report.
Lists of people follow `attendance.view` per event: whoever may not see an event's list
gets its figures, and the index says the list was withheld. Photos go in only with the
consent of the people in them, whoever downloads.

The ZIP is sent while it is made (pack_stream), event by event, from a spooled file.
"""

import csv
import hashlib
import io
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from tempfile import SpooledTemporaryFile

from flask import current_app, render_template
from flask_babel import force_locale, ngettext, to_user_timezone
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from collab.attendance import exports
from collab.attendance.figures import Figures, attendance_figures
from collab.attendance.models import Attendance
from collab.auth.models import User
from collab.checkin.sheet import css_string, page_numbers_css, sign_in_sheet_pdf
from collab.database import utcnow
from collab.events.models import Event
from collab.extensions import db
from collab.i18n import Translations
from collab.outputs.filetypes import ALLOWED
from collab.outputs.listing import in_order, outputs_query
from collab.outputs.models import Output
from collab.outputs.package import STORED_AS_IS, note_markdown
from collab.outputs.storage import path_of
from collab.pdf import html_to_pdf
from collab.policy import can
from collab.reporting.models import ReportingPeriod
from collab.templating import country_name

# Kept in memory up to this size, then in a temporary file: a period's photos can be large.
IN_MEMORY = 16 * 1024 * 1024
# Pieces of the ZIP handed to the server, and of uploaded files copied into it.
CHUNK = 256 * 1024
# Where the outputs of each kind go inside an event's folder, in this order.
SUBFOLDERS = {
    "signed_list": "signed-lists",
    "photo": "photos",
    "presentation": "presentations",
    "note": "outputs",
    "report": "outputs",
    "file": "outputs",
}
# Letters NFKD does not take apart into a base letter and an accent.
TRANSLITERATION = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)


def transliterated(text: str) -> str:
    """ "Kuldīga, Klaipėda" → "Kuldiga, Klaipeda": the letters without their accents."""
    letters = unicodedata.normalize("NFKD", text.translate(TRANSLITERATION))
    plain = "".join(c for c in letters if not unicodedata.combining(c))
    return plain.encode("ascii", "ignore").decode()


def ascii_slug(text: str | None, limit: int = 50) -> str:
    """ "Kuldīgas novads" → "kuldigas-novads": lower case ASCII, words joined by dashes."""
    words = re.sub(r"[^a-z0-9]+", "-", transliterated((text or "").casefold())).strip("-")
    if len(words) <= limit:
        return words
    # Cut between words where there is one not too far back: "telsiu", not "telsiu-t".
    cut = words[: limit + 1].rfind("-")
    return words[: cut if cut > limit // 2 else limit].rstrip("-")


def original_text(value: Translations | None) -> str:
    """The text as it was written: names must not depend on who downloads."""
    if not value:
        return ""
    return value.get(value.original) or ""


def event_folder(number: int, event: Event) -> str:
    """01_2021-09-15_innovation-camp-in-ventspils"""
    slug = ascii_slug(original_text(event.title)) or "event"
    return f"{number:02d}_{event.start_date.isoformat()}_{slug}"


def pack_name(period: ReportingPeriod) -> str:
    """LLI-431-evidence-2020-06-01_2020-11-30.zip"""
    code = re.sub(r"[^A-Za-z0-9-]+", "-", transliterated(period.project.code)).strip("-")
    days = f"{period.start_date.isoformat()}_{period.end_date.isoformat()}"
    return f"{code or 'project'}-evidence-{days}.zip"


# --- What goes into the pack --------------------------------------------------------------


@dataclass
class Entry:
    """One file of the pack."""

    folder: str  # "" at the root
    name: str  # inside the folder, with a subfolder where there is one
    what: str
    size: int = 0
    sha256: str = ""

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}" if self.folder else self.name


@dataclass
class EventEvidence:
    number: int
    event: Event
    folder: str
    figures: Figures
    lists_shown: bool
    entries: list[Entry] = field(default_factory=list)
    # What the index says in place of a file: a withheld list, photos left out.
    remarks: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.event.title)


@dataclass
class Pack:
    period: ReportingPeriod
    made_by: object
    made_at: datetime
    events: list[EventEvidence]
    # Events of the period that are not in the pack: planned (not marked held) or cancelled.
    not_held: list[Event]
    root_entries: list[Entry] = field(default_factory=list)

    @property
    def project(self):
        return self.period.project


def events_of(period: ReportingPeriod) -> list[Event]:
    """Every event of the period's project starting within it, in date order."""
    return list(
        db.session.scalars(
            select(Event)
            .where(
                Event.project_id == period.project_id,
                Event.start_date >= period.start_date,
                Event.start_date <= period.end_date,
            )
            .options(selectinload(Event.co_organisers), selectinload(Event.agenda))
            .order_by(Event.start_date, Event.end_date, Event.id)
        )
    )


def _outputs_by_event(event_ids: list[int]) -> dict[int, list[Output]]:
    if not event_ids:
        return {}
    found = in_order(db.session.scalars(outputs_query().where(Output.event_id.in_(event_ids))))
    by_event: dict[int, list[Output]] = {}
    for output in found:
        by_event.setdefault(output.event_id, []).append(output)
    return by_event


def _attendances_by_event(event_ids: list[int]) -> dict[int, list[Attendance]]:
    if not event_ids:
        return {}
    found = db.session.scalars(select(Attendance).where(Attendance.event_id.in_(event_ids))).all()
    # As the attendance page and its export sort them: by name, accents ignored.
    ordered = sorted(found, key=lambda a: (a.event_id, a.participant.name_key, a.id))
    return {key: list(group) for key, group in groupby(ordered, key=lambda a: a.event_id)}


# --- Writing the ZIP ----------------------------------------------------------------------


def _zip_time(moment: date | datetime) -> tuple:
    """A fixed time for an entry, from the data: the same data gives the same bytes."""
    if isinstance(moment, datetime):
        moment = to_user_timezone(moment)
        clock = (moment.hour, moment.minute, moment.second // 2 * 2)
    else:
        clock = (12, 0, 0)
    return (max(moment.year, 1980), moment.month, moment.day, *clock)


def _info(path: str, moment, compress: bool = True) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, _zip_time(moment))
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16  # readable by everyone once unpacked
    return info


def _write_bytes(archive: zipfile.ZipFile, entry: Entry, data: bytes, moment) -> Entry:
    archive.writestr(_info(entry.path, moment), data)
    entry.size = len(data)
    entry.sha256 = hashlib.sha256(data).hexdigest()
    return entry


def _extension(output: Output) -> str:
    stored = output.file
    kind = ALLOWED.get(stored.content_type) if stored is not None else None
    if kind is not None:
        return kind.extensions[0]
    suffix = (output.filename or "").rpartition(".")[2]
    return "." + (ascii_slug(suffix, 10) or "bin")


def pdf_of(html: str) -> bytes:
    """An HTML page of ours as PDF, with static/css/evidence.css and the Noto Sans fonts."""
    return html_to_pdf(html, "evidence.css")


def agenda_pdf(event: Event) -> bytes:
    """The event and its programme, day by day, with speakers and their organisations."""
    items = sorted(event.agenda, key=lambda item: (item.day, item.position, item.id))
    days = [(day, list(group)) for day, group in groupby(items, key=lambda item: item.day)]
    project = event.project
    title = str(event.title)
    place = ", ".join(part for part in (event.place, country_name(event.country)) if part)
    html = render_template(
        "reporting/evidence_agenda.html",
        event=event,
        project=project,
        title=title,
        place=place,
        days=days,
        page_numbers=Markup(page_numbers_css()),
        running_project=Markup(css_string(f"{project.acronym} · {project.code}")),
        running_event=Markup(css_string(title[:90])),
    )
    return pdf_of(html)


def figures_text(figures: Figures) -> str:
    """ "Participants: 24 (20 named, 4 not named); LV 14, LT 6" """
    text = _(
        "Participants: %(total)d (%(named)d named, %(unnamed)d not named)",
        total=figures.total,
        named=figures.participations,
        unnamed=figures.unnamed,
    )
    if figures.by_country:
        countries = sorted(figures.by_country.items(), key=lambda item: (-item[1], item[0]))
        text += "; " + ", ".join(f"{country_name(code)} {count}" for code, count in countries)
    return text


def withheld_remark(event: Event, user) -> str:
    if event.organised_by(user.organisation_id):
        return _(
            "The list of participants is withheld: your role gives access to the figures only."
        )
    return _(
        "The list of participants is withheld: it is personal data of another organisation "
        "(%(organiser)s). Figures only.",
        organiser=event.organiser.name,
    )


def _pack_event(archive, item: EventEvidence, user, attendances, outputs) -> None:
    event = item.event
    day = event.start_date
    item.entries.append(
        _write_bytes(
            archive, Entry(item.folder, "agenda.pdf", _("Agenda (PDF)")), agenda_pdf(event), day
        )
    )
    if item.lists_shown and attendances:
        csv_body = exports.csv_file(event, attendances, with_email=False).get_data()
        item.entries.append(
            _write_bytes(
                archive,
                Entry(item.folder, "attendance.csv", _("List of participants (CSV)")),
                csv_body,
                day,
            )
        )
        item.entries.append(
            _write_bytes(
                archive,
                Entry(item.folder, "sign-in-sheet.pdf", _("Sign-in sheet (PDF)")),
                sign_in_sheet_pdf(event),
                day,
            )
        )
    elif not item.lists_shown:
        item.remarks.append(withheld_remark(event, user))
    elif not item.figures.unnamed:
        item.remarks.append(_("No participants recorded."))
    numbers: dict[str, int] = {}
    withheld_lists = left_out_photos = 0
    folders = list(dict.fromkeys(SUBFOLDERS.values()))
    # Folder by folder (the list's order within each), so the ZIP reads as the index does.
    for output in sorted(outputs, key=lambda o: folders.index(_subfolder(o))):
        if output.kind == "signed_list" and not item.lists_shown:
            withheld_lists += 1
            continue
        if output.kind == "photo" and not output.publication_consent:
            left_out_photos += 1
            continue
        _pack_output(archive, item, output, numbers)
    if withheld_lists:
        item.remarks.append(
            ngettext(
                "%(num)d signed attendance list withheld: personal data of another organisation.",
                "%(num)d signed attendance lists withheld: personal data of another organisation.",
                withheld_lists,
            )
        )
    if left_out_photos:
        item.remarks.append(
            ngettext(
                "%(num)d photo left out: the people in it have not consented to its publication.",
                "%(num)d photos left out: the people in them have not consented to their "
                "publication.",
                left_out_photos,
            )
        )


def _subfolder(output: Output) -> str:
    return SUBFOLDERS.get(output.kind, "outputs")


def _pack_output(archive, item: EventEvidence, output: Output, numbers: dict[str, int]) -> None:
    subfolder = _subfolder(output)
    numbers[subfolder] = number = numbers.get(subfolder, 0) + 1
    slug = ascii_slug(original_text(output.title)) or output.kind.replace("_", "-")
    stem = f"{number:02d}_{slug}"
    if subfolder == "outputs":
        stem = f"{number:02d}_{output.kind}_{slug}"
    what = f"{output.kind_label}: {output.title}"
    if output.kind == "presentation" and output.agenda_item is not None:
        speaker = output.agenda_item.speaker
        if speaker:
            what += f" ({speaker})"
    if output.kind == "note" and output.text:
        entry = Entry(item.folder, f"{subfolder}/{stem}.md", what)
        item.entries.append(
            _write_bytes(archive, entry, note_markdown(output).encode("utf-8"), output.created_at)
        )
    stored = output.file
    if stored is None:
        return
    source = path_of(stored)
    if not source.exists():
        current_app.logger.error("File of output %s is missing: %s", output.id, source)
        item.remarks.append(_("A file is missing on the server: %(title)s", title=output.title))
        return
    entry = Entry(item.folder, f"{subfolder}/{stem}{_extension(output)}", what)
    info = _info(entry.path, output.created_at, not stored.content_type.startswith(STORED_AS_IS))
    info.file_size = stored.size
    # Copied in pieces: a large photo never sits in memory whole.
    with source.open("rb") as data, archive.open(info, "w") as target:
        shutil.copyfileobj(data, target, CHUNK)
    entry.size, entry.sha256 = stored.size, stored.sha256
    item.entries.append(entry)


def index_csv(pack: Pack) -> bytes:
    """One line per file (and per list withheld), for a spreadsheet: semicolons and a BOM,
    as the attendance export, so Excel in Latvia and Lithuania opens it right."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Folder"),
            _("File"),
            _("What it is"),
            _("Event"),
            _("Date"),
            _("Size (bytes)"),
            "SHA-256",
        ]
    )
    for entry in pack.root_entries:
        writer.writerow(["", entry.name, entry.what, "", "", "", ""])
    for item in pack.events:
        day = item.event.start_date.isoformat()
        title = exports.neutralised(item.title)
        for entry in item.entries:
            what = exports.neutralised(entry.what)
            writer.writerow([item.folder, entry.name, what, title, day, entry.size, entry.sha256])
        for remark in [figures_text(item.figures), *item.remarks]:
            writer.writerow([item.folder, "", exports.neutralised(remark), title, day, "", ""])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


class _Growing:
    """The ZIP as it is written, handed on piece by piece: a finished entry never changes
    (zipfile goes back only into the entry it is writing, to complete its header), so the
    browser gets each event's files while the next ones are made, and the ZIP keeps sizes
    in its headers as any tool expects. Beyond IN_MEMORY it waits on disk, not in memory."""

    def __init__(self):
        self.file = SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - closed by the stream
        self.sent = 0

    def fresh(self):
        end = self.file.tell()
        self.file.seek(self.sent)
        while self.file.tell() < end:
            yield self.file.read(min(CHUNK, end - self.file.tell()))
        self.sent = end


def pack_stream(period_id: int, user_id: int, language: str) -> Iterator[bytes]:
    """The ZIP of a period as the user may see it, in pieces as it is made, in `language`.

    Made after the view has answered, when its transaction has ended: what it needs is
    read again here, by id, in a session of its own.
    """
    try:
        period = db.session.get(ReportingPeriod, period_id)
        user = db.session.get(User, user_id)
        with force_locale(language):
            yield from _pack(period, user)
    finally:
        db.session.rollback()


def _pack(period: ReportingPeriod, user) -> Iterator[bytes]:
    events = events_of(period)
    held = [event for event in events if event.status == "held"]
    ids = [event.id for event in held]
    outputs = _outputs_by_event(ids)
    shown = {event.id for event in held if can(user, "attendance.view", event)}
    attendances = _attendances_by_event(sorted(shown))
    pack = Pack(
        period=period,
        made_by=user,
        made_at=utcnow(),
        events=[
            EventEvidence(
                number,
                event,
                event_folder(number, event),
                attendance_figures([event.id]),
                event.id in shown,
            )
            for number, event in enumerate(held, 1)
        ],
        not_held=[event for event in events if event.status != "held"],
    )
    end = period.end_date
    growing = _Growing()
    with growing.file, zipfile.ZipFile(growing.file, "w", zipfile.ZIP_DEFLATED) as archive:
        readme = Entry("", "README.txt", _("What this pack is"))
        text = render_template("reporting/evidence_readme.txt", pack=pack)
        _write_bytes(archive, readme, ("\ufeff" + text).encode("utf-8"), end)
        yield from growing.fresh()
        for item in pack.events:
            event_id = item.event.id
            _pack_event(
                archive, item, user, attendances.get(event_id, []), outputs.get(event_id, [])
            )
            yield from growing.fresh()
        index_html = Entry("", "index.html", _("Index of the pack, for a browser"))
        index_table = Entry("", "index.csv", _("Index of the pack, for a spreadsheet"))
        pack.root_entries = [readme, index_html, index_table]
        page = render_template(
            "reporting/evidence_index.html", pack=pack, figures_text=figures_text
        )
        _write_bytes(archive, index_html, page.encode("utf-8"), end)
        _write_bytes(archive, index_table, index_csv(pack), end)
        archive.close()  # writes the central directory
        yield from growing.fresh()
