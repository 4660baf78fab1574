"""STUB written by the lead: Helper F replaces it (keep endpoint names and URLs)."""

from flask import abort

from collab.reporting import bp


@bp.route("/projects/<int:project_id>/periods/<int:period_id>/evidence.zip")
def evidence_pack(project_id: int, period_id: int):
    abort(404)
