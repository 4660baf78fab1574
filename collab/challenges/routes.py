"""Views of challenges and solutions (placeholder: being built)."""

from flask import abort

from collab.challenges import bp


@bp.route("/projects/<int:project_id>/challenges")
def index(project_id: int):
    abort(404)


@bp.route("/projects/<int:project_id>/challenges/board")
def board(project_id: int):
    abort(404)


@bp.route("/projects/<int:project_id>/challenges/new", methods=["GET", "POST"])
def create(project_id: int):
    abort(404)


@bp.route("/challenges/<int:challenge_id>")
def show(challenge_id: int):
    abort(404)
