"""STUB written by the lead: Helper E replaces it (keep endpoint names and URLs)."""

from flask import abort

from collab.reporting import bp


@bp.route("/projects/<int:project_id>/dashboard")
def dashboard(project_id: int):
    abort(404)


@bp.route("/projects/<int:project_id>/map")
def ecosystem_map(project_id: int):
    abort(404)


@bp.route("/projects/<int:project_id>/map.csv")
def ecosystem_map_csv(project_id: int):
    abort(404)


@bp.route("/projects/<int:project_id>/map/organisations/<int:organisation_id>")
def organisation_events(project_id: int, organisation_id: int):
    abort(404)
