"""Outputs of events: notes, files, presentations, photos and reports; their downloads,
thumbnails, handbook marks, and the material package of an event or a project."""

import unicodedata
from functools import partial
from urllib.parse import quote

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from collab.extensions import db
from collab.forms import EmptyForm, status_of
from collab.htmx import is_htmx, render
from collab.locking import save
from collab.outputs import bp
from collab.outputs.filetypes import ALLOWED, corrected_name, human_size, label_of
from collab.outputs.forms import max_upload_size, output_form
from collab.outputs.listing import event_outputs, grouped, project_outputs
from collab.outputs.models import Output
from collab.outputs.package import package_name, write_package
from collab.outputs.storage import path_of, release, store
from collab.outputs.thumbnails import has_thumbnail, thumbnail_of
from collab.policy import can, get_event, get_project, require

CHUNK = 256 * 1024
ACCEPT = ",".join(ext for kind in ALLOWED.values() for ext in kind.extensions)


@bp.app_template_filter("filesize")
def _filesize(size):
    return human_size(size)


@bp.app_template_filter("file_label")
def _file_label(content_type):
    return label_of(content_type)


@bp.app_template_global("has_thumbnail")
def _has_thumbnail(stored):
    return has_thumbnail(stored)


def _get_output(output_id: int, action: str = "output.view") -> Output:
    """The output, or 404 when it does not exist or its project is hidden; 403 when it is
    seen but `action` is not allowed."""
    output = db.session.get(Output, output_id)
    if output is None or not can(current_user, "output.view", output):
        abort(404)
    require(current_user, action, output)
    return output


def _index(event, form=None, status: int = 200, block: str | None = None, **context):
    """The outputs page of an event, or one of its blocks."""
    may_create = can(current_user, "output.create", event)
    if may_create and form is None:
        form = output_form(event, formdata=None)
    values = {
        "event": event,
        "project": event.project,
        "form": form if may_create else None,
        "accept": ACCEPT,
        "max_size": max_upload_size(),
        "action_form": EmptyForm(),
    }
    if block is None or not is_htmx():
        values["groups"] = grouped(_viewable(event_outputs(event.id)))
    values.update(context)
    return render("outputs/index.html", block, status=status, **values)


@bp.route("/events/<int:event_id>/outputs")
def index(event_id: int):
    return _index(get_event(current_user, event_id))


@bp.route("/events/<int:event_id>/outputs", methods=["POST"])
def create(event_id: int):
    event = get_event(current_user, event_id, "output.create")
    form = output_form(event)
    if not form.validate_on_submit():
        return _index(event, form=form, status=400)
    output = Output(event_id=event.id, created_by_id=current_user.id)
    form.populate_obj(output)
    if form.upload_data is not None:
        output.file = store(form.upload_data, form.upload_type.content_type)
        output.filename = form.upload_name
    db.session.add(output)
    db.session.flush()
    flash(_("%(kind)s “%(title)s” added.", kind=output.kind_label, title=output.title), "success")
    return redirect(url_for("outputs.index", event_id=event.id, _anchor=f"output-{output.id}"), 303)


@bp.route("/outputs/<int:output_id>/edit", methods=["GET", "POST"])
def edit(output_id: int):
    output = _get_output(output_id, "output.edit")
    event = output.event
    form = output_form(event, output)
    conflict = None
    file_to_choose_again = False
    if form.validate_on_submit():
        previous = output.file
        conflict = save(form, output)
        if conflict is None:
            if form.upload_data is not None:
                output.file = store(form.upload_data, form.upload_type.content_type)
                output.filename = form.upload_name
                db.session.flush()
                if previous is not None and previous.id != output.file_id:
                    release(previous)
            flash(_("Changes saved."), "success")
            return redirect(
                url_for("outputs.index", event_id=event.id, _anchor=f"output-{output.id}"), 303
            )
        # A browser cannot put a chosen file back into the form: say so, rather than list
        # the file among the changes.
        file_label = str(form.upload.label.text)
        conflict = [change for change in conflict if change.label != file_label]
        file_to_choose_again = form.upload_data is not None
    elif request.method == "GET":
        form.version.data = output.version
    return render(
        "outputs/form.html",
        status=status_of(form, conflict),
        form=form,
        output=output,
        event=event,
        project=event.project,
        conflict=conflict,
        file_to_choose_again=file_to_choose_again,
        accept=ACCEPT,
        max_size=max_upload_size(),
    )


@bp.route("/outputs/<int:output_id>/delete", methods=["POST"])
def delete(output_id: int):
    output = _get_output(output_id, "output.edit")
    if not EmptyForm().validate_on_submit():
        abort(400)
    from collab.trash.notice import flash_moved_to_trash
    from collab.trash.operations import move_to_trash

    event_id, project = output.event_id, output.event.project
    # The file stays while the output is in the trash; emptying the trash lets it go.
    move_to_trash(output, current_user)
    flash_moved_to_trash(project)
    return redirect(url_for("outputs.index", event_id=event_id), 303)


@bp.route("/outputs/<int:output_id>/handbook", methods=["POST"])
def toggle_handbook(output_id: int):
    output = _get_output(output_id, "output.edit")
    if not EmptyForm().validate_on_submit():
        abort(400)
    output.for_handbook = not output.for_handbook
    # An edit like any other: a form opened before it is out of date.
    output.version += 1
    db.session.flush()
    if is_htmx():
        return _index(output.event, block="output_item", output=output)
    return redirect(
        url_for("outputs.index", event_id=output.event_id, _anchor=f"output-{output.id}"), 303
    )


def _attachment(response: Response, name: str) -> None:
    """Content-Disposition: attachment, with a UTF-8 name (filename*) where it needs one,
    as Werkzeug's send_file writes it."""
    try:
        name.encode("ascii")
    except UnicodeEncodeError:
        simple = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
        quoted = quote(name, safe="!#$&+-.^_`|~")
        names = {"filename": simple, "filename*": f"UTF-8''{quoted}"}
    else:
        names = {"filename": name}
    response.headers.set("Content-Disposition", "attachment", **names)


def _chunks(open_file):
    """The file's bytes, opened only once the server starts sending and closed however the
    sending ends (a visitor who cancels a download leaves no open file behind)."""
    with open_file() as file:
        while chunk := file.read(CHUNK):
            yield chunk


@bp.route("/outputs/<int:output_id>/download")
def download(output_id: int):
    output = _get_output(output_id)
    stored = output.file
    if stored is None:
        abort(404)
    path = path_of(stored)
    if not path.exists():
        current_app.logger.error("File of output %s is missing: %s", output.id, path)
        abort(404)
    name = output.filename or "file"
    if stored.content_type in ALLOWED:
        name = corrected_name(name, ALLOWED[stored.content_type])
    response = Response(
        _chunks(partial(path.open, "rb")), mimetype=stored.content_type, direct_passthrough=True
    )
    response.content_length = stored.size
    _attachment(response, name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=0"
    # The bytes never change under a hash: it is the best possible ETag.
    response.set_etag(stored.sha256)
    return response.make_conditional(request)


@bp.route("/outputs/<int:output_id>/thumbnail")
def thumbnail(output_id: int):
    output = _get_output(output_id)
    path = thumbnail_of(output.file) if output.file is not None else None
    if path is None:
        abort(404)
    response = Response(path.read_bytes(), mimetype="image/jpeg")
    # Pages ask for it with ?v=<the file's hash>: a new file is a new address.
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


def _send_package(spool, name: str) -> Response:
    size = spool.seek(0, 2)
    spool.seek(0)
    response = Response(_chunks(lambda: spool), mimetype="application/zip", direct_passthrough=True)
    response.content_length = size
    _attachment(response, name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _viewable(outputs: list[Output]) -> list[Output]:
    """Leave out what the reader may not open (another organisation's signed lists)."""
    return [output for output in outputs if can(current_user, "output.view", output)]


def _may_see_private(output: Output) -> bool:
    return can(current_user, "output.edit", output)


@bp.route("/events/<int:event_id>/outputs.zip")
def package_event(event_id: int):
    event = get_event(current_user, event_id)
    spool = write_package(event.project, _viewable(event_outputs(event.id)), _may_see_private)
    return _send_package(spool, package_name(event.project, event))


@bp.route("/projects/<int:project_id>/outputs.zip")
def package_project(project_id: int):
    project = get_project(current_user, project_id)
    spool = write_package(project, _viewable(project_outputs(project.id)), _may_see_private)
    return _send_package(spool, package_name(project))
