"""Adding many people to an event at once: a pasted list, or a CSV or Excel file.

A file goes through four steps (upload, columns, preview, import); its rows wait between
them in a file on the server (collab.imports.uploads). Both ways check the rows with the
same code (collab.imports.rows) and record attendance as an import.
"""

from flask import flash, redirect, request, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from collab.attendance.models import ROLES
from collab.events.models import FUNCTIONS
from collab.extensions import db
from collab.forms import status_of
from collab.htmx import render
from collab.imports import bp
from collab.imports.forms import MappingForm, PasteForm, RunForm, UploadForm
from collab.imports.rows import (
    PASTE_FIELDS,
    counts,
    import_all_at_once,
    import_one_by_one,
    people_in_paste,
)
from collab.imports.spreadsheets import (
    MAX_BYTES,
    TARGETS,
    UnreadableFile,
    guess_columns,
    people_in_table,
    read_table,
)
from collab.imports.uploads import discard_upload, keep_upload, open_upload, save_mapping
from collab.policy import get_event
from collab.privacy.nostore import no_store

SHOWN_ROWS = 200

# Every step shows the people of the list, before and after they are saved: never stored.
bp.after_request(no_store)

# Example lines under the paste box: data, the same in every language (names of the demo).
PASTE_EXAMPLE = (
    "Anna Paraudziņa; Kurzemes plānošanas reģions; LV; planner; anna@lv.example; speaker\n"
    "Jonas Pavyzdys; Klaipėdos rajono savivaldybė; Lietuva; politician"
)


def _event(event_id: int):
    return get_event(current_user, event_id, "attendance.manage")


def _done(event, added: int, skipped: int):
    flash(
        ngettext(
            "%(count)s person added, %(skipped)s skipped.",
            "%(count)s people added, %(skipped)s skipped.",
            added,
            count=format_decimal(added),
            skipped=format_decimal(skipped),
        ),
        "success",
    )
    return redirect(url_for("attendance.index", event_id=event.id), 303)


def _conflict_message() -> str:
    # Another import, or a check-in, added one of these people between our check and ours.
    return _(
        "Someone added people to this event at the same time: nothing was imported. "
        "Check the list again and import."
    )


# --- A pasted list --------------------------------------------------------------------------


@bp.route("/events/<int:event_id>/attendance/paste", methods=["GET", "POST"])
def paste(event_id: int):
    event = _event(event_id)
    form = PasteForm()
    rows, refusal, status = None, None, 200
    if form.validate_on_submit():
        rows = people_in_paste(event, form.text.data)
        summary = counts(rows)
        if form.wants_import and summary.invalid and not form.valid_only:
            refusal, status = (
                ngettext(
                    "%(num)d line has mistakes, so nothing was imported. Correct it and "
                    "preview again, or import only the valid lines.",
                    "%(num)d lines have mistakes, so nothing was imported. Correct them and "
                    "preview again, or import only the valid lines.",
                    summary.invalid,
                ),
                400,
            )
        elif form.wants_import:
            try:
                added = import_one_by_one(event, rows)
            except IntegrityError:
                db.session.rollback()
                rows = people_in_paste(event, form.text.data)
                refusal, status = _conflict_message(), 409
            else:
                return _done(event, added, summary.rows - added)
    elif request.method == "POST":
        status = 400
    return render(
        "imports/paste.html",
        "paste",
        status=status,
        event=event,
        form=form,
        rows=rows,
        summary=counts(rows) if rows is not None else None,
        refusal=refusal,
        functions=FUNCTIONS,
        roles=ROLES,
        paste_fields=PASTE_FIELDS,
        example=PASTE_EXAMPLE,
    )


# --- A file: upload, columns, preview, import -----------------------------------------------


@bp.route("/events/<int:event_id>/attendance/import", methods=["GET", "POST"])
def upload(event_id: int):
    event = _event(event_id)
    form = UploadForm()
    if form.validate_on_submit():
        file = form.file.data
        # Read one byte more than allowed, to tell a file too large without reading it all.
        data = file.read(MAX_BYTES + 1)
        try:
            table = read_table(data)
        except UnreadableFile as problem:
            form.file.errors.append(problem.message)
        else:
            token = keep_upload(
                current_user.id,
                event.id,
                file.filename or "",
                table,
            )
            return redirect(url_for("imports.map_columns", event_id=event.id, token=token), 303)
    return render("imports/upload.html", status=status_of(form), event=event, form=form)


@bp.route("/events/<int:event_id>/attendance/import/<token>/map", methods=["GET", "POST"])
def map_columns(event_id: int, token: str):
    event = _event(event_id)
    upload = open_upload(token, current_user.id, event.id)
    columns = upload["columns"]
    if request.method == "POST":
        form = MappingForm(columns)
    else:
        mapping = upload["mapping"] or guess_columns(columns)
        chosen = {key: "" if index is None else str(index) for key, index in mapping.items()}
        form = MappingForm(columns, formdata=None, data=chosen)
    if form.validate_on_submit():
        save_mapping(upload, form.mapping())
        return redirect(url_for("imports.preview", event_id=event.id, token=token), 303)
    return render(
        "imports/map.html",
        status=status_of(form),
        event=event,
        upload=upload,
        form=form,
        targets=TARGETS,
        samples=upload["rows"][:3],
    )


def _preview(event, upload, status=200, refusal=None, run_form=None):
    rows = people_in_table(event, upload["rows"], upload["mapping"])
    only_problems = request.args.get("show") == "problems"
    listed = [row for row in rows if row.problems] if only_problems else rows
    return render(
        "imports/preview.html",
        status=status,
        event=event,
        upload=upload,
        rows=listed[:SHOWN_ROWS],
        listed=len(listed),
        only_problems=only_problems,
        summary=counts(rows),
        shown_limit=SHOWN_ROWS,
        # The surname, when it had a column of its own, is shown as part of the name.
        fields=[
            target
            for target in TARGETS
            if target == "name"
            or (target != "surname" and upload["mapping"].get(target) is not None)
        ],
        run_form=run_form or RunForm(formdata=None),
        refusal=refusal,
    )


@bp.route("/events/<int:event_id>/attendance/import/<token>/preview")
def preview(event_id: int, token: str):
    event = _event(event_id)
    upload = open_upload(token, current_user.id, event.id)
    if not upload["mapping"]:
        return redirect(url_for("imports.map_columns", event_id=event.id, token=token), 303)
    return _preview(event, upload)


@bp.route("/events/<int:event_id>/attendance/import/<token>", methods=["POST"])
def run(event_id: int, token: str):
    event = _event(event_id)
    upload = open_upload(token, current_user.id, event.id)
    if not upload["mapping"]:
        return redirect(url_for("imports.map_columns", event_id=event.id, token=token), 303)
    form = RunForm()
    if not form.validate_on_submit():
        # No known choice was sent (not a button of the page): say so above the list.
        problems = [str(error) for errors in form.errors.values() for error in errors]
        return _preview(event, upload, status=400, refusal=" ".join(problems), run_form=form)
    rows = people_in_table(event, upload["rows"], upload["mapping"])
    summary = counts(rows)
    if summary.invalid and form.mode.data == "all_or_nothing":
        refusal = ngettext(
            "%(num)d row has mistakes, so nothing was imported. Correct the file and upload "
            "it again, or import only the valid rows.",
            "%(num)d rows have mistakes, so nothing was imported. Correct the file and upload "
            "it again, or import only the valid rows.",
            summary.invalid,
        )
        return _preview(event, upload, status=400, refusal=refusal, run_form=form)
    try:
        added = import_all_at_once(event, rows)
    except IntegrityError:
        db.session.rollback()
        return _preview(event, upload, status=409, refusal=_conflict_message(), run_form=form)
    discard_upload(upload)
    return _done(event, added, summary.rows - added)
