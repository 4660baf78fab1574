"""The material package: one ZIP of an event's or a project's outputs, to hand on or archive.

Its layout reads without the app:

    LLI-431 outputs/
        index.html, index.txt          every event, its outputs, who added them, sizes, SHA-256
        2021-09-15 innovation-camp-in-ventspils/
            01 note - Notes of table 1.md
            02 presentation - Cycling routes.pptx

Photos whose people have not consented to publication go only to those who may edit the
event's outputs; everyone else gets the package without them, and the index says so.
"""

import hashlib
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from tempfile import SpooledTemporaryFile

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_babel import to_user_timezone

from collab.database import utcnow
from collab.events.models import Event
from collab.i18n import LANGUAGE_NAMES
from collab.outputs.filetypes import clean_filename
from collab.outputs.models import Output
from collab.outputs.storage import path_of
from collab.projects.models import Project

# Kept in memory up to this size, then in a temporary file: a project's photos can be large.
IN_MEMORY = 16 * 1024 * 1024
# Already compressed inside: deflating them again costs time and saves nothing.
STORED_AS_IS = ("image/", "application/vnd.openxmlformats", "application/vnd.oasis")


@dataclass
class PackedOutput:
    number: int
    output: Output
    entries: list[tuple[str, int, str]] = field(default_factory=list)  # (name, size, sha256)
    left_out: bool = False
    missing: bool = False


@dataclass
class PackedEvent:
    event: Event
    folder: str
    outputs: list[PackedOutput]


def slug(text: str, limit: int = 60) -> str:
    """innovation-camp-in-ventspils; letters such as ā and ė stay."""
    words = re.sub(r"[^\w]+", "-", text.casefold().replace("_", "-")).strip("-")
    return words[:limit].rstrip("-") or "event"


def root_folder(project: Project) -> str:
    return clean_filename(_("%(code)s outputs", code=project.code))


def event_folder(event: Event) -> str:
    return clean_filename(f"{event.start_date.isoformat()} {slug(str(event.title))}")


def package_name(project: Project, event: Event | None = None) -> str:
    if event is None:
        return f"{root_folder(project)}.zip"
    return clean_filename(f"{root_folder(project)} {event_folder(event)}") + ".zip"


def note_markdown(output: Output) -> str:
    """A note as a Markdown file: its title, and its text in each language it was written in."""
    title = str(output.title)
    texts = {lang: text for lang, text in (output.text or {}).items() if text}
    if len(texts) <= 1:
        body = next(iter(texts.values()), "")
        return f"# {title}\n\n{body.strip()}\n"
    parts = [f"# {title}\n"]
    for lang, text in texts.items():
        parts.append(f"## {LANGUAGE_NAMES.get(lang, lang)}\n\n{text.strip()}\n")
    return "\n".join(parts)


def _date_time(moment: datetime | None) -> tuple:
    # ZIP times have no zone: the time people saw on the clock where they work.
    moment = to_user_timezone(moment) if moment else datetime(1980, 1, 1)
    return (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, 0)


def _write_text(archive: zipfile.ZipFile, name: str, text: str, moment=None) -> tuple[int, str]:
    data = text.encode("utf-8")
    info = zipfile.ZipInfo(name, _date_time(moment))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)
    return len(data), hashlib.sha256(data).hexdigest()


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        stem, dot, extension = name.rpartition(".")
        candidate = f"{stem} ({number}).{extension}" if dot else f"{name} ({number})"
        number += 1
    taken.add(candidate)
    return candidate


def write_package(
    project: Project, outputs: list[Output], may_see_private: Callable[[Output], bool]
) -> SpooledTemporaryFile:
    """The ZIP of `outputs` (each with its event loaded), ready to be read from the start."""
    root = root_folder(project)
    # Handed to the response, which closes it once sent.
    spool = SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115
    events: list[PackedEvent] = []
    by_event = sorted(outputs, key=lambda o: (o.event.start_date, o.event_id))
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for _event_id, group in groupby(by_event, key=lambda o: o.event_id):
            group = list(group)
            event = group[0].event
            folder = event_folder(event)
            taken: set[str] = set()
            packed = [PackedOutput(number, output) for number, output in enumerate(group, 1)]
            for item in packed:
                _pack(archive, f"{root}/{folder}", item, taken, may_see_private)
            events.append(PackedEvent(event, folder, packed))
        context = {
            "project": project,
            "root": root,
            "events": events,
            "left_out": sum(item.left_out for event in events for item in event.outputs),
            "now": utcnow(),
        }
        for name in ("index.html", "index.txt"):
            page = render_template(f"outputs/package_{name}", **context)
            _write_text(archive, f"{root}/{name}", page)
    spool.seek(0)
    return spool


def _pack(archive, folder: str, item: PackedOutput, taken: set[str], may_see_private) -> None:
    output = item.output
    kind = output.kind_label.casefold()
    if output.kind == "photo" and not output.publication_consent and not may_see_private(output):
        item.left_out = True
        return
    if output.kind == "note":
        # A title is not a path: "Day 1/2" keeps both parts in the file's name.
        title = re.sub(r"[/\\]", "_", str(output.title))
        name = _unique(clean_filename(f"{item.number:02d} {kind} - {title}.md", 150), taken)
        size, digest = _write_text(
            archive, f"{folder}/{name}", note_markdown(output), output.created_at
        )
        item.entries.append((name, size, digest))
    stored = output.file
    if stored is None:
        return
    source = path_of(stored)
    if not source.exists():
        current_app.logger.error("File of output %s is missing: %s", output.id, source)
        item.missing = True
        return
    original = output.filename or "file"
    name = _unique(clean_filename(f"{item.number:02d} {kind} - {original}", 150), taken)
    as_is = stored.content_type.startswith(STORED_AS_IS)
    archive.write(
        source,
        f"{folder}/{name}",
        compress_type=zipfile.ZIP_STORED if as_is else zipfile.ZIP_DEFLATED,
    )
    item.entries.append((name, stored.size, stored.sha256))
