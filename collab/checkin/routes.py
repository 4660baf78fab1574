"""Views of self check-in (placeholder: being built)."""

from flask import abort

from collab.checkin import bp


@bp.route("/events/<int:event_id>/checkin")
def manage(event_id: int):
    abort(404)


@bp.route("/events/<int:event_id>/sign-in-sheet.pdf")
def sign_in_sheet(event_id: int):
    abort(404)
