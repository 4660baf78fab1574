"""Projects: the list, the overview, and editing the project, its partners and indicators."""

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from collab.extensions import db
from collab.forms import EmptyForm, options, status_of
from collab.htmx import is_htmx, render
from collab.locking import save
from collab.organisations.models import Organisation
from collab.policy import can, get_project, require, visible_projects
from collab.projects import bp
from collab.projects.forms import IndicatorForm, PartnerForm, ProjectForm
from collab.projects.models import Indicator, Partner, Project
from collab.reporting.measures import MEASURES, describe_filters, indicator_progress


def _partner_form(project: Project, formdata=None) -> PartnerForm:
    form = PartnerForm(formdata=formdata)
    taken = {p.organisation_id for p in project.partners}
    organisations = db.session.scalars(
        select(Organisation).order_by(Organisation.country, func.lower(Organisation.name))
    )
    form.organisation_id.choices = options(
        (o.id, f"{o.name} ({o.country})") for o in organisations if o.id not in taken
    )
    return form


def _overview(project: Project, status: int = 200, block: str | None = None, **forms):
    """The project page, or one of its blocks, with the edit forms it shows."""
    editable = can(current_user, "project.edit", project)
    context = {
        "project": project,
        "today": date.today(),
        "editable": editable,
        "action_form": EmptyForm(),
        # Figures of the indicators bound to a measure, counted live (and the typed ones).
        "progress": {p.indicator.id: p for p in indicator_progress(project)},
        "measures": MEASURES,
        "describe_filters": describe_filters,
    }
    if editable:
        context["partner_form"] = forms.pop("partner_form", None) or _partner_form(project)
        context["indicator_form"] = forms.pop("indicator_form", None) or IndicatorForm(
            formdata=None, prefix="new"
        )
    context.update(forms)
    return render("projects/show.html", block, status=status, **context)


@bp.route("/projects")
def index():
    query = (
        visible_projects(current_user)
        .options(selectinload(Project.partners).joinedload(Partner.organisation))
        .order_by(Project.start_date.desc())
    )
    projects = db.session.scalars(query).unique().all()
    return render("projects/index.html", projects=projects)


@bp.route("/projects/new", methods=["GET", "POST"])
def create():
    require(current_user, "project.create")
    form = ProjectForm()
    if form.validate_on_submit():
        if db.session.scalar(select(Project.id).where(Project.code == form.code.data)):
            form.code.errors.append(_("A project with this code already exists."))
        else:
            project = Project()
            form.populate_obj(project)
            if current_user.organisation_id:
                # Whoever creates a project takes part in it, or they could not see it.
                project.partners.append(
                    Partner(organisation_id=current_user.organisation_id, role="lead")
                )
            db.session.add(project)
            db.session.flush()
            flash(_("Project %(code)s created.", code=project.code), "success")
            return redirect(url_for("projects.show", project_id=project.id))
    return render("projects/form.html", form=form, project=None, status=status_of(form))


@bp.route("/projects/<int:project_id>")
def show(project_id: int):
    return _overview(get_project(current_user, project_id))


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
def edit(project_id: int):
    project = get_project(current_user, project_id)
    require(current_user, "project.edit", project)
    form = ProjectForm(obj=project)
    conflict = None
    if form.validate_on_submit():
        duplicate = select(Project.id).where(
            Project.code == form.code.data, Project.id != project.id
        )
        if db.session.scalar(duplicate):
            form.code.errors.append(_("A project with this code already exists."))
        else:
            conflict = save(form, project)
            if conflict is None:
                flash(_("Changes saved."), "success")
                return redirect(url_for("projects.show", project_id=project.id))
    elif request.method == "GET":
        form.version.data = project.version
    status = status_of(form, conflict)
    return render(
        "projects/form.html", form=form, project=project, conflict=conflict, status=status
    )


def _editable_project(project_id: int) -> Project:
    project = get_project(current_user, project_id)
    require(current_user, "project.edit", project)
    return project


def _back_to_project(project: Project, block: str, anchor: str, **forms):
    """After a change: htmx gets the updated block, a plain form a redirect to the page."""
    if is_htmx():
        return _overview(project, block=block, **forms)
    return redirect(url_for("projects.show", project_id=project.id, _anchor=anchor), 303)


@bp.route("/projects/<int:project_id>/partners", methods=["POST"])
def add_partner(project_id: int):
    project = _editable_project(project_id)
    form = _partner_form(project, request.form)
    if not form.validate_on_submit():
        return _overview(project, status=400, block="partners", partner_form=form)
    project.partners.append(
        Partner(
            organisation_id=form.organisation_id.data,
            role=form.role.data,
            budget=form.budget.data,
            position=len(project.partners),
        )
    )
    db.session.flush()
    return _back_to_project(project, "partners", "partners")


@bp.route("/projects/<int:project_id>/partners/<int:partner_id>/delete", methods=["POST"])
def remove_partner(project_id: int, partner_id: int):
    project = _editable_project(project_id)
    partner = db.session.get(Partner, partner_id)
    if partner is None or partner.project_id != project.id or not EmptyForm().validate_on_submit():
        abort(404 if partner is None or partner.project_id != project.id else 400)
    if partner.organisation_id == current_user.organisation_id and not current_user.is_admin:
        flash(_("You cannot remove your own organisation: you would lose access."), "error")
    else:
        project.partners.remove(partner)
        db.session.flush()
    return _back_to_project(project, "partners", "partners")


def _get_indicator(project: Project, indicator_id: int) -> Indicator:
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None or indicator.project_id != project.id:
        abort(404)
    return indicator


@bp.route("/projects/<int:project_id>/indicators", methods=["POST"])
def add_indicator(project_id: int):
    project = _editable_project(project_id)
    form = IndicatorForm(prefix="new")
    if not form.validate_on_submit():
        return _overview(project, status=400, block="indicators", indicator_form=form)
    indicator = Indicator(position=len(project.indicators))
    form.populate_obj(indicator)
    project.indicators.append(indicator)
    db.session.flush()
    return _back_to_project(project, "indicators", "indicators")


@bp.route("/projects/<int:project_id>/indicators/<int:indicator_id>", methods=["GET", "POST"])
def edit_indicator(project_id: int, indicator_id: int):
    """Click to edit: the row turns into a form, and back into a row once saved."""
    project = _editable_project(project_id)
    indicator = _get_indicator(project, indicator_id)
    form = IndicatorForm(obj=indicator, prefix=f"indicator{indicator.id}")
    conflict = None
    if request.method == "GET":
        form.version.data = indicator.version
    elif form.validate_on_submit():
        conflict = save(form, indicator)
        if conflict is None:
            if is_htmx():
                return _overview(project, block="indicator_row", indicator=indicator)
            return redirect(
                url_for(
                    "projects.show", project_id=project.id, _anchor=f"indicator-{indicator.id}"
                ),
                303,
            )
    status = status_of(form, conflict)
    return _overview(
        project,
        status=status,
        block="indicator_row",
        indicator=indicator,
        editing=indicator.id,
        row_form=form,
        conflict=conflict,
    )


@bp.route("/projects/<int:project_id>/indicators/<int:indicator_id>/row")
def indicator_row(project_id: int, indicator_id: int):
    """The row as it is saved (Cancel in the inline editor)."""
    project = _editable_project(project_id)
    indicator = _get_indicator(project, indicator_id)
    return _overview(project, block="indicator_row", indicator=indicator)


@bp.route("/projects/<int:project_id>/indicators/<int:indicator_id>/delete", methods=["POST"])
def delete_indicator(project_id: int, indicator_id: int):
    project = _editable_project(project_id)
    indicator = _get_indicator(project, indicator_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    project.indicators.remove(indicator)
    db.session.flush()
    flash(_("Indicator removed."), "success")
    return _back_to_project(project, "indicators", "indicators")
