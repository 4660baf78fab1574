"""STUB written by the lead: Helper C replaces it (keep endpoint names and URLs)."""

from flask import abort

from collab.handbook import bp


@bp.route("/projects/<int:project_id>/handbook/drafts", methods=["POST"])
def compile(project_id: int):
    abort(404)


@bp.route("/projects/<int:project_id>/handbook/drafts/<int:number>")
def draft(project_id: int, number: int):
    abort(404)


@bp.route("/projects/<int:project_id>/handbook/drafts/<int:number>/<fmt>")
def download(project_id: int, number: int, fmt: str):
    abort(404)


@bp.route("/projects/<int:project_id>/handbook/drafts/<int:number>/changes")
def changes(project_id: int, number: int):
    abort(404)
