"""The evidence pack of a reporting period: one ZIP to attach to the partner report."""

from tempfile import SpooledTemporaryFile

from flask import Response, abort
from flask_login import current_user

from collab.extensions import db
from collab.i18n import current_language
from collab.policy import get_project, require
from collab.reporting import bp
from collab.reporting.evidence import CHUNK, IN_MEMORY, pack_name, pack_stream
from collab.reporting.models import ReportingPeriod


@bp.route("/projects/<int:project_id>/periods/<int:period_id>/evidence.zip")
def evidence_pack(project_id: int, period_id: int):
    project = get_project(current_user, project_id)
    require(current_user, "report.view", project)
    period = db.session.get(ReportingPeriod, period_id)
    if period is None or period.project_id != project.id:
        abort(404)
    # Made in full before it is sent, within the request: a pack streamed after the view
    # returned would hold the app's context open past its turn (and a fault half-way would
    # leave the browser with a broken ZIP instead of an error page). Beyond a few MB it
    # waits on disk, not in memory.
    spool = SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - closed by _chunks
    for piece in pack_stream(period.id, current_user.id, current_language()):
        spool.write(piece)
    response = Response(_chunks(spool), mimetype="application/zip", direct_passthrough=True)
    response.content_length = spool.tell()
    spool.seek(0)
    response.headers.set("Content-Disposition", "attachment", filename=pack_name(period))
    # Lists of people inside: no copy in any cache. The CSP of a download
    # (default-src 'none'; sandbox) comes from collab.security.
    response.headers["Cache-Control"] = "no-store"
    return response


def _chunks(spool):
    """The file's bytes, closed however the sending ends."""
    with spool:
        while piece := spool.read(CHUNK):
            yield piece
