"""The board of challenges by status: cards, moves with buttons (and drops, which post the
same form), setting aside with a reason, a stale board, and a fixed number of queries."""

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event as sql_event

from collab.challenges.models import BOARD_COLUMNS, Challenge
from collab.challenges.operations import add_solution, create_challenge
from collab.extensions import db
from collab.i18n import Translations
from tests.conftest import login, row_counts

HTMX = {"HX-Request": "true"}


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


@pytest.fixture
def editor(client, world):
    login(client, world.users["coordinator"])
    return client


@pytest.fixture
def fresh(world):
    """A challenge just identified at the camp, with no solution yet."""
    challenge, _ = create_challenge(
        world.project.id,
        Translations({"en": "Functional zones end at the border"}),
        world.users["facilitator"],
        event=world.event,
    )
    db.session.commit()
    return challenge


def move(client, challenge, status, htmx=False, **data):
    return client.post(
        f"/challenges/{challenge.id}/status",
        data={"status": status, **data},
        headers=HTMX if htmx else {},
    )


def reloaded(challenge) -> Challenge:
    db.session.expire_all()
    return db.session.get(Challenge, challenge.id)


def column(page: str, status: str) -> str:
    """The markup of one column of the board."""
    start = page.index(f'id="column-{status}"')
    end = page.find('id="column-', start + 10)
    return page[start : end if end != -1 else len(page)]


def test_the_board_has_a_column_per_step_and_a_set_aside_one(editor, world, fresh):
    add_solution(fresh, Translations({"en": "A"}))
    add_solution(fresh, Translations({"en": "B"}))
    fresh.status = "analysed"
    fresh.priority = 4
    fresh.theme_id = world.theme.id
    db.session.commit()
    page = editor.get(f"/projects/{world.project.id}/challenges/board").get_data(as_text=True)
    for status in BOARD_COLUMNS:
        assert f'data-drop-status="{status}"' in page
    assert 'id="column-set_aside"' in page
    card = column(page, "analysed")
    assert "Functional zones end at the border" in card
    assert "Climate adaptation" in card
    assert "4 dots" in card and card.count('class="dot"') == 4
    assert "2 solutions" in card
    assert 'draggable="true"' in card
    # Buttons to the previous and the next step, with the card's title for screen readers.
    assert 'Identified<span class="visually-hidden"> – Functional zones' in card
    assert 'Solution proposed<span class="visually-hidden"> – Functional zones' in card
    assert 'src="/static/js/challenge-board.js"' in page


def test_every_move_is_recorded_with_who_and_when(editor, world, fresh):
    for status in ("analysed", "solution_proposed", "in_handbook", "solution_proposed"):
        response = move(editor, fresh, status)
        assert response.status_code == 303
        assert response.headers["Location"].endswith(
            f"/projects/{world.project.id}/challenges/board#challenge-card-{fresh.id}"
        )
    challenge = reloaded(fresh)
    assert challenge.status == "solution_proposed"
    steps = [(c.from_status, c.to_status) for c in challenge.history]
    assert steps == [
        (None, "identified"),
        ("identified", "analysed"),
        ("analysed", "solution_proposed"),
        ("solution_proposed", "in_handbook"),
        ("in_handbook", "solution_proposed"),
    ]
    coordinator = world.users["coordinator"].id
    assert all(c.user_id == coordinator and c.at is not None for c in challenge.history[1:])
    page = editor.get(f"/challenges/{fresh.id}").get_data(as_text=True)
    assert "In the handbook" in page[page.index('id="lifecycle"') :]


def test_with_htmx_the_board_comes_back_with_the_card_moved(editor, world, fresh):
    response = move(editor, fresh, "analysed", htmx=True, from_status="identified")
    assert response.status_code == 200
    board = response.get_data(as_text=True)
    assert board.lstrip().startswith('<div id="board"')
    assert f'data-focus="challenge-card-{fresh.id}"' in board
    assert f'id="challenge-card-{fresh.id}"' in column(board, "analysed")
    assert f'id="challenge-card-{fresh.id}"' not in column(board, "identified")
    assert "is now: Analysed" in board


def test_setting_aside_needs_a_reason(editor, world, fresh):
    before = row_counts()
    response = move(editor, fresh, "set_aside", reason="  ")
    assert response.status_code == 400
    assert "Say why the challenge is set aside." in response.get_data(as_text=True)
    assert row_counts() == before
    assert reloaded(fresh).status == "identified"

    fragment = move(editor, fresh, "set_aside", htmx=True, from_status="identified")
    assert fragment.status_code == 400
    board = fragment.get_data(as_text=True)
    assert board.lstrip().startswith('<div id="board"')
    assert 'role="alert">Say why the challenge is set aside.' in board
    # The card's reason field is open, marked, and gets the focus.
    assert f'data-focus="reason-{fresh.id}"' in board
    assert re.search(r'<details class="set-aside-form" open>', column(board, "identified"))
    assert row_counts() == before


def test_set_aside_with_a_reason_and_taken_up_again(editor, world, fresh):
    response = move(editor, fresh, "set_aside", reason="Covered by the national plan")
    assert response.status_code == 303
    challenge = reloaded(fresh)
    assert challenge.status == "set_aside"
    assert challenge.set_aside_reason == "Covered by the national plan"
    assert challenge.history[-1].reason == "Covered by the national plan"
    board = editor.get(f"/projects/{world.project.id}/challenges/board").get_data(as_text=True)
    aside = column(board, "set_aside")
    assert "Functional zones end at the border" in aside
    assert "Covered by the national plan" in aside
    assert "Take up again" in aside

    assert move(editor, fresh, "analysed", from_status="set_aside").status_code == 303
    challenge = reloaded(fresh)
    assert challenge.status == "analysed"
    assert challenge.set_aside_reason is None
    assert [c.to_status for c in challenge.history][-2:] == ["set_aside", "analysed"]


def test_an_unknown_status_is_refused(editor, world, fresh):
    before = row_counts()
    response = move(editor, fresh, "forgotten")
    assert response.status_code == 400
    assert "Unknown status." in response.get_data(as_text=True)
    assert row_counts() == before


def test_a_stale_board_shows_how_things_stand_now(editor, world, fresh):
    # Someone else moved the card to "analysed" after this board was loaded.
    fresh.status = "analysed"
    db.session.commit()
    before = row_counts()
    response = move(editor, fresh, "analysed", htmx=True, from_status="identified")
    assert response.status_code == 200
    board = response.get_data(as_text=True)
    assert "was moved meanwhile, to Analysed" in board
    assert f'id="challenge-card-{fresh.id}"' in column(board, "analysed")
    # A drop on another column from the stale board changes nothing either.
    response = move(editor, fresh, "in_handbook", htmx=True, from_status="identified")
    assert reloaded(fresh).status == "analysed"
    assert row_counts() == before


def test_moving_from_the_challenge_page_comes_back_to_it(editor, world, fresh):
    response = move(editor, fresh, "in_handbook", back="show", from_status="identified")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/challenges/{fresh.id}")
    failed = move(editor, fresh, "set_aside", back="show", from_status="in_handbook")
    assert failed.status_code == 400
    page = failed.get_data(as_text=True)
    assert 'id="move-problem">Say why the challenge is set aside.' in page
    assert "<h1>Functional zones end at the border</h1>" in page


def test_a_member_sees_the_board_without_ways_to_move(client, world, fresh):
    login(client, world.users["member"])
    page = client.get(f"/projects/{world.project.id}/challenges/board").get_data(as_text=True)
    assert "Functional zones end at the border" in page
    assert 'draggable="true"' not in page and "/status" not in page
    assert move(client, fresh, "analysed").status_code == 403
    assert reloaded(fresh).status == "identified"


def test_the_board_takes_the_same_few_queries_for_3_or_40_cards(editor, world):
    url = f"/projects/{world.project.id}/challenges/board"

    def statements_for_board():
        editor.get(url)
        with counted_statements() as statements:
            assert editor.get(url).status_code == 200
        return len(statements)

    def add_challenges(count):
        start = db.session.query(Challenge).count()
        for n in range(count):
            challenge, _ = create_challenge(
                world.project.id,
                Translations({"en": f"Challenge {start + n}"}),
                world.users["facilitator"],
                event=world.event,
                theme_id=world.theme.id,
                status=["identified", "analysed", "set_aside"][n % 3],
            )
            add_solution(challenge, Translations({"en": "Do it"}), organisations=[world.lv])
        db.session.commit()

    add_challenges(2)
    few = statements_for_board()
    add_challenges(37)
    many = statements_for_board()
    assert few < 15
    assert many == few
