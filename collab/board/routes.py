"""Views of the workshop board (placeholder: being built)."""

from flask import abort

from collab.board import bp


@bp.route("/events/<int:event_id>/board")
def show(event_id: int):
    abort(404)
