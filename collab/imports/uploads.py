"""An uploaded list kept between the steps of an import (columns, preview, import).

The rows are personal data and can be large: they stay in a file on the server under a
random token, never in the session cookie, and only the person who uploaded them, for the
event they uploaded them to, can open them. The file is deleted after the import, and
files left behind by imports never finished are deleted after a day.
"""

import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import abort, current_app

from collab.imports.spreadsheets import Table

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
KEPT_FOR_SECONDS = 24 * 60 * 60


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(token: str) -> Path:
    return _folder() / f"{token}.json"


def _write(path: Path, upload: dict) -> None:
    # Written aside and renamed, so a reader never sees half a file.
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(upload, file, ensure_ascii=False)
    os.replace(temporary, path)


def _forget_old_uploads() -> None:
    limit = time.time() - KEPT_FOR_SECONDS
    for path in _folder().glob("*.json"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            pass  # another request removed it first


def keep_upload(user_id: int, event_id: int, filename: str, table: Table, mapping=None) -> str:
    """Store the rows of an uploaded file; returns the token that opens them."""
    _forget_old_uploads()
    token = secrets.token_urlsafe(24)
    upload = {
        "user_id": user_id,
        "event_id": event_id,
        "filename": filename,
        "columns": table.columns,
        "rows": table.rows,
        "mapping": mapping,
    }
    _write(_path(token), upload)
    return token


def open_upload(token: str, user_id: int, event_id: int) -> dict:
    """The stored upload, or 404 when it does not exist or is someone else's."""
    if not TOKEN.match(token):
        abort(404)
    try:
        with open(_path(token), encoding="utf-8") as file:
            upload = json.load(file)
    except (FileNotFoundError, ValueError):
        abort(404)
    if upload.get("user_id") != user_id or upload.get("event_id") != event_id:
        abort(404)
    upload["token"] = token
    upload["rows"] = [(number, cells) for number, cells in upload["rows"]]
    return upload


def save_mapping(upload: dict, mapping: dict[str, int | None]) -> None:
    """Remember which column holds which field."""
    upload["mapping"] = mapping
    stored = {key: value for key, value in upload.items() if key != "token"}
    _write(_path(upload["token"]), stored)


def discard_upload(upload: dict) -> None:
    _path(upload["token"]).unlink(missing_ok=True)
