"""Views of outputs (placeholder: being built)."""

from flask import abort

from collab.outputs import bp


@bp.route("/events/<int:event_id>/outputs")
def index(event_id: int):
    abort(404)


@bp.route("/outputs/<int:output_id>/download")
def download(output_id: int):
    abort(404)


@bp.route("/events/<int:event_id>/outputs.zip")
def package_event(event_id: int):
    abort(404)


@bp.route("/projects/<int:project_id>/outputs.zip")
def package_project(project_id: int):
    abort(404)
