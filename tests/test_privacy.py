"""A participant's rights: a coordinator sees what the app holds about a person, gives them a
copy, records a withdrawn consent and erases them; the figures already reported stay."""

import json
from datetime import UTC, datetime

from sqlalchemy import select

from collab.attendance.figures import attendance_figures
from collab.attendance.models import Attendance, Participant
from collab.audit.models import AuditEntry
from collab.extensions import db
from tests.conftest import attend, login, make_participant, make_user, row_counts

HTMX = {"HX-Request": "true"}
EMAIL = "ilze.berzina@kpr.example"
TYPED = "Kuldīgas novada dome, attīstības nodaļa"


def known_person(world) -> Participant:
    """The World's participant with everything a form can record, at both events."""
    person = world.participant
    person.email = EMAIL
    person.gender = "female"
    person.organisation_name = TYPED  # typed besides the known organisation
    person.consent_version = "2026-1"
    person.consent_at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    person.consent_named = True
    person.consent_photos = True
    attend(world.lt_event, person, role="speaker", recorded="checkin")
    db.session.commit()
    return person


def url(person, rest=""):
    return f"/participants/{person.id}{rest}"


def audit(action):
    db.session.expire_all()
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def data_rows() -> dict[str, int]:
    """Rows per table (row_counts leaves out the audit log, which records refusals)."""
    return row_counts()


def log_text() -> str:
    """Every fact of the audit log, as text to search."""
    db.session.expire_all()
    entries = db.session.scalars(select(AuditEntry)).all()
    return json.dumps([e.details for e in entries], ensure_ascii=False)


# --- The participant's page --------------------------------------------------------------


def test_page_shows_everything_held_about_the_person(client, world):
    person = known_person(world)
    login(client, world.users["coordinator"])

    response = client.get(url(person))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in page
    for shown in (
        "Ilze Bērziņa",
        "Kurzemes plānošanas reģions",
        TYPED,
        "Latvia",
        "Municipal spatial-planning or strategic-development specialist",
        EMAIL,
        "Female",
        "2026-1",
        "Innovation camp in Ventspils",
        "Seminar on the public-service quality standard",
        "Speaker",
        "Self check-in",
        "By hand",
    ):
        assert shown in page, shown
    assert "Withdraw consent to be named" in page and "Withdraw consent to photos" in page
    assert url(person, "/export.json") in page and url(person, "/erase") in page


def test_a_person_of_another_project_is_not_found(client, world):
    stranger = make_participant(world.other_project, "Someone Else", "DE")
    db.session.commit()
    login(client, world.users["coordinator"])

    assert client.get(url(stranger)).status_code == 404
    assert client.get("/participants/999999").status_code == 404


def test_who_may_see_a_person(client, world):
    person = world.participant
    # A coordinator of the other partner: personal-data rights belong to every partner's
    # coordinators, not only the organiser's.
    lt_coordinator = make_user("coordinator", world.lt, email="lt-coordinator@example.org")
    db.session.commit()
    expected = {
        lt_coordinator: 200,
        world.users["admin"]: 200,
        world.users["facilitator"]: 403,
        world.users["member"]: 403,
        world.users["outsider"]: 404,
    }
    for user, status in expected.items():
        login(client, user)
        for rest in ("", "/export", "/export.json", "/erase"):
            assert client.get(url(person, rest)).status_code == status, (user.email, rest)
        client.post("/logout")


def test_participants_list_links_to_each_person_for_coordinators_only(client, world):
    login(client, world.users["coordinator"])
    page = client.get(f"/projects/{world.project.id}/participants").get_data(as_text=True)
    assert f'href="{url(world.participant)}"' in page
    assert f'href="{url(world.participant, "/erase")}"' in page
    assert f'href="{url(world.participant, "/export")}"' in page
    # htmx asks for the list alone as people type: the links come with it.
    fragment = client.get(
        f"/projects/{world.project.id}/participants", query_string={"q": "ilze"}, headers=HTMX
    ).get_data(as_text=True)
    assert f'href="{url(world.participant)}"' in fragment
    client.post("/logout")

    login(client, world.users["facilitator"])
    page = client.get(f"/projects/{world.project.id}/participants").get_data(as_text=True)
    assert "Ilze Bērziņa" in page and f"/participants/{world.participant.id}" not in page


# --- Export ------------------------------------------------------------------------------


def test_json_export_holds_everything_and_is_logged_without_the_data(client, world):
    person = known_person(world)
    login(client, world.users["coordinator"])

    response = client.get(url(person, "/export.json"))

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert (
        response.headers["Content-Disposition"]
        == f'attachment; filename="participant-{person.id}.json"'
    )
    data = json.loads(response.get_data(as_text=True))
    held = data["participant"]
    assert held["name"] == "Ilze Bērziņa"
    assert held["email"] == EMAIL
    assert held["gender"] == "female"
    assert held["country"] == "LV" and held["function"] == "planner"
    assert held["organisation"]["name"] == "Kurzemes plānošanas reģions"
    assert held["organisation"]["kind"] == "regional_public_authority"
    assert held["organisation_as_typed"] == TYPED
    assert held["erased_at"] is None
    assert data["consent"] == {
        "version": "2026-1",
        "given_at": "2026-03-02T09:30:00+00:00",
        "named": True,
        "photos": True,
        "withdrawn_at": None,
    }
    attended = {(a["event"]["title"]["en"], a["role"], a["recorded"]) for a in data["attendances"]}
    assert attended == {
        ("Innovation camp in Ventspils", "participant", "hand"),
        ("Seminar on the public-service quality standard", "speaker", "checkin"),
    }
    assert data["project"]["code"] == "LLI-431"

    [entry] = audit("export")
    assert (entry.object_type, entry.object_id) == ("participant", person.id)
    assert entry.project_id == world.project.id
    assert entry.user_id == world.users["coordinator"].id
    assert entry.details["format"] == "json"
    assert "Ilze" not in log_text() and EMAIL not in log_text()


def test_readable_export_shows_the_person_and_is_logged(client, world):
    person = known_person(world)
    login(client, world.users["coordinator"])

    response = client.get(url(person, "/export"))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Personal data of Ilze Bērziņa" in page
    assert EMAIL in page and TYPED in page and "2026-1" in page
    assert "Seminar on the public-service quality standard" in page
    assert "data-print" in page  # a Print button, shown where script runs
    [entry] = audit("export")
    assert entry.details["format"] == "html" and entry.object_id == person.id
    assert "Ilze" not in log_text()


# --- Erasure -----------------------------------------------------------------------------


def test_erase_asks_first_and_says_what_goes_and_what_stays(client, world):
    person = known_person(world)
    before = data_rows()
    login(client, world.users["coordinator"])

    response = client.get(url(person, "/erase"))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "What goes" in page and "What stays" in page
    assert EMAIL in page and TYPED in page
    assert f"Erased participant #{person.id}" in page
    assert "2 attendances, with their roles" in page
    assert "Erase the personal data" in page
    assert data_rows() == before
    db.session.expire_all()
    assert person.name == "Ilze Bērziņa" and person.erased_at is None


def test_erase_clears_personal_data_and_keeps_the_figures(client, world):
    person = known_person(world)
    other = make_participant(world.project, "Ona Pavyzdienė", "LT", organisation=world.lt)
    attend(world.event, other)
    db.session.commit()
    events = [world.event.id, world.lt_event.id]
    figures_before = [attendance_figures([e]) for e in events] + [attendance_figures(events)]
    attendances_before = data_rows()["attendance"]
    person_id, organisation_id, version = person.id, person.organisation_id, person.version
    login(client, world.users["coordinator"])

    response = client.post(url(person, "/erase"))

    assert response.status_code == 303
    assert response.headers["Location"].endswith(url(person))
    db.session.expire_all()
    erased = db.session.get(Participant, person_id)
    assert erased.name == f"Erased participant #{person_id}"
    assert erased.email is None and erased.gender is None and erased.organisation_name is None
    assert erased.consent_named is False and erased.consent_photos is False
    assert erased.erased_at is not None
    assert erased.version == version + 1
    # What the figures count stays.
    assert erased.organisation_id == organisation_id
    assert (erased.country, erased.function) == ("LV", "planner")
    assert row_counts()["attendance"] == attendances_before
    figures_after = [attendance_figures([e]) for e in events] + [attendance_figures(events)]
    assert figures_after == figures_before
    roles = db.session.scalars(
        select(Attendance.role).where(Attendance.participant_id == person_id)
    ).all()
    assert sorted(roles) == ["participant", "speaker"]

    [entry] = audit("erase")
    assert (entry.object_type, entry.object_id) == ("participant", person_id)
    assert entry.project_id == world.project.id
    assert entry.details["reason"] == "request"
    logged = log_text()
    for gone in ("Ilze", "Bērziņa", EMAIL, TYPED, "female"):
        assert gone not in logged, gone

    page = client.get(url(person)).get_data(as_text=True)
    assert "was erased on" in page and "Ilze Bērziņa" not in page
    listed = client.get(f"/projects/{world.project.id}/participants").get_data(as_text=True)
    assert f"Erased participant #{person_id}" in listed and "Ilze Bērziņa" not in listed
    attendance = client.get(f"/events/{world.event.id}/attendance").get_data(as_text=True)
    assert "Ilze Bērziņa" not in attendance and "Ona Pavyzdienė" in attendance


def test_erasing_twice_changes_nothing_more(client, world):
    person = world.participant
    login(client, world.users["coordinator"])
    client.post(url(person, "/erase"))
    db.session.expire_all()
    erased_at = db.session.get(Participant, person.id).erased_at

    response = client.post(url(person, "/erase"), follow_redirects=True)

    assert "This participant was erased already." in response.get_data(as_text=True)
    assert len(audit("erase")) == 1
    db.session.expire_all()
    assert db.session.get(Participant, person.id).erased_at == erased_at


def test_refused_erase_changes_nothing(client, world):
    person = known_person(world)
    before = data_rows()
    login(client, world.users["facilitator"])

    assert client.post(url(person, "/erase")).status_code == 403

    assert data_rows() == before
    db.session.expire_all()
    assert person.name == "Ilze Bērziņa" and person.email == EMAIL


# --- Consent -----------------------------------------------------------------------------


def test_withdraw_consent_to_be_named_keeps_the_photos_consent(client, world):
    person = known_person(world)
    login(client, world.users["coordinator"])

    response = client.post(url(person, "/consent"), data={"named": "y"})

    assert response.status_code == 303
    assert response.headers["Location"].endswith(url(person, "#consent"))
    db.session.expire_all()
    assert person.consent_named is False and person.consent_photos is True
    assert person.consent_withdrawn_at is not None
    assert person.consent_version == "2026-1"  # the record of what was agreed stays
    [entry] = audit("consent_withdrawn")
    assert entry.object_id == person.id and entry.details["named"] is True
    assert "photos" not in entry.details
    page = client.get(url(person)).get_data(as_text=True)
    assert "Consent withdrawn." in page
    # Only the consent still given can be withdrawn now.
    assert "Withdraw consent to be named" not in page and "Withdraw consent to photos" in page


def test_withdraw_consent_with_htmx_returns_the_consent_block(client, world):
    person = known_person(world)
    login(client, world.users["coordinator"])

    response = client.post(url(person, "/consent"), data={"photos": "y"}, headers=HTMX)

    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<section id="consent"')
    assert "Consent withdrawn." in fragment
    db.session.expire_all()
    assert person.consent_photos is False and person.consent_named is True


def test_withdraw_nothing_chosen_is_a_mistake(client, world):
    person = known_person(world)
    before = data_rows()
    login(client, world.users["coordinator"])

    response = client.post(url(person, "/consent"), data={}, headers=HTMX)

    assert response.status_code == 400
    assert "Choose the consent to withdraw." in response.get_data(as_text=True)
    assert data_rows() == before
    db.session.expire_all()
    assert person.consent_named and person.consent_photos and not person.consent_withdrawn_at


def test_no_consent_given_nothing_to_withdraw(client, world):
    person = world.participant  # no consent recorded
    login(client, world.users["coordinator"])

    page = client.get(url(person)).get_data(as_text=True)
    assert "there is nothing to withdraw" in page
    assert "Record the withdrawal" not in page

    response = client.post(url(person, "/consent"), data={"named": "y"})
    assert response.status_code == 400
    assert "This person gave no consent that could be withdrawn." in response.get_data(as_text=True)
    assert audit("consent_withdrawn") == []
