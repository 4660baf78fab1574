"""Log in, log out, change your own password."""

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from collab.auth import bp
from collab.auth.forms import ChangePasswordForm, LoginForm
from collab.auth.models import User
from collab.auth.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_nobody,
    verify_password,
)
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


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            verify_nobody(form.password.data)
        elif verify_password(user.password_hash, form.password.data) and user.is_active:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data)
            user.last_login_at = utcnow()
            login_user(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(_safe_next(request.args.get("next")))
        # One answer for unknown e-mail, wrong password and deactivated account.
        form.password.errors.append(_("The e-mail or the password is not right."))
    return render("auth/login.html", form=form, status=status_of(form))


@bp.route("/logout", methods=["POST"])
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


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
            # Sessions elsewhere (a lost laptop) end; this one continues with the new id.
            user.end_all_sessions()
            db.session.flush()
            login_user(user)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.index"))
    return render("auth/change_password.html", form=form, status=status_of(form))
