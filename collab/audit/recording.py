"""Writing the audit log: one function every feature calls for facts that are not edits.

Edits of a project's data are recorded automatically (collab.audit.tracking); logins,
logouts, refused accesses and personal-data actions call record(). The entry joins the
current transaction: it is saved with the change, or not at all.
"""

from flask import current_app, has_request_context, request
from flask_login import current_user

from collab.audit.models import AuditEntry
from collab.extensions import db


def _who() -> tuple[int | None, int | None]:
    if not has_request_context() or not current_user or not current_user.is_authenticated:
        return None, None
    return current_user.id, current_user.organisation_id


def who() -> tuple[int | None, int | None]:
    """(user id, organisation id) of whoever is logged in; (None, None) on the command line."""
    return _who()


def record(
    action: str,
    *,
    user=None,
    object_type: str | None = None,
    object_id: int | None = None,
    project_id: int | None = None,
    details: dict | None = None,
) -> AuditEntry:
    """Add an entry for `action` by `user` (default: who is logged in) to the session.

    `details` must not hold passwords, tokens, or a participant's personal data.
    """
    user_id, organisation_id = _who()
    if user is not None:
        user_id, organisation_id = user.id, user.organisation_id
    facts = dict(details or {})
    if has_request_context():
        facts.setdefault("path", request.path)
    entry = AuditEntry(
        action=action,
        user_id=user_id,
        organisation_id=organisation_id,
        object_type=object_type,
        object_id=object_id,
        project_id=project_id,
        details=facts,
    )
    db.session.add(entry)
    return entry


def record_now(action: str, **facts) -> AuditEntry | None:
    """Record `action` in a transaction of its own, so that it stays although the request
    fails: a refused access (403) or a failed login (the app rolls back every answer with a
    status of 400 or more). Same arguments as record().

    The request's own unsaved changes are rolled back first: call it only where the request
    is refused anyway. Never a password or the e-mail address someone typed in `details`.
    """
    try:
        # First, so that the entry's transaction holds nothing else (and on SQLite does
        # not wait for the write lock the request's transaction may hold).
        db.session.rollback()
        entry = record(action, **facts)
        db.session.commit()
        return entry
    except Exception:  # noqa: BLE001 - the log must never turn a refusal into an error page
        db.session.rollback()
        current_app.logger.exception("Could not record %s in the audit log", action)
        return None
