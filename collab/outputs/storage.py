"""Uploaded files on disk: stored once by their SHA-256 under UPLOAD_DIR/files/.

The same bytes uploaded twice are one StoredFile and one file on disk; outputs refer to it.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from collab.extensions import db
from collab.outputs.models import StoredFile


def files_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "files"


def path_of(stored: StoredFile) -> Path:
    """Where the bytes are: files/ab/cd/abcd… (two levels keep folders small)."""
    return _path_of_digest(stored.sha256)


def _path_of_digest(digest: str) -> Path:
    return files_dir() / digest[:2] / digest[2:4] / digest


def store(data: bytes, content_type: str) -> StoredFile:
    """The StoredFile for `data`, written to disk unless the same bytes are there already."""
    digest = hashlib.sha256(data).hexdigest()
    stored = db.session.scalar(select(StoredFile).where(StoredFile.sha256 == digest))
    if stored is None:
        stored = StoredFile(sha256=digest, size=len(data), content_type=content_type)
        db.session.add(stored)
        db.session.flush()
    target = path_of(stored)
    if not target.exists():
        _write(target, data)
        # Written before the row is committed: if the transaction does not commit, the
        # file goes again (see _forget_files_of_lost_rows).
        db.session.info.setdefault(_WRITTEN, set()).add(digest)
    # Until the commit, keep what is needed to put the file back should a failed request
    # storing the same bytes remove it in between (see _files_are_there).
    db.session.info.setdefault(_NEEDED, {})[digest] = data
    return stored


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write beside it and rename: a reader never sees half a file, and two requests
    # storing the same bytes at once both end with the whole file.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target)


# --- A file and its row: both or neither ---------------------------------------------------

_WRITTEN = "outputs.files_written"
_NEEDED = "outputs.files_needed"


@sa_event.listens_for(Session, "before_commit")
def _files_are_there(session) -> None:
    """Every file the transaction refers to is on disk before its row is committed."""
    for digest, data in session.info.get(_NEEDED, {}).items():
        target = _path_of_digest(digest)
        if not target.exists():
            _write(target, data)


@sa_event.listens_for(Session, "after_commit")
def _keep_written_files(session) -> None:
    session.info.pop(_WRITTEN, None)
    session.info.pop(_NEEDED, None)


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_files_of_lost_rows(session, transaction) -> None:
    """A transaction that ended without committing (rolled back, or closed) takes the files
    it wrote with it, unless a committed row refers to the same bytes (stored by another
    request at the same moment)."""
    if transaction.parent is not None or transaction.nested:
        return
    session.info.pop(_NEEDED, None)
    written = session.info.pop(_WRITTEN, None)
    if not written:
        return
    with session.get_bind().connect() as connection:
        kept = set(
            connection.scalars(
                select(StoredFile.sha256).where(StoredFile.sha256.in_(sorted(written)))
            )
        )
    for digest in written - kept:
        _path_of_digest(digest).unlink(missing_ok=True)


# --- Letting go of files no output needs -------------------------------------------------

_PENDING = "outputs.files_to_remove"


def release(stored: StoredFile | None) -> bool:
    """Delete `stored` when no output refers to it any more (call after the output is
    deleted or given another file, and flushed); its bytes and thumbnail go once the
    transaction commits, so a rolled-back request never loses a file. True if released."""
    from collab.outputs.models import Output

    if stored is None:
        return False
    from collab.trash.operations import file_ids_in_trash

    still_used = db.session.scalar(select(Output.id).where(Output.file_id == stored.id).limit(1))
    # A deleted output waiting in the trash still needs its file to be restored.
    if still_used is not None or stored.id in file_ids_in_trash():
        return False
    db.session.info.setdefault(_PENDING, set()).add(stored.sha256)
    db.session.delete(stored)
    db.session.flush()
    return True


@sa_event.listens_for(Session, "after_commit")
def _remove_released_files(session) -> None:
    digests = session.info.pop(_PENDING, None)
    if not digests:
        return
    from collab.outputs.thumbnails import forget_thumbnail

    for digest in digests:
        _path_of_digest(digest).unlink(missing_ok=True)
        forget_thumbnail(digest)


@sa_event.listens_for(Session, "after_rollback")
def _keep_released_files(session) -> None:
    session.info.pop(_PENDING, None)
