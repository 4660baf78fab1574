"""Which files may be uploaded: the type is read from the content, never from the name.

A name can say anything (a web page called report.pdf, a program called photo.jpg); the
first bytes cannot lie about being a PDF or a PNG, and an office document is a ZIP archive
whose members say which kind it is.
"""

import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

import filetype
from babel.units import format_unit
from flask import current_app, has_app_context
from flask_babel import format_number, get_locale
from flask_babel import gettext as _


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple[str, ...]  # the first is the one a corrected name gets
    label: str  # what people call it: a brand or a format name, the same in every language

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


ALLOWED: dict[str, FileType] = {
    t.content_type: t
    for t in (
        FileType("application/pdf", (".pdf",), "PDF"),
        FileType(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
            "Word (DOCX)",
        ),
        FileType(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
            "PowerPoint (PPTX)",
        ),
        FileType(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
            "Excel (XLSX)",
        ),
        FileType("application/vnd.oasis.opendocument.text", (".odt",), "OpenDocument (ODT)"),
        FileType("application/vnd.oasis.opendocument.spreadsheet", (".ods",), "OpenDocument (ODS)"),
        FileType(
            "application/vnd.oasis.opendocument.presentation", (".odp",), "OpenDocument (ODP)"
        ),
        FileType("image/png", (".png",), "PNG"),
        FileType("image/jpeg", (".jpg", ".jpeg"), "JPEG"),
        FileType("image/webp", (".webp",), "WebP"),
    )
}
ALLOWED_NAMES = "PDF, DOCX, PPTX, XLSX, ODT, ODS, ODP, PNG, JPEG, WebP"
# Recognised by their first bytes (the `filetype` library); everything else is a ZIP.
BY_SIGNATURE = {"application/pdf", "image/png", "image/jpeg", "image/webp"}
OOXML_FOLDERS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt before 2007
ZIP_SIGNATURE = b"PK\x03\x04"
# Defaults of MAX_UNZIPPED_MB and MAX_ZIP_ENTRIES: a 300-page report full of photos unpacks
# to well under 200 MB and a few hundred parts.
DEFAULT_MAX_UNZIPPED_MB = 200
DEFAULT_MAX_ZIP_ENTRIES = 2000


class RefusedFile(ValueError):
    """A file that may not be uploaded; the message says why, for the person uploading."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _not_allowed() -> RefusedFile:
    return RefusedFile(
        _(
            "This kind of file cannot be uploaded. Allowed: %(types)s.",
            types=ALLOWED_NAMES,
        )
    )


def _zip_limits() -> tuple[int, int]:
    """(bytes, entries) an archive may unpack to: MAX_UNZIPPED_MB and MAX_ZIP_ENTRIES."""
    config = current_app.config if has_app_context() else {}
    megabytes = int(config.get("MAX_UNZIPPED_MB", DEFAULT_MAX_UNZIPPED_MB))
    return megabytes * 1024 * 1024, int(config.get("MAX_ZIP_ENTRIES", DEFAULT_MAX_ZIP_ENTRIES))


def _too_many_parts(most_entries: int) -> RefusedFile:
    return RefusedFile(
        _(
            "This document is made of more than %(count)s parts, more than any real "
            "document: it cannot be uploaded. Save it again from the office program, "
            "or as PDF, and upload that.",
            count=format_number(most_entries),
        )
    )


def check_directory_size(data: bytes) -> None:
    """Refuse a ZIP whose central directory is too large to read at all.

    Python's ZipFile reads the whole central directory when it opens an archive, one object
    per entry: a 50 MB upload can list a million entries. The end-of-directory record (the
    last 22 bytes, before an optional comment) says how many entries there are and how
    many bytes of directory ZipFile will read; bounding both bounds that work, and
    check_archive then counts the entries actually listed.
    """
    _most_bytes, most_entries = _zip_limits()
    tail = data[-(22 + 65535) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return  # not a ZIP that ZipFile can open either
    entries, directory_size = struct.unpack_from("<HI", tail, at + 10)
    # 0xFFFF entries: a ZIP64 archive, never needed by a document of a sane size.
    # An entry of a real document takes well under 1 KB of directory.
    if entries > most_entries or directory_size > most_entries * 1024:
        raise _too_many_parts(most_entries)


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse an archive that would unpack to too much (a "zip bomb"), from its central
    directory alone: nothing is unpacked to find out.

    The sizes are those the archive declares. Python's zipfile never unpacks a member
    past its declared size, so an archive that lies about them cannot make our own reading
    (of [Content_Types].xml, of a spreadsheet) any larger.
    """
    most_bytes, most_entries = _zip_limits()
    members = archive.infolist()
    if len(members) > most_entries:
        raise _too_many_parts(most_entries)
    if sum(member.file_size for member in members) > most_bytes:
        raise RefusedFile(
            _(
                "Unpacked, this document would take more than %(size)s MB, more than any "
                "real document: it cannot be uploaded. Save it again from the office "
                "program, or as PDF, and upload that.",
                size=format_number(most_bytes // (1024 * 1024)),
            )
        )


def _office_type(data: bytes) -> str | None:
    """The content type of an OOXML or OpenDocument file, or None for any other ZIP."""
    check_directory_size(data)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    with archive:
        check_archive(archive)
        names = archive.namelist()
        if "mimetype" in names:
            # OpenDocument: the `mimetype` member holds the type, in plain ASCII.
            with archive.open("mimetype") as member:
                declared = member.read(100).decode("ascii", "replace").strip()
            return declared if declared in ALLOWED and "opendocument" in declared else None
        if "[Content_Types].xml" not in names:
            return None
        for folder, content_type in OOXML_FOLDERS.items():
            if any(name.startswith(folder) for name in names):
                with archive.open("[Content_Types].xml") as member:
                    declared = member.read(1_000_000)
                if b"macroEnabled" in declared:
                    # A .docm/.xlsm/.pptm: its macros would run on the reader's computer.
                    raise RefusedFile(
                        _(
                            "Documents with macros cannot be uploaded. Save it without "
                            "macros (as DOCX, XLSX or PPTX) and upload it again."
                        )
                    )
                return content_type
    return None


def detect(data: bytes) -> FileType:
    """The type of `data` when it may be uploaded; RefusedFile with the reason otherwise."""
    if not data:
        raise RefusedFile(_("The file is empty."))
    if data.startswith(ZIP_SIGNATURE):
        content_type = _office_type(data)
    else:
        content_type = filetype.guess_mime(data[:8192])
        if content_type not in BY_SIGNATURE:
            content_type = None
    if content_type is None:
        if data.startswith(OLE2_SIGNATURE):
            raise RefusedFile(
                _(
                    "Older Office files (.doc, .xls, .ppt) cannot be uploaded. Save it as "
                    "DOCX, XLSX or PPTX and upload it again."
                )
            )
        raise _not_allowed()
    return ALLOWED[content_type]


# Letters of every language (ā, č, ė, ų, …), digits, and a few harmless signs.
_UNSAFE = re.compile(r"[^\w .\-]+")
_SPACES = re.compile(r"\s+")
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(10)}
MAX_NAME = 120


def clean_filename(name: str | None, limit: int = MAX_NAME) -> str:
    """A name safe to store and to offer for download, keeping the letters people wrote.

    Werkzeug's secure_filename turns "Pārskats_Klaipėda.pdf" into "Parskats_Klaipda.pdf";
    here only path parts, control characters and signs outside letters, digits, space,
    dot, dash and underscore go.
    """
    # macOS sends "ā" as "a" + a combining macron: join them before looking at letters.
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.split(r"[/\\]", name)[-1]  # "../../etc/passwd", "C:\x\y.pdf"
    name = _UNSAFE.sub("_", name)
    name = _SPACES.sub(" ", name).strip(" ._-")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    extension = f".{extension}" if dot else ""
    if len(extension) > 16:  # not an extension, just a dot in a long name
        stem, extension = stem + extension, ""
    stem = stem[: max(limit - len(extension), 1)].rstrip(" ._-")
    return (stem + extension) if stem else "file" + extension


def corrected_name(name: str, kind: FileType) -> str:
    """`name` with the extension its content calls for: a PNG called photo.pdf is photo.png."""
    path = PurePosixPath(name)
    if path.suffix.lower() in kind.extensions:
        return name
    # An unknown suffix ("Protocol 12.03") stays part of the name; an allowed one is replaced.
    known = {ext for each in ALLOWED.values() for ext in each.extensions}
    stem = path.stem if path.suffix.lower() in known else name
    return clean_filename(stem + kind.extensions[0])


def label_of(content_type: str | None) -> str:
    kind = ALLOWED.get(content_type or "")
    return kind.label if kind else (content_type or "")


def human_size(size: int | None) -> str:
    """1,5 MB / 320 kB / 12 B in the reader's locale (decimal units, as file managers show)."""
    if size is None:
        return ""
    locale = str(get_locale() or "en")
    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", "short", locale=locale)
    if size >= 1_000:
        return format_unit(round(size / 1_000), "digital-kilobyte", "short", locale=locale)
    return format_unit(size, "digital-byte", "short", locale=locale)
