"""Accounts: admins manage everyone, coordinators the people of their own organisation."""

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from collab.auth.models import ROLES, User
from collab.auth.passwords import hash_password, password_problem
from collab.auth.resets import reset_link as make_reset_link
from collab.database import paginate
from collab.extensions import db
from collab.forms import EmptyForm, options, status_of
from collab.htmx import render
from collab.locking import save
from collab.organisations.models import Organisation
from collab.policy import assignable_roles, can, require
from collab.users import bp
from collab.users.forms import NewUserForm, ResetPasswordForm, UserForm, UserSearchForm


def _choices(form: UserForm) -> None:
    organisations = select(Organisation).order_by(func.lower(Organisation.name))
    if not current_user.is_admin:
        organisations = organisations.where(Organisation.id == current_user.organisation_id)
    form.organisation_id.choices = options(
        (o.id, o.name) for o in db.session.scalars(organisations)
    )
    form.role.choices = options((role, ROLES[role]) for role in assignable_roles(current_user))


def _get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not can(current_user, "user.edit", user):
        # Accounts of other organisations are not shown to a coordinator at all.
        abort(404)
    return user


def _email_taken(email: str, user_id: int | None = None) -> bool:
    query = select(User.id).where(User.email == email.lower())
    if user_id is not None:
        query = query.where(User.id != user_id)
    return db.session.scalar(query) is not None


@bp.route("/users")
def index():
    require(current_user, "user.list")
    search = UserSearchForm(request.args)
    query = select(User).order_by(func.lower(User.name))
    if not current_user.is_admin:
        query = query.where(User.organisation_id == current_user.organisation_id)
    if search.q.data:
        like = f"%{search.q.data.lower()}%"
        query = query.where(func.lower(User.name).like(like) | User.email.like(like))
    page = paginate(query)
    return render("users/index.html", "results", page=page, search=search)


@bp.route("/users/new", methods=["GET", "POST"])
def create():
    require(current_user, "user.create")
    # Most accounts are for one's own colleagues: start from one's own organisation.
    form = NewUserForm(organisation_id=current_user.organisation_id)
    _choices(form)
    if form.validate_on_submit():
        problem = password_problem(form.password.data, email=form.email.data, name=form.name.data)
        if _email_taken(form.email.data):
            form.email.errors.append(_("An account with this e-mail already exists."))
        elif problem:
            form.password.errors.append(problem)
        else:
            user = User(password_hash=hash_password(form.password.data))
            form.populate_obj(user)
            user.email = user.email.lower()
            user.language = user.language or None
            db.session.add(user)
            db.session.flush()
            flash(_("Account created for %(name)s.", name=user.name), "success")
            return redirect(url_for("users.index"))
    return render("users/form.html", form=form, user=None, status=status_of(form))


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def edit(user_id: int):
    user = _get_user(user_id)
    form = UserForm(obj=user)
    _choices(form)
    conflict = None
    if form.validate_on_submit():
        if _email_taken(form.email.data, user.id):
            form.email.errors.append(_("An account with this e-mail already exists."))
        elif user.id == current_user.id and (
            not form.is_active.data or form.role.data != user.role
        ):
            form.role.errors.append(_("You cannot change your own role or deactivate yourself."))
        else:
            was_active = user.is_active
            conflict = save(form, user)
            if conflict is None:
                user.email = user.email.lower()
                user.language = user.language or None
                if was_active and not user.is_active:
                    user.end_all_sessions()
                flash(_("Changes saved."), "success")
                return redirect(url_for("users.index"))
    elif request.method == "GET":
        form.version.data = user.version
    status = status_of(form, conflict)
    return render("users/form.html", form=form, user=user, conflict=conflict, status=status)


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
def reset_password(user_id: int):
    user = _get_user(user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        problem = password_problem(form.new_password.data, email=user.email, name=user.name)
        if problem:
            form.new_password.errors.append(problem)
        else:
            user.password_hash = hash_password(form.new_password.data)
            user.end_all_sessions()
            flash(_("New password set for %(name)s.", name=user.name), "success")
            return redirect(url_for("users.index"))
    return render("users/reset_password.html", form=form, user=user, status=status_of(form))


@bp.route("/users/<int:user_id>/reset-link", methods=["POST"])
def reset_link(user_id: int):
    """A one-time link for the person to set a new password, shown once to copy: the app
    sends no e-mail, and nothing of the link is stored to show it again."""
    user = _get_user(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not user.is_active:
        flash(
            _("The account of %(name)s is deactivated: activate it first.", name=user.name),
            "error",
        )
        return redirect(url_for("users.edit", user_id=user.id), 303)
    response = render(
        "users/reset_link.html",
        user=user,
        link=make_reset_link(user),
        hours=current_app.config["PASSWORD_RESET_HOURS"],
    )
    # The page holds the secret: no cache, and Back does not show it again.
    response.headers["Cache-Control"] = "no-store"
    return response
