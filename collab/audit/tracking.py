"""Every create, update and delete of a project's data, written to the audit log in the same
transaction as the change itself.

The ORM reports each row it writes (mapper events after_insert/after_update/after_delete,
which also see rows deleted as orphans or by cascade); the entries are gathered during the
flush and inserted together once it is done (after_flush), on the flush's own connection:
saved with the change, or rolled back with it. Bulk ORM inserts (an import of thousands of
people) skip the per-row events, so they are recorded from the ids the INSERT returns.

What never enters the log: passwords, session and link tokens (only "changed"), and a
participant's personal data (only that it changed; their country, function, organisation
and consents are kept, as the reported figures are).
"""

from datetime import date, datetime, time
from decimal import Decimal
from functools import cache

from flask import g, has_request_context
from flask_login import user_logged_in, user_logged_out
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Mapper
from sqlalchemy.orm.util import identity_key

from collab.audit.models import AuditEntry
from collab.database import utcnow
from collab.extensions import db

# The tables whose rows are a project's data (or the accounts and organisations behind it).
TRACKED = {
    "project",
    "partner",
    "indicator",
    "theme",
    "event",
    "agenda_item",
    "participant",
    "attendance",
    "challenge",
    "solution",
    "vote",
    "vote_option",
    "dot",
    "output",
    "organisation",
    "user_account",
    "handbook",
    "handbook_chapter",
    "handbook_section",
    "reporting_period",
}
# Left out on purpose: the log itself; the trash, which is its own record of deletions; a
# challenge's status changes, which are already a history; stored files, which are content
# named by its hash and appear in the log through the output that uses them.
# A handbook draft is itself the record of who compiled what and when; its progress is
# written by the compile after every chapter, which is not anyone's edit.
NOT_TRACKED = {"audit_entry", "trash_item", "status_change", "stored_file", "handbook_draft"}

# Bookkeeping, not edits: left out of "changes" (a login is logged as a login).
NOISE = {"created_at", "updated_at", "version", "search_text", "name_key", "last_login_at"}
# Secrets: the log says that they changed, never what they are.
SECRETS = {"password_hash", "session_token", "checkin_token", "calendar_token", "client_key"}
CHANGED = "changed"
# What the log may keep of a participant: what the reported figures count, and consent.
PARTICIPANT_KEPT = {
    "id",
    "project_id",
    "organisation_id",
    "country",
    "function",
    "consent_version",
    "consent_at",
    "consent_named",
    "consent_photos",
    "consent_withdrawn_at",
    "erased_at",
}
# People's names and addresses in accounts: only that they changed.
PERSONAL = {"user_account": {"name", "email"}}

# Rows without a project_id of their own: the column that leads to the row that has one.
PARENTS = {
    "agenda_item": ("event_id", "event"),
    "attendance": ("event_id", "event"),
    "vote": ("event_id", "event"),
    "output": ("event_id", "event"),
    "solution": ("challenge_id", "challenge"),
    "vote_option": ("vote_id", "vote"),
    "dot": ("vote_id", "vote"),
    "handbook_chapter": ("handbook_id", "handbook"),
    "handbook_section": ("chapter_id", "handbook_chapter"),
}

# Entries of the flush under way; entries of the transaction, written when it commits.
_FLUSHED = "audit_flushed"
_PENDING = "audit_pending"
_PROJECTS = "audit_project_ids"
# SQLite allows a limited number of parameters per statement.
_CHUNK = 500


def is_hidden(object_type: str, field: str) -> bool:
    """Whether the value of `field` must stay out of the log."""
    if field in SECRETS:
        return True
    if object_type == "participant":
        return field not in PARTICIPANT_KEPT
    return field in PERSONAL.get(object_type, ())


def jsonable(value):
    """`value` as JSON can hold it: dates as ISO text, amounts as text, Translations as dicts."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    return str(value)


def _label(obj):
    """What a related row (a theme, an organisation, an event) is called, for a list change."""
    for name in ("name", "title"):
        value = getattr(obj, name, None)
        if value:
            return jsonable(value)
    return f"#{getattr(obj, 'id', '?')}"


# --- What changed ------------------------------------------------------------------------


def _shown(object_type: str, field: str, value):
    return CHANGED if is_hidden(object_type, field) else jsonable(value)


def values_of(object_type: str, row) -> dict:
    """The fields of a created or deleted row worth keeping (mapping of column to value)."""
    kept = {}
    for field, value in row.items():
        if field in NOISE or value is None or value == "":
            continue
        kept[field] = _shown(object_type, field, value)
    return kept


def _object_values(object_type: str, mapper, state) -> dict:
    loaded = {
        attr.key: state.dict[attr.key] for attr in mapper.column_attrs if attr.key in state.dict
    }
    values = values_of(object_type, loaded)
    for relationship in mapper.relationships:
        if relationship.secondary is None or relationship.key not in state.dict:
            continue
        related = state.dict[relationship.key]
        if related:
            values[relationship.key] = [_label(obj) for obj in related]
    return values


def _changes(object_type: str, mapper, state) -> dict:
    """{field: [before, after]} of an updated object ("changed" for what stays secret)."""
    changes = {}
    for attr in mapper.column_attrs:
        if attr.key in NOISE:
            continue
        history = state.attrs[attr.key].history
        if not history.added and not history.deleted:
            continue
        before = jsonable(history.deleted[0]) if history.deleted else None
        after = jsonable(history.added[0]) if history.added else None
        if before == after:
            continue
        changes[attr.key] = CHANGED if is_hidden(object_type, attr.key) else [before, after]
    # Lists kept in a table of their own (an event's themes, a solution's organisations).
    for relationship in mapper.relationships:
        if relationship.secondary is None:
            continue
        history = state.attrs[relationship.key].history
        if not history.added and not history.deleted:
            continue
        unchanged = list(history.unchanged or ())
        before = [_label(obj) for obj in unchanged + list(history.deleted or ())]
        after = [_label(obj) for obj in unchanged + list(history.added or ())]
        if before != after:
            changes[relationship.key] = [before, after]
    return changes


# --- Which project ---------------------------------------------------------------------


@cache
def _mapped_classes() -> dict:
    # Asked during flushes, after every model is imported: the mapping no longer changes.
    return {mapper.local_table.name: mapper.class_ for mapper in db.Model.registry.mappers}


def _project_of(session, connection, table: str, row_id):
    """The project of row `row_id` of `table`, from the session's objects or the database."""
    if row_id is None:
        return None
    if table == "project":
        return row_id
    cache = session.info.setdefault(_PROJECTS, {})
    if (table, row_id) in cache:
        return cache[(table, row_id)]
    cls = _mapped_classes()[table]
    column = "project_id" if "project_id" in cls.__table__.c else PARENTS[table][0]
    obj = session.identity_map.get(identity_key(cls, row_id))
    value = inspect(obj).dict.get(column) if obj is not None else None
    if value is None:
        table_ = cls.__table__
        value = connection.scalar(select(table_.c[column]).where(table_.c.id == row_id))
    if column != "project_id":
        value = _project_of(session, connection, PARENTS[table][1], value)
    cache[(table, row_id)] = value
    return value


def project_id_of(session, connection, object_type: str, row) -> int | None:
    """The project of a row (a mapping of its loaded columns), for filtering the log."""
    if object_type == "project":
        return row.get("id")
    if row.get("project_id") is not None:
        return row["project_id"]
    if object_type in PARENTS:
        column, parent = PARENTS[object_type]
        if row.get(column) is not None:
            return _project_of(session, connection, parent, row[column])
    elif "project_id" not in db.metadata.tables[object_type].c:
        return None  # organisations and accounts belong to no project
    # The column was not loaded: read it.
    return _project_of(session, connection, object_type, row.get("id"))


# --- Gathering during the flush, writing after it ---------------------------------------


def _gather(action: str, mapper, connection, target) -> None:
    object_type = mapper.local_table.name
    if object_type not in TRACKED:
        return
    state = inspect(target)
    session = state.session
    # Only the app's session gathers (its before_flush made the list): not a session of
    # its own that some command may open.
    if session is None or _FLUSHED not in session.info:
        return
    if action == "update":
        changes = _changes(object_type, mapper, state)
        if not changes:
            return
        details = {"changes": changes}
    else:
        details = {"values": _object_values(object_type, mapper, state)}
    object_id = state.dict.get("id")
    if object_id is None and state.identity:
        object_id = state.identity[0]
    row = dict(state.dict)
    row.setdefault("id", object_id)
    session.info[_FLUSHED].append(
        {
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "project_id": project_id_of(session, connection, object_type, row),
            "details": details,
        }
    )


def _who(session) -> tuple[int | None, int | None]:
    from collab.audit.recording import who

    # Loading the person must not flush the very changes being recorded.
    with session.no_autoflush:
        found = who()
    if found == (None, None) and has_request_context():
        # Logging out ends the person's sessions: a change saved after it is still theirs.
        found = g.get("audit_logged_out", found)
    return found


def _merge(earlier: dict, later: dict) -> None:
    """Fold a later update of the same object, in the same transaction, into `earlier`."""
    changes = later["details"]["changes"]
    if earlier["action"] == "create":
        values = earlier["details"]["values"]
        for field, change in changes.items():
            after = change if change == CHANGED else change[1]
            if after is None or after == "":
                values.pop(field, None)
            else:
                values[field] = after
        return
    kept = earlier["details"]["changes"]
    for field, change in changes.items():
        before = kept.get(field)
        if isinstance(before, list) and isinstance(change, list):
            change = [before[0], change[1]]
            if change[0] == change[1]:
                kept.pop(field)
                continue
        kept[field] = change


def _add(session, entries: list[dict]) -> None:
    """Keep `entries` until the transaction commits; one entry per object and action."""
    user_id, organisation_id = _who(session)
    pending = session.info.setdefault(_PENDING, {})
    for entry in entries:
        entry.update(user_id=user_id, organisation_id=organisation_id)
        if user_id is None:
            # No one logged in: a command, or a public page (check-in). Say which.
            entry["details"]["via"] = "public" if has_request_context() else "command"
        key = (entry["object_type"], entry["object_id"])
        if entry["action"] == "update":
            earlier = pending.get(("update", *key)) or pending.get(("create", *key))
            if earlier is not None:
                _merge(earlier, entry)
                continue
        pending[(entry["action"], *key)] = entry


def _write(session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    at = utcnow()
    rows = [
        {**entry, "at": at}
        for entry in pending.values()
        if entry["action"] != "update" or entry["details"]["changes"]
    ]
    if rows:
        session.connection().execute(AuditEntry.__table__.insert(), rows)


def _before_flush(session, flush_context, instances) -> None:
    session.info[_FLUSHED] = []  # a fresh list: a failed flush may have left one
    session.info.pop(_PROJECTS, None)
    # A deleted object's last values are read after the flush: load what was expired.
    for obj in session.deleted:
        state = inspect(obj)
        if state.mapper.local_table.name in TRACKED and state.unloaded:
            columns = {attr.key for attr in state.mapper.column_attrs}
            for key in state.unloaded & columns:
                getattr(obj, key)


def _after_flush(session, flush_context) -> None:
    entries = session.info.pop(_FLUSHED, None)
    session.info.pop(_PROJECTS, None)
    if entries:
        _add(session, entries)


def _before_commit(session) -> None:
    # The last changes are flushed here, not by the commit, so that their entries are
    # written in the same transaction, after them.
    session.flush()
    _write(session)


def _transaction_ended(session, transaction) -> None:
    # Committed (entries written) or rolled back (entries void with the changes). A
    # savepoint's end leaves them: the app uses none, and its changes may still be saved.
    if transaction.parent is None:
        for key in (_FLUSHED, _PENDING, _PROJECTS):
            session.info.pop(key, None)


def _bulk_insert(orm_execute_state):
    """An ORM INSERT of many rows at once: record each row from the ids it returns."""
    state = orm_execute_state
    if not (state.is_insert and state.is_orm_statement):
        return None
    statement = state.statement
    entity = (statement.entity_description or {}).get("entity")
    table = getattr(entity, "__table__", None)
    if table is None or table.name not in TRACKED:
        return None
    returning = [column["name"] for column in statement.returning_column_descriptions]
    if returning and "id" not in returning:
        return None  # cannot tell which rows were written; no such insert in the app
    if returning:
        result = state.invoke_statement()
        position = returning.index("id")
    else:
        # The caller did not ask for rows back; it gets them and ignores them.
        result = state.invoke_statement(statement=statement.returning(table.c.id))
        position = 0
    frozen = result.freeze()
    ids = [row[position] for row in frozen()]
    record_rows(state.session, table.name, ids)
    return frozen()


def record_rows(session, object_type: str, ids) -> None:
    """Record rows of `object_type` inserted without the ORM's per-row events as created."""
    table = db.metadata.tables[object_type]
    connection = session.connection()
    entries = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for row in connection.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            entries.append(
                {
                    "action": "create",
                    "object_type": object_type,
                    "object_id": row["id"],
                    "project_id": project_id_of(session, connection, object_type, row),
                    "details": {"values": values_of(object_type, row)},
                }
            )
    session.info.pop(_PROJECTS, None)
    _add(session, entries)


def _keep_old_value(target, value, oldvalue, initiator) -> None:
    """Nothing to do: listening with active_history is what loads the old value."""


# --- Logins and logouts ------------------------------------------------------------------


def _logged_in(sender, user, **extra) -> None:
    from collab.audit.recording import record

    # Saved with the login's own request (the session is committed with the redirect).
    record("login", user=user)


def _logged_out(sender, user, **extra) -> None:
    from collab.audit.recording import record

    if user is not None and getattr(user, "is_authenticated", False):
        record("logout", user=user)
        g.audit_logged_out = (user.id, user.organisation_id)


def _listen() -> None:
    session = db.session
    event.listen(Mapper, "after_insert", lambda m, c, t: _gather("create", m, c, t))
    event.listen(Mapper, "after_update", lambda m, c, t: _gather("update", m, c, t))
    event.listen(Mapper, "after_delete", lambda m, c, t: _gather("delete", m, c, t))
    event.listen(session, "before_flush", _before_flush)
    event.listen(session, "after_flush", _after_flush)
    event.listen(session, "before_commit", _before_commit)
    event.listen(session, "after_transaction_end", _transaction_ended)
    event.listen(session, "do_orm_execute", _bulk_insert)
    # Setting a value that was not loaded (expired after a commit) loads it first, so the
    # change has its "before".
    for mapper in db.Model.registry.mappers:
        if mapper.local_table.name in TRACKED:
            for attr in mapper.column_attrs:
                event.listen(
                    getattr(mapper.class_, attr.key), "set", _keep_old_value, active_history=True
                )
    user_logged_in.connect(_logged_in)
    user_logged_out.connect(_logged_out)


_listening = False


def init_app(app) -> None:
    """Start tracking changes (once per process: the listeners are on the shared session)."""
    global _listening
    if not _listening:
        _listen()
        _listening = True
