"""Optimistic locking: a stale edit shows what changed instead of overwriting it."""

from dataclasses import dataclass

from sqlalchemy.orm.exc import StaleDataError

from collab.extensions import db
from collab.forms import EditForm, TranslatedField

SKIPPED = {"csrf_token", "version", "submit"}


@dataclass
class Change:
    label: str
    saved: str
    yours: str


def _shown(field) -> str:
    data = field.data
    if isinstance(field, TranslatedField):
        return " / ".join(f"{lang.upper()}: {text}" for lang, text in data.items() if text)
    if hasattr(field, "choices") and field.choices is not None:
        labels = {str(value): str(label) for value, label, *_ in field.iter_choices()}
        if isinstance(data, list | tuple | set):
            # Several choices (checkboxes): their labels, in the order the form lists them.
            chosen = {str(value) for value in data}
            known = [label for value, label in labels.items() if value in chosen]
            return ", ".join(known + sorted(chosen - labels.keys()))
        return labels.get(str(data), "" if data is None else str(data))
    return "" if data is None else str(data)


def changes(form: EditForm, obj) -> list[Change]:
    """Fields where what is saved now differs from what the person submitted."""
    saved = type(form)(formdata=None, obj=obj)
    result = []
    for name, field in form._fields.items():
        if name in SKIPPED:
            continue
        theirs = saved[name]
        if hasattr(field, "choices"):
            theirs.choices = field.choices
        if theirs.data != field.data and _shown(theirs) != _shown(field):
            result.append(Change(str(field.label.text), _shown(theirs), _shown(field)))
    return result


def save(form: EditForm, obj) -> list[Change] | None:
    """Write the form into `obj` unless it was edited in between; return the changes if so.

    On a conflict the form keeps what the person typed and takes the current version, so
    saving again, after reading the changes, is a deliberate overwrite.
    """
    if form.loaded_version() != obj.version:
        found = changes(form, obj)
        form.version.data = obj.version
        return found
    try:
        # Filling in related rows may query, and so flush, before our own flush below.
        form.populate_obj(obj)
        obj.version += 1
        db.session.flush()
    except StaleDataError:
        # Someone saved between our read and our write, in the same instant.
        db.session.rollback()
        db.session.refresh(obj)
        found = changes(form, obj)
        form.version.data = obj.version
        return found
    return None
