"""Who may do what: the one place every view asks.

Rules: an admin may do everything; a coordinator manages their organisation's users and
the data of projects their organisation is a partner of; a facilitator edits what their
organisation organises; a member reads the projects their organisation is part of.
Projects a person may not see are answered with 404, so their existence does not leak.
"""

from collections.abc import Callable

from flask import abort
from sqlalchemy import select

from collab.extensions import db
from collab.projects.models import Project, partner_project_ids


def _is_partner(user, project: Project) -> bool:
    if user.organisation_id is None:
        return False
    return any(p.organisation_id == user.organisation_id for p in project.partners)


def _project_view(user, project) -> bool:
    return _is_partner(user, project)


def _project_edit(user, project) -> bool:
    return user.role == "coordinator" and _is_partner(user, project)


def _event_create(user, project) -> bool:
    return user.role in ("coordinator", "facilitator") and _is_partner(user, project)


def _event_edit(user, event) -> bool:
    # The organiser's (and co-organisers') coordinators and facilitators; a partner's
    # coordinator reads everything of the project but edits only what they organised.
    return user.role in ("coordinator", "facilitator") and event.organised_by(user.organisation_id)


def _attendance_view(user, event) -> bool:
    # Names are personal data: the people who organised the event, and the partners'
    # coordinators who report it. Members see the figures only.
    return _event_edit(user, event) or (
        user.role == "coordinator" and _is_partner(user, event.project)
    )


def _participants_view(user, project) -> bool:
    # The project's coordinators and the partners' facilitators: they record people at
    # events, so they can tell whether two records are one person.
    return (user.role == "coordinator" or user.role == "facilitator") and _is_partner(user, project)


def _project_worker(user, project) -> bool:
    # Challenges belong to the whole project: every partner's coordinators and facilitators
    # record and move them, whoever organised the event they came from.
    return user.role in ("coordinator", "facilitator") and _is_partner(user, project)


def _vote_cast(user, vote) -> bool:
    """A participant of the event with an account (their e-mail is on the event's list)."""
    from collab.attendance.models import Attendance, Participant

    if not vote.is_open or not _is_partner(user, vote.event.project):
        return False
    found = db.session.scalar(
        select(Attendance.id)
        .join(Participant, Attendance.participant_id == Participant.id)
        .where(Attendance.event_id == vote.event_id, Participant.email == user.email.lower())
        .limit(1)
    )
    return found is not None


def _user_edit(user, target) -> bool:
    # A coordinator looks after the accounts of their own organisation, never an admin's.
    return (
        user.role == "coordinator"
        and target.organisation_id == user.organisation_id
        and target.role != "admin"
    )


RULES: dict[str, Callable] = {
    "project.create": lambda user, obj: user.role == "coordinator",
    "project.view": _project_view,
    "project.edit": _project_edit,
    "event.create": _event_create,
    "event.view": lambda user, event: _is_partner(user, event.project),
    "event.edit": _event_edit,
    "attendance.view": _attendance_view,
    "attendance.manage": _event_edit,
    "participants.view": _participants_view,
    "challenge.view": lambda user, project: _is_partner(user, project),
    "challenge.create": _project_worker,
    "challenge.edit": lambda user, challenge: _project_worker(user, challenge.project),
    "board.use": lambda user, event: _project_worker(user, event.project),
    # Whoever captures notes on an event's board also uploads what the event produced.
    "output.create": lambda user, event: _project_worker(user, event.project),
    "output.edit": lambda user, output: _project_worker(user, output.event.project),
    # A signed attendance list is a list of people: it follows attendance.view.
    "output.view": lambda user, output: (
        _is_partner(user, output.event.project)
        and (output.kind != "signed_list" or _attendance_view(user, output.event))
    ),
    # The admin's filterable log of everything; each object's history for its editors.
    "audit.view": lambda user, obj: False,
    "trash.manage": _project_edit,
    "participant.export": _project_edit,
    "participant.erase": _project_edit,
    "vote.manage": _event_edit,
    "vote.cast": _vote_cast,
    # The handbook: every partner reads it and its drafts (they name only people who agreed);
    # the partners' coordinators and facilitators edit its plan and compile drafts.
    "handbook.view": lambda user, project: _is_partner(user, project),
    "handbook.edit": _project_worker,
    # Figures, the dashboard, the ecosystem map and the period report hold no names: every
    # partner reads them. Lists of people inside them follow attendance.view per event.
    "report.view": lambda user, project: _is_partner(user, project),
    "report.manage": _project_edit,
    "user.list": lambda user, obj: user.role == "coordinator",
    "user.create": lambda user, obj: user.role == "coordinator",
    "user.edit": _user_edit,
    "organisation.manage": lambda user, obj: False,
}


def can(user, action: str, obj=None) -> bool:
    """Whether `user` may do `action` (on `obj`)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if action not in RULES:
        raise KeyError(f"unknown action {action!r}: add it to collab.policy.RULES")
    if user.role == "admin":
        return True
    return bool(RULES[action](user, obj))


def require(user, action: str, obj=None) -> None:
    """Abort with 403 unless `user` may do `action`."""
    if not can(user, action, obj):
        abort(403)


def visible_projects(user):
    """Select the projects `user` may see."""
    query = select(Project)
    if not user.is_admin:
        query = query.where(Project.id.in_(partner_project_ids(user.organisation_id)))
    return query


def get_project(user, project_id: int) -> Project:
    """The project, or 404 when it does not exist or `user` may not see it."""
    project = db.session.get(Project, project_id)
    if project is None or not can(user, "project.view", project):
        abort(404)
    return project


def get_event(user, event_id: int, action: str = "event.view"):
    """The event, or 404 when it does not exist or `user` may not see its project; 403 when
    they see it but may not do `action`."""
    from collab.events.models import Event

    event = db.session.get(Event, event_id)
    if event is None or not can(user, "event.view", event):
        abort(404)
    require(user, action, event)
    return event


def assignable_roles(user) -> list[str]:
    """Roles `user` may give to an account."""
    # Least privilege first: a form's default is its first option.
    if user.is_admin:
        return ["member", "facilitator", "coordinator", "admin"]
    return ["member", "facilitator", "coordinator"]
