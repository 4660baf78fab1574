"""Moving an event, a challenge or an output to the trash, putting it back, emptying the trash.

Generic over the schema: what hangs on an object is found from the foreign keys of the
metadata, so a table added later (with ON DELETE CASCADE) goes to the trash and comes back
without a change here. Rows are read and written with SQLAlchemy Core, in the request's
transaction: the trash item, the delete and the audit entry are saved together or not at all.
"""

import base64
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Date,
    DateTime,
    LargeBinary,
    Numeric,
    Table,
    delete,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.types import Time, TypeDecorator

from collab.audit.recording import record
from collab.database import utcnow
from collab.extensions import db
from collab.trash.models import TrashItem

KEEP_DAYS = 30
KINDS = {"event": _l("Event"), "challenge": _l("Challenge"), "output": _l("Output")}
# Long IN lists are split: SQLite allows a limited number of parameters per statement.
CHUNK = 500

# Why a restore is refused, by the table of the row that is missing.
_MISSING = {
    "project": _l("“%(label)s” cannot be restored: its project no longer exists."),
    "event": _l("“%(label)s” cannot be restored: the event it belongs to no longer exists."),
    "challenge": _l(
        "“%(label)s” cannot be restored: the challenge it belongs to no longer exists."
    ),
    "organisation": _l(
        "“%(label)s” cannot be restored: an organisation it names no longer exists."
    ),
    "stored_file": _l("“%(label)s” cannot be restored: a file of its outputs is no longer kept."),
}
_MISSING_OTHER = _l(
    "“%(label)s” cannot be restored: something it refers to no longer exists "
    "(%(table)s no. %(id)s)."
)


class TrashError(Exception):
    """A move to the trash or a restore that cannot be done; the message says why."""


@dataclass
class Restored:
    """What came back: the object (its id may be new, see restore) and what could not."""

    object_type: str
    object_id: int
    project_id: int | None
    rows: int
    left_out: int


# --- The schema, as the trash sees it ------------------------------------------------------


def _table(name: str) -> Table:
    table = db.metadata.tables.get(name)
    if table is None:
        raise TrashError(str(_l("This item was deleted by an older version of Collab.")))
    return table


def _referencing(table: Table) -> list:
    """The foreign keys (of any table) that point at `table`."""
    return [
        fk
        for other in db.metadata.sorted_tables
        for fk in other.foreign_keys
        if fk.column.table is table
    ]


def _single_id(table: Table):
    """The table's one integer primary key column, or None (association tables)."""
    columns = list(table.primary_key.columns)
    if len(columns) == 1 and columns[0].type.python_type is int:
        return columns[0]
    return None


def _key(table: Table, row: dict) -> tuple:
    return tuple(row[column.name] for column in table.primary_key.columns)


def _order() -> dict[str, int]:
    # sorted_tables puts every table after the tables it refers to: parents first.
    return {table.name: index for index, table in enumerate(db.metadata.sorted_tables)}


def _chunks(values):
    values = sorted(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


# --- JSON-safe values ------------------------------------------------------------------------


def _to_json(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        # Translations (a dict) and JSON columns: plain JSON, key order kept.
        return dict(value)
    return value


def _from_json(column, value):
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(value, str):
        if isinstance(kind, DateTime):
            return datetime.fromisoformat(value)
        if isinstance(kind, Date):
            return date.fromisoformat(value)
        if isinstance(kind, Time):
            return time.fromisoformat(value)
        if isinstance(kind, Numeric):
            return Decimal(value)
        if isinstance(kind, LargeBinary):
            return base64.b64decode(value)
    return value


def _read(table: Table, statement) -> list[dict]:
    return [
        {column.name: row._mapping[column] for column in table.columns}
        for row in db.session.execute(statement)
    ]


# --- Moving to the trash ---------------------------------------------------------------------


def _label(obj) -> str:
    title = getattr(obj, "title", None)
    return (str(title) if title else repr(obj))[:300]


def _project_id(obj) -> int | None:
    if getattr(obj, "project_id", None) is not None:
        return obj.project_id
    event = getattr(obj, "event", None)
    return event.project_id if event is not None else None


def _collect(root: Table, root_row: dict):
    """Every row that goes with `root_row` (ON DELETE CASCADE, recursively), and the rows
    outside it whose link to it the database will set to NULL."""
    collected = {(root.name, _key(root, root_row)): (root, root_row)}
    nulled = {}
    blocking = []
    frontier = [(root, [root_row])]
    while frontier:
        table, rows = frontier.pop()
        for fk in _referencing(table):
            values = {row[fk.column.name] for row in rows} - {None}
            child, column = fk.parent.table, fk.parent
            found = [
                row
                for chunk in _chunks(values)
                for row in _read(child, select(child).where(column.in_(chunk)))
            ]
            rule = (fk.ondelete or "").upper()
            if rule == "CASCADE":
                new = []
                for row in found:
                    key = (child.name, _key(child, row))
                    if key not in collected:
                        collected[key] = (child, row)
                        new.append(row)
                if new:
                    frontier.append((child, new))
            elif rule == "SET NULL":
                for row in found:
                    nulled[(child.name, column.name, _key(child, row))] = row[column.name]
            else:
                blocking.extend((child.name, _key(child, row)) for row in found)
    # A row that goes to the trash keeps its own links; only the others need re-linking.
    relink = [
        (table, column, key, value)
        for (table, column, key), value in nulled.items()
        if (table, key) not in collected
    ]
    if any(key not in collected for key in blocking):
        raise TrashError(str(_l("It cannot be deleted: other records still refer to it.")))
    return collected, relink


def move_to_trash(obj, user) -> TrashItem:
    """Delete `obj` with everything that hung on it, keeping it all in a TrashItem."""
    db.session.flush()
    table = obj.__table__
    id_column = _single_id(table)
    object_id = getattr(obj, id_column.key)
    root_row = _read(table, select(table).where(id_column == object_id))[0]
    collected, relink = _collect(table, root_row)

    order = _order()
    rows = sorted(collected.values(), key=lambda pair: (order[pair[0].name], _key(*pair)))
    payload = {
        "rows": [
            [child.name, {name: _to_json(value) for name, value in row.items()}]
            for child, row in rows
        ],
        "relink": [
            [child, column, key[0] if len(key) == 1 else list(key), value]
            for child, column, key, value in sorted(relink)
        ],
    }
    item = TrashItem(
        object_type=table.name,
        object_id=object_id,
        project_id=_project_id(obj),
        label=_label(obj),
        deleted_by_id=getattr(user, "id", None),
        deleted_at=utcnow(),
        payload=payload,
    )
    db.session.add(item)
    db.session.flush()
    # The database deletes the rest (ON DELETE CASCADE / SET NULL).
    db.session.execute(delete(table).where(id_column == object_id))
    _forget(collected)
    record(
        "delete",
        user=user,
        object_type=item.object_type,
        object_id=item.object_id,
        project_id=item.project_id,
        details={"trash_item": item.id, "label": item.label, "rows": len(rows)},
    )
    db.session.flush()
    return item


def _forget(collected) -> None:
    """Take the deleted rows' objects out of the session, and let the rest reload."""
    mappers = {mapper.local_table: mapper for mapper in db.Model.registry.mappers}
    for table, row in collected.values():
        mapper = mappers.get(table)
        if mapper is None:
            continue
        obj = db.session.identity_map.get(mapper.identity_key_from_primary_key(_key(table, row)))
        if obj is not None:
            db.session.expunge(obj)
    db.session.expire_all()


# --- Restoring -------------------------------------------------------------------------------


def _exists(table: Table, column_name: str, value, cache: dict) -> bool:
    key = (table.name, column_name, value)
    if key not in cache:
        found = db.session.scalar(
            select(literal(1)).select_from(table).where(table.c[column_name] == value).limit(1)
        )
        cache[key] = found is not None
    return cache[key]


def _plan(item: TrashItem):
    """Decide, before writing anything, what goes back and how; refuse what cannot.

    A row whose id was given to another row meanwhile (SQLite reuses the highest id) gets a
    new id, and rows referring to it follow. A link to something deleted since is dropped
    when the database would have dropped it (SET NULL); a row that belonged to something
    deleted since is left out (the database would have deleted it with its parent); a root
    whose project, or a row whose organisation or file, is gone refuses the whole restore.
    """
    rows = []
    for name, values in item.payload["rows"]:
        table = _table(name)
        rows.append(
            (
                table,
                {c.name: _from_json(c, values[c.name]) for c in table.columns if c.name in values},
            )
        )
    cache = {}
    coming = set()  # (table, column, value) of rows that will be inserted
    referenced = {
        (fk.column.table.name, fk.column.name)
        for t in db.metadata.tables.values()
        for fk in t.foreign_keys
    }
    plan = []
    renumbered = set()  # (table, id) of rows whose id was taken meanwhile
    left_out = 0
    for table, row in rows:
        is_root = table.name == item.object_type and _key(table, row) == (item.object_id,)
        keep = True
        for fk in table.foreign_keys:
            column = fk.parent.name
            value = row.get(column)
            if value is None:
                continue
            target, target_column = fk.column.table, fk.column.name
            if (target.name, target_column, value) in coming or _exists(
                target, target_column, value, cache
            ):
                continue
            rule = (fk.ondelete or "").upper()
            if rule == "SET NULL" and fk.parent.nullable:
                row[column] = None
            elif rule == "CASCADE" and not is_root:
                keep = False
                break
            else:
                message = _MISSING.get(target.name, _MISSING_OTHER)
                raise TrashError(
                    str(message) % {"label": item.label, "table": target.name, "id": value}
                )
        if not keep:
            left_out += 1
            continue
        id_column = _single_id(table)
        if id_column is not None:
            taken = _exists(table, id_column.name, row[id_column.name], cache)
            if taken:
                renumbered.add((table.name, row[id_column.name]))
        else:
            taken = False
            follows_renumbered = any(
                (fk.column.table.name, row.get(fk.parent.name)) in renumbered
                for fk in table.foreign_keys
            )
            if not follows_renumbered and _exists_row(table, row):
                continue  # an association already there again: nothing to add
        plan.append((table, row, taken))
        for column in table.columns:
            if (table.name, column.name) in referenced and row.get(column.name) is not None:
                coming.add((table.name, column.name, row[column.name]))
    return plan, left_out


def _exists_row(table: Table, row: dict) -> bool:
    condition = [column == row[column.name] for column in table.primary_key.columns]
    return db.session.scalar(select(literal(1)).select_from(table).where(*condition)) is not None


def restore(item: TrashItem, user) -> Restored:
    """Put the rows of `item` back, with their ids, and re-link what the delete unlinked.

    Raises TrashError, before writing anything, when something it needs is gone.
    """
    from sqlalchemy.exc import IntegrityError

    db.session.flush()
    label = item.label
    plan, left_out = _plan(item)
    new_ids = {}  # (table, old id) -> new id
    touched = set()
    try:
        for table, row, needs_new_id in plan:
            for fk in table.foreign_keys:
                moved = new_ids.get((fk.column.table.name, row.get(fk.parent.name)))
                if moved is not None and _single_id(fk.column.table) is fk.column:
                    row[fk.parent.name] = moved
            if needs_new_id:
                id_column = _single_id(table)
                old = row.pop(id_column.name)
                result = db.session.execute(table.insert().values(**row))
                new_ids[(table.name, old)] = result.inserted_primary_key[0]
                row[id_column.name] = new_ids[(table.name, old)]
            else:
                db.session.execute(table.insert().values(**row))
            touched.add(table)
        for name, column_name, key, value in item.payload.get("relink", []):
            table = db.metadata.tables.get(name)
            if table is None or column_name not in table.c:
                continue
            link = next(iter(table.c[column_name].foreign_keys)).column
            value = new_ids.get((link.table.name, value), value)
            if not _exists(link.table, link.name, value, {}):
                continue
            keys = key if isinstance(key, list) else [key]
            condition = [
                column == part for column, part in zip(table.primary_key.columns, keys, strict=True)
            ]
            # Only where the delete set it to NULL: a link chosen since is someone's edit.
            # Not an edit itself: updated_at keeps its value (no onupdate).
            unchanged = {c.name: c for c in table.columns if c.onupdate is not None}
            db.session.execute(
                update(table)
                .where(*condition, table.c[column_name].is_(None))
                .values({**unchanged, column_name: value})
            )
        _fix_sequences(touched)
    except IntegrityError as error:
        db.session.rollback()
        raise TrashError(
            str(_l("“%(label)s” cannot be restored: it clashes with data entered since."))
            % {"label": label}
        ) from error

    object_id = new_ids.get((item.object_type, item.object_id), item.object_id)
    restored = Restored(item.object_type, object_id, item.project_id, len(plan), left_out)
    record(
        "restore",
        user=user,
        object_type=item.object_type,
        object_id=object_id,
        project_id=item.project_id,
        details={"label": item.label, "rows": len(plan), "left_out": left_out},
    )
    db.session.delete(item)
    db.session.flush()
    db.session.expire_all()
    return restored


def _fix_sequences(tables) -> None:
    """On PostgreSQL, never let an id sequence fall behind rows inserted with their ids."""
    bind = db.session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    quote = bind.dialect.identifier_preparer
    for table in sorted(tables, key=lambda t: t.name):
        id_column = _single_id(table)
        if id_column is None:
            continue
        sequence = db.session.scalar(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": id_column.name},
        )
        if sequence is None:
            continue
        # The sequence's name comes from PostgreSQL itself, already quoted.
        db.session.execute(
            text(
                f"SELECT setval(:sequence, GREATEST("
                f"(SELECT COALESCE(MAX({quote.quote(id_column.name)}), 1) "
                f"FROM {quote.format_table(table)}), "
                f"(SELECT last_value FROM {sequence})))"
            ),
            {"sequence": sequence},
        )


# --- Emptying the trash ----------------------------------------------------------------------


def days_left(item: TrashItem, now: datetime | None = None) -> int:
    """Whole days (rounded up) before `item` is removed for good; 0 once it is due."""
    remaining = item.deleted_at + timedelta(days=KEEP_DAYS) - (now or utcnow())
    return max(0, math.ceil(remaining / timedelta(days=1)))


def _file_ids(payload: dict) -> set[int]:
    """The stored files the rows of a payload refer to."""
    from collab.outputs.models import StoredFile

    found = set()
    for name, values in payload.get("rows", []):
        table = db.metadata.tables.get(name)
        if table is None:
            continue
        for fk in table.foreign_keys:
            if fk.column.table is StoredFile.__table__ and values.get(fk.parent.name):
                found.add(values[fk.parent.name])
    return found


def file_ids_in_trash() -> set[int]:
    """Stored files an item in the trash still needs: their bytes must stay."""
    found = set()
    for payload in db.session.scalars(select(TrashItem.payload)):
        found |= _file_ids(payload)
    return found


def purge(older_than_days: int = KEEP_DAYS, now: datetime | None = None) -> int:
    """Remove for good what has been in the trash longer than `older_than_days`, and the
    files nothing uses any more. Returns how many items were removed."""
    from collab.outputs.models import StoredFile
    from collab.outputs.storage import release

    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    items = db.session.scalars(
        select(TrashItem).where(TrashItem.deleted_at <= cutoff).order_by(TrashItem.id)
    ).all()
    files = set()
    for item in items:
        files |= _file_ids(item.payload)
        record(
            "delete",
            object_type=item.object_type,
            object_id=item.object_id,
            project_id=item.project_id,
            details={"label": item.label, "emptied_from_trash": True},
        )
        db.session.delete(item)
    db.session.flush()
    for file_id in sorted(files - file_ids_in_trash()):
        stored = db.session.get(StoredFile, file_id)
        # release() keeps the file while an output still uses it.
        release(stored)
    return len(items)


def count_rows(item: TrashItem) -> int:
    """How many rows went with the object (not counting the object itself)."""
    return max(0, len(item.payload.get("rows", [])) - 1)
