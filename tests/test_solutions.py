"""Solutions on a challenge's page: added, edited in place, removed; the challenge moves on
when its first solution comes; two people editing one solution do not overwrite each other."""

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event as sql_event
from sqlalchemy import select

from collab.challenges.models import Challenge, Solution
from collab.challenges.operations import add_solution, create_challenge
from collab.extensions import db
from collab.i18n import Translations
from collab.organisations.models import Organisation
from tests.conftest import attend, login, make_organisation, make_participant, row_counts

HTMX = {"HX-Request": "true"}


@pytest.fixture
def editor(client, world):
    login(client, world.users["facilitator"])
    return client


@pytest.fixture
def fresh(world):
    """A challenge just identified at the camp, with no solution yet."""
    challenge, _ = create_challenge(
        world.project.id,
        Translations({"en": "Tourism is seasonal on the coast"}),
        world.users["coordinator"],
        event=world.event,
    )
    db.session.commit()
    return challenge


def new_solution(world, **changes) -> dict:
    data = {
        "new-text-en": "A winter programme of the **coastal** towns",
        "new-text-lt": "Žiemos programa",
        "new-kind": "joint_project",
        "new-event_id": world.lt_event.id,
        "new-proposed_by": [world.lv.id, world.lt.id],
        "new-handbook_chapter": "challenges",
    }
    data.update(changes)
    return data


def reloaded(challenge) -> Challenge:
    db.session.expire_all()
    return db.session.get(Challenge, challenge.id)


def test_the_first_solution_moves_an_identified_challenge_on(editor, world, fresh):
    response = editor.post(f"/challenges/{fresh.id}/solutions", data=new_solution(world))
    assert response.status_code == 303
    challenge = reloaded(fresh)
    [solution] = challenge.solutions
    assert response.headers["Location"].endswith(f"/challenges/{fresh.id}#solution-{solution.id}")
    assert solution.text == {
        "en": "A winter programme of the **coastal** towns",
        "lt": "Žiemos programa",
    }
    assert solution.kind == "joint_project"
    assert solution.event_id == world.lt_event.id
    assert {o.id for o in solution.proposed_by} == {world.lv.id, world.lt.id}
    assert solution.created_by_id == world.users["facilitator"].id
    assert challenge.status == "solution_proposed"
    last = challenge.history[-1]
    assert (last.from_status, last.to_status) == ("identified", "solution_proposed")
    assert last.user_id == world.users["facilitator"].id and last.at is not None
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Solution added; the challenge is now: Solution proposed." in page
    assert "<strong>coastal</strong>" in page


def test_with_htmx_the_solutions_and_the_status_are_replaced(editor, world, fresh):
    response = editor.post(
        f"/challenges/{fresh.id}/solutions", data=new_solution(world), headers=HTMX
    )
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="solutions"')
    assert "A winter programme of the" in fragment
    # The status further down the page is swapped out of band, since it changed too.
    assert (
        '<section id="lifecycle" class="card" aria-labelledby="lifecycle-title" hx-swap-oob="true">'
        in fragment
    )
    # A second solution leaves the status as it is: no out-of-band swap.
    again = editor.post(
        f"/challenges/{fresh.id}/solutions",
        data=new_solution(world, **{"new-text-en": "Off-season events", "new-text-lt": ""}),
        headers=HTMX,
    ).get_data(as_text=True)
    assert "hx-swap-oob" not in again
    assert len(reloaded(fresh).solutions) == 2


def test_a_solution_without_text_comes_back_with_what_was_chosen(editor, world, fresh):
    before = row_counts()
    response = editor.post(
        f"/challenges/{fresh.id}/solutions",
        data=new_solution(
            world, **{"new-text-en": "", "new-text-lt": "", "new-where_it_works": "Nida"}
        ),
        headers=HTMX,
    )
    assert response.status_code == 400
    fragment = response.get_data(as_text=True)
    assert "Fill in at least one language." in fragment
    assert '<details class="add-row" open>' in fragment
    assert f'<option selected value="{world.lt_event.id}">' in fragment
    assert row_counts() == before
    assert reloaded(fresh).status == "identified"


def test_a_solution_sent_twice_is_saved_once(editor, world, fresh):
    data = new_solution(world, **{"new-client_key": "k-123"})
    editor.post(f"/challenges/{fresh.id}/solutions", data=data)
    editor.post(f"/challenges/{fresh.id}/solutions", data=data)
    assert len(reloaded(fresh).solutions) == 1


def test_where_it_works_is_kept_for_a_good_practice_only(editor, world, fresh):
    editor.post(
        f"/challenges/{fresh.id}/solutions",
        data=new_solution(world, **{"new-kind": "good_practice", "new-where_it_works": "Nida"}),
    )
    editor.post(
        f"/challenges/{fresh.id}/solutions",
        data=new_solution(world, **{"new-kind": "study", "new-where_it_works": "Palanga"}),
    )
    good, study = reloaded(fresh).solutions
    assert good.where_it_works == "Nida"
    assert study.where_it_works is None
    page = editor.get(f"/challenges/{fresh.id}").get_data(as_text=True)
    assert "Works in Nida" in page and "Palanga" not in page


def test_organisations_whose_people_came_to_the_events_may_propose(editor, world, fresh):
    town = make_organisation("Nīcas novada dome", "LV", kind="local_public_authority")
    stranger = make_organisation("Somewhere else", "EE")
    attend(world.event, make_participant(world.project, "Jānis Paraugs", organisation=town))
    db.session.commit()
    page = editor.get(f"/challenges/{fresh.id}").get_data(as_text=True)
    proposing = page[page.index('id="new-proposed_by"') :]
    proposing = proposing[: proposing.index("</fieldset>")]
    assert "Kurzemes plānošanas reģions (LV)" in proposing
    assert "Nīcas novada dome (LV)" in proposing
    assert "Somewhere else" not in proposing
    response = editor.post(
        f"/challenges/{fresh.id}/solutions",
        data=new_solution(world, **{"new-proposed_by": [town.id]}),
    )
    assert response.status_code == 303
    response = editor.post(
        f"/challenges/{fresh.id}/solutions",
        data=new_solution(world, **{"new-proposed_by": [stranger.id]}),
    )
    assert response.status_code == 400


def edit_data(solution, version, **changes) -> dict:
    prefix = f"solution{solution.id}-"
    data = {
        "text-en": "Join the routes to EuroVelo 10 and EuroVelo 13",
        "kind": "joint_project",
        "event_id": "",
        "proposed_by": [],
        "handbook_chapter": "challenges",
        "version": version,
    }
    data.update(changes)
    return {prefix + key: value for key, value in data.items()}


def test_a_solution_is_edited_in_place(editor, world):
    solution = world.solution
    url = f"/challenges/{world.challenge.id}/solutions/{solution.id}"
    form = editor.get(url, headers=HTMX)
    assert form.status_code == 200
    fragment = form.get_data(as_text=True)
    assert fragment.lstrip().startswith(
        f'<li id="solution-{solution.id}" class="solution editing">'
    )
    version = re.search(r'name="solution\d+-version" type="hidden" value="(\d+)"', fragment).group(
        1
    )

    saved = editor.post(
        url,
        data=edit_data(solution, version, proposed_by=[world.lt.id], for_handbook="y"),
        headers=HTMX,
    )
    assert saved.status_code == 200
    row = saved.get_data(as_text=True)
    assert row.lstrip().startswith(f'<li id="solution-{solution.id}" class="solution">')
    assert "EuroVelo 13" in row
    assert "Handbook: Challenges and solutions" in row
    db.session.expire_all()
    solution = db.session.get(Solution, solution.id)
    assert [o.id for o in solution.proposed_by] == [world.lt.id]
    assert solution.event_id is None
    assert solution.version == int(version) + 1

    # Cancel: the row as saved.
    cancel = editor.get(f"{url}/row", headers=HTMX).get_data(as_text=True)
    assert cancel.lstrip().startswith(f'<li id="solution-{solution.id}" class="solution">')


def test_without_javascript_the_edit_is_a_page_and_a_redirect(editor, world):
    solution = world.solution
    url = f"/challenges/{world.challenge.id}/solutions/{solution.id}"
    page = editor.get(url).get_data(as_text=True)
    assert "<html" in page and 'class="solution editing"' in page
    response = editor.post(url, data=edit_data(solution, solution.version))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#solution-{solution.id}")


def test_two_people_editing_one_solution_the_second_gets_a_conflict(client, world):
    solution = world.solution
    url = f"/challenges/{world.challenge.id}/solutions/{solution.id}"
    login(client, world.users["coordinator"])
    version = solution.version
    first = client.post(url, data=edit_data(solution, version), headers=HTMX)
    assert first.status_code == 200
    second = client.post(
        url,
        data=edit_data(solution, version, **{"text-en": "Signpost the routes in three languages"}),
        headers=HTMX,
    )
    assert second.status_code == 409
    fragment = second.get_data(as_text=True)
    assert "Someone else saved this while you were editing" in fragment
    assert "Signpost the routes in three languages</textarea>" in fragment
    db.session.expire_all()
    assert "EuroVelo 13" in db.session.get(Solution, solution.id).text["en"]


def test_a_solution_is_removed(editor, world):
    solution_id = world.solution.id
    response = editor.post(
        f"/challenges/{world.challenge.id}/solutions/{solution_id}/delete", headers=HTMX
    )
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="solutions"')
    assert "No solutions proposed yet." in fragment
    assert db.session.scalar(select(Solution.id)) is None
    # The organisations that proposed it stay.
    assert db.session.scalar(select(Organisation.id).where(Organisation.id == world.lv.id))


def test_a_solution_of_another_challenge_is_not_found(editor, world, fresh):
    url = f"/challenges/{fresh.id}/solutions/{world.solution.id}"
    assert editor.get(url).status_code == 404
    assert editor.post(f"{url}/delete").status_code == 404


def test_a_member_reads_solutions_but_cannot_change_them(client, world):
    login(client, world.users["member"])
    before = row_counts()
    base = f"/challenges/{world.challenge.id}/solutions"
    assert client.post(base, data={"new-text-en": "x", "new-kind": "tool"}).status_code == 403
    assert client.get(f"{base}/{world.solution.id}").status_code == 403
    assert client.post(f"{base}/{world.solution.id}/delete").status_code == 403
    assert client.get(f"{base}/{world.solution.id}/row").status_code == 200
    assert row_counts() == before


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


def test_the_page_takes_the_same_queries_for_1_or_11_solutions(editor, world):
    url = f"/challenges/{world.challenge.id}"

    def statements_for_page():
        editor.get(url)
        with counted_statements() as statements:
            assert editor.get(url).status_code == 200
        return len(statements)

    one = statements_for_page()
    for n in range(10):
        add_solution(
            world.challenge,
            Translations({"en": f"Solution {n}"}),
            world.users["facilitator"],
            event_id=world.event.id,
            organisations=[world.lv, world.lt],
        )
    db.session.commit()
    assert statements_for_page() == one
