"""Backup and restore: one archive holds a consistent snapshot of the database, every
uploaded file and a manifest of row counts and checksums, which the restore verifies.

The archive is a .tar.gz:

    database.sqlite3 or database.pgdump   the snapshot (SQLite's online backup, or pg_dump)
    uploads/files/ab/cd/abcd…             the uploaded files, stored by their SHA-256
    uploads/thumbnails/abcd….jpg          their previews
    manifest.json                         what the restore checks, written last

UPLOAD_DIR/imports/ is left out: it holds sign-in lists in the middle of an import, personal
data kept for a day at most, and an import cannot be resumed on another instance anyway.
"""

import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import inspect
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from collab.extensions import db

FORMAT = "collab-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SNAPSHOT_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
UPLOADS = "uploads"
UPLOAD_FOLDERS = ("files", "thumbnails")
# Holds the schema's revision, not data: a freshly migrated database is still empty.
SCHEMA_TABLE = "alembic_version"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something the person running the command must read: what went wrong and what to do."""


@dataclass
class Report:
    """What a backup or a restore did, for the summary printed at the terminal."""

    manifest: dict
    lines: list[str] = field(default_factory=list)


# --- Taking a backup ---------------------------------------------------------------------


def create_backup(target: Path) -> Report:
    """Write the archive to `target`, atomically: until it is complete, `target` is untouched."""
    target = Path(target).absolute()
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    upload_dir = Path(current_app.config["UPLOAD_DIR"])
    if target.resolve().is_relative_to(upload_dir.resolve()):
        raise BackupError(f"Write the backup outside the upload folder {upload_dir}.")
    url = db.engine.url
    kind = _kind(url)
    snapshot_name = SNAPSHOT_NAMES[kind]
    # Everything is written beside the archive: the space is where the archive will be,
    # and the final rename stays on one filesystem.
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".collab-backup-") as work:
        snapshot = Path(work) / snapshot_name
        if kind == "sqlite":
            facts = _snapshot_sqlite(_sqlite_path(url), snapshot)
        else:
            facts = _snapshot_postgresql(url, snapshot)
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            # mkstemp makes the file readable by its owner only: the archive holds personal data.
            with os.fdopen(handle, "wb") as raw:
                with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
                    files = [_add(archive, snapshot, snapshot_name)]
                    files += _add_uploads(archive, upload_dir)
                    manifest = _manifest(kind, facts, files)
                    _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    _sync_folder(target.parent)

    uploads = [entry for entry in files if entry["path"].startswith(f"{UPLOADS}/")]
    counts = manifest["database"]["row_counts"]
    report = Report(manifest)
    report.lines = [
        f"Backup written to {target} ({_size(target.stat().st_size)}).",
        f"Database: {kind}, revision {manifest['database']['alembic_revision']}, "
        f"{sum(counts.values())} rows in {len(counts)} tables.",
        f"Uploads: {len(uploads)} files, {_size(sum(entry['size'] for entry in uploads))}.",
    ]
    if manifest.get("missing_uploads"):
        report.lines.append(
            f"Warning: {len(manifest['missing_uploads'])} stored files the database refers to "
            f"are not in {current_app.config['UPLOAD_DIR']}; they are listed in the manifest "
            "under missing_uploads."
        )
    return report


@dataclass
class _Facts:
    """What the snapshot holds, read from the snapshot itself, never from the live database."""

    row_counts: dict[str, int]
    revision: str | None
    stored_files: set[str]


def _snapshot_sqlite(source_path: Path, snapshot: Path) -> _Facts:
    if not source_path.exists():
        raise BackupError(f"The database file {source_path} does not exist.")
    source = sqlite3.connect(source_path, timeout=30)
    try:
        copy = sqlite3.connect(snapshot)
        try:
            # All pages in one step, inside one read transaction: a consistent snapshot while
            # the app goes on writing (WAL lets writers work beside a reader).
            source.backup(copy, pages=-1)
            # One self-contained file, with no -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            problems = _sqlite_integrity(copy)
            if problems:
                raise BackupError("The database snapshot is damaged: " + "; ".join(problems))
            return _facts(_sqlite_tables(copy), _sqlite_scalar(copy), _sqlite_rows(copy))
        finally:
            copy.close()
    finally:
        source.close()


def _snapshot_postgresql(url: URL, snapshot: Path) -> _Facts:
    pg_dump = _tool("pg_dump")
    libpq_url, environment = _libpq(url)
    options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with db.engine.connect().execution_options(**options) as connection:
        # pg_dump runs in this transaction's snapshot, so the counts below describe
        # exactly the rows it dumps, while the app goes on writing.
        snapshot_id = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
        facts = _facts(
            inspect(connection).get_table_names(),
            lambda sql: connection.exec_driver_sql(sql).scalar(),
            lambda sql: [row[0] for row in connection.exec_driver_sql(sql)],
        )
        _run(
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot_id}",
                f"--file={snapshot}",
                f"--dbname={libpq_url}",
            ],
            environment,
        )
        connection.rollback()
    return facts


def _add_uploads(archive: tarfile.TarFile, upload_dir: Path) -> list[dict]:
    added = []
    for folder in UPLOAD_FOLDERS:
        root = upload_dir / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(upload_dir)
            # Names starting with a dot are files being written (written aside, then renamed)
            # and a restore's unpacking folder.
            if any(part.startswith(".") for part in relative.parts) or not path.is_file():
                continue
            relative = relative.as_posix()
            try:
                added.append(_add(archive, path, f"{UPLOADS}/{relative}"))
            except FileNotFoundError:
                continue  # removed since the listing: no longer part of the instance
    return added


class _Hashing:
    """A file being read into the archive, hashed on the way: each byte is read once."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add(archive: tarfile.TarFile, path: Path, name: str) -> dict:
    with path.open("rb") as raw:
        info = _tar_info(name, os.fstat(raw.fileno()).st_size)
        hashing = _Hashing(raw)
        archive.addfile(info, hashing)
    return {"path": name, "size": hashing.size, "sha256": hashing.sha256.hexdigest()}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    archive.addfile(_tar_info(name, len(data)), io.BytesIO(data))


def _tar_info(name: str, size: int) -> tarfile.TarInfo:
    # No owner or group names from this machine; readable by whoever restores it.
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o644
    info.mtime = int(time.time())
    return info


def _manifest(kind: str, facts: _Facts, files: list[dict]) -> dict:
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {
            "kind": kind,
            "file": SNAPSHOT_NAMES[kind],
            "alembic_revision": facts.revision,
            "row_counts": facts.row_counts,
        },
        "files": files,
    }
    # An upload deleted between the snapshot and the copy of the files: say so, rather than
    # let the restore find out.
    included = {PurePosixPath(entry["path"]).name for entry in files}
    missing = sorted(facts.stored_files - included)
    if missing:
        manifest["missing_uploads"] = missing
    return manifest


# --- Restoring ---------------------------------------------------------------------------


def restore_backup(archive_path: Path) -> Report:
    """Restore the archive into this instance, which must be empty, and verify it."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"There is no file {archive_path}.")
    url = db.engine.url
    kind = _kind(url)
    upload_dir = Path(current_app.config["UPLOAD_DIR"])
    _require_empty_database()
    present = _files_under(upload_dir)
    if present:
        raise BackupError(
            f"The upload folder {upload_dir} is not empty ({len(present)} files, e.g. "
            f"{present[0].relative_to(upload_dir)}). Restore into an empty folder."
        )
    upload_dir.mkdir(parents=True, exist_ok=True)
    # Unpacked inside the upload folder, so the files are moved into place, not copied.
    work = Path(tempfile.mkdtemp(dir=upload_dir, prefix=".restore-"))
    try:
        manifest = _unpack(archive_path, work)
        database = manifest["database"]
        if database["kind"] != kind:
            raise BackupError(
                f"This is a backup of a {database['kind']} database and this instance uses "
                f"{kind}. Nothing was restored."
            )
        _require_known_revision(database["alembic_revision"])
        recorded = {entry["path"]: entry for entry in manifest["files"]}
        snapshot = work / database["file"]
        if kind == "sqlite":
            _restore_sqlite(snapshot, _sqlite_path(url), recorded[database["file"]])
        else:
            _restore_postgresql(url, snapshot)
        for entry in recorded.values():
            if entry["path"].startswith(f"{UPLOADS}/"):
                placed = upload_dir / entry["path"].removeprefix(f"{UPLOADS}/")
                placed.parent.mkdir(parents=True, exist_ok=True)
                os.replace(work / entry["path"], placed)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _verify(manifest, kind, url, upload_dir, archive_path)


def _require_empty_database() -> None:
    try:
        with db.engine.connect() as connection:
            busy = _tables_with_rows(connection)
    except OperationalError as error:
        raise BackupError(
            f"Cannot open the target database ({error.orig}). Create it first, empty."
        ) from error
    if busy:
        # The tables people recognise first; the whole list can be two dozen long.
        first = sorted(busy, key=lambda table: (table not in ("project", "user_account"), table))
        listed = ", ".join(f"{table} ({busy[table]} rows)" for table in first[:3])
        more = f" and {len(busy) - 3} more tables" if len(busy) > 3 else ""
        raise BackupError(
            f"The target database is not empty: {listed}{more}. Restore into a new, empty "
            "database; nothing was changed."
        )


def _tables_with_rows(connection) -> dict[str, int]:
    counts = {}
    for table in sorted(inspect(connection).get_table_names()):
        if table == SCHEMA_TABLE:
            continue
        rows = connection.exec_driver_sql(f"SELECT count(*) FROM {_quote(table)}").scalar()
        if rows:
            counts[table] = rows
    return counts


def _files_under(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*") if not path.is_dir())


def _unpack(archive_path: Path, work: Path) -> dict:
    """Unpack into `work`, hashing every file; the manifest, once every checksum matches."""
    found = {}
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            for member in archive:
                if member.isdir():
                    continue
                name = _checked_name(member)
                target = work / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with archive.extractfile(member) as source, target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error) as error:
        reason = str(error).splitlines()[0]
        raise BackupError(
            f"{archive_path} is not a backup archive, or it is damaged ({reason})."
        ) from error

    manifest = _read_manifest(work / MANIFEST, archive_path)
    found.pop(MANIFEST, None)
    recorded = {entry["path"]: entry for entry in manifest["files"]}
    problems = []
    for name, entry in recorded.items():
        if name not in found:
            problems.append(f"{name}: listed in the manifest, missing from the archive")
        elif found[name]["size"] != entry["size"]:
            problems.append(
                f"{name}: {found[name]['size']} bytes, the manifest says {entry['size']}"
            )
        elif found[name]["sha256"] != entry["sha256"]:
            problems.append(f"{name}: its SHA-256 differs from the manifest")
    for name in sorted(found.keys() - recorded.keys()):
        problems.append(f"{name}: in the archive but not in the manifest")
    if manifest["database"]["file"] not in recorded:
        problems.append(f"{manifest['database']['file']}: the database snapshot is missing")
    if problems:
        raise BackupError(
            f"{archive_path} failed verification, it was damaged or changed after the "
            "backup. Nothing was restored.\n  " + "\n  ".join(problems)
        )
    return manifest


def _checked_name(member: tarfile.TarInfo) -> str:
    """The member's name, if it is a regular file at a place a Collab backup puts files."""
    path = PurePosixPath(member.name)
    parts = path.parts
    safe = (
        member.isfile()
        and not path.is_absolute()
        and ".." not in parts
        and (
            member.name in (MANIFEST, *SNAPSHOT_NAMES.values())
            or (len(parts) >= 3 and parts[0] == UPLOADS and parts[1] in UPLOAD_FOLDERS)
        )
    )
    if not safe:
        raise BackupError(
            f"The archive holds {member.name!r}, which a Collab backup never holds. "
            "Nothing was restored."
        )
    return path.as_posix()


def _read_manifest(path: Path, archive_path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{archive_path} has no {MANIFEST}: it is not a Collab backup.") from None
    except ValueError as error:
        raise BackupError(f"The manifest of {archive_path} is not valid JSON: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} is not a Collab backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive_path} has format version {manifest.get('format_version')}; this version "
            f"of Collab reads version {FORMAT_VERSION}."
        )
    return manifest


def _require_known_revision(revision: str | None) -> None:
    """A backup from a newer version of Collab cannot be upgraded by this one: refuse early."""
    if revision is None:
        return
    script = ScriptDirectory(current_app.extensions["migrate"].directory)
    known = {each.revision for each in script.walk_revisions()}
    unknown = [part for part in revision.split(",") if part not in known]
    if unknown:
        raise BackupError(
            f"The backup's database revision {revision} is unknown to this version of "
            "Collab: it was made by a newer one. Install that version, then restore. "
            "Nothing was restored."
        )


def _restore_sqlite(snapshot: Path, path: Path, entry: dict) -> None:
    # Nothing may hold the old file open while it is replaced.
    db.session.remove()
    db.engine.dispose()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.restore-")
    try:
        with os.fdopen(handle, "wb") as out, snapshot.open("rb") as source:
            shutil.copyfileobj(source, out, CHUNK)
            out.flush()
            os.fsync(out.fileno())
        # A leftover write-ahead log would be replayed into the restored file.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if _sha256(path) != entry["sha256"]:
        raise BackupError(f"The database file {path} differs from the snapshot after copying.")


def _restore_postgresql(url: URL, snapshot: Path) -> None:
    pg_restore = _tool("pg_restore")
    libpq_url, environment = _libpq(url)
    db.session.remove()
    with db.engine.begin() as connection:
        # A freshly migrated database has the tables, empty: they make way for the backup's.
        # Checked again in this transaction, in case someone wrote meanwhile.
        if _tables_with_rows(connection):
            raise BackupError("The target database received rows meanwhile; nothing was changed.")
        tables = inspect(connection).get_table_names()
        if tables:
            quoted = ", ".join(_quote(table) for table in tables)
            connection.exec_driver_sql(f"DROP TABLE {quoted} CASCADE")
    db.engine.dispose()
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={libpq_url}",
            str(snapshot),
        ],
        environment,
    )


def _verify(manifest: dict, kind: str, url: URL, upload_dir: Path, archive_path: Path) -> Report:
    """Compare what is now in place with the manifest; a BackupError lists every mismatch."""
    database = manifest["database"]
    problems = []
    if kind == "sqlite":
        connection = sqlite3.connect(_sqlite_path(url))
        try:
            problems += _sqlite_integrity(connection)
            facts = _facts(
                _sqlite_tables(connection), _sqlite_scalar(connection), _sqlite_rows(connection)
            )
        finally:
            connection.close()
    else:
        db.session.remove()
        with db.engine.connect() as connection:
            facts = _facts(
                inspect(connection).get_table_names(),
                lambda sql: connection.exec_driver_sql(sql).scalar(),
                lambda sql: [row[0] for row in connection.exec_driver_sql(sql)],
            )
    expected = database["row_counts"]
    for table in sorted(expected.keys() | facts.row_counts.keys()):
        if table not in facts.row_counts:
            problems.append(f"table {table}: missing after the restore")
        elif table not in expected:
            problems.append(f"table {table}: not in the manifest")
        elif facts.row_counts[table] != expected[table]:
            rows = facts.row_counts[table]
            problems.append(f"table {table}: {rows} rows, the manifest says {expected[table]}")
    if facts.revision != database["alembic_revision"]:
        problems.append(
            f"database revision {facts.revision}, the manifest says {database['alembic_revision']}"
        )
    uploads = [entry for entry in manifest["files"] if entry["path"].startswith(f"{UPLOADS}/")]
    for entry in uploads:
        placed = upload_dir / entry["path"].removeprefix(f"{UPLOADS}/")
        if not placed.is_file():
            problems.append(f"{placed}: missing after the restore")
        elif _sha256(placed) != entry["sha256"]:
            problems.append(f"{placed}: its SHA-256 differs from the manifest")
    if problems:
        raise BackupError(
            "The restored instance does not match the manifest:\n  " + "\n  ".join(problems)
        )

    report = Report(manifest)
    counts = facts.row_counts
    integrity = ", integrity check ok" if kind == "sqlite" else ""
    report.lines = [
        f"Restored {archive_path}, taken {manifest['created_at']}.",
        f"Database: {kind}, revision {facts.revision}, {sum(counts.values())} rows in "
        f"{len(counts)} tables{integrity}.",
        f"Uploads: {len(uploads)} files, {_size(sum(entry['size'] for entry in uploads))}.",
        "Every row count and checksum matches the manifest.",
    ]
    heads = ScriptDirectory(current_app.extensions["migrate"].directory).get_heads()
    if facts.revision is not None and sorted(facts.revision.split(",")) != sorted(heads):
        report.lines.append("The schema is older than this code: run `flask db upgrade` now.")
    return report


# --- Shared ------------------------------------------------------------------------------


def _kind(url: URL) -> str:
    backend = url.get_backend_name()
    if backend not in SNAPSHOT_NAMES:
        raise BackupError(f"Backups work with SQLite and PostgreSQL, not {backend}.")
    return backend


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(url.database)


def _facts(
    tables: list[str], scalar: Callable[[str], object], column: Callable[[str], list]
) -> _Facts:
    counts = {table: scalar(f"SELECT count(*) FROM {_quote(table)}") for table in sorted(tables)}
    revision = None
    if SCHEMA_TABLE in counts:
        revision = ",".join(sorted(column(f"SELECT version_num FROM {SCHEMA_TABLE}"))) or None
    stored = set(column("SELECT sha256 FROM stored_file")) if "stored_file" in counts else set()
    return _Facts(counts, revision, stored)


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [row[0] for row in rows]


def _sqlite_scalar(connection: sqlite3.Connection):
    return lambda sql: connection.execute(sql).fetchone()[0]


def _sqlite_rows(connection: sqlite3.Connection):
    return lambda sql: [row[0] for row in connection.execute(sql)]


def _sqlite_integrity(connection: sqlite3.Connection) -> list[str]:
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    problems = [] if problems == ["ok"] else [f"integrity check: {text}" for text in problems]
    for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check"):
        problems.append(f"table {table}: row {rowid} refers to a missing row of {parent}")
    return problems


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _libpq(url: URL) -> tuple[str, dict]:
    """The URL pg_dump and pg_restore understand; the password goes in the environment,
    where other users of the machine cannot read it from the process list."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not installed; it comes with the PostgreSQL client: "
            "sudo apt-get install postgresql-client"
        )
    return found


def _run(command: list[str], environment: dict) -> None:
    finished = subprocess.run(command, env=environment, capture_output=True, text=True)
    if finished.returncode != 0:
        name = Path(command[0]).name
        raise BackupError(f"{name} failed: {finished.stderr.strip()}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sync_folder(folder: Path) -> None:
    # The rename itself must reach the disk, or a crash could bring back the old archive.
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
