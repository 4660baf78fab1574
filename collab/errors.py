"""Error pages in the layout and the reader's language; never a stack trace."""

from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

from collab.htmx import is_htmx

MESSAGES = {
    400: (
        _l("The request could not be understood"),
        _l(
            "Something in the form was missing or out of date. Go back, reload the page "
            "and try again."
        ),
    ),
    403: (
        _l("You may not do this"),
        _l("Your role does not allow this action. Ask your project coordinator if you need it."),
    ),
    404: (_l("Page not found"), _l("There is nothing here, or you do not have access to it.")),
    405: (
        _l("The request could not be understood"),
        _l("This address does not accept this kind of request."),
    ),
    409: (_l("Someone else changed this"), _l("Reload the page to see the latest version.")),
    413: (
        _l("The file is too large"),
        _l(
            "Files of up to %(limit)s MB can be uploaded, and this one is larger. Make it "
            "smaller (for photos, a lower resolution; for a presentation, compressed "
            "pictures) or split it, then try again."
        ),
    ),
    429: (
        _l("Too many attempts"),
        _l("You tried too often in a short time. Wait a few minutes and try again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("Nothing you did caused this. The error has been logged; please try again in a moment."),
    ),
}


def _upload_limit_mb(app) -> str:
    """MAX_CONTENT_LENGTH (set from MAX_UPLOAD_MB) in MB, as the reader writes numbers."""
    from flask_babel import format_decimal

    limit = app.config.get("MAX_CONTENT_LENGTH") or 0
    return format_decimal(round(limit / (1024 * 1024), 1))


def init_app(app):
    from collab.extensions import db
    from collab.htmx import render

    def _page(code: int):
        title, text = MESSAGES.get(code, MESSAGES[500])
        if code == 413:
            text = text % {"limit": _upload_limit_mb(app)}
        if is_htmx():
            return render("errors/_message.html", status=code, code=code, title=title, text=text)
        return render("errors/error.html", status=code, code=code, title=title, text=text)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code == 403:
            from flask import request

            from collab.audit.recording import record_now

            # Kept although the refused request's transaction is rolled back.
            record_now("access_denied", details={"path": request.path, "method": request.method})
        response = _page(error.code if error.code in MESSAGES else 500)
        if error.code == 429:
            response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return _page(InternalServerError.code)
