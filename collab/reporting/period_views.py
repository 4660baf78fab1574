"""STUB written by the lead: Helper D replaces it (keep endpoint names and URLs)."""

from flask import abort

from collab.reporting import bp


@bp.route("/projects/<int:project_id>/periods", methods=["GET", "POST"])
def periods(project_id: int):
    abort(404)


@bp.route("/projects/<int:project_id>/periods/<int:period_id>")
def period(project_id: int, period_id: int):
    abort(404)


@bp.route("/projects/<int:project_id>/periods/<int:period_id>/report.xlsx")
def period_xlsx(project_id: int, period_id: int):
    abort(404)


@bp.route("/projects/<int:project_id>/periods/<int:period_id>/report.pdf")
def period_pdf(project_id: int, period_id: int):
    abort(404)


@bp.route("/projects/<int:project_id>/indicators/<int:indicator_id>/rows")
def indicator_rows(project_id: int, indicator_id: int):
    abort(404)
