"""Turning audit entries into what a person reads: who, what, and each field before → after."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from collab.attendance.models import GENDERS, RECORDED
from collab.attendance.models import ROLES as ATTENDANCE_ROLES
from collab.audit.models import AuditEntry
from collab.audit.tracking import CHANGED
from collab.auth.models import ROLES as USER_ROLES
from collab.auth.models import User
from collab.challenges.models import HANDBOOK_CHAPTERS, REGIONS, SOLUTION_KINDS, Challenge
from collab.challenges.models import STATUSES as CHALLENGE_STATUSES
from collab.events.models import FUNCTIONS, KINDS, STATUSES, AgendaItem, Event, Theme
from collab.extensions import db
from collab.i18n import Translations
from collab.organisations.models import KINDS as ORGANISATION_KINDS
from collab.organisations.models import Organisation
from collab.outputs.models import KINDS as OUTPUT_KINDS
from collab.projects.models import PARTNER_ROLES, Project
from collab.templating import country_name

# What each kind of object is called (its table name is what the log stores).
OBJECT_TYPES = {
    "project": _l("Project"),
    "partner": _l("Partner"),
    "indicator": _l("Indicator"),
    "theme": _l("Theme"),
    "event": _l("Event"),
    "agenda_item": _l("Agenda item"),
    "participant": _l("Participant"),
    "attendance": _l("Attendance"),
    "challenge": _l("Challenge"),
    "solution": _l("Solution"),
    "vote": _l("Vote"),
    "vote_option": _l("Vote option"),
    "dot": _l("Dot"),
    "output": _l("Output"),
    "organisation": _l("Organisation"),
    "user_account": _l("User account"),
    "handbook": _l("Handbook"),
    "handbook_chapter": _l("Handbook chapter"),
    "handbook_section": _l("Handbook section"),
    "reporting_period": _l("Reporting period"),
}

FIELDS = {
    "title": _l("Title"),
    "description": _l("Description"),
    "kind": _l("Kind"),
    "status": _l("Status"),
    "start_date": _l("Start date"),
    "end_date": _l("End date"),
    "venue": _l("Venue"),
    "town": _l("Town"),
    "country": _l("Country"),
    "organiser_id": _l("Organiser"),
    "co_organisers": _l("Co-organisers"),
    "themes": _l("Themes"),
    "target_groups": _l("Target groups"),
    "host_region": _l("Region visited"),
    "sites_visited": _l("Sites visited"),
    "unnamed_count": _l("People not named"),
    "checkin_open": _l("Check-in open"),
    "checkin_token": _l("Check-in link"),
    "calendar_token": _l("Calendar link"),
    "text": _l("Text"),
    "regions": _l("Regions"),
    "theme_id": _l("Theme"),
    "identified_at_id": _l("Identified at"),
    "analysed_at": _l("Analysed at"),
    "set_aside_reason": _l("Reason for setting it aside"),
    "priority": _l("Priority"),
    "for_handbook": _l("For the handbook"),
    "handbook_chapter": _l("Handbook chapter"),
    "where_it_works": _l("Where it works"),
    "proposed_by": _l("Proposed by"),
    "event_id": _l("Event"),
    "agenda_item_id": _l("Agenda item"),
    "publication_consent": _l("Publication consent"),
    "filename": _l("File name"),
    "file_id": _l("File"),
    "created_by_id": _l("Added by"),
    "code": _l("Code"),
    "acronym": _l("Acronym"),
    "programme": _l("Programme"),
    "total_budget": _l("Total budget"),
    "eu_amount": _l("EU funding"),
    "retention_years": _l("Years to keep personal data"),
    "name": _l("Name"),
    "unit": _l("Unit"),
    "target": _l("Target"),
    "achieved": _l("Achieved"),
    "position": _l("Position"),
    "role": _l("Role"),
    "budget": _l("Budget"),
    "organisation_id": _l("Organisation"),
    "email": _l("E-mail"),
    "language": _l("Language"),
    "is_active": _l("Active"),
    "password_hash": _l("Password"),
    "session_token": _l("Sessions"),
    "path": _l("Address"),
    "method": _l("Request"),
    # Facts of the trash and of personal-data actions.
    "label": _l("What it was"),
    "rows": _l("Rows"),
    "left_out": _l("Rows that could not come back"),
    "trash_item": _l("Trash item"),
    "emptied_from_trash": _l("Emptied from the trash"),
    "format": _l("Format"),
    "reason": _l("Reason"),
}

# Codes shown by their label: (object type or None for any, field) → labels.
CODES = {
    ("event", "kind"): KINDS,
    ("event", "status"): STATUSES,
    ("event", "target_groups"): FUNCTIONS,
    ("participant", "function"): FUNCTIONS,
    ("participant", "gender"): GENDERS,
    ("attendance", "role"): ATTENDANCE_ROLES,
    ("attendance", "recorded"): RECORDED,
    ("challenge", "status"): CHALLENGE_STATUSES,
    ("challenge", "regions"): REGIONS,
    ("solution", "kind"): SOLUTION_KINDS,
    ("output", "kind"): OUTPUT_KINDS,
    ("partner", "role"): PARTNER_ROLES,
    ("user_account", "role"): USER_ROLES,
    ("organisation", "kind"): ORGANISATION_KINDS,
    (None, "handbook_chapter"): HANDBOOK_CHAPTERS,
}

# Ids shown by the name of what they point at.
REFERENCES = {
    "organiser_id": Organisation,
    "organisation_id": Organisation,
    "theme_id": Theme,
    "identified_at_id": Event,
    "event_id": Event,
    "agenda_item_id": AgendaItem,
    "challenge_id": Challenge,
    "created_by_id": User,
    "opened_by_id": User,
    "placed_by_id": User,
    "voter_id": User,
    "project_id": Project,
}


def field_label(name: str) -> str:
    """A field's name as people say it: the form's label, else the name made readable."""
    if name in FIELDS:
        return str(FIELDS[name])
    words = name.removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def object_type_label(object_type: str | None) -> str:
    if not object_type:
        return ""
    return str(OBJECT_TYPES.get(object_type, field_label(object_type)))


def _name_of(obj) -> str:
    for attribute in ("acronym", "title", "name"):
        value = getattr(obj, attribute, None)
        if value:
            return str(value)
    return f"#{obj.id}"


class Names:
    """Names of the rows that entries point at, read in one query per kind of row."""

    def __init__(self, entries):
        wanted = defaultdict(set)
        for entry in entries:
            for name, values in _fields(entry.details or {}):
                model = REFERENCES.get(name)
                for value in values:
                    if model is not None and isinstance(value, int) and not isinstance(value, bool):
                        wanted[model].add(value)
        self.names = {}
        for model, ids in wanted.items():
            for obj in db.session.scalars(select(model).where(model.id.in_(sorted(ids)))):
                self.names[(model, obj.id)] = _name_of(obj)

    def get(self, field_name: str, value: int) -> str:
        found = self.names.get((REFERENCES[field_name], value))
        return found if found is not None else _("no. %(id)s (no longer exists)", id=value)


def _fields(details: dict):
    """(field, [values]) of every value an entry holds, for looking up names."""
    for name, value in (details.get("values") or {}).items():
        yield name, [value]
    for name, change in (details.get("changes") or {}).items():
        if isinstance(change, list):
            yield name, change


def shown(object_type: str | None, name: str, value, names: Names | None = None) -> str:
    """One value as a reader sees it: labels for codes, names for ids, dates in their form."""
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(shown(object_type, name, item, names) for item in value)
    if isinstance(value, dict):
        texts = Translations(value)
        if len(texts) == 1:
            return next(iter(texts.values()))
        return " / ".join(f"{lang.upper()}: {text}" for lang, text in texts.items() if text)
    codes = CODES.get((object_type, name)) or CODES.get((None, name))
    if codes and value in codes:
        return str(codes[value])
    if name in REFERENCES and isinstance(value, int):
        return names.get(name, value) if names is not None else f"#{value}"
    if name == "country" and isinstance(value, str):
        return country_name(value)
    if isinstance(value, str) and (name.endswith("_date") or name == "day"):
        try:
            return format_date(date.fromisoformat(value), "medium")
        except ValueError:
            return value
    if isinstance(value, str) and name.endswith("_at"):
        try:
            return format_datetime(datetime.fromisoformat(value), "medium")
        except ValueError:
            return value
    return str(value)


@dataclass
class Change:
    """One field of an entry: before and after (None where the action has no such side)."""

    label: str
    before: str | None = None
    after: str | None = None
    # The value is not kept in the log (a password, a token, a person's name).
    withheld: bool = False


@dataclass
class Line:
    """An entry as a row of a history or of the log."""

    entry: AuditEntry
    who: str
    organisation: str
    action: str
    object_type: str
    changes: list[Change] = field(default_factory=list)


def changes_of(entry: AuditEntry, names: Names) -> list[Change]:
    details = entry.details or {}
    kind = entry.object_type
    result = []
    if "changes" in details:
        for name, change in details["changes"].items():
            if change == CHANGED or not isinstance(change, list):
                result.append(Change(field_label(name), withheld=True))
            else:
                before, after = change
                result.append(
                    Change(
                        field_label(name),
                        shown(kind, name, before, names),
                        shown(kind, name, after, names),
                    )
                )
    if "values" in details:
        for name, value in details["values"].items():
            if name == "id":
                continue
            if value == CHANGED:
                result.append(Change(field_label(name), withheld=True))
            elif entry.action == "delete":
                result.append(Change(field_label(name), before=shown(kind, name, value, names)))
            else:
                result.append(Change(field_label(name), after=shown(kind, name, value, names)))
    for name, value in details.items():
        if name in ("changes", "values", "via"):
            continue
        result.append(Change(field_label(name), after=shown(kind, name, value, names)))
    return result


def describe(entries) -> list[Line]:
    """Lines for `entries`, with the names of people and organisations in two queries."""
    entries = list(entries)
    user_ids = {e.user_id for e in entries if e.user_id is not None}
    organisation_ids = {e.organisation_id for e in entries if e.organisation_id is not None}
    users = (
        {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
        if user_ids
        else {}
    )
    organisations = (
        {
            o.id: o
            for o in db.session.scalars(
                select(Organisation).where(Organisation.id.in_(organisation_ids))
            )
        }
        if organisation_ids
        else {}
    )
    names = Names(entries)
    lines = []
    for entry in entries:
        user = users.get(entry.user_id)
        organisation = organisations.get(entry.organisation_id)
        lines.append(
            Line(
                entry=entry,
                who=who_label(entry, user),
                organisation=organisation.label if organisation is not None else "",
                action=entry.action_label,
                object_type=object_type_label(entry.object_type),
                changes=changes_of(entry, names),
            )
        )
    return lines


def who_label(entry: AuditEntry, user: User | None) -> str:
    if user is not None:
        return user.name
    via = (entry.details or {}).get("via")
    if via == "command":
        return _("a command on the server")
    if via == "public":
        return _("someone not logged in (a public page)")
    if entry.action in ("login_failed", "access_denied"):
        return _("someone not logged in")
    return _("someone whose account was removed")
