"""The workshop board: capturing challenges, solutions and notes during a session, sending
the same capture twice, mistakes, editing a card in place (and two people editing it),
polling for what others added, and who may use it."""

import re

from sqlalchemy import event as sa_event
from sqlalchemy import select

from collab.challenges.models import Challenge, Solution
from collab.challenges.operations import create_challenge
from collab.extensions import db
from collab.i18n import Translations
from collab.outputs.models import Output
from tests.conftest import login, make_event, make_project, row_counts

HTMX = {"HX-Request": "true"}


def board(world, suffix=""):
    return f"/events/{world.event.id}/board{suffix}"


def capture(client, world, headers=HTMX, **data):
    return client.post(board(world, "/items"), data=data, headers=headers)


def fresh(model, **where):
    db.session.expire_all()
    query = select(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


# --- The page ------------------------------------------------------------------------------


def test_the_board_shows_what_was_captured_at_the_event_only(client, world):
    create_challenge(
        world.project.id, Translations({"en": "Seasonal tourism"}), event=world.lt_event
    )
    db.session.commit()
    login(client, world.users["facilitator"])

    response = client.get(board(world))

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Workshop board: Innovation camp in Ventspils" in page
    assert 'id="board-capture"' in page and 'src="/static/js/board.js"' in page
    for dom_id in (
        f"board-challenge-{world.challenge.id}",
        f"board-solution-{world.solution.id}",
        f"board-note-{world.output.id}",
    ):
        assert f'id="{dom_id}"' in page
    assert "Answers: Cycling routes stop at the border" in page
    assert "Seasonal tourism" not in page  # identified at the other event
    # The challenge a solution answers: the event's, the latest chosen.
    assert re.search(
        rf'<option selected value="{world.challenge.id}">Cycling routes stop at the border',
        page,
    )
    # Who captured it, and when.
    assert "Test Facilitator" in page and "<time datetime=" in page


def test_the_event_page_leads_to_the_board(app, client, world):
    login(client, world.users["facilitator"])
    page = client.get(f"/events/{world.event.id}").get_data(as_text=True)
    assert f'href="{board(world)}"' in page

    member = app.test_client()
    login(member, world.users["member"])
    page = member.get(f"/events/{world.event.id}").get_data(as_text=True)
    assert f'href="{board(world)}"' not in page


def test_only_the_project_workers_use_the_board(app, client, world):
    login(client, world.users["member"])
    assert client.get(board(world)).status_code == 403
    before = row_counts()
    assert capture(client, world, kind="note", text="Hello").status_code == 403
    assert row_counts() == before

    outsider = app.test_client()
    login(outsider, world.users["outsider"])
    assert outsider.get(board(world)).status_code == 404
    assert capture(outsider, world, kind="note", text="Hello").status_code == 404
    assert row_counts() == before

    # A facilitator of the other partner captures at an event they did not organise.
    world.users["member"].role = "facilitator"
    db.session.commit()
    assert client.get(board(world)).status_code == 200


def count_statements(client, path) -> int:
    statements = []

    def count(*args):
        statements.append(args[2])

    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(path, headers={"HX-Request": "true"} if "?" in path else {})
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(statements)


def test_the_board_takes_the_same_few_queries_however_much_is_on_it(client, world):
    login(client, world.users["coordinator"])
    client.get(board(world))  # the first request warms caches up
    few = count_statements(client, board(world))
    few_polled = count_statements(client, board(world, "/items?after=challenge:0"))

    people = [world.users["coordinator"], world.users["facilitator"], world.users["admin"]]
    for number in range(30):
        someone = people[number % 3]
        challenge, _ = create_challenge(
            world.project.id,
            Translations({"en": f"Challenge {number}"}),
            someone,
            event=world.event,
            theme_id=world.theme.id if number % 2 else None,
        )
        challenge.solutions.append(
            Solution(
                text=Translations({"en": f"Solution {number}"}),
                event_id=world.event.id,
                created_by_id=someone.id,
            )
        )
        db.session.add(
            Output(
                event_id=world.event.id,
                kind="note",
                title=Translations({"en": f"Note {number}"}),
                created_by_id=someone.id,
            )
        )
    db.session.commit()

    many = count_statements(client, board(world))
    many_polled = count_statements(client, board(world, "/items?after=challenge:0"))

    assert few == many and many < 15
    assert few_polled == many_polled and many_polled < 15


# --- Capturing -----------------------------------------------------------------------------


def test_a_challenge_is_identified_at_the_event_in_the_language_of_its_author(client, world):
    coordinator = world.users["coordinator"]
    coordinator.language = "lv"
    db.session.commit()
    login(client, coordinator)

    response = capture(
        client,
        world,
        kind="challenge",
        text="Piekrastes pašvaldību klimata pielāgošanās",
        theme_id=world.theme.id,
        client_key="0b6f0c5e-0a9e-4d2f-9a52-5c0d3c1e7a11",
    )

    assert response.status_code == 200
    challenge = fresh(Challenge, client_key="0b6f0c5e-0a9e-4d2f-9a52-5c0d3c1e7a11")
    assert challenge.title == {"lv": "Piekrastes pašvaldību klimata pielāgošanās"}
    assert challenge.title.original == "lv"
    assert challenge.identified_at_id == world.event.id
    assert challenge.project_id == world.project.id
    assert challenge.theme_id == world.theme.id
    assert challenge.created_by_id == coordinator.id
    assert challenge.status == "identified" and len(challenge.history) == 1
    card = response.get_data(as_text=True)
    assert card.lstrip().startswith(f'<li id="board-challenge-{challenge.id}"')
    assert "Piekrastes pašvaldību klimata pielāgošanās" in card
    assert "Klimata pielāgošanās" in card  # the theme, in Latvian
    assert 'data-key="0b6f0c5e-0a9e-4d2f-9a52-5c0d3c1e7a11"' in card
    assert "<html" not in card


def test_a_solution_is_proposed_at_the_event(client, world):
    second, _ = create_challenge(
        world.project.id, Translations({"en": "No joint tourism products"}), event=world.event
    )
    db.session.commit()
    login(client, world.users["facilitator"])

    response = capture(
        client,
        world,
        kind="solution",
        text="A joint **cycling** package with the Klaipėda region",
        challenge_id=second.id,
        client_key="key-solution-1",
    )

    assert response.status_code == 200
    solution = fresh(Solution, client_key="key-solution-1")
    assert solution.challenge_id == second.id
    assert solution.event_id == world.event.id
    assert solution.text == {"en": "A joint **cycling** package with the Klaipėda region"}
    assert solution.created_by_id == world.users["facilitator"].id
    assert solution.challenge.status == "solution_proposed"
    card = response.get_data(as_text=True)
    assert f'id="board-solution-{solution.id}"' in card
    assert "<strong>cycling</strong>" in card  # Markdown, sanitised
    assert "Answers: No joint tourism products" in card


def test_a_note_is_an_output_of_the_event_titled_by_its_first_line(client, world):
    login(client, world.users["coordinator"])
    text = "Table 2: " + "seasonality " * 15 + "\nMost visitors come in July.\n<script>x()</script>"

    response = capture(client, world, kind="note", text=text, client_key="note-key-1")

    assert response.status_code == 200
    note = fresh(Output, client_key="note-key-1")
    assert note.event_id == world.event.id and note.kind == "note"
    assert note.text == {"en": text.strip()}
    assert len(note.title["en"]) == 120 and note.title["en"].startswith("Table 2: seasonality")
    assert note.created_by_id == world.users["coordinator"].id
    card = response.get_data(as_text=True)
    assert f'id="board-note-{note.id}"' in card
    assert "Most visitors come in July." in card
    assert "<script>" not in card


def test_the_same_capture_sent_twice_is_saved_once(client, world):
    login(client, world.users["coordinator"])
    for kind, extra in (
        ("challenge", {}),
        ("solution", {"challenge_id": world.challenge.id}),
        ("note", {}),
    ):
        data = {"kind": kind, "text": f"A {kind} typed once", "client_key": f"{kind}-once", **extra}
        first = capture(client, world, **data)
        counts = row_counts()
        again = capture(client, world, **data)

        assert first.status_code == again.status_code == 200
        assert again.get_data(as_text=True) == first.get_data(as_text=True)
        assert row_counts() == counts, kind


def test_without_javascript_a_capture_returns_to_the_board(client, world):
    login(client, world.users["coordinator"])
    page = client.get(board(world)).get_data(as_text=True)
    key = re.search(r'name="client_key" type="hidden" value="([0-9a-f-]{36})"', page).group(1)

    response = capture(client, world, headers={}, kind="note", text="Coffee at 11", client_key=key)

    note = fresh(Output, client_key=key)
    assert response.status_code == 303
    assert response.headers["Location"] == board(world, f"?kind=note#board-note-{note.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Note saved." in page
    # The type chosen stays chosen for the next item.
    assert re.search(r'<input checked id="kind-2" name="kind" type="radio" value="note">', page)
    # The page sent again (a double click): nothing more.
    counts = row_counts()
    again = capture(client, world, headers={}, kind="note", text="Coffee at 11", client_key=key)
    assert again.status_code == 303 and row_counts() == counts


# --- Mistakes ------------------------------------------------------------------------------


def test_an_empty_capture_is_refused_with_a_message(client, world):
    login(client, world.users["coordinator"])
    before = row_counts()

    response = capture(client, world, kind="challenge", text="   ", client_key="empty-1")

    assert response.status_code == 400
    assert "Type the text first." in response.get_data(as_text=True)
    assert 'class="board-refusal"' in response.get_data(as_text=True)
    assert row_counts() == before


def test_a_solution_needs_one_of_the_events_challenges(client, world):
    elsewhere, _ = create_challenge(
        world.project.id, Translations({"en": "Public-service quality"}), event=world.lt_event
    )
    other_project = make_project(code="BSTC-2", acronym="BSTC 2", partners=[(world.lv, "lead")])
    other_event = make_event(other_project, world.lv, "Tourism forum")
    foreign, _ = create_challenge(
        other_project.id, Translations({"en": "Seasonality"}), event=other_event
    )
    db.session.commit()
    login(client, world.users["coordinator"])
    before = row_counts()

    missing = capture(client, world, kind="solution", text="Shared signs")
    assert missing.status_code == 400
    assert "Choose the challenge this solution answers." in missing.get_data(as_text=True)

    for challenge_id in (elsewhere.id, foreign.id, 999999, "key:unknown", "nonsense"):
        response = capture(
            client, world, kind="solution", text="Shared signs", challenge_id=challenge_id
        )
        assert response.status_code == 400, challenge_id
        assert "Choose one of the challenges of this event." in response.get_data(as_text=True)
    assert row_counts() == before

    # A challenge identified elsewhere but analysed at this event may be answered here.
    db.session.get(Challenge, elsewhere.id).analysed_at.append(world.event)
    db.session.commit()
    response = capture(
        client, world, kind="solution", text="Shared signs", challenge_id=elsewhere.id
    )
    assert response.status_code == 200
    assert fresh(Solution, challenge_id=elsewhere.id).event_id == world.event.id


def test_a_solution_may_answer_a_challenge_by_the_key_it_was_captured_with(client, world):
    login(client, world.users["coordinator"])
    capture(client, world, kind="challenge", text="Functional zones", client_key="zones-key")

    response = capture(
        client, world, kind="solution", text="A joint study", challenge_id="key:zones-key"
    )

    assert response.status_code == 200
    zones = fresh(Challenge, client_key="zones-key")
    assert [s.text["en"] for s in zones.solutions] == ["A joint study"]


def test_a_theme_must_be_the_projects(client, world):
    login(client, world.users["coordinator"])
    response = capture(client, world, kind="challenge", text="Ferries", theme_id="999999")
    assert response.status_code == 400
    assert "Choose one of the project&#39;s themes." in response.get_data(as_text=True)


def test_a_key_of_an_item_on_another_board_is_refused(client, world):
    create_challenge(
        world.project.id,
        Translations({"en": "Quality standard"}),
        event=world.lt_event,
        client_key="taken-key",
    )
    db.session.commit()
    login(client, world.users["coordinator"])
    before = row_counts()

    response = capture(client, world, kind="challenge", text="Mine", client_key="taken-key")

    assert response.status_code == 400
    assert "Quality standard" not in response.get_data(as_text=True)
    assert row_counts() == before


def test_without_javascript_a_mistake_keeps_what_was_typed(client, world):
    login(client, world.users["coordinator"])

    response = capture(client, world, headers={}, kind="solution", text="Bike racks on trains")

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page
    assert "Bike racks on trains</textarea>" in page
    assert re.search(r'<input checked id="kind-1" name="kind" type="radio" value="solution">', page)


def test_a_text_too_long_is_refused(client, world):
    login(client, world.users["coordinator"])
    response = capture(client, world, kind="challenge", text="x" * 301)
    assert response.status_code == 400
    assert "Keep it under 300 characters." in response.get_data(as_text=True)


# --- Editing in place ----------------------------------------------------------------------


def edit_url(world, kind, item_id, suffix=""):
    return board(world, f"/items/{kind}/{item_id}{suffix}")


def test_a_challenge_is_edited_in_place_keeping_its_other_languages(client, world):
    login(client, world.users["coordinator"])
    url = edit_url(world, "challenge", world.challenge.id)
    version = world.challenge.version

    form = client.get(url, headers=HTMX)
    assert form.status_code == 200
    assert f'name="challenge{world.challenge.id}-title"' in form.get_data(as_text=True)
    assert "Cycling routes stop at the border</textarea>" in form.get_data(as_text=True)

    response = client.post(
        url,
        data={
            f"challenge{world.challenge.id}-title": "Cycle routes end at the border",
            f"challenge{world.challenge.id}-version": version,
        },
        headers=HTMX,
    )

    assert response.status_code == 200
    assert f'<li id="board-challenge-{world.challenge.id}"' in response.get_data(as_text=True)
    challenge = fresh(Challenge, id=world.challenge.id)
    assert challenge.title == {"en": "Cycle routes end at the border", "lv": "Veloceļi beidzas"}
    assert challenge.version == version + 1
    assert "cycle routes end" in challenge.search_text


def test_a_text_is_edited_in_the_language_it_is_shown_in(client, world):
    challenge, _ = create_challenge(
        world.project.id, Translations({"lv": "Prāmju satiksme"}), event=world.event
    )
    db.session.commit()
    login(client, world.users["coordinator"])  # reads English
    url = edit_url(world, "challenge", challenge.id)

    form = client.get(url, headers=HTMX).get_data(as_text=True)
    assert 'lang="lv"' in form and "You are editing the text in Latvian." in form

    client.post(
        url,
        data={
            f"challenge{challenge.id}-title": "Prāmju satiksme ziemā",
            f"challenge{challenge.id}-version": "1",
        },
        headers=HTMX,
    )
    assert fresh(Challenge, id=challenge.id).title == {"lv": "Prāmju satiksme ziemā"}


def test_a_stale_edit_shows_the_conflict_and_keeps_the_typed_text(client, world):
    login(client, world.users["coordinator"])
    url = edit_url(world, "solution", world.solution.id)
    # Someone else saved the solution after this form was opened at version 1.
    solution = db.session.get(Solution, world.solution.id)
    solution.text = Translations({"en": "Join the routes to EuroVelo 10 and 13"})
    solution.version += 1
    db.session.commit()

    response = client.post(
        url,
        data={
            f"solution{world.solution.id}-text": "Link the routes at Rucava",
            f"solution{world.solution.id}-version": "1",
        },
        headers=HTMX,
    )

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this while you were editing" in page
    assert "Join the routes to EuroVelo 10 and 13" in page  # what is saved now
    assert "Link the routes at Rucava</textarea>" in page  # what they typed, kept
    assert f'name="solution{world.solution.id}-version" type="hidden" value="2"' in page
    assert fresh(Solution, id=world.solution.id).text == {
        "en": "Join the routes to EuroVelo 10 and 13"
    }

    # Saving again, having read the conflict, is a deliberate overwrite.
    again = client.post(
        url,
        data={
            f"solution{world.solution.id}-text": "Link the routes at Rucava",
            f"solution{world.solution.id}-version": "2",
        },
        headers=HTMX,
    )
    assert again.status_code == 200
    assert fresh(Solution, id=world.solution.id).text == {"en": "Link the routes at Rucava"}


def test_a_note_edits_its_title_and_text(client, world):
    login(client, world.users["facilitator"])
    url = edit_url(world, "note", world.output.id)

    response = client.post(
        url,
        data={
            f"note{world.output.id}-title": "Notes of table 1 (cycling)",
            f"note{world.output.id}-text": "Cycling *matters* to everyone.",
            f"note{world.output.id}-version": "1",
        },
    )

    assert response.status_code == 303
    assert response.headers["Location"] == board(world, f"#board-note-{world.output.id}")
    note = fresh(Output, id=world.output.id)
    assert note.title == {"en": "Notes of table 1 (cycling)"}
    assert note.text == {"en": "Cycling *matters* to everyone."}
    assert note.version == 2


def test_an_edit_with_mistakes_is_refused(client, world):
    login(client, world.users["facilitator"])
    url = edit_url(world, "note", world.output.id)
    response = client.post(
        url,
        data={f"note{world.output.id}-title": "", f"note{world.output.id}-version": "1"},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert fresh(Output, id=world.output.id).title == {"en": "Notes of table 1"}


def test_cancel_shows_the_card_as_saved(client, world):
    login(client, world.users["facilitator"])
    response = client.get(edit_url(world, "solution", world.solution.id, "/row"), headers=HTMX)
    assert response.status_code == 200
    card = response.get_data(as_text=True)
    assert card.lstrip().startswith(f'<li id="board-solution-{world.solution.id}"')
    assert "<form" not in card


def test_without_javascript_edit_opens_the_board_with_the_form(client, world):
    login(client, world.users["facilitator"])
    page = client.get(edit_url(world, "challenge", world.challenge.id)).get_data(as_text=True)
    assert "<html" in page and 'id="board-capture"' in page
    assert f'name="challenge{world.challenge.id}-title"' in page


def test_items_of_another_board_cannot_be_edited_from_this_one(client, world):
    login(client, world.users["coordinator"])
    lt_board = f"/events/{world.lt_event.id}/board/items"
    assert client.get(f"{lt_board}/challenge/{world.challenge.id}").status_code == 404
    assert client.get(f"{lt_board}/solution/{world.solution.id}/row").status_code == 404
    assert client.get(f"{lt_board}/note/{world.output.id}").status_code == 404
    # A file is an output, but no note of the board.
    world.output.kind = "file"
    db.session.commit()
    assert client.get(edit_url(world, "note", world.output.id)).status_code == 404
    assert client.get(board(world, f"/items/vote/{world.vote.id}")).status_code == 404


# --- Polling -------------------------------------------------------------------------------


def test_polling_returns_only_what_is_newer_than_the_cards_shown(client, world):
    login(client, world.users["coordinator"])
    cursor = f"challenge:{world.challenge.id},solution:{world.solution.id},note:{world.output.id}"
    nothing = client.get(board(world, f"/items?after={cursor}"), headers=HTMX)
    assert nothing.status_code == 200 and nothing.get_data(as_text=True).strip() == ""

    capture(client, world, kind="challenge", text="Ferry timetables", client_key="p-1")
    capture(client, world, kind="note", text="Lunch notes", client_key="p-2")

    response = client.get(board(world, f"/items?after={cursor}"), headers=HTMX)
    cards = re.findall(r'<li id="(board-[a-z]+-\d+)"', response.get_data(as_text=True))
    challenge = fresh(Challenge, client_key="p-1")
    note = fresh(Output, client_key="p-2")
    assert sorted(cards) == sorted([f"board-challenge-{challenge.id}", f"board-note-{note.id}"])
    assert response.headers["Cache-Control"] == "no-store"

    # No cursor (or a garbled one): everything.
    everything = client.get(board(world, "/items?after=challenge:x,,bogus:3"), headers=HTMX)
    assert len(re.findall(r'<li id="board-', everything.get_data(as_text=True))) == 5


def test_polling_opened_directly_shows_the_board(client, world):
    login(client, world.users["coordinator"])
    page = client.get(board(world, "/items")).get_data(as_text=True)
    assert "<html" in page and 'id="board-capture"' in page
