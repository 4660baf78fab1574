"""What every response carries, and the rule that every page needs a login unless marked public."""

from flask import current_app, request
from flask_login import current_user

from collab.extensions import login_manager

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)

# For everything that is not one of our pages (downloads, thumbnails, exports, QR codes):
# whatever a file holds, opened on its own it runs nothing and loads nothing, and a
# sandboxed document has an origin of its own, so it can read no cookie and no page of ours.
DOWNLOAD_CSP = "default-src 'none'; sandbox"
# Browsers show a PDF with a built-in viewer that a sandbox would block (Chrome refuses to
# open it): a PDF shown in the browser gets everything but the sandbox.
INLINE_PDF_CSP = "default-src 'none'"


def is_download(response) -> bool:
    """A file rather than one of our pages: an attachment, or anything that is not HTML."""
    disposition = response.headers.get("Content-Disposition", "")
    return disposition.lower().startswith("attachment") or response.mimetype != "text/html"


def _download_headers(response) -> None:
    headers = response.headers
    disposition = headers.get("Content-Disposition", "").lower()
    inline_pdf = response.mimetype == "application/pdf" and not disposition.startswith("attachment")
    # Set, not setdefault: a file's headers are decided here, whatever the view wrote.
    headers["Content-Security-Policy"] = INLINE_PDF_CSP if inline_pdf else DOWNLOAD_CSP
    headers["X-Content-Type-Options"] = "nosniff"
    # Other sites may not embed our files (an <img> or <script> elsewhere pointing here).
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")


def public(view):
    """Mark a view as reachable without logging in (login page, check-in pages)."""
    view.is_public = True
    return view


def is_public_endpoint(endpoint: str | None) -> bool:
    if endpoint is None or endpoint == "static":
        return True
    view = current_app.view_functions.get(endpoint)
    return bool(getattr(view, "is_public", False))


def init_app(app):
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"

    @login_manager.unauthorized_handler
    def _unauthorized():
        from flask import redirect, url_for
        from flask_babel import gettext

        from collab.htmx import is_htmx

        target = url_for("auth.login", next=request.full_path.rstrip("?"))
        if is_htmx():
            # A fragment request cannot show a login page: send the browser there.
            return "", 401, {"HX-Redirect": target}
        from flask import flash

        flash(gettext("Please log in to see this page."), "info")
        return redirect(target)

    @app.before_request
    def _require_login():
        # Fail closed: a new route is private until someone marks it public.
        if is_public_endpoint(request.endpoint):
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None

    @app.after_request
    def _headers(response):
        headers = response.headers
        if is_download(response):
            _download_headers(response)
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["COLLAB_ENV"] == "production":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if current_user.is_authenticated and request.endpoint != "static":
            # Pages of a logged-in person hold project data: never keep them in shared caches.
            headers.setdefault("Cache-Control", "private, no-cache")
        return response
