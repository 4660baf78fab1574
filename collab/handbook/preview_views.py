"""STUB written by the lead: Helper B replaces it (keep endpoint names and URLs)."""

from flask import abort

from collab.handbook import bp


@bp.route("/projects/<int:project_id>/handbook/preview")
def preview(project_id: int):
    abort(404)


@bp.route("/projects/<int:project_id>/handbook/translations")
def translation_report(project_id: int):
    abort(404)
