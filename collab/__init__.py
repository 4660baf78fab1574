"""Collab: the workspace of a cross-border planning project."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from collab.clean_input import CleanRequest, IdConverter
from collab.config import ROOT, load_config
from collab.extensions import babel, csrf, db, limiter, login_manager, migrate

# Each feature is a package with a blueprint `bp` and its views in `routes`.
FEATURES = (
    "main",
    "auth",
    "users",
    "organisations",
    "projects",
    "events",
    "attendance",
    "imports",
    "checkin",
    "challenges",
    "board",
    "votes",
    "outputs",
    "audit",
    "trash",
    "privacy",
    "reporting",
    "handbook",
)


def create_app(config: dict | None = None) -> Flask:
    """Build the app; tests pass their overrides in `config`."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(load_config(app.instance_path, config))
    # Form and query values come without control characters, which no one types; ids in
    # addresses are no larger than the database stores.
    app.request_class = CleanRequest
    app.url_map.converters["int"] = IdConverter
    if app.config.get("PROXY_FIX") or app.config["COLLAB_ENV"] == "production":
        # Behind one reverse proxy: trust its X-Forwarded-For/-Proto/-Host.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    from collab import database, i18n, security, templating
    from collab.auth.sessions import load_user

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    security.init_app(app)
    templating.init_app(app)

    import importlib
    import importlib.util

    from collab import errors

    for feature in FEATURES:
        if importlib.util.find_spec(f"collab.{feature}.models"):
            importlib.import_module(f"collab.{feature}.models")
        importlib.import_module(f"collab.{feature}.routes")
        app.register_blueprint(importlib.import_module(f"collab.{feature}").bp)
    importlib.import_module("collab.audit.tracking").init_app(app)  # every change is logged
    errors.init_app(app)

    from collab import cli

    cli.init_app(app)
    return app
