"""Views of attendance (placeholder: the attendance page is being built)."""

from flask import abort

from collab.attendance import bp


@bp.route("/events/<int:event_id>/attendance")
def index(event_id: int):
    abort(404)
