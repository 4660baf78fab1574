"""Log in, log out, change your own password, set a new one through a reset link."""

import hashlib
import hmac
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from collab.audit.recording import record_now
from collab.auth import bp
from collab.auth.forms import ChangePasswordForm, LoginForm, ResetForm
from collab.auth.models import User
from collab.auth.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_nobody,
    verify_password,
)
from collab.auth.resets import user_for_reset
from collab.database import utcnow
from collab.extensions import db, limiter
from collab.forms import EmptyForm, status_of
from collab.htmx import render
from collab.security import public


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never send someone elsewhere after logging in."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("main.index")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    """The account an attempt is for, whether it exists or not, as a keyed hash: the
    limiter's storage (Redis) never holds the e-mail addresses people typed."""
    email = (request.form.get("email") or "").strip().lower()
    key = current_app.config["SECRET_KEY"].encode()
    return "account:" + hmac.new(key, email.encode(), hashlib.sha256).hexdigest()[:32]


def _failed(response) -> bool:
    # Only refused attempts count against the account; logging in costs nothing.
    return response.status_code == 400


def _record_failed_login(user: User | None) -> None:
    """Write the failed attempt to the audit log, in a transaction of its own: the answer
    is a 400, whose own transaction is rolled back. Neither the e-mail typed nor the
    password is written."""
    record_now("login_failed", user=user)


def _start_session(user: User, remember: bool) -> None:
    """A new session for `user`: whatever the browser's session held before is dropped, so
    a session planted before logging in (session fixation) carries nothing over."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    login_user(user, remember=remember)


def _end_session() -> None:
    language = session.get("language")
    logout_user()
    session.clear()
    if language:
        session["language"] = language


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            # The same work as for a real account: the time taken tells nothing either.
            verify_nobody(form.password.data)
        elif verify_password(user.password_hash, form.password.data) and user.is_active:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data)
            user.last_login_at = utcnow()
            _start_session(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(_safe_next(request.args.get("next")))
        # One answer for unknown e-mail, wrong password and deactivated account.
        form.password.errors.append(_("The e-mail or the password is not right."))
        _record_failed_login(user)
    return render("auth/login.html", form=form, status=status_of(form))


@bp.route("/logout", methods=["POST"])
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        # Logging out ends the sessions and remember-me cookies of every device: after
        # using a shared computer at a venue, one click is enough.
        current_user.end_all_sessions()
        _end_session()
        flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


def _remembered() -> bool:
    return bool(request.cookies.get(current_app.config["REMEMBER_COOKIE_NAME"]))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        problem = password_problem(
            form.new_password.data, email=current_user.email, name=current_user.name
        )
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("This is not your current password."))
        elif problem:
            form.new_password.errors.append(problem)
        else:
            user = current_user._get_current_object()
            user.password_hash = hash_password(form.new_password.data)
            # Sessions elsewhere (a lost laptop) end; this one continues with the new id,
            # and keeps being remembered if it was.
            user.end_all_sessions()
            db.session.flush()
            _start_session(user, remember=_remembered())
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.index"))
    return render("auth/change_password.html", form=form, status=status_of(form))


def _no_store(response):
    # The address holds the link's secret: no cache keeps the page.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset(token: str):
    user = user_for_reset(token)
    if user is None:
        # One answer for a mistyped, expired, used or invented link.
        return _no_store(render("auth/reset_invalid.html", status=404))
    form = ResetForm()
    if form.validate_on_submit():
        problem = password_problem(form.new_password.data, email=user.email, name=user.name)
        if problem:
            form.new_password.errors.append(problem)
        else:
            user.password_hash = hash_password(form.new_password.data)
            # Every session of the account ends, and the new fingerprint kills the link.
            user.end_all_sessions()
            if current_user.is_authenticated and current_user.id == user.id:
                _end_session()
            flash(_("Your new password is set. Log in with it."), "success")
            return redirect(url_for("auth.login"), 303)
    return _no_store(
        render("auth/reset.html", form=form, user=user, token=token, status=status_of(form))
    )
