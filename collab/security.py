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
