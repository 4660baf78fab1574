"""The evidence pack of a reporting period: one ZIP to attach to the partner report."""

from flask import Response, abort, stream_with_context
from flask_login import current_user

from collab.extensions import db
from collab.i18n import current_language
from collab.policy import get_project, require
from collab.reporting import bp
from collab.reporting.evidence import pack_name, pack_stream
from collab.reporting.models import ReportingPeriod


@bp.route("/projects/<int:project_id>/periods/<int:period_id>/evidence.zip")
def evidence_pack(project_id: int, period_id: int):
    project = get_project(current_user, project_id)
    require(current_user, "report.view", project)
    period = db.session.get(ReportingPeriod, period_id)
    if period is None or period.project_id != project.id:
        abort(404)
    # Sent while it is made: the download starts at once, and a period with many events
    # shows its progress in the browser instead of a page that waits.
    stream = pack_stream(period.id, current_user.id, current_language())
    response = Response(stream_with_context(stream), mimetype="application/zip")
    response.headers.set("Content-Disposition", "attachment", filename=pack_name(period))
    # Lists of people inside: no copy in any cache. The CSP of a download
    # (default-src 'none'; sandbox) comes from collab.security.
    response.headers["Cache-Control"] = "no-store"
    return response
