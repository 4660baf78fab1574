"""The audit log: every change of a project's data is recorded with who, when and what, in
the same transaction; refused accesses, logins, failed logins and logouts too; and never a
password, a token or a participant's personal data."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from collab.attendance.models import Attendance, Participant
from collab.audit.models import AuditEntry
from collab.audit.recording import record_now
from collab.audit.tracking import NOT_TRACKED, TRACKED
from collab.challenges.models import Challenge
from collab.database import utcnow
from collab.events.models import Event
from collab.extensions import db
from collab.outputs.models import Output
from tests.conftest import PASSWORD, login

HTMX = {"HX-Request": "true"}


def last_id() -> int:
    return db.session.scalar(select(func.max(AuditEntry.id))) or 0


def entries_after(mark: int, **where) -> list[AuditEntry]:
    """Entries written since `mark`, oldest first (optionally only some actions/objects)."""
    db.session.expire_all()
    query = select(AuditEntry).where(AuditEntry.id > mark)
    for name, value in where.items():
        query = query.where(getattr(AuditEntry, name) == value)
    return db.session.scalars(query.order_by(AuditEntry.id)).all()


def changes_of(entries) -> list[tuple]:
    return [(e.action, e.object_type, e.object_id) for e in entries]


def event_form(world, **changes) -> dict:
    data = {
        "title-en": "Innovation camp in Ventspils",
        "kind": "camp",
        "status": "held",
        "start_date": "2021-09-15",
        "end_date": "2021-09-16",
        "venue": "Zinātnes centrs VIZIUM",
        "town": "Ventspils",
        "country": "LV",
        "organiser_id": str(world.lv.id),
        "themes": [str(world.theme.id)],
        "version": "1",
    }
    data.update(changes)
    return data


@pytest.fixture
def coordinator(client, world):
    login(client, world.users["coordinator"])
    return client


# --- Changes through the real views --------------------------------------------------------


def test_editing_an_event_records_one_entry_with_who_when_and_before_after(coordinator, world):
    mark = last_id()
    started = utcnow()

    response = coordinator.post(
        f"/events/{world.event.id}/edit",
        data=event_form(world, **{"title-en": "Innovation camp on cycling", "town": "Kuldīga"}),
    )

    assert response.status_code == 303
    [entry] = entries_after(mark)
    assert (entry.action, entry.object_type, entry.object_id) == ("update", "event", world.event.id)
    assert entry.user_id == world.users["coordinator"].id
    assert entry.organisation_id == world.lv.id
    assert entry.project_id == world.project.id
    assert started - timedelta(seconds=1) <= entry.at <= utcnow()
    assert entry.at.utcoffset() == timedelta(0)
    # The version, the timestamps and the search index are bookkeeping, not changes.
    assert entry.details == {
        "changes": {
            "title": [{"en": "Innovation camp in Ventspils"}, {"en": "Innovation camp on cycling"}],
            "town": ["Ventspils", "Kuldīga"],
        }
    }


def test_creating_an_event_records_its_values_and_its_new_id(coordinator, world):
    mark = last_id()
    response = coordinator.post(
        f"/projects/{world.project.id}/events/new",
        data={
            "title-en": "Thematic workshop in Liepāja",
            "kind": "workshop",
            "status": "planned",
            "start_date": "2021-03-10",
            "country": "LV",
            "organiser_id": str(world.lv.id),
            "themes": [str(world.theme.id)],
        },
    )
    assert response.status_code == 303
    event = db.session.scalar(select(Event).order_by(Event.id.desc()))
    [entry] = entries_after(mark)
    assert (entry.action, entry.object_type, entry.object_id) == ("create", "event", event.id)
    values = entry.details["values"]
    assert values["title"] == {"en": "Thematic workshop in Liepāja"}
    assert values["kind"] == "workshop" and values["start_date"] == "2021-03-10"
    assert values["themes"] == [{"en": "Climate adaptation", "lv": "Klimata pielāgošanās"}]
    assert values["checkin_token"] == "changed"
    assert "created_at" not in values and "version" not in values


def test_a_form_with_mistakes_records_nothing(coordinator, world):
    mark = last_id()
    response = coordinator.post(
        f"/events/{world.event.id}/edit",
        data=event_form(world, **{"title-en": "", "town": "Kuldīga"}),
    )
    assert response.status_code == 400
    assert entries_after(mark) == []


def test_a_failed_request_takes_its_entries_with_it(app, world):
    """An entry is written in the transaction of its change: a rollback leaves neither."""
    mark = last_id()
    world.event.town = "Talsi"
    db.session.flush()
    db.session.rollback()
    assert entries_after(mark) == []
    world.event.town = "Talsi"
    db.session.commit()
    [entry] = entries_after(mark)
    assert entry.details["changes"] == {"town": ["Ventspils", "Talsi"]}
    # Made on the command line: no one, and said so.
    assert entry.user_id is None and entry.details["via"] == "command"


def test_a_challenge_is_recorded_when_created_edited_and_deleted(coordinator, world):
    mark = last_id()
    data = {
        "title-en": "Bus lines stop at the border",
        "theme_id": world.theme.id,
        "regions": "both",
        "identified_at_id": world.event.id,
        "analysed_at": [world.lt_event.id],
        "for_handbook": "y",
        "handbook_chapter": "challenges",
    }
    assert (
        coordinator.post(f"/projects/{world.project.id}/challenges/new", data=data).status_code
        == 303
    )
    challenge = db.session.scalar(select(Challenge).order_by(Challenge.id.desc()))
    [created] = entries_after(mark, object_type="challenge")
    assert (created.action, created.object_id) == ("create", challenge.id)
    assert created.project_id == world.project.id
    assert created.details["values"]["title"] == {"en": "Bus lines stop at the border"}
    assert created.details["values"]["analysed_at"] == [
        {"en": "Seminar on the public-service quality standard"}
    ]
    assert created.details["values"].get("client_key") in (None, "changed")

    mark = last_id()
    edited = {**data, "title-en": "Buses stop at the border", "version": str(challenge.version)}
    assert coordinator.post(f"/challenges/{challenge.id}/edit", data=edited).status_code == 303
    [updated] = entries_after(mark)
    assert (updated.action, updated.object_type) == ("update", "challenge")
    assert updated.details["changes"] == {
        "title": [{"en": "Bus lines stop at the border"}, {"en": "Buses stop at the border"}]
    }

    mark = last_id()
    challenge_id = challenge.id
    assert coordinator.post(f"/challenges/{challenge_id}/delete").status_code == 303
    deleted = entries_after(mark, object_type="challenge", action="delete")
    assert [(e.object_id, e.project_id, e.user_id) for e in deleted] == [
        (challenge_id, world.project.id, world.users["coordinator"].id)
    ]


def test_an_output_is_recorded_when_added_and_edited(client, world):
    login(client, world.users["facilitator"])
    mark = last_id()
    response = client.post(
        f"/events/{world.event.id}/outputs",
        data={"kind": "note", "title-en": "Table 3", "text-en": "Ferries matter."},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    output = db.session.scalar(select(Output).order_by(Output.id.desc()))
    [created] = entries_after(mark)
    assert (created.action, created.object_type, created.object_id) == (
        "create",
        "output",
        output.id,
    )
    assert created.project_id == world.project.id  # through the output's event
    assert created.organisation_id == world.lv.id

    mark = last_id()
    response = client.post(
        f"/outputs/{output.id}/edit",
        data={
            "kind": "note",
            "title-en": "Table 3, revised",
            "text-en": "Ferries matter.",
            "version": "1",
            "handbook_chapter": "",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    [updated] = entries_after(mark)
    assert updated.details["changes"] == {"title": [{"en": "Table 3"}, {"en": "Table 3, revised"}]}


def attendance_row(attendance, **changes):
    p = attendance.participant
    values = {
        "name": p.name,
        "organisation": p.organisation_label,
        "country": p.country,
        "function": p.function,
        "email": p.email or "",
        "gender": p.gender or "",
        "role": attendance.role,
        "version": p.version,
    }
    values.update(changes)
    return {f"attendance{attendance.id}-{key}": value for key, value in values.items()}


def test_a_participant_is_recorded_without_their_name_or_e_mail(coordinator, world):
    url = f"/events/{world.event.id}/attendance"
    mark = last_id()
    response = coordinator.post(
        url,
        data={
            "new-name": "Jānis Paraugs",
            "new-organisation": "",
            "new-country": "LV",
            "new-function": "planner",
            "new-email": "janis.paraugs@example.lv",
            "new-gender": "male",
            "new-role": "speaker",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    janis = db.session.scalar(select(Participant).where(Participant.name == "Jānis Paraugs"))
    attendance = db.session.scalar(select(Attendance).where(Attendance.participant_id == janis.id))
    entries = entries_after(mark)
    assert changes_of(entries) == [
        ("create", "participant", janis.id),
        ("create", "attendance", attendance.id),
    ]
    person = entries[0].details["values"]
    assert person["name"] == person["email"] == person["gender"] == "changed"
    assert person["country"] == "LV" and person["function"] == "planner"
    assert entries[1].details["values"]["role"] == "speaker"
    assert {e.project_id for e in entries} == {world.project.id}

    mark = last_id()
    response = coordinator.post(
        f"{url}/{attendance.id}",
        data=attendance_row(
            attendance,
            name="Jānis Paraugs-Ozols",
            email="j.ozols@example.lv",
            role="organiser",
            consent_named="y",
        ),
        headers=HTMX,
    )
    assert response.status_code == 200
    entries = entries_after(mark)
    by_object = {e.object_type: e.details["changes"] for e in entries}
    assert set(by_object) == {"participant", "attendance"}
    assert by_object["participant"]["name"] == "changed"
    assert by_object["participant"]["email"] == "changed"
    assert by_object["participant"]["consent_named"] == [False, True]
    assert by_object["attendance"] == {"role": ["speaker", "organiser"]}

    mark = last_id()
    attendance_id, janis_id = attendance.id, janis.id
    assert coordinator.post(f"{url}/{attendance_id}/delete").status_code == 303
    entries = entries_after(mark)
    assert sorted(changes_of(entries)) == [
        ("delete", "attendance", attendance_id),
        ("delete", "participant", janis_id),
    ]
    last = next(e for e in entries if e.object_type == "participant").details["values"]
    assert last["name"] == "changed" and last["country"] == "LV"


def test_an_import_in_bulk_records_every_row(coordinator, world):
    """Bulk inserts skip the ORM's per-row events; they are recorded from the ids."""
    mark = last_id()
    rows = [
        {
            "project_id": world.project.id,
            "name": f"Persona {n}",
            "name_key": f"persona {n}",
            "country": "LT",
            "function": "ngo",
            "email": f"p{n}@example.lt",
        }
        for n in range(3)
    ]
    returned = db.session.execute(insert(Participant).returning(Participant.id), rows).all()
    db.session.execute(
        insert(Attendance),
        [
            {
                "event_id": world.lt_event.id,
                "participant_id": pid,
                "role": "participant",
                "recorded": "import",
            }
            for (pid,) in returned
        ],
    )
    db.session.commit()
    entries = entries_after(mark)
    assert (
        sorted((e.object_type, e.action) for e in entries)
        == [("attendance", "create")] * 3 + [("participant", "create")] * 3
    )
    assert {e.project_id for e in entries} == {world.project.id}
    assert "Persona" not in json.dumps([e.details for e in entries])


# --- Refusals, logins, logouts ------------------------------------------------------------


def test_a_refused_access_is_recorded_with_the_path_although_the_request_is_rolled_back(
    client, world
):
    member = world.users["member"]
    login(client, member)
    mark = last_id()

    response = client.post(f"/events/{world.event.id}/edit", data=event_form(world))

    assert response.status_code == 403
    [entry] = entries_after(mark)
    assert entry.action == "access_denied"
    assert entry.user_id == member.id and entry.organisation_id == world.lt.id
    assert entry.details == {"path": f"/events/{world.event.id}/edit", "method": "POST"}
    assert db.session.get(Event, world.event.id).version == 1  # nothing else saved


def test_record_now_keeps_the_entry_and_drops_the_unsaved_changes(app, world):
    mark = last_id()
    world.event.town = "Talsi"
    db.session.flush()
    record_now("access_denied", details={"path": "/somewhere", "method": "GET"})
    db.session.rollback()
    entries = entries_after(mark)
    assert [e.action for e in entries] == ["access_denied"]
    assert db.session.get(Event, world.event.id).town == "Ventspils"


def test_login_failed_login_and_logout_are_recorded(client, world):
    member = world.users["member"]
    mark = last_id()

    assert login(client, member, password="not the password").status_code == 400
    assert login(client, "nobody@example.org", password="whatever").status_code == 400
    assert login(client, member).status_code == 302
    assert client.post("/logout").status_code == 302

    entries = entries_after(mark)
    assert [(e.action, e.user_id) for e in entries if e.action != "update"] == [
        ("login_failed", member.id),
        ("login_failed", None),
        ("login", member.id),
        ("logout", member.id),
    ]
    assert all(e.organisation_id == world.lt.id for e in entries if e.user_id == member.id)
    text = json.dumps([e.details for e in entries])
    assert "nobody@example.org" not in text and "not the password" not in text
    # Logging out ends every session: the account's change is the member's, not no one's.
    [account] = [e for e in entries if e.action == "update"]
    assert account.object_type == "user_account" and account.user_id == member.id
    assert account.details["changes"] == {"session_token": "changed"}


# --- What never enters the log ----------------------------------------------------------


def test_no_password_token_or_personal_data_of_a_participant_is_ever_in_the_log(make_app, world):
    app = make_app()
    staff, phone = app.test_client(), app.test_client()
    facilitator = world.users["facilitator"]
    login(staff, facilitator)
    event_url = f"/events/{world.event.id}"
    old_token = world.event.checkin_token

    # Check-in opened, a new link, and a participant checking in from a phone.
    assert staff.post(f"{event_url}/checkin/open").status_code == 303
    assert staff.post(f"{event_url}/checkin/renew").status_code == 303
    db.session.expire_all()
    new_token = db.session.get(Event, world.event.id).checkin_token
    response = phone.post(
        f"/checkin/{new_token}",
        data={
            "name": "Ģirts Ķēniņš",
            "organisation": "Saldus novada pašvaldība",
            "country": "LV",
            "function": "planner",
            "email": "girts.kenins@example.lv",
            "consent_reporting": "y",
            "consent_named": "y",
        },
    )
    assert response.status_code in (200, 303)
    # Someone added by hand, with an e-mail, and renamed.
    staff.post(
        f"{event_url}/attendance",
        data={
            "new-name": "Aija Ābele",
            "new-organisation": "Kuldīgas novads",
            "new-country": "LV",
            "new-function": "politician",
            "new-email": "aija.abele@example.lv",
            "new-gender": "female",
            "new-role": "participant",
        },
    )
    # A password changed, and the project's calendar link made.
    changed = staff.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "quiet river behind the mill",
            "confirm": "quiet river behind the mill",
        },
    )
    assert changed.status_code == 302
    staff.get(f"/projects/{world.project.id}/events")

    db.session.expire_all()
    entries = db.session.scalars(select(AuditEntry)).all()
    text = json.dumps([e.details for e in entries], ensure_ascii=False)
    users = [db.session.get(type(facilitator), u.id) for u in world.users.values()]
    participants = db.session.scalars(select(Participant)).all()
    project = db.session.get(type(world.project), world.project.id)
    secrets = [old_token, new_token, PASSWORD, "quiet river behind the mill"]
    secrets += [u.password_hash for u in users] + [u.session_token for u in users]
    secrets += [project.calendar_token] if project.calendar_token else []
    for p in participants:
        secrets += [p.name, p.email]
    secrets += ["Ģirts", "girts.kenins", "Aija", "aija.abele"]
    assert project.calendar_token and len(participants) == 3
    leaked = [s for s in secrets if s and s in text]
    assert leaked == []
    # And the check-in itself is in the log, from a public page.
    checkin = [e for e in entries if e.object_type == "participant" and e.action == "create"]
    assert any(e.details.get("via") == "public" for e in checkin)


def test_every_table_is_either_tracked_or_left_out_on_purpose(app):
    """A new model must be classified: tracked, or deliberately not (and why, in tracking)."""
    tables = {mapper.local_table.name for mapper in db.Model.registry.mappers}
    assert tables == TRACKED | NOT_TRACKED
    assert not TRACKED & NOT_TRACKED
