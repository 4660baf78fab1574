"""One-time links to set a new password, made by an admin or a coordinator.

The app sends no e-mail: the person who makes the link passes it on. A link is signed
(itsdangerous, with the SECRET_KEY), expires after PASSWORD_RESET_HOURS, and names the
account together with a fingerprint of its password hash and session id. Setting a password
changes both, and so does logging out or being deactivated: a used link, or one made before
any of these, no longer matches and is dead. Nothing about a link is stored.
"""

import hashlib
import hmac

from flask import current_app, url_for
from itsdangerous import BadData, URLSafeTimedSerializer

from collab.auth.models import User
from collab.extensions import db

SALT = "collab.password-reset"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    # Keyed, so the link shows nothing that could be tried against the password hash.
    key = f"{SALT}:{current_app.config['SECRET_KEY']}".encode()
    message = f"{user.password_hash}\0{user.session_token}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def make_reset_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "check": _fingerprint(user)})


def reset_link(user: User) -> str:
    """The whole address to give the person, on this site."""
    return url_for("auth.reset", token=make_reset_token(user), _external=True)


def max_age_seconds() -> int:
    return int(current_app.config["PASSWORD_RESET_HOURS"]) * 3600


def user_for_reset(token: str) -> User | None:
    """The active account whose link this is, or None: forged, expired, used or outdated."""
    try:
        data = _serializer().loads(token, max_age=max_age_seconds())
    except BadData:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    user = db.session.get(User, data["user"])
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(str(data.get("check", "")), _fingerprint(user)):
        return None
    return user
