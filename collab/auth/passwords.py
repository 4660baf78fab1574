"""Password hashing (argon2id) and the rules a new password must pass."""

from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from zxcvbn.frequency_lists import FREQUENCY_LISTS


def _hasher() -> PasswordHasher:
    profile = getattr(profiles, current_app.config["PASSWORD_HASH_PROFILE"])
    return PasswordHasher.from_parameters(profile)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


# A dummy hash verified when the e-mail is unknown, so both answers take the same time.
@cache
def _dummy_hash(profile: str) -> str:
    return _hasher().hash("not a real password")


def verify_nobody(password: str) -> None:
    verify_password(_dummy_hash(current_app.config["PASSWORD_HASH_PROFILE"]), password)


@cache
def _common_passwords() -> frozenset[str]:
    # The 30 000 most frequent passwords of real leaks, shipped with zxcvbn.
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why `password` is not acceptable, in the user's language, or None."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _("Use at least %(count)d characters.", count=minimum)
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) < 4:
        return _("This password is too common. Choose one that is harder to guess.")
    personal = [email.lower().split("@")[0], *name.lower().split()]
    if any(part and len(part) >= 4 and part in lowered for part in personal):
        return _("Do not use your name or e-mail address in the password.")
    return None
