"""Self check-in: the facilitator opens it and watches people arrive; a participant checks
in from their phone, once, with their consent."""

import re
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from collab.attendance.models import CONSENT_VERSION, Attendance, Participant
from collab.extensions import db
from tests.conftest import csrf_token, login, make_participant, row_counts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def open_checkin(world, event=None):
    event = event or world.event
    event.checkin_open = True
    db.session.commit()
    return f"/checkin/{event.checkin_token}"


def person(**changes):
    data = {
        "name": "Ģirts Ķēniņš",
        "organisation": "Saldus novada pašvaldība",
        "country": "LV",
        "function": "planner",
        "email": "",
        "consent_reporting": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def attendances(event):
    db.session.expire_all()
    return db.session.scalars(select(Attendance).where(Attendance.event_id == event.id)).all()


def participant_named(name):
    db.session.expire_all()
    return db.session.scalars(select(Participant).where(Participant.name == name)).one()


# --- The facilitator's page -----------------------------------------------------------------


def test_facilitator_opens_check_in_and_the_link_starts_working(client, world):
    form_url = f"/checkin/{world.event.checkin_token}"
    assert client.get(form_url).status_code == 403
    login(client, world.users["facilitator"])

    page = client.get(f"/events/{world.event.id}/checkin")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Check-in is closed" in text
    assert f"http://localhost{form_url}" in text  # the link written out, absolute
    assert '<svg viewBox="0 0' in text and "data:" not in text  # the code inline, no data URI
    assert page.headers["Cache-Control"] == "no-store"

    response = client.post(f"/events/{world.event.id}/checkin/open")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/events/{world.event.id}/checkin"
    db.session.refresh(world.event)
    assert world.event.checkin_open
    text = client.get(f"/events/{world.event.id}/checkin").get_data(as_text=True)
    assert "Check-in is open" in text
    assert f'hx-get="/events/{world.event.id}/checkin/count"' in text  # the count is live
    assert client.get(form_url).status_code == 200

    assert client.post(f"/events/{world.event.id}/checkin/close").status_code == 303
    db.session.refresh(world.event)
    assert not world.event.checkin_open
    assert client.get(form_url).status_code == 403
    text = client.get(f"/events/{world.event.id}/checkin").get_data(as_text=True)
    assert "hx-trigger" not in text  # nothing to poll while closed


def test_htmx_switch_returns_the_panel_only(client, world):
    login(client, world.users["coordinator"])
    response = client.post(f"/events/{world.event.id}/checkin/open", headers={"HX-Request": "true"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert text.lstrip().startswith('<section id="checkin-panel"')
    assert "<html" not in text
    assert "Check-in is open: people can check in now." in text
    assert 'hx-trigger="every 5s"' in text


def test_member_of_another_partner_cannot_open_check_in(client, world):
    login(client, world.users["member"])
    assert client.post(f"/events/{world.event.id}/checkin/open").status_code == 403
    db.session.refresh(world.event)
    assert not world.event.checkin_open


def test_a_new_link_replaces_the_old_one(client, world):
    old_url = open_checkin(world)
    old_token = world.event.checkin_token
    login(client, world.users["facilitator"])
    old_svg = client.get(f"/events/{world.event.id}/checkin/qr.svg").data
    old_png = client.get(f"/events/{world.event.id}/checkin/qr.png").data

    assert client.post(f"/events/{world.event.id}/checkin/renew").status_code == 303

    db.session.refresh(world.event)
    assert world.event.checkin_token != old_token
    assert world.event.checkin_open  # still open, under the new link
    before = row_counts()
    response = client.post(old_url, data=person())
    assert response.status_code == 404
    assert "This check-in link is not valid" in response.get_data(as_text=True)
    assert row_counts() == before
    assert client.get(f"/checkin/{world.event.checkin_token}").status_code == 200
    page = client.get(f"/events/{world.event.id}/checkin").get_data(as_text=True)
    assert f"http://localhost/checkin/{world.event.checkin_token}" in page
    assert old_token not in page
    assert client.get(f"/events/{world.event.id}/checkin/qr.svg").data != old_svg
    assert client.get(f"/events/{world.event.id}/checkin/qr.png").data != old_png


def test_qr_codes_are_images_of_the_check_in_link(client, world):
    login(client, world.users["coordinator"])
    svg = client.get(f"/events/{world.event.id}/checkin/qr.svg")
    png = client.get(f"/events/{world.event.id}/checkin/qr.png")
    large = client.get(f"/events/{world.event.id}/checkin/qr.png?scale=40")

    assert svg.mimetype == "image/svg+xml" and svg.headers["Cache-Control"] == "no-store"
    root = ElementTree.fromstring(svg.data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert png.mimetype == "image/png" and png.headers["Cache-Control"] == "no-store"
    assert png.data.startswith(PNG_SIGNATURE)
    width = int.from_bytes(png.data[16:20], "big")  # the IHDR chunk
    assert int.from_bytes(large.data[16:20], "big") == width * 2  # 40 pixels a module, not 20
    assert width >= 600  # prints sharply on a poster


def test_full_screen_page_shows_the_code_the_title_and_the_link(client, world):
    login(client, world.users["facilitator"])
    response = client.get(f"/events/{world.event.id}/checkin/screen")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Innovation camp in Ventspils" in text
    assert f"http://localhost/checkin/{world.event.checkin_token}" in text
    assert 'class="qr" role="img"' in text
    assert "Scan the code with your phone&#39;s camera to check in." in text
    assert 'class="site-header"' not in text  # nothing else on the screen


def test_live_count_shows_self_check_ins_and_the_latest_arrivals(client, world):
    url = open_checkin(world)
    login(client, world.users["facilitator"])
    count_url = f"/events/{world.event.id}/checkin/count"
    fragment = client.get(count_url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert '<span class="figure" id="checkin-self-count">0</span>' in fragment
    assert "1 person named on the attendance list in total" in fragment  # Ilze, by hand

    anonymous = client.application.test_client()
    assert anonymous.post(url, data=person()).status_code == 303

    response = client.get(count_url, headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<section id="checkin-count"')
    assert '<span class="figure" id="checkin-self-count">1</span>' in fragment
    assert "2 people named on the attendance list in total" in fragment
    assert "Ģirts Ķēniņš" in fragment  # the latest arrival, for the facilitator
    assert 'hx-trigger="every 5s"' in fragment

    world.event.checkin_open = False
    db.session.commit()
    # 286: htmx stops polling once check-in is closed elsewhere.
    assert client.get(count_url, headers={"HX-Request": "true"}).status_code == 286


# --- The participant's form -----------------------------------------------------------------


def test_participant_checks_in_with_consent(client, world):
    url = open_checkin(world)
    page = client.get(url)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert "Innovation camp in Ventspils" in page.get_data(as_text=True)

    response = client.post(
        url, data=person(email="Girts.Kenins@Example.LV", consent_named="y", consent_photos="")
    )

    assert response.status_code == 303
    assert response.headers["Location"] == f"{url}/thanks"
    girts = participant_named("Ģirts Ķēniņš")
    assert girts.project_id == world.project.id
    assert girts.email == "girts.kenins@example.lv"
    assert (girts.country, girts.function) == ("LV", "planner")
    assert girts.organisation_id is None and girts.organisation_name == "Saldus novada pašvaldība"
    assert girts.consent_version == CONSENT_VERSION
    assert girts.consent_at is not None
    assert girts.consent_named is True and girts.consent_photos is False
    attendance = girts.attendances[0]
    assert (attendance.event_id, attendance.role, attendance.recorded) == (
        world.event.id,
        "participant",
        "checkin",
    )

    thanks = client.get(response.headers["Location"])
    text = thanks.get_data(as_text=True)
    assert thanks.status_code == 200
    assert thanks.headers["Cache-Control"] == "no-store"
    assert "Thank you, you are checked in to Innovation camp in Ventspils." in text
    # The next person at a shared tablet sees nobody's data, and a reload goes to the form.
    assert "Ģirts" not in text and "Ilze" not in text
    assert client.get(f"{url}/thanks").status_code == 303


def test_photos_and_being_named_are_separate_choices(client, world):
    url = open_checkin(world)
    client.post(url, data=person(consent_photos="y"))
    girts = participant_named("Ģirts Ķēniņš")
    assert girts.consent_named is False and girts.consent_photos is True


def test_the_typed_organisation_links_to_a_known_one(client, world):
    url = open_checkin(world)
    client.post(url, data=person(name="Rasa Paraugiene", organisation="  KLAIPEDOS regionas "))
    client.post(url, data=person(name="Anna Paraudziņa", organisation="kpr"))
    assert participant_named("Rasa Paraugiene").organisation_id is None  # not a name of one
    world.lt.short_name = "Klaipėdos regionas"
    db.session.commit()
    client.post(url, data=person(name="Rūta Paraugienė", organisation="klaipedos regionas"))

    assert participant_named("Anna Paraudziņa").organisation_id == world.lv.id
    ruta = participant_named("Rūta Paraugienė")
    assert ruta.organisation_id == world.lt.id and ruta.organisation_name is None


@pytest.mark.parametrize(
    "again",
    [
        {"email": "GIRTS@example.lv", "name": "Girts Kenins", "organisation": "other"},
        {"name": "ĢIRTS  ķēniņš", "organisation": "saldus novada pašvaldība"},
        {"name": "girts kenins", "organisation": "Saldus novada pašvaldība"},
    ],
    ids=["same-email", "same-name-other-case", "same-name-without-accents"],
)
def test_checking_in_twice_is_one_attendance(client, world, again):
    url = open_checkin(world)
    client.post(url, data=person(email="girts@example.lv"))
    before = row_counts()

    response = client.post(url, data=person(consent_named="y", **again))

    assert response.status_code == 303
    assert row_counts() == before  # no second participant, no second attendance
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were already checked in" in text
    assert participant_named("Ģirts Ķēniņš").consent_named is False  # nothing changed


def test_a_participant_of_an_earlier_event_stays_one_person(client, world):
    url = open_checkin(world, world.lt_event)
    before = row_counts()

    client.post(
        url,
        data=person(
            name="Ilze Berzina", organisation="Kurzemes plānošanas reģions", consent_photos="y"
        ),
    )

    counts = row_counts()
    assert counts["participant"] == before["participant"]
    assert counts["attendance"] == before["attendance"] + 1
    db.session.refresh(world.participant)
    assert sorted(a.event_id for a in world.participant.attendances) == sorted(
        [world.event.id, world.lt_event.id]
    )
    assert world.participant.consent_version == CONSENT_VERSION
    assert world.participant.consent_photos is True
    assert world.participant.function == "planner"  # what the organisers recorded stays


def test_consent_for_the_report_is_required_and_the_form_keeps_what_was_typed(client, world):
    url = open_checkin(world)
    before = row_counts()

    response = client.post(url, data=person(consent_reporting=None, email="girts@example.lv"))

    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert row_counts() == before
    assert "Please agree to this: the project cannot count you without it." in text
    assert 'value="Ģirts Ķēniņš"' in text
    assert 'value="girts@example.lv"' in text
    assert '<option selected value="planner">' in text
    assert 'aria-invalid="true"' in text


def test_mistakes_are_shown_and_nothing_is_written(client, world):
    url = open_checkin(world)
    before = row_counts()
    response = client.post(url, data=person(name="", country="", email="not an address"))
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please write your name." in text
    assert "Please choose a country." in text
    assert "This does not look like an e-mail address." in text
    assert row_counts() == before


def test_closed_check_in_is_a_polite_refusal_and_writes_nothing(client, world):
    url = f"/checkin/{world.event.checkin_token}"
    before = row_counts()
    for response in (client.get(url), client.post(url, data=person())):
        text = response.get_data(as_text=True)
        assert response.status_code == 403
        assert "Check-in for this event is closed. Please ask the organisers." in text
        assert '<form method="post" action="/checkin/' not in text
        assert response.headers["Cache-Control"] == "no-store"
    assert row_counts() == before


def test_a_cancelled_event_takes_no_check_ins(client, world):
    url = open_checkin(world)
    world.event.status = "cancelled"
    db.session.commit()
    before = row_counts()
    assert client.post(url, data=person()).status_code == 403
    assert row_counts() == before


def test_unknown_link_does_not_say_whether_an_event_exists(client, world):
    open_checkin(world)
    before = row_counts()
    for response in (
        client.get("/checkin/no-such-token"),
        client.post("/checkin/x", data=person()),
    ):
        text = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "This check-in link is not valid" in text
        assert "Innovation camp" not in text
    assert row_counts() == before


@pytest.mark.parametrize("language", ["lv", "lt", "en"])
def test_the_form_speaks_the_browser_language(client, world, language):
    url = open_checkin(world)
    response = client.get(url, headers={"Accept-Language": f"{language},en;q=0.5"})
    text = response.get_data(as_text=True)
    assert f'<html lang="{language}">' in text
    # Countries are named in the reader's language, the two partner countries first.
    first = re.findall(r'<option value="([A-Z]{2})">', text)[:2]
    assert first == ["LV", "LT"]
    expected = {"lv": "Latvija", "lt": "Latvija", "en": "Latvia"}[language]
    assert f'<option value="LV">{expected}</option>' in text


def test_the_language_switch_works_without_a_login(client, world):
    url = open_checkin(world)
    response = client.post("/language", data={"language": "lt", "next": url})
    assert response.headers["Location"] == url
    assert '<html lang="lt">' in client.get(url).get_data(as_text=True)


def test_check_in_works_for_anonymous_people_with_csrf_protection(make_app, world):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    url = open_checkin(world)
    assert client.post(url, data=person()).status_code == 400  # no token: refused

    response = client.post(url, data=person(csrf_token=csrf_token(client, url)))

    assert response.status_code == 303
    assert len(attendances(world.event)) == 2


def test_check_in_is_rate_limited_per_address(make_app, world):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    client = app.test_client()
    url = open_checkin(world)
    for number in range(10):
        response = client.post(url, data=person(name=f"Person {number}"))
        assert response.status_code == 303

    response = client.post(url, data=person(name="Person 11"))

    assert response.status_code == 429
    assert response.headers["Retry-After"]
    assert len(attendances(world.event)) == 11  # Ilze and the ten before the limit
    assert client.get(url).status_code == 200  # reading the form is not limited
    other = client.post(
        url, data=person(name="From elsewhere"), environ_base={"REMOTE_ADDR": "10.1.2.3"}
    )
    assert other.status_code == 303


def test_an_existing_participant_keeps_one_record_when_checked_in_by_e_mail(client, world):
    make_participant(world.project, "Jonas Pavyzdys", "LT", email="jonas@example.lt")
    url = open_checkin(world)
    before = row_counts()
    client.post(url, data=person(name="J. Pavyzdys", email="Jonas@Example.lt", country="LT"))
    counts = row_counts()
    assert counts["participant"] == before["participant"]
    assert counts["attendance"] == before["attendance"] + 1
