"""Uploaded files on disk: stored once by their SHA-256 under UPLOAD_DIR/files/.

The same bytes uploaded twice are one StoredFile and one file on disk; outputs refer to it.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from collab.extensions import db
from collab.outputs.models import StoredFile


def files_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "files"


def path_of(stored: StoredFile) -> Path:
    """Where the bytes are: files/ab/cd/abcd… (two levels keep folders small)."""
    digest = stored.sha256
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
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write beside it and rename: a reader never sees half a file, and two requests
        # storing the same bytes at once both end with the whole file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    return stored
