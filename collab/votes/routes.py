"""Views of dot-votes (placeholder: being built)."""

from flask import abort

from collab.votes import bp


@bp.route("/events/<int:event_id>/votes")
def index(event_id: int):
    abort(404)
