"""Organisations: admins keep the list every other feature picks from."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import exists, select

from collab.auth.models import User
from collab.database import paginate
from collab.extensions import db
from collab.forms import EmptyForm, status_of
from collab.htmx import render
from collab.locking import save
from collab.organisations import bp
from collab.organisations.forms import OrganisationFilterForm, OrganisationForm
from collab.organisations.models import Organisation, search_organisations
from collab.policy import require
from collab.projects.models import Partner


def _get(organisation_id: int) -> Organisation:
    require(current_user, "organisation.manage")
    return db.session.get(Organisation, organisation_id) or abort(404)


@bp.route("/organisations")
def index():
    require(current_user, "organisation.manage")
    filters = OrganisationFilterForm(request.args)
    query = search_organisations(
        filters.q.data or "", filters.country.data or "", filters.kind.data or ""
    )
    page = paginate(query)
    return render("organisations/index.html", "results", page=page, filters=filters)


@bp.route("/organisations/new", methods=["GET", "POST"])
def create():
    require(current_user, "organisation.manage")
    form = OrganisationForm()
    if form.validate_on_submit():
        organisation = Organisation()
        form.populate_obj(organisation)
        db.session.add(organisation)
        db.session.flush()
        flash(_("Organisation %(name)s added.", name=organisation.name), "success")
        return redirect(url_for("organisations.index"))
    return render("organisations/form.html", form=form, organisation=None, status=status_of(form))


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit(organisation_id: int):
    organisation = _get(organisation_id)
    form = OrganisationForm(obj=organisation)
    conflict = None
    if form.validate_on_submit():
        conflict = save(form, organisation)
        if conflict is None:
            flash(_("Changes saved."), "success")
            return redirect(url_for("organisations.index"))
    elif request.method == "GET":
        form.version.data = organisation.version
    status = status_of(form, conflict)
    return render(
        "organisations/form.html",
        form=form,
        organisation=organisation,
        conflict=conflict,
        delete_form=EmptyForm(),
        status=status,
    )


@bp.route("/organisations/<int:organisation_id>/delete", methods=["POST"])
def delete(organisation_id: int):
    organisation = _get(organisation_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    in_use = db.session.scalar(
        select(
            exists().where(Partner.organisation_id == organisation.id)
            | exists().where(User.organisation_id == organisation.id)
        )
    )
    if in_use:
        flash(
            _(
                "Organisation %(name)s was not deleted: it has user accounts or takes part"
                " in a project.",
                name=organisation.name,
            ),
            "error",
        )
        return redirect(url_for("organisations.edit", organisation_id=organisation.id), 303)
    db.session.delete(organisation)
    flash(_("Organisation %(name)s deleted.", name=organisation.name), "success")
    return redirect(url_for("organisations.index"), 303)
