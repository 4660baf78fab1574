"""STUB written by the lead: Helper A replaces it (keep endpoint names and URLs)."""

from flask import abort

from collab.handbook import bp


@bp.route("/projects/<int:project_id>/handbook")
def plan(project_id: int):
    abort(404)
