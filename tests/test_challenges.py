"""Challenges of a project: the table with its filters and search, recording and editing a
challenge, its page, the handbook mark, deleting it, and who may do what."""

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event as sql_event
from sqlalchemy import select

from collab.challenges.models import Challenge, Dot, Solution, StatusChange, VoteOption
from collab.challenges.operations import add_solution, create_challenge
from collab.events.models import Theme
from collab.extensions import db
from collab.i18n import Translations
from tests.conftest import login, make_event, row_counts

HTMX = {"HX-Request": "true"}


def make_challenge(world, title, user=None, **fields) -> Challenge:
    texts = Translations({"en": title}) if isinstance(title, str) else Translations(title)
    challenge, _ = create_challenge(world.project.id, texts, user, **fields)
    return challenge


def listed(client, project, **params) -> list[str]:
    """The titles the table shows, in the order it shows them."""
    response = client.get(f"/projects/{project.id}/challenges", query_string=params)
    assert response.status_code == 200
    return titles(response.get_data(as_text=True))


def titles(page: str) -> list[str]:
    return re.findall(
        r'<th scope="row" class="title"><a href="/challenges/\d+">(?:<span lang="\w+">)?([^<]+)<',
        page,
    )


@contextmanager
def counted_statements():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sql_event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sql_event.remove(db.engine, "before_cursor_execute", count)


CYCLING = "Cycling routes stop at the border"
PORT = "Klaipėdos uosto plėtra"
COAST = "Coastal erosion in Pāvilosta"
SEASON = "Seasonality of tourism"


@pytest.fixture
def challenges(world):
    """Besides the World's cycling challenge (identified at the camp, a solution proposed):
    a Lithuanian one about the port, a Latvian one of the wider region analysed at the
    seminar, and one set aside."""
    tourism = Theme(project_id=world.project.id, name=Translations({"en": "Tourism"}))
    db.session.add(tourism)
    db.session.flush()
    port = make_challenge(
        world,
        {"lt": PORT, "en": "Port development"},
        regions="lt",
        event=world.lt_event,
        description=Translations({"lt": "Uostas ir miestas **kartu**"}),
    )
    port.priority = 7
    coast = make_challenge(
        world,
        COAST,
        regions="wider",
        theme_id=world.theme.id,
        for_handbook=True,
        handbook_chapter="challenges",
    )
    coast.analysed_at.append(world.lt_event)
    coast.priority = 2
    season = make_challenge(world, SEASON, regions="lv", theme_id=tourism.id)
    season.status = "set_aside"
    db.session.commit()
    return {"port": port, "coast": coast, "season": season, "tourism": tourism}


@pytest.fixture
def reader(client, world):
    login(client, world.users["member"])
    return client


@pytest.fixture
def editor(client, world):
    login(client, world.users["facilitator"])
    return client


# --- The table ----------------------------------------------------------------------------


def test_the_table_shows_each_challenge_with_its_facts(reader, world, challenges):
    world.challenge.for_handbook = True
    world.challenge.handbook_chapter = "good_practices"
    world.challenge.priority = 3
    db.session.commit()
    page = reader.get(f"/projects/{world.project.id}/challenges").get_data(as_text=True)
    row = page[page.index(f'id="challenge-{world.challenge.id}"') :]
    row = row[: row.index("</tr>")]
    assert f'href="/challenges/{world.challenge.id}"' in row
    assert "Climate adaptation" in row
    assert "Both regions" in row
    assert "Solution proposed" in row
    assert f'<a href="/events/{world.event.id}">Innovation camp in Ventspils</a>' in row
    assert ">1</td>" in row  # one solution
    assert row.count('class="dot"') == 3 and "3 dots" in row
    assert "Handbook: Good practices" in row
    assert "4 challenges" in page


def test_search_finds_baltic_letters_in_any_language_and_case(reader, world, challenges):
    project = world.project
    # The title is in Lithuanian; an English reader sees the English one.
    assert listed(reader, project, q="KLAIPĖDOS") == ["Port development"]
    assert listed(reader, project, q="plėtra") == ["Port development"]
    # The description, in Lithuanian only, is searched too; and the Latvian title.
    assert listed(reader, project, q="UOSTAS IR") == ["Port development"]
    assert listed(reader, project, q="pāvilosta") == [COAST]
    assert listed(reader, project, q="veloceļi") == [CYCLING]
    # A percent sign is a letter, not a wildcard.
    assert listed(reader, project, q="%") == []


def test_filters_by_theme_region_status_and_event(reader, world, challenges):
    project = world.project
    assert set(listed(reader, project, theme=world.theme.id)) == {CYCLING, COAST}
    assert listed(reader, project, theme=challenges["tourism"].id) == [SEASON]
    # A region includes the challenges of both regions and of the wider region.
    assert set(listed(reader, project, regions="lt")) == {"Port development", CYCLING, COAST}
    assert set(listed(reader, project, regions="lv")) == {SEASON, CYCLING, COAST}
    assert listed(reader, project, regions="wider") == [COAST]
    assert listed(reader, project, status="set_aside") == [SEASON]
    assert listed(reader, project, status="solution_proposed") == [CYCLING]
    # Identified at the seminar, or analysed there.
    assert set(listed(reader, project, event=world.lt_event.id)) == {"Port development", COAST}
    assert listed(reader, project, event=world.event.id) == [CYCLING]
    assert listed(reader, project, event=world.lt_event.id, regions="wider") == [COAST]


def test_sorts_by_priority_newest_or_title(reader, world, challenges):
    project = world.project
    by_priority = listed(reader, project)
    assert by_priority[:2] == ["Port development", COAST]
    assert listed(reader, project, sort="title") == sorted(
        [CYCLING, "Port development", COAST, SEASON], key=str.casefold
    )
    assert listed(reader, project, sort="newest")[0] == SEASON


def test_a_filter_it_cannot_understand_is_ignored_with_a_message(reader, world, challenges):
    page = reader.get(
        f"/projects/{world.project.id}/challenges", query_string={"status": "lost", "sort": "x"}
    ).get_data(as_text=True)
    assert "“lost” was not understood" in page
    assert len(titles(page)) == 4


def test_the_filters_stay_in_the_address_and_htmx_gets_the_results_only(reader, world, challenges):
    url = f"/projects/{world.project.id}/challenges?q=port&status=identified"
    page = reader.get(url).get_data(as_text=True)
    assert 'hx-push-url="true"' in page
    assert 'value="port"' in page
    assert '<option selected value="identified">' in page
    fragment = reader.get(url, headers=HTMX).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="results"')
    assert titles(fragment) == ["Port development"]
    # Back to an address htmx pushed: the whole page.
    restored = reader.get(url, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in restored.get_data(as_text=True)
    assert "HX-Request" in restored.headers["Vary"]


def test_the_table_works_in_pages(app, reader, world):
    for n in range(app.config["ITEMS_PER_PAGE"] + 2):
        make_challenge(world, f"Challenge {n:02d}")
    db.session.commit()
    page = reader.get(f"/projects/{world.project.id}/challenges?sort=title").get_data(as_text=True)
    assert len(titles(page)) == app.config["ITEMS_PER_PAGE"]
    second = reader.get(f"/projects/{world.project.id}/challenges?sort=title&page=2")
    assert len(titles(second.get_data(as_text=True))) == 3
    empty = reader.get(f"/projects/{world.project.id}/challenges?page=9").get_data(as_text=True)
    assert "There is no page 9" in empty


def test_the_table_takes_the_same_few_queries_for_3_or_40_challenges(client, world):
    login(client, world.users["coordinator"])
    url = f"/projects/{world.project.id}/challenges"

    def statements_for(address):
        client.get(address)
        with counted_statements() as statements:
            assert client.get(address).status_code == 200
        return len(statements)

    def add_challenges(count):
        start = db.session.query(Challenge).count()
        for n in range(count):
            challenge = make_challenge(
                world,
                f"Challenge {start + n}",
                event=world.event,
                theme_id=world.theme.id,
                for_handbook=bool(n % 2),
                handbook_chapter="challenges",
            )
            challenge.analysed_at.append(world.lt_event)
            add_solution(challenge, Translations({"en": "Do it"}), organisations=[world.lv])
        db.session.commit()

    add_challenges(2)  # three with the World's
    few = statements_for(url)
    add_challenges(37)  # forty
    many = statements_for(url)
    assert few < 15
    assert many == few
    with_filters = (
        f"{url}?sort=title&q=challenge&status=solution_proposed&regions=lv"
        f"&theme={world.theme.id}&event={world.lt_event.id}"
    )
    assert statements_for(with_filters) < 15


# --- Recording and editing ----------------------------------------------------------------


def challenge_form(world, **changes) -> dict:
    data = {
        "title-en": "Bus lines stop at the border",
        "title-lv": "Autobusu līnijas beidzas pie robežas",
        "description-en": "No bus crosses from *Rucava* to Palanga.",
        "theme_id": world.theme.id,
        "regions": "both",
        "identified_at_id": world.event.id,
        "analysed_at": [world.lt_event.id],
        "for_handbook": "y",
        "handbook_chapter": "challenges",
    }
    data.update(changes)
    return data


def test_a_facilitator_records_a_challenge_through_the_form(editor, world):
    form = editor.get(f"/projects/{world.project.id}/challenges/new?event={world.lt_event.id}")
    assert form.status_code == 200
    page = form.get_data(as_text=True)
    assert f'<option selected value="{world.lt_event.id}">' in page
    assert "Climate adaptation" in page  # the project's theme

    response = editor.post(
        f"/projects/{world.project.id}/challenges/new", data=challenge_form(world)
    )
    assert response.status_code == 303
    challenge = db.session.scalar(select(Challenge).where(Challenge.id != world.challenge.id))
    assert response.headers["Location"].endswith(f"/challenges/{challenge.id}")
    assert challenge.title == {
        "en": "Bus lines stop at the border",
        "lv": "Autobusu līnijas beidzas pie robežas",
    }
    assert challenge.identified_at_id == world.event.id
    assert [e.id for e in challenge.analysed_at] == [world.lt_event.id]
    assert challenge.theme_id == world.theme.id
    assert challenge.for_handbook and challenge.handbook_chapter == "challenges"
    assert challenge.status == "identified"
    assert "rucava" in challenge.search_text and "autobusu" in challenge.search_text
    [change] = challenge.history
    assert change.to_status == "identified"
    assert change.user_id == world.users["facilitator"].id and change.at is not None


def test_a_form_sent_twice_records_one_challenge(editor, world):
    data = challenge_form(world, client_key="a1b2c3")
    before = row_counts()["challenge"]
    assert editor.post(f"/projects/{world.project.id}/challenges/new", data=data).status_code == 303
    again = editor.post(f"/projects/{world.project.id}/challenges/new", data=data)
    assert again.status_code == 303
    assert row_counts()["challenge"] == before + 1


def test_a_challenge_without_a_title_comes_back_with_what_was_typed(editor, world):
    before = row_counts()
    response = editor.post(
        f"/projects/{world.project.id}/challenges/new",
        data=challenge_form(world, **{"title-en": "", "title-lv": ""}),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Fill in at least one language." in page
    assert "No bus crosses from *Rucava* to Palanga." in page
    assert row_counts() == before


def test_an_event_of_another_project_is_not_a_choice(editor, world):
    elsewhere = make_event(world.other_project, world.de, "Stralsund forum")
    db.session.commit()
    response = editor.post(
        f"/projects/{world.project.id}/challenges/new",
        data=challenge_form(world, identified_at_id=elsewhere.id),
    )
    assert response.status_code == 400


def test_editing_saves_and_search_follows_the_new_title(editor, world):
    url = f"/challenges/{world.challenge.id}/edit"
    page = editor.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = editor.post(
        url,
        data=challenge_form(
            world, version=version, **{"title-en": "Greenways end at Rucava", "title-lv": ""}
        ),
    )
    assert response.status_code == 303
    db.session.expire_all()
    challenge = db.session.get(Challenge, world.challenge.id)
    assert challenge.title == {"en": "Greenways end at Rucava"}
    assert challenge.version == int(version) + 1
    assert listed(editor, world.project, q="GREENWAYS") == ["Greenways end at Rucava"]
    assert listed(editor, world.project, q="veloceļi") == []


def test_two_people_editing_at_once_the_second_gets_a_conflict_with_their_text(client, world):
    url = f"/challenges/{world.challenge.id}/edit"
    login(client, world.users["coordinator"])
    page = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)

    first = client.post(
        url, data=challenge_form(world, version=version, **{"title-en": "First title"})
    )
    assert first.status_code == 303
    second = client.post(
        url, data=challenge_form(world, version=version, **{"title-en": "Second title"})
    )
    assert second.status_code == 409
    text = second.get_data(as_text=True)
    assert "Someone else saved this while you were editing" in text
    assert 'value="Second title"' in text  # their text is kept
    assert "First title" in text  # and what is saved now is shown
    db.session.expire_all()
    assert db.session.get(Challenge, world.challenge.id).title["en"] == "First title"


def test_a_status_change_meanwhile_makes_an_open_edit_form_stale(editor, world):
    url = f"/challenges/{world.challenge.id}/edit"
    version = world.challenge.version
    editor.post(f"/challenges/{world.challenge.id}/status", data={"status": "in_handbook"})
    response = editor.post(url, data=challenge_form(world, version=version))
    assert response.status_code == 409


# --- The challenge's page -----------------------------------------------------------------


def test_the_page_shows_description_events_solutions_history_and_votes(reader, world):
    challenge = world.challenge
    challenge.description = Translations({"en": "Routes **end** at the border."})
    challenge.analysed_at.append(world.lt_event)
    world.solution.where_it_works = "Rucava municipality"
    world.solution.kind = "good_practice"
    world.solution.for_handbook = True
    world.solution.handbook_chapter = "good_practices"
    db.session.add_all(
        [
            Dot(vote_id=world.vote.id, challenge_id=challenge.id, table_label="Table 1"),
            Dot(vote_id=world.vote.id, challenge_id=challenge.id, table_label="Table 2"),
        ]
    )
    db.session.commit()
    page = reader.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert "<strong>end</strong>" in page
    assert "Climate adaptation" in page and "Both regions" in page
    assert f'<a href="/events/{world.event.id}">Innovation camp in Ventspils</a>' in page
    assert f'<a href="/events/{world.lt_event.id}">Seminar on the public-service' in page
    # The solution: its text, kind, who proposed it, where it works, the handbook mark.
    assert "Join the routes to EuroVelo 10" in page
    assert "Good practice" in page and "Works in Rucava municipality" in page
    assert "Asociacija „Klaipėdos regionas“, KPR" in page
    assert "Handbook: Good practices" in page
    # The history: who, from what to what.
    history = page[page.index('id="lifecycle"') :]
    assert "Test Facilitator" in history
    assert "Identified" in history and "Solution proposed" in history
    # The vote, with the dots counted.
    votes = page[page.index('id="votes-title"') :]
    assert "Which first?" in votes
    assert '<td class="num" data-label="Dots for this challenge">2</td>' in votes
    # A member reads; no forms to change anything.
    assert "Add a solution" not in page and "Delete the challenge" not in page


def test_markdown_on_the_page_is_sanitised(editor, world):
    world.challenge.description = Translations(
        {"en": 'Hello <script>alert("x")</script> [link](javascript:alert(1)) **ok**'}
    )
    world.solution.text = Translations({"en": "<img src=x onerror=alert(1)> fine"})
    db.session.commit()
    page = editor.get(f"/challenges/{world.challenge.id}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert 'href="javascript' not in page
    assert "<img src=x" not in page  # shown as text, never as an element
    assert "<strong>ok</strong>" in page


def test_a_hidden_or_missing_challenge_is_not_found(client, world):
    login(client, world.users["outsider"])
    assert client.get(f"/challenges/{world.challenge.id}").status_code == 404
    assert client.get(f"/projects/{world.project.id}/challenges").status_code == 404
    login(client, world.users["member"])
    assert client.get("/challenges/999999").status_code == 404


# --- The handbook mark --------------------------------------------------------------------


def test_the_handbook_mark_is_toggled_with_a_chapter(editor, world):
    url = f"/challenges/{world.challenge.id}/handbook"
    version = world.challenge.version
    response = editor.post(url, data={"for_handbook": "1", "handbook_chapter": "workshops"})
    assert response.status_code == 303
    db.session.expire_all()
    challenge = db.session.get(Challenge, world.challenge.id)
    assert challenge.for_handbook and challenge.handbook_chapter == "workshops"
    assert challenge.version == version + 1

    fragment = editor.post(
        url, data={"for_handbook": "1", "handbook_chapter": "annexes"}, headers=HTMX
    ).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="handbook"')
    assert "Handbook: Annexes" in fragment
    assert "Take out of the handbook" in fragment

    editor.post(url, data={"for_handbook": "0", "handbook_chapter": "annexes"})
    db.session.expire_all()
    assert not db.session.get(Challenge, world.challenge.id).for_handbook
    listed_page = editor.get(f"/projects/{world.project.id}/challenges").get_data(as_text=True)
    assert "Handbook:" not in listed_page


def test_a_member_cannot_mark_for_the_handbook(reader, world):
    response = reader.post(
        f"/challenges/{world.challenge.id}/handbook",
        data={"for_handbook": "1", "handbook_chapter": "challenges"},
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert not db.session.get(Challenge, world.challenge.id).for_handbook


# --- Deleting -----------------------------------------------------------------------------


def test_deleting_a_challenge_moves_it_with_its_solutions_history_and_dots_to_the_trash(
    editor, world
):
    db.session.add(Dot(vote_id=world.vote.id, challenge_id=world.challenge.id, table_label="T"))
    db.session.commit()
    response = editor.post(f"/challenges/{world.challenge.id}/delete")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/projects/{world.project.id}/challenges")
    db.session.expire_all()
    assert db.session.scalar(select(Challenge.id)) is None
    assert db.session.scalar(select(Solution.id)) is None
    assert db.session.scalar(select(StatusChange.id)) is None
    assert db.session.scalar(select(VoteOption.id)) is None
    assert db.session.scalar(select(Dot.id)) is None
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Moved to the trash" in page


def test_deleting_with_htmx_sends_the_browser_to_the_table(editor, world):
    challenge_id = world.challenge.id
    response = editor.post(f"/challenges/{challenge_id}/delete", headers=HTMX)
    assert response.headers["HX-Redirect"] == f"/projects/{world.project.id}/challenges"
    db.session.expire_all()
    assert db.session.get(Challenge, challenge_id) is None


# --- Who may do what ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "coordinator", "facilitator"])
def test_coordinators_and_facilitators_of_partners_record_challenges(client, world, role):
    login(client, world.users[role])
    response = client.post(
        f"/projects/{world.project.id}/challenges/new", data=challenge_form(world)
    )
    assert response.status_code == 303
    page = client.get(f"/projects/{world.project.id}/challenges").get_data(as_text=True)
    assert "New challenge" in page


def test_a_member_reads_but_does_not_write(reader, world):
    project_url = f"/projects/{world.project.id}"
    page = reader.get(f"{project_url}/challenges").get_data(as_text=True)
    assert CYCLING in page and "New challenge" not in page
    before = row_counts()
    assert reader.get(f"{project_url}/challenges/new").status_code == 403
    assert (
        reader.post(f"{project_url}/challenges/new", data=challenge_form(world)).status_code == 403
    )
    assert reader.get(f"/challenges/{world.challenge.id}/edit").status_code == 403
    assert reader.post(f"/challenges/{world.challenge.id}/delete").status_code == 403
    assert (
        reader.post(
            f"/challenges/{world.challenge.id}/status", data={"status": "analysed"}
        ).status_code
        == 403
    )
    assert row_counts() == before


def test_the_project_page_links_to_the_table_and_the_board(reader, world):
    page = reader.get(f"/projects/{world.project.id}").get_data(as_text=True)
    assert f'href="/projects/{world.project.id}/challenges"' in page
    assert f'href="/projects/{world.project.id}/challenges/board"' in page
