"""Views of attendance imports (placeholder: being built)."""

from flask import abort

from collab.imports import bp


@bp.route("/events/<int:event_id>/attendance/paste")
def paste(event_id: int):
    abort(404)


@bp.route("/events/<int:event_id>/attendance/import")
def upload(event_id: int):
    abort(404)
