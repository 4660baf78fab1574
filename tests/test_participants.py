"""Participants of a project: the list with search and pages, possible duplicates, merging."""

from datetime import UTC, datetime

from sqlalchemy import select

from collab.attendance.models import Attendance, Participant
from collab.extensions import db
from tests.conftest import attend, login, make_event, make_participant, row_counts

HTMX = {"HX-Request": "true"}


def base(world):
    return f"/projects/{world.project.id}/participants"


def test_list_shows_each_person_once_with_their_number_of_events(client, world):
    attend(world.lt_event, world.participant)
    ona = make_participant(world.project, "Ona Pavyzdienė", "LT", organisation_name="Skuodo SB")
    attend(world.lt_event, ona)
    make_participant(world.other_project, "Someone Else", "DE")  # another project
    db.session.commit()
    login(client, world.users["facilitator"])

    response = client.get(base(world))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "2 people" in page and "Someone Else" not in page
    ilze_row = page[page.index("Ilze Bērziņa") : page.index("Ona Pavyzdienė")]
    assert '<td class="num" data-label="Events">2</td>' in ilze_row
    assert "Skuodo SB" in page


def test_search_by_name_ignores_case_and_accents(client, world):
    make_participant(world.project, "Ona Pavyzdienė", "LT")
    db.session.commit()
    login(client, world.users["coordinator"])

    response = client.get(base(world), query_string={"q": "BERZINA"}, headers=HTMX)

    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="results">')
    assert "Ilze Bērziņa" in fragment and "Ona Pavyzdienė" not in fragment
    assert "1 person" in fragment
    nobody = client.get(base(world), query_string={"q": "100%"}).get_data(as_text=True)
    assert "No participant matches your search." in nobody


def test_the_list_comes_in_pages(client, world):
    for number in range(30):
        make_participant(world.project, f"Dalībnieks {number:02d}")
    db.session.commit()
    login(client, world.users["coordinator"])

    first = client.get(base(world)).get_data(as_text=True)
    second = client.get(base(world), query_string={"page": 2}).get_data(as_text=True)

    assert "31 people" in first and "Page 1 of 2" in first
    assert "Dalībnieks 00" in first and "Dalībnieks 29" not in first
    assert "Dalībnieks 29" in second and "Dalībnieks 00" not in second


def test_duplicates_by_e_mail_and_by_name_whatever_the_organisation(client, world):
    world.participant.email = "ilze@example.lv"
    # The same name typed differently, at an organisation typed by hand.
    make_participant(world.project, "ilze  berzina", organisation_name="KPR")
    # Another name, the same e-mail.
    make_participant(world.project, "I. Bērziņa-Kalniņa", email="ILZE@example.lv")
    make_participant(world.project, "Ona Pavyzdienė", "LT")
    db.session.commit()
    login(client, world.users["coordinator"])

    page = client.get(f"{base(world)}/duplicates").get_data(as_text=True)

    assert page.count('class="card duplicate-group"') == 2
    assert "ilze  berzina" in page and "I. Bērziņa-Kalniņa" in page
    assert "Ona Pavyzdienė" not in page
    assert "KPR" in page  # the organisation, so the person can decide
    assert "Compare and merge" in page


def test_no_duplicates(client, world):
    login(client, world.users["coordinator"])
    page = client.get(f"{base(world)}/duplicates").get_data(as_text=True)
    assert "No possible duplicates" in page


def merge_url(world, keep, merge):
    return f"{base(world)}/merge?keep={keep.id}&merge={merge.id}"


def test_merge_preview_shows_both_side_by_side(client, world):
    twin = make_participant(world.project, "ilze berzina", email="ilze@example.lv")
    attend(world.lt_event, twin)
    db.session.commit()
    before = row_counts()
    login(client, world.users["coordinator"])

    page = client.get(merge_url(world, world.participant, twin)).get_data(as_text=True)

    assert "Ilze Bērziņa" in page and "ilze berzina" in page and "ilze@example.lv" in page
    assert "Innovation camp in Ventspils" in page
    assert "Seminar on the public-service quality standard" in page
    assert "Merge into Ilze Bērziņa" in page
    assert merge_url(world, twin, world.participant).replace("&", "&amp;") in page  # swap
    assert row_counts() == before


def test_merge_moves_events_fills_details_and_keeps_the_newer_consent(client, world):
    kept = world.participant
    kept.consent_version, kept.consent_at = "2025-1", datetime(2025, 1, 1, tzinfo=UTC)
    kept.consent_named = kept.consent_photos = False
    twin = make_participant(
        world.project,
        "ilze berzina",
        email="ilze@example.lv",
        gender="female",
        consent_version="2026-1",
        consent_at=datetime(2026, 2, 1, tzinfo=UTC),
        consent_named=True,
        consent_photos=True,
    )
    # Both records were at the camp: one visit, the kept one's (with its role).
    attend(world.event, twin, role="speaker")
    attend(world.lt_event, twin)
    workshop = make_event(world.project, world.lv, "Workshop in Liepāja")
    attend(workshop, twin)
    db.session.commit()
    kept_id, twin_id, version = kept.id, twin.id, kept.version
    login(client, world.users["coordinator"])

    response = client.post(merge_url(world, kept, twin))

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{base(world)}/duplicates")
    db.session.expire_all()
    assert db.session.get(Participant, twin_id) is None
    ilze = db.session.get(Participant, kept_id)
    visits = db.session.scalars(select(Attendance).where(Attendance.participant_id == kept_id))
    by_event = {a.event_id: a for a in visits}
    assert set(by_event) == {world.event.id, world.lt_event.id, workshop.id}
    assert by_event[world.event.id].role == "participant"
    assert ilze.email == "ilze@example.lv" and ilze.gender == "female"
    assert ilze.name == "Ilze Bērziņa" and ilze.organisation_id == world.lv.id
    assert ilze.consent_version == "2026-1" and ilze.consent_named and ilze.consent_photos
    assert ilze.version == version + 1
    assert row_counts()["attendance"] == 3
    assert "ilze berzina merged into Ilze Bērziņa." in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)


def test_merge_keeps_the_kept_ones_details_and_its_newer_consent(client, world):
    kept = world.participant
    kept.email = "kept@example.lv"
    kept.consent_version, kept.consent_at = "2026-1", datetime(2026, 3, 1, tzinfo=UTC)
    kept.consent_named = True
    twin = make_participant(
        world.project,
        "Ilze Berzina",
        email="other@example.lv",
        organisation_name="Typed org",
        consent_version="2025-1",
        consent_at=datetime(2025, 1, 1, tzinfo=UTC),
        consent_named=False,
    )
    db.session.commit()
    login(client, world.users["coordinator"])
    client.post(merge_url(world, kept, twin))
    db.session.expire_all()
    ilze = db.session.get(Participant, kept.id)
    assert ilze.email == "kept@example.lv" and ilze.organisation_id == world.lv.id
    assert ilze.organisation_name is None
    assert ilze.consent_named and ilze.consent_version == "2026-1"


def test_a_participant_of_another_project_cannot_be_merged(client, world):
    stranger = make_participant(world.other_project, "Ilze Bērziņa", "DE")
    db.session.commit()
    before = row_counts()
    login(client, world.users["admin"])

    assert client.get(merge_url(world, world.participant, stranger)).status_code == 404
    assert client.post(merge_url(world, world.participant, stranger)).status_code == 404
    assert client.post(merge_url(world, stranger, world.participant)).status_code == 404
    assert client.post(f"{base(world)}/merge?keep={world.participant.id}").status_code == 404
    assert client.post(merge_url(world, world.participant, world.participant)).status_code == 400
    assert row_counts() == before
