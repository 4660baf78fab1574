"""Access rules of attendance.

The list of an event (names are personal data): ATTENDANCE_READERS read it and its exports;
EVENT_EDITORS (the organisers) change it. The participants of a project, their duplicates
and merging: the project's coordinators and admins ("project.edit") and the facilitators of
a partner organisation, who record people at events (attendance.routes._may_see_participants).
Members get 403; the outsider, whose organisation is no partner, 404.
"""

from sqlalchemy import select

from collab.attendance.models import Attendance
from collab.extensions import db
from tests.access import (
    ATTENDANCE_READERS,
    EVENT_EDITORS,
    HIDDEN_PROJECT,
    LOGGED_IN,
    E,
    P,
    Rule,
)
from tests.conftest import make_participant

PARTICIPANT_KEEPERS = {"admin", "coordinator", "facilitator"}


def A(w):  # noqa: N802 - the id of the World's one attendance, like P and E
    return db.session.scalar(select(Attendance.id).where(Attendance.event_id == w.event.id))


def merge_url(w):
    # A second record of the World's participant, typed differently, to merge into the first.
    twin = make_participant(w.project, "ilze berzina", "LV")
    db.session.commit()
    return f"/projects/{P(w)}/participants/merge?keep={w.participant.id}&merge={twin.id}"


def row_data(w):
    prefix = f"attendance{A(w)}-"
    values = {
        "name": "Ilze Bērziņa",
        "organisation": "Kurzemes plānošanas reģions",
        "country": "LV",
        "function": "planner",
        "role": "speaker",
        "version": "1",
    }
    return {prefix + key: value for key, value in values.items()}


def reader(url, allowed=ATTENDANCE_READERS):
    return Rule("GET", url, allowed, hidden=HIDDEN_PROJECT)


def writer(method, url, data=lambda w: {}):
    return Rule(method, url, EVENT_EDITORS, hidden=HIDDEN_PROJECT, data=data)


ACCESS: dict[str, list[Rule]] = {
    "attendance.index": [reader(lambda w: f"/events/{E(w)}/attendance")],
    "attendance.live": [reader(lambda w: f"/events/{E(w)}/attendance/live?since=0")],
    "attendance.add": [
        writer(
            "POST",
            lambda w: f"/events/{E(w)}/attendance",
            data=lambda w: {"new-name": "Jānis Paraugs", "new-function": "planner"},
        )
    ],
    "attendance.edit": [
        writer("GET", lambda w: f"/events/{E(w)}/attendance/{A(w)}"),
        writer("POST", lambda w: f"/events/{E(w)}/attendance/{A(w)}", data=row_data),
    ],
    "attendance.row": [writer("GET", lambda w: f"/events/{E(w)}/attendance/{A(w)}/row")],
    "attendance.remove": [writer("POST", lambda w: f"/events/{E(w)}/attendance/{A(w)}/delete")],
    "attendance.headcount": [
        writer("POST", lambda w: f"/events/{E(w)}/headcount", data=lambda w: {"unnamed_count": "7"})
    ],
    # Organisations are no personal data: anyone logged in may be helped to type one.
    "attendance.suggest_organisations": [
        Rule("GET", lambda w: "/organisations/suggest?q=kurz", LOGGED_IN)
    ],
    "attendance.export_csv": [reader(lambda w: f"/events/{E(w)}/attendance.csv")],
    "attendance.export_xlsx": [reader(lambda w: f"/events/{E(w)}/attendance.xlsx")],
    "attendance.participants": [
        reader(lambda w: f"/projects/{P(w)}/participants", PARTICIPANT_KEEPERS)
    ],
    "attendance.duplicates": [
        reader(lambda w: f"/projects/{P(w)}/participants/duplicates", PARTICIPANT_KEEPERS)
    ],
    "attendance.merge": [
        reader(merge_url, PARTICIPANT_KEEPERS),
        Rule("POST", merge_url, PARTICIPANT_KEEPERS, hidden=HIDDEN_PROJECT),
    ],
}
