"""The attendance page: the list and totals, adding, editing and removing people inline,
the headcount, live check-in, and the organisation suggestions."""

import re

from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from collab.attendance.models import Attendance, Participant
from collab.attendance.people import find_participant, record_attendance
from collab.extensions import db
from tests.conftest import (
    attend,
    login,
    make_event,
    make_organisation,
    make_participant,
    row_counts,
)

HTMX = {"HX-Request": "true"}


def url(world, suffix=""):
    return f"/events/{world.event.id}/attendance{suffix}"


def person(name="Jānis Paraugs", **fields):
    """The add form as a person fills it in."""
    data = {
        "new-name": name,
        "new-organisation": "",
        "new-country": "",
        "new-function": "planner",
        "new-email": "",
        "new-gender": "",
        "new-role": "participant",
    }
    data.update({f"new-{key}": value for key, value in fields.items()})
    return data


def row_form(attendance, **changes):
    """The inline edit form of a row, as loaded."""
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
    if p.consent_named:
        values["consent_named"] = "y"
    if p.consent_photos:
        values["consent_photos"] = "y"
    values.update(changes)
    return {f"attendance{attendance.id}-{key}": value for key, value in values.items()}


def attendance_of(world):
    return db.session.scalar(select(Attendance).where(Attendance.event_id == world.event.id))


def totals(page: str) -> str:
    found = re.search(r'<p class="sum">(.*?)</p>', page)
    return found.group(1) if found else ""


# --- The page ---------------------------------------------------------------------------


def test_page_shows_the_event_totals_and_people_sorted_by_name(client, world):
    ona = make_participant(world.project, "Ona Pavyzdienė", "LT", organisation_name="Skuodo SB")
    aija = make_participant(world.project, "Aija Ābele", "LV", function="politician")
    attend(world.event, ona, role="speaker")
    attend(world.event, aija)
    world.event.unnamed_count = 30
    db.session.commit()
    login(client, world.users["facilitator"])

    response = client.get(url(world))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Innovation camp in Ventspils" in page and "Zinātnes centrs VIZIUM, Ventspils" in page
    assert totals(page) == "3 named + 30 not named = 33 in total"
    assert "Participant: 2" in page and "Speaker: 1" in page
    # Ā sorts as A: name_key, not the raw letters.
    assert page.index("Aija Ābele") < page.index("Ilze Bērziņa") < page.index("Ona Pavyzdienė")
    assert "Skuodo SB" in page  # a typed organisation
    assert "Regional public authority" in page  # a known one's Interreg target group
    assert "Local or regional politician" in page and "Lithuania" in page


def test_e_mails_only_for_those_who_manage_the_attendance(client, world):
    ona = make_participant(world.project, "Ona Pavyzdienė", "LT", email="ona@example.lt")
    attend(world.lt_event, ona)
    ilze = world.participant
    ilze.email = "ilze@example.lv"
    db.session.commit()
    login(client, world.users["coordinator"])

    # The Latvian coordinator reads the Lithuanian partner's event, but does not manage it.
    lt_page = client.get(f"/events/{world.lt_event.id}/attendance").get_data(as_text=True)
    own_page = client.get(url(world)).get_data(as_text=True)

    assert "Ona Pavyzdienė" in lt_page and "ona@example.lt" not in lt_page
    assert "Add a person" not in lt_page and "Edit" not in lt_page
    assert "ilze@example.lv" in own_page and "Add a person" in own_page


def test_consent_is_shown_in_words(client, world):
    world.participant.record_consent(named=True, photos=False)
    db.session.commit()
    login(client, world.users["coordinator"])
    page = client.get(url(world)).get_data(as_text=True)
    assert "May be named" in page and "No photos" in page


def count_statements(client, path) -> int:
    statements = []

    def count(*args):
        statements.append(args[2])

    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(statements)


def test_the_page_takes_the_same_few_queries_for_1_or_50_people(client, world):
    login(client, world.users["coordinator"])
    client.get(url(world))  # the first request warms caches up
    with_one = count_statements(client, url(world))
    other = make_organisation("Saldus novada pašvaldība", "LV", kind="local_public_authority")
    for number in range(49):
        organisation = other if number % 2 else None
        someone = make_participant(
            world.project,
            f"Dalībnieks {number}",
            organisation=organisation,
            email=f"p{number}@x.lv",
        )
        attend(world.event, someone, recorded="checkin" if number % 3 else "hand")
    db.session.commit()

    with_fifty = count_statements(client, url(world))

    assert with_one == with_fifty
    assert with_fifty < 15


# --- Adding ------------------------------------------------------------------------------


def test_add_without_javascript_redirects_to_the_list(client, world):
    login(client, world.users["coordinator"])
    response = client.post(url(world), data=person(role="speaker", email="Janis@Example.LV"))
    assert response.status_code == 303
    assert response.headers["Location"].startswith(url(world))

    janis = db.session.scalar(select(Participant).where(Participant.name == "Jānis Paraugs"))
    assert janis.email == "janis@example.lv"
    assert janis.country == "LV"  # no organisation: the event's country
    assert janis.attendances[0].role == "speaker" and janis.attendances[0].recorded == "hand"
    assert janis.consent_version is None  # nothing was asked
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jānis Paraugs added." in page and "Jānis Paraugs" in page


def test_add_with_htmx_returns_the_list_with_the_new_row_and_totals(client, world):
    login(client, world.users["facilitator"])
    response = client.post(
        url(world), data=person(consent_named="y", consent_photos="y"), headers=HTMX
    )
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in fragment and fragment.lstrip().startswith('<div id="attendance">')
    assert "Jānis Paraugs added." in fragment
    assert totals(fragment) == "2 named + 0 not named = 2 in total"
    assert "Jānis Paraugs" in fragment and 'id="new-name"' in fragment
    # The form is empty again, ready for the next person.
    assert 'id="new-name" maxlength="200" name="new-name" required type="text" value=""' in (
        fragment
    )
    janis = db.session.scalar(select(Participant).where(Participant.name == "Jānis Paraugs"))
    assert janis.consent_named and janis.consent_photos and janis.consent_version


def test_typed_name_of_a_known_organisation_links_to_it(client, world):
    kuldiga = make_organisation("Kuldīgas novada pašvaldība", "LV", kind="local_public_authority")
    db.session.commit()
    login(client, world.users["coordinator"])

    client.post(url(world), data=person("Anna", organisation="KULDĪGAS NOVADA PAŠVALDĪBA"))
    client.post(url(world), data=person("Berta", organisation="Hochschule Stralsund (DE)"))
    client.post(url(world), data=person("Cilda", organisation="Biedrība „Zaļā Kurzeme“"))

    anna, berta, cilda = (
        db.session.scalar(select(Participant).where(Participant.name == name))
        for name in ("Anna", "Berta", "Cilda")
    )
    assert anna.organisation_id == kuldiga.id and anna.organisation_name is None
    assert berta.organisation_id == world.de.id and berta.country == "DE"  # its country
    assert cilda.organisation_id is None and cilda.organisation_name == "Biedrība „Zaļā Kurzeme“"
    assert cilda.country == "LV"  # the event's


def test_a_chosen_country_wins_over_the_organisations(client, world):
    login(client, world.users["coordinator"])
    client.post(url(world), data=person(organisation="Hochschule Stralsund", country="PL"))
    janis = db.session.scalar(select(Participant).where(Participant.name == "Jānis Paraugs"))
    assert janis.organisation_id == world.de.id and janis.country == "PL"


def test_mistakes_keep_what_was_typed(client, world):
    login(client, world.users["coordinator"])
    before = row_counts()
    response = client.post(
        url(world), data=person("", organisation="Ventspils", email="not an e-mail"), headers=HTMX
    )
    fragment = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter an e-mail address such as name@example.lv." in fragment
    assert 'value="not an e-mail"' in fragment and 'value="Ventspils"' in fragment
    assert 'aria-invalid="true"' in fragment
    assert row_counts() == before


def test_mistakes_without_javascript_show_the_whole_page(client, world):
    login(client, world.users["coordinator"])
    response = client.post(url(world), data=person("", email="Jānis"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<html" in page and "Please correct the following:" in page
    assert 'value="Jānis"' in page and "Ilze Bērziņa" in page  # the list is still there


def test_someone_already_on_the_list_is_not_added_twice(client, world):
    login(client, world.users["coordinator"])
    before = row_counts()
    # The same name typed differently, the same organisation.
    response = client.post(
        url(world),
        data=person("ilze  berzina", organisation="Kurzemes plānošanas reģions"),
        headers=HTMX,
    )
    assert response.status_code == 400
    assert "Ilze Bērziņa is already on the list." in response.get_data(as_text=True)
    assert row_counts() == before


def test_a_known_person_at_another_event_stays_one_participant(client, world):
    workshop = make_event(world.project, world.lv, "Workshop in Liepāja", town="Liepāja")
    db.session.commit()
    login(client, world.users["coordinator"])
    before = row_counts()

    response = client.post(
        f"/events/{workshop.id}/attendance",
        data=person("ilze berzina", organisation="kurzemes plānošanas reģions", email="i@b.lv"),
        headers=HTMX,
    )

    assert response.status_code == 200
    assert "already known from another event" in response.get_data(as_text=True)
    after = row_counts()
    assert after["participant"] == before["participant"]
    assert after["attendance"] == before["attendance"] + 1
    db.session.expire_all()
    ilze = db.session.get(Participant, world.participant.id)
    assert {a.event_id for a in ilze.attendances} == {world.event.id, workshop.id}
    assert ilze.name == "Ilze Bērziņa"  # what was saved stays
    assert ilze.email == "i@b.lv"  # what was missing is filled in


def test_the_same_e_mail_is_the_same_person_whatever_the_name(client, world):
    world.participant.email = "ilze@example.lv"
    workshop = make_event(world.project, world.lv, "Workshop in Liepāja")
    db.session.commit()
    login(client, world.users["coordinator"])
    client.post(
        f"/events/{workshop.id}/attendance",
        data=person("Ilze Bērziņa-Kalniņa", email="ILZE@example.lv"),
    )
    assert db.session.scalar(select(func.count(Participant.id))) == 1


def test_find_participant_compares_typed_organisations_casefolded(app, world):
    someone = make_participant(
        world.project, "Šarūnas Pavyzdys", "LT", organisation_name="ŠIAULIŲ UAB"
    )
    found = find_participant(world.project.id, "sarunas pavyzdys", None, None, "šiaulių uab")
    assert found is not None and found.id == someone.id
    assert find_participant(world.project.id, "sarunas pavyzdys", None, None, "Kitas UAB") is None


# --- Editing in place --------------------------------------------------------------------


def test_click_to_edit_round_trip(client, world):
    attendance = attendance_of(world)
    login(client, world.users["coordinator"])

    form = client.get(url(world, f"/{attendance.id}"), headers=HTMX)
    fragment = form.get_data(as_text=True)
    assert form.status_code == 200 and fragment.lstrip().startswith("<tr")
    assert 'value="Ilze Bērziņa"' in fragment and 'value="Kurzemes plānošanas reģions"' in fragment
    assert "hx-preserve" not in fragment

    saved = client.post(
        url(world, f"/{attendance.id}"),
        data=row_form(
            attendance,
            name="Ilze Bērziņa-Ozola",
            organisation="Hochschule Stralsund",
            email="ilze@example.lv",
            role="speaker",
            consent_named="y",
        ),
        headers=HTMX,
    )

    row = saved.get_data(as_text=True)
    assert saved.status_code == 200
    assert saved.headers["HX-Trigger"] == "attendance-changed"
    assert row.lstrip().startswith(f'<tr id="attendance-{attendance.id}"')
    assert "Ilze Bērziņa-Ozola" in row and "Speaker" in row and "May be named" in row
    db.session.expire_all()
    attendance = db.session.get(Attendance, attendance.id)
    ilze = attendance.participant
    assert ilze.organisation_id == world.de.id and ilze.email == "ilze@example.lv"
    assert ilze.country == "LV"  # the form kept the country it showed
    assert attendance.role == "speaker" and ilze.version == 2
    assert ilze.consent_named and not ilze.consent_photos and ilze.consent_at is not None

    cancel = client.get(url(world, f"/{attendance.id}/row"), headers=HTMX)
    assert cancel.get_data(as_text=True).lstrip().startswith("<tr")
    assert "Ilze Bērziņa-Ozola" in cancel.get_data(as_text=True)


def test_edit_without_javascript(client, world):
    attendance = attendance_of(world)
    login(client, world.users["coordinator"])
    page = client.get(url(world, f"/{attendance.id}")).get_data(as_text=True)
    assert "<html" in page and 'class="editing"' in page
    response = client.post(
        url(world, f"/{attendance.id}"), data=row_form(attendance, role="organiser")
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Attendance, attendance.id).role == "organiser"


def test_an_edit_with_mistakes_stays_open_with_the_typed_text(client, world):
    attendance = attendance_of(world)
    login(client, world.users["coordinator"])
    response = client.post(
        url(world, f"/{attendance.id}"),
        data=row_form(attendance, name="", email="ilze at example"),
        headers=HTMX,
    )
    fragment = response.get_data(as_text=True)
    assert response.status_code == 400
    assert fragment.lstrip().startswith(f'<tr id="attendance-{attendance.id}" class="editing"')
    assert 'value="ilze at example"' in fragment and "This field is required." in fragment
    db.session.expire_all()
    assert db.session.get(Participant, world.participant.id).name == "Ilze Bērziņa"


def test_a_stale_edit_shows_the_conflict_and_keeps_the_typed_text(client, world):
    attendance = attendance_of(world)
    stale = row_form(attendance, name="Ilze Bērziņa (mine)")
    # Someone else saves the person in between.
    attendance.participant.name = "Ilze Bērziņa (theirs)"
    attendance.participant.version += 1
    db.session.commit()
    login(client, world.users["facilitator"])

    response = client.post(url(world, f"/{attendance.id}"), data=stale, headers=HTMX)

    fragment = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this while you were editing" in fragment
    assert "Ilze Bērziņa (theirs)" in fragment  # saved now
    assert 'value="Ilze Bērziņa (mine)"' in fragment  # yours, still in the form
    assert f'name="attendance{attendance.id}-version" type="hidden" value="2"' in fragment
    db.session.expire_all()
    assert db.session.get(Participant, world.participant.id).name == "Ilze Bērziņa (theirs)"

    # Saving again, having read the changes, is a deliberate overwrite.
    again = client.post(
        url(world, f"/{attendance.id}"), data={**stale, f"attendance{attendance.id}-version": "2"}
    )
    assert again.status_code == 303
    db.session.expire_all()
    assert db.session.get(Participant, world.participant.id).name == "Ilze Bērziņa (mine)"


def test_an_attendance_of_another_event_is_not_found(client, world):
    other = make_participant(world.project, "Ona Pavyzdienė", "LT")
    theirs = attend(world.lt_event, other)
    db.session.commit()
    login(client, world.users["coordinator"])
    assert client.get(url(world, f"/{theirs.id}")).status_code == 404
    assert client.post(url(world, f"/{theirs.id}/delete")).status_code == 404


# --- Removing ----------------------------------------------------------------------------


def test_remove_takes_the_person_off_and_forgets_them_if_they_came_nowhere_else(client, world):
    login(client, world.users["coordinator"])
    attendance = attendance_of(world)

    response = client.post(url(world, f"/{attendance.id}/delete"), headers=HTMX)

    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<div id="attendance-live"')
    assert "Ilze Bērziņa" not in fragment and "No one on the list yet." in fragment
    assert totals(fragment) == "0 named + 0 not named = 0 in total"
    assert row_counts()["participant"] == 0


def test_remove_keeps_a_person_who_came_to_other_events(client, world):
    attend(world.lt_event, world.participant)
    db.session.commit()
    login(client, world.users["coordinator"])
    response = client.post(url(world, f"/{attendance_of(world).id}/delete"))
    assert response.status_code == 303
    counts = row_counts()
    assert counts["participant"] == 1 and counts["attendance"] == 1


# --- Headcount ---------------------------------------------------------------------------


def test_headcount_is_validated_and_added_to_the_total(client, world):
    login(client, world.users["coordinator"])
    before = row_counts()
    for typed, message in (
        ("many", "Enter a whole number, such as 25."),
        ("-3", "The number cannot be below 0."),
        ("", "Enter a number; 0 when everyone is on the list."),
    ):
        response = client.post(
            f"/events/{world.event.id}/headcount", data={"unnamed_count": typed}, headers=HTMX
        )
        fragment = response.get_data(as_text=True)
        assert response.status_code == 400, typed
        assert message in fragment and fragment.count(message) == 1
        assert f'value="{typed}"' in fragment
    assert row_counts() == before

    response = client.post(
        f"/events/{world.event.id}/headcount", data={"unnamed_count": "120"}, headers=HTMX
    )
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "attendance-changed"
    assert "Headcount saved." in response.get_data(as_text=True)
    page = client.get(url(world)).get_data(as_text=True)
    assert totals(page) == "1 named + 120 not named = 121 in total"

    plain = client.post(f"/events/{world.event.id}/headcount", data={"unnamed_count": "0"})
    assert plain.status_code == 303
    assert totals(client.get(url(world)).get_data(as_text=True)) == (
        "1 named + 0 not named = 1 in total"
    )


# --- Live check-in -----------------------------------------------------------------------


def test_the_list_polls_only_while_check_in_is_open(client, world):
    login(client, world.users["coordinator"])
    assert "every 5s" not in client.get(url(world)).get_data(as_text=True)
    world.event.checkin_open = True
    db.session.commit()
    page = client.get(url(world)).get_data(as_text=True)
    assert "every 5s" in page
    assert f"/events/{world.event.id}/attendance/live?since={attendance_of(world).id}" in page


def test_live_fragment_shows_a_new_self_check_in(client, world):
    world.event.checkin_open = True
    db.session.commit()
    seen = attendance_of(world).id
    login(client, world.users["facilitator"])
    # Someone checks in at the door, from their phone.
    ona = Participant(project_id=world.project.id, name="Ona Pavyzdienė", country="LT")
    record_attendance(world.event, ona, recorded="checkin")
    db.session.commit()

    response = client.get(url(world, f"/live?since={seen}"), headers=HTMX)

    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert fragment.lstrip().startswith('<div id="attendance-live"')
    assert totals(fragment) == "2 named + 0 not named = 2 in total"
    ona_row = fragment[fragment.index("Ona Pavyzdienė") - 200 :]
    assert 'class="arrival"' in ona_row and "New" in ona_row
    ilze_row = fragment[fragment.index("Ilze Bērziņa") - 200 : fragment.index("Ilze Bērziņa")]
    assert "arrival" not in ilze_row
    # Rows already on the screen stay as they are (one being edited keeps its text).
    assert 'hx-preserve="true"' in fragment
    assert "every 5s" in fragment and f"since={seen}" in fragment


# --- Organisation suggestions ------------------------------------------------------------


def test_suggestions_match_name_short_name_and_town_whatever_the_case(client, world):
    make_organisation(
        "Kuldīgas novada pašvaldība", "LV", kind="local_public_authority", town="Kuldīga"
    )
    make_organisation("Ķekavas novada pašvaldība", "LV", kind="local_public_authority")
    db.session.commit()
    login(client, world.users["member"])

    def suggested(text):
        response = client.get("/organisations/suggest", query_string={"q": text})
        assert response.status_code == 200
        return response.get_data(as_text=True)

    assert 'value="Kuldīgas novada pašvaldība"' in suggested("KULDĪG")
    assert 'value="Ķekavas novada pašvaldība"' in suggested("ķekav")
    assert 'value="Ķekavas novada pašvaldība"' in suggested("ĶEKAV")
    assert 'value="Kurzemes plānošanas reģions"' in suggested("kpr")  # the short name
    assert 'value="Asociacija „Klaipėdos regionas“"' in suggested("KLAIPĖDOS")
    assert "<option" not in suggested("100%")
    assert "Kuldīgas" not in suggested("ķekav")
    # htmx sends the text under the input's own name.
    by_field = client.get("/organisations/suggest", query_string={"new-organisation": "stral"})
    assert 'value="Hochschule Stralsund"' in by_field.get_data(as_text=True)


def test_organisations_of_the_same_name_are_told_apart_by_country(client, world):
    make_organisation("Hochschule Stralsund", "PL")
    db.session.commit()
    login(client, world.users["coordinator"])
    options = client.get("/organisations/suggest?q=stralsund").get_data(as_text=True)
    assert 'value="Hochschule Stralsund (DE)"' in options
    assert 'value="Hochschule Stralsund (PL)"' in options
