"""A participant's rights, for the project's coordinators: see what the app holds about a
person, give them a copy, erase them, and record that they withdrew consent."""

import json

from flask import abort, flash, make_response, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from collab.attendance.models import GENDERS, RECORDED, ROLES, Attendance, Participant
from collab.database import utcnow
from collab.extensions import db
from collab.forms import EmptyForm
from collab.htmx import is_htmx, render
from collab.organisations.models import KINDS
from collab.policy import can, get_project, require
from collab.privacy import bp, operations
from collab.privacy.forms import WithdrawConsentForm
from collab.privacy.nostore import no_store
from collab.projects.models import Project

PAGE = "privacy/participant.html"


@bp.after_request
def _no_store(response):
    # Every page here is about one person: nothing of it may stay in a cache.
    return no_store(response)


def _participant(participant_id: int, action: str = "participant.export") -> Participant:
    """The participant, or 404 when there is none or their project is hidden; 403 when the
    project is visible but `action` is not allowed."""
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        abort(404)
    project = get_project(current_user, participant.project_id)
    require(current_user, action, project)
    return participant


def _attendances(participant: Participant) -> list[Attendance]:
    found = db.session.scalars(
        select(Attendance)
        .where(Attendance.participant_id == participant.id)
        .options(selectinload(Attendance.event))
    ).all()
    return sorted(found, key=lambda a: (a.event.start_date, a.event_id))


def _consent_form(participant: Participant, submitted: bool = True) -> WithdrawConsentForm:
    form = WithdrawConsentForm() if submitted else WithdrawConsentForm(formdata=None)
    # Only a consent that was given can be withdrawn.
    if not participant.consent_named:
        del form.named
    if not participant.consent_photos:
        del form.photos
    return form


def _context(participant: Participant, **extra) -> dict:
    # Already loaded by _participant: the identity map answers without a query.
    project = db.session.get(Project, participant.project_id)
    values = {
        "participant": participant,
        "project": project,
        "attendances": _attendances(participant),
        "genders": GENDERS,
        "roles": ROLES,
        "recorded": RECORDED,
        "kinds": KINDS,
        "may_erase": can(current_user, "participant.erase", project),
    }
    values.update(extra)
    return values


def _page(participant: Participant, block: str | None = None, status: int = 200, **extra):
    context = _context(participant, **extra)
    if "consent_form" not in context and context["may_erase"]:
        context["consent_form"] = _consent_form(participant, submitted=False)
    return render(PAGE, block, status=status, **context)


@bp.route("/participants/<int:participant_id>")
def participant(participant_id: int):
    """What the app holds about one person, and what can be done about it."""
    return _page(_participant(participant_id))


@bp.route("/participants/<int:participant_id>/export.json")
def export_json(participant_id: int):
    """A machine-readable copy of everything held about the person (GDPR art. 15 and 20)."""
    person = _participant(participant_id)
    data = {"exported_at": utcnow().isoformat(), **operations.participant_data(person)}
    operations.record_export(person, "json")
    response = make_response(json.dumps(data, ensure_ascii=False, indent=2))
    response.mimetype = "application/json"
    filename = f"participant-{person.id}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/participants/<int:participant_id>/export")
def export_html(participant_id: int):
    """The same copy to read or print and hand to the person."""
    person = _participant(participant_id)
    operations.record_export(person, "html")
    return render("privacy/export.html", exported_at=utcnow(), **_context(person))


@bp.route("/participants/<int:participant_id>/erase", methods=["GET", "POST"])
def erase(participant_id: int):
    """Confirm first: what goes and what stays; then erase."""
    person = _participant(participant_id, "participant.erase")
    form = EmptyForm()
    if form.validate_on_submit():
        if operations.erase_participant(person):
            flash(
                _(
                    "The personal data of participant #%(id)s was erased. Their attendance "
                    "stays in the figures.",
                    id=person.id,
                ),
                "success",
            )
        else:
            flash(_("This participant was erased already."), "info")
        return redirect(url_for("privacy.participant", participant_id=person.id), 303)
    return render(
        "privacy/erase.html",
        form=form,
        placeholder=operations.placeholder_name(person),
        **_context(person),
    )


@bp.route("/participants/<int:participant_id>/consent", methods=["POST"])
def withdraw_consent(participant_id: int):
    person = _participant(participant_id, "participant.erase")
    form = _consent_form(person)
    if not form.validate_on_submit():
        return _page(person, "consent", 400, consent_form=form)
    withdrawn = operations.withdraw_consent(person, **form.chosen())
    notice = _("Consent withdrawn.") if withdrawn else _("There was no such consent to withdraw.")
    if is_htmx():
        return _page(person, "consent", consent_notice=notice)
    flash(notice, "success" if withdrawn else "info")
    return redirect(
        url_for("privacy.participant", participant_id=person.id, _anchor="consent"), 303
    )
