"""Bulk entry: a coordinator pastes a list of people, previews it line by line, imports it."""

import re

from flask_babel import force_locale
from markupsafe import escape
from sqlalchemy import select

from collab.attendance.models import FUNCTIONS, ROLES, Attendance, Participant
from collab.extensions import db
from collab.imports.rows import Problem
from tests.conftest import attend, login, make_event, make_participant, row_counts


def paste_url(world):
    return f"/events/{world.event.id}/attendance/paste"


def line(page: str, number: int) -> str:
    """The preview row of one pasted line."""
    found = re.search(rf'<tr id="line-{number}"[^>]*>(.*?)</tr>', page, re.S)
    assert found, f"line {number} is not in the preview"
    return found.group(1)


def preview(client, world, text, **extra):
    return client.post(paste_url(world), data={"text": text, "action": "preview", **extra})


def test_the_page_explains_the_columns_and_shows_an_example(client, world):
    login(client, world.users["facilitator"])
    page = client.get(paste_url(world)).get_data(as_text=True)
    assert "One person per line; separators tab or ;." in page
    assert "name; organisation; country; function; e-mail; role" in page
    assert 'class="example"' in page and "anna@lv.example" in page
    assert (
        "<textarea" in page
        and 'aria-describedby="text-hint text-example-title text-example"' in page
    )


def test_tab_and_semicolon_lines_are_read_and_nothing_is_saved_by_a_preview(client, world):
    login(client, world.users["coordinator"])
    before = row_counts()
    text = (
        "Jānis Paraugs\tKPR\tLV\tplanner\tjanis@example.org\tspeaker\n"
        "\n"
        "Rasa Pavyzdėlė; Klaipėdos universitetas; LT; science; ; \n"
    )
    response = preview(client, world, text)
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    first, third = line(page, 1), line(page, 3)
    assert "Jānis Paraugs" in first and "Kurzemes plānošanas reģions" in first
    assert "known organisation" in first
    assert "Latvia" in first and "janis@example.org" in first and "Speaker" in first
    assert "New participant" in first
    # The empty line 2 is no one; line 3 keeps its number and its typed organisation.
    assert 'id="line-2"' not in page
    assert "Rasa Pavyzdėlė" in third and "Klaipėdos universitetas" in third
    assert "Lithuania" in third and "Science or education" in third and "Participant" in third
    assert "Mistake:" not in page
    assert "2 people will be added." in page
    assert row_counts() == before


def test_every_mistake_is_marked_on_its_line(client, world):
    login(client, world.users["coordinator"])
    text = "\n".join(
        [
            "; KPR; LV",  # 1: no name
            "Anna Paraudziņa; ; Atlantis",  # 2: unknown country
            "Pēteris Paraugs; ; LV; astronaut",  # 3: unknown function
            "Līga Paraudziņa; ; LV; ; liga(at)example.org",  # 4: not an e-mail
            "Ona Pavyzdytė; ; LT; ; ; chairwoman",  # 5: unknown role
            "Ilze Bērziņa; KPR; LV; planner",  # 6: already attends: a warning
            "Anna Paraudziņa; ; LV; ; anna@example.org",  # 7: valid
            "anna  paraudzina; ; Latvia",  # 8: the same person as line 7
            "A; B; LV; other; a@example.org; participant; extra",  # 9: too many fields
        ]
    )
    page = preview(client, world, text).get_data(as_text=True)

    assert "The name is missing." in line(page, 1)
    assert "Unknown country “Atlantis”" in line(page, 2)
    assert "Unknown function “astronaut”" in line(page, 3)
    assert "“liga(at)example.org” is not an e-mail address." in line(page, 4)
    assert "Unknown role “chairwoman”" in line(page, 5)
    assert "Already attends this event: skipped." in line(page, 6)
    assert "Already attending" in line(page, 6) and "Mistake:" not in line(page, 6)
    assert "Mistake:" not in line(page, 7) and "New participant" in line(page, 7)
    assert "The same person as on line 7" in line(page, 8)
    assert "This line has 7 fields" in line(page, 9)
    for number in (1, 2, 3, 4, 5, 8, 9):
        assert "Not imported" in line(page, number)
    # The wrong value is marked in its own cell.
    assert '<td data-label="Country" class="bad">Atlantis</td>' in line(page, 2)
    assert "1 person will be added." in page
    assert "7 lines have mistakes." in page
    assert "1 person already attends and is skipped." in page


def test_codes_and_names_in_latvian_and_lithuanian_are_accepted(client, world):
    login(client, world.users["coordinator"])
    with force_locale("lv"):
        planner_lv = str(FUNCTIONS["planner"])
        speaker_lv = str(ROLES["speaker"])
    with force_locale("lt"):
        politician_lt = str(FUNCTIONS["politician"])
        organiser_lt = str(ROLES["organiser"])
    text = "\n".join(
        [
            f"Anna Paraudziņa; ; LATVIJA; {planner_lv.upper()}; ; {speaker_lv}",
            f"Ona Pavyzdytė; ; lietuva; {politician_lt}; ; {organiser_lt.lower()}",
            "Klaus Beispiel; ; Vācija; regional_staff; ; FACILITATOR",
            "Eva Näide; ; Estija; regional staff",
            "Jonas Pavyzdys; ; lt; BUSINESS; ; organiser",
        ]
    )
    page = preview(client, world, text).get_data(as_text=True)

    assert "Mistake:" not in page
    assert "Latvia" in line(page, 1) and "Municipal spatial-planning" in line(page, 1)
    assert "Speaker" in line(page, 1)
    assert "Lithuania" in line(page, 2) and "Local or regional politician" in line(page, 2)
    assert "Organiser" in line(page, 2)
    assert "Germany" in line(page, 3) and "Facilitator" in line(page, 3)
    assert "Estonia" in line(page, 4) and "Regional development organisation staff" in line(page, 4)
    assert "Lithuania" in line(page, 5) and "Business" in line(page, 5)


def test_the_text_is_kept_after_a_preview_and_after_a_refusal(client, world):
    login(client, world.users["coordinator"])
    text = "Anna Paraudziņa; KPR; LV\nPēteris Paraugs; ; Atlantis"
    for action, status in (("preview", 200), ("import", 400)):
        response = client.post(paste_url(world), data={"text": text, "action": action})
        assert response.status_code == status
        page = response.get_data(as_text=True)
        assert "Anna Paraudziņa; KPR; LV\nPēteris Paraugs; ; Atlantis</textarea>" in page


def test_nothing_is_imported_when_a_line_has_mistakes_and_valid_only_is_not_chosen(client, world):
    login(client, world.users["coordinator"])
    before = row_counts()
    text = "Anna Paraudziņa; KPR; LV\nPēteris Paraugs; ; Atlantis"
    response = client.post(paste_url(world), data={"text": text, "action": "import"})

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "1 line has mistakes, so nothing was imported." in page
    assert 'value="import_valid"' in page
    assert row_counts() == before


def test_import_only_the_valid_lines(client, world):
    login(client, world.users["coordinator"])
    text = "\n".join(
        [
            "Anna Paraudziņa; kpr; LV; planner; Anna@Example.org; speaker",
            "Pēteris Paraugs; ; Atlantis",
            "Rasa Pavyzdėlė; Klaipėdos universitetas; LT",
            "Ilze Bērziņa; KPR; LV; planner",  # already attends
        ]
    )
    response = client.post(paste_url(world), data={"text": text, "action": "import_valid"})

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/events/{world.event.id}/attendance")
    with client.session_transaction() as session:
        assert ("success", "2 people added, 2 skipped.") in session["_flashes"]
    db.session.expire_all()
    attendances = db.session.scalars(
        select(Attendance).where(Attendance.event_id == world.event.id)
    ).all()
    by_name = {a.participant.name: a for a in attendances}
    assert set(by_name) == {"Ilze Bērziņa", "Anna Paraudziņa", "Rasa Pavyzdėlė"}
    anna = by_name["Anna Paraudziņa"]
    assert anna.recorded == "import" and anna.role == "speaker"
    assert anna.participant.organisation_id == world.lv.id  # "kpr" is KPR's short name
    assert anna.participant.email == "anna@example.org"
    assert anna.participant.function == "planner" and anna.participant.country == "LV"
    rasa = by_name["Rasa Pavyzdėlė"].participant
    assert rasa.organisation_id is None and rasa.organisation_name == "Klaipėdos universitetas"
    assert rasa.function == "other" and by_name["Rasa Pavyzdėlė"].role == "participant"
    assert (
        db.session.scalar(select(Participant).where(Participant.name == "Pēteris Paraugs")) is None
    )


def test_organisations_are_linked_by_name_short_name_or_name_with_country(client, world):
    login(client, world.users["coordinator"])
    text = "\n".join(
        [
            "Anna Paraudziņa; KURZEMES PLĀNOŠANAS REĢIONS",
            "Pēteris Paraugs; kpr",
            "Ona Pavyzdytė; Asociacija „Klaipėdos regionas“ (LT)",
            "Jonas Pavyzdys; Asociacija „Klaipėdos regionas“ (LV)",  # not in Latvia
        ]
    )
    page = preview(client, world, text).get_data(as_text=True)
    assert "Kurzemes plānošanas reģions" in line(page, 1) and "known organisation" in line(page, 1)
    assert "Kurzemes plānošanas reģions" in line(page, 2) and "known organisation" in line(page, 2)
    assert "known organisation" in line(page, 3)
    assert "known organisation" not in line(page, 4)
    # A known organisation also says which country the person is from.
    assert "Lithuania" in line(page, 3) and "Latvia" in line(page, 4)


def test_import_of_a_list_without_mistakes_skips_who_already_attends(client, world):
    login(client, world.users["facilitator"])
    text = "Ilze Bērziņa\tKPR\tLV\nAnna Paraudziņa\t\tLV"
    response = client.post(paste_url(world), data={"text": text, "action": "import"})

    assert response.status_code == 303
    with client.session_transaction() as session:
        assert ("success", "1 person added, 1 skipped.") in session["_flashes"]
    db.session.expire_all()
    names = db.session.scalars(
        select(Participant.name)
        .join(Attendance, Attendance.participant_id == Participant.id)
        .where(Attendance.event_id == world.event.id)
    ).all()
    assert sorted(names) == ["Anna Paraudziņa", "Ilze Bērziņa"]


def test_a_participant_of_another_event_is_recognised_not_duplicated(client, world):
    other = make_event(world.project, world.lv, "Seminar in Liepāja")
    known = make_participant(world.project, "Anna Paraudziņa", "LV", email="anna@example.org")
    attend(other, known)
    db.session.commit()
    login(client, world.users["coordinator"])
    text = "ANNA PARAUDZIŅA; ; LV; ; anna@example.org"

    page = preview(client, world, text).get_data(as_text=True)
    assert "Known participant" in line(page, 1)

    participants = row_counts()["participant"]
    assert client.post(paste_url(world), data={"text": text, "action": "import"}).status_code == 303
    assert row_counts()["participant"] == participants
    assert db.session.scalar(
        select(Attendance).where(
            Attendance.event_id == world.event.id, Attendance.participant_id == known.id
        )
    )


def test_an_empty_list_is_a_mistake_of_the_form(client, world):
    login(client, world.users["coordinator"])
    response = client.post(paste_url(world), data={"text": "  \n ", "action": "preview"})
    assert response.status_code == 400
    assert "Paste or type at least one person." in response.get_data(as_text=True)


def test_htmx_preview_gets_only_the_form_and_its_preview(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        paste_url(world),
        data={"text": "Anna Paraudziņa; ; LV", "action": "preview"},
        headers={"HX-Request": "true"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="paste">') and "<html" not in page
    assert "Anna Paraudziņa" in line(page, 1)


def test_mistakes_are_written_in_the_language_of_the_reader(client, world):
    coordinator = world.users["coordinator"]
    coordinator.language = "lv"
    db.session.commit()
    login(client, coordinator)
    page = preview(client, world, "Anna Paraudziņa; ; Atlantis\nPēteris Paraugs").get_data(
        as_text=True
    )
    with force_locale("lv"):
        unknown = Problem("unknown_country", "Atlantis").message
        assumed = Problem("country_assumed", "LV", warning=True).message
    assert '<html lang="lv">' in page
    assert "Valsts" in page  # the column heading
    assert str(escape(unknown)) in line(page, 1)
    # The country the event gives is named in Latvian.
    assert "Latvija" in assumed and str(escape(assumed)) in line(page, 2)
