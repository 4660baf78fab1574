"""Configuration from the environment, with an embedded default that needs nothing installed."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "lv", "lt")


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'collab.db'}"
    # psycopg 3 is our PostgreSQL driver; accept the usual short spellings.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(instance_path: str, production: bool) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise RuntimeError("SECRET_KEY must be set when COLLAB_ENV=production.")
    # Development: one random key kept in instance/, so sessions survive restarts.
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Return the settings for one app: environment first, then the test's overrides."""
    overrides = overrides or {}
    production = (overrides.get("COLLAB_ENV") or os.environ.get("COLLAB_ENV")) == "production"
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    config = {
        "COLLAB_ENV": "production" if production else "development",
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR") or str(Path(instance_path) / "uploads"),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "50")) * 1024 * 1024,
        # An office document is a ZIP archive: a small upload can unpack to gigabytes.
        "MAX_UNZIPPED_MB": int(os.environ.get("MAX_UNZIPPED_MB", "200")),
        "MAX_ZIP_ENTRIES": int(os.environ.get("MAX_ZIP_ENTRIES", "2000")),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Riga",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        # In production the cookies carry the __Host- prefix: the browser then accepts them
        # only over HTTPS, for the whole site and this host alone (no Domain), so a sibling
        # subdomain cannot plant or overwrite a session.
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "SESSION_COOKIE_PATH": "/",
        "SESSION_COOKIE_DOMAIN": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_NAME": "__Host-remember" if production else "remember_token",
        "REMEMBER_COOKIE_PATH": "/",
        "REMEMBER_COOKIE_DOMAIN": None,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
        # A page left open all day at a workshop must still submit: the token lives
        # as long as the session does.
        "WTF_CSRF_TIME_LIMIT": None,
        # With REDIS_URL the counts live in Redis: every worker process and every host sees
        # the same attempts. Without it each process counts on its own (development).
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        # With REDIS_URL, handbook drafts compile on the RQ queue (`flask collab worker`);
        # without it, in a thread of the web process.
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "RATELIMIT_HEADERS_ENABLED": True,
        # Per address: every attempt counts.
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per 5 minutes"),
        # Per account: failed attempts only, from any address. It only slows a guesser down:
        # the account opens again when the window ends, so nobody is locked out for long.
        "LOGIN_ACCOUNT_RATE_LIMIT": os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "5 per 15 minutes"),
        # An admin-issued link to set a new password works once, for this long.
        "PASSWORD_RESET_HOURS": int(os.environ.get("PASSWORD_RESET_HOURS", "24")),
        # Per address: enough for a tablet at the door, too few for a script filling the list
        # with invented people. Venue Wi-Fi puts many phones behind one address: a large
        # conference may need more.
        "CHECKIN_RATE_LIMIT": os.environ.get("CHECKIN_RATE_LIMIT", "10 per minute;60 per hour"),
        "PASSWORD_MIN_LENGTH": 10,
        "PASSWORD_HASH_PROFILE": "RFC_9106_LOW_MEMORY",
        "ITEMS_PER_PAGE": 25,
    }
    config.update(overrides)
    if "SQLALCHEMY_DATABASE_URI" in overrides:
        config["SQLALCHEMY_DATABASE_URI"] = overrides["SQLALCHEMY_DATABASE_URI"]
    if "SECRET_KEY" not in config:
        config["SECRET_KEY"] = _secret_key(instance_path, production)
    return config
