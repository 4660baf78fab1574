"""Dot-voting during an event: opening a vote, placing dots within the limit (for oneself
or for a table), the live totals, closing and reopening, and the priority it gives."""

import re
import threading

from sqlalchemy import func, select

from collab.challenges.models import Challenge, Dot, Vote, VoteOption
from collab.challenges.operations import change_status, create_challenge
from collab.extensions import db
from collab.i18n import Translations
from tests.conftest import attend, login, make_participant, row_counts

HTMX = {"HX-Request": "true"}


def attends(world, user, name="Rūta Pavyzdėlė"):
    """`user` came to the World's event: their account's e-mail is on its list."""
    participant = make_participant(world.project, name, "LT", email=user.email)
    attend(world.event, participant)
    db.session.commit()
    return participant


def second_challenge(world, title="Seasonality of tourism", event=None, **fields):
    challenge, _ = create_challenge(
        world.project.id, Translations({"en": title}), event=event, **fields
    )
    db.session.commit()
    return challenge


def ballot_of_two(world):
    """The World's vote with a second challenge on its ballot."""
    other = second_challenge(world)
    world.vote.options.append(VoteOption(challenge_id=other.id))
    db.session.commit()
    return other


def dot(client, world, challenge=None, action="add", table=None, headers=None):
    data = {"challenge_id": (challenge or world.challenge).id, "action": action}
    if table is not None:
        data["table"] = table
    return client.post(f"/votes/{world.vote.id}/dots", data=data, headers=headers or {})


def dots(world, **where) -> int:
    query = select(func.count(Dot.id)).where(Dot.vote_id == world.vote.id)
    for column, value in where.items():
        query = query.where(getattr(Dot, column) == value)
    return db.session.scalar(query)


def text(response) -> str:
    return response.get_data(as_text=True)


# --- Opening a vote ---------------------------------------------------------------------------


def new_vote(world, **changes):
    data = {"question": "What first?", "dots_per_voter": "3", "challenges": [world.challenge.id]}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_votes_page_lists_the_open_vote_and_offers_managers_a_new_one(client, world):
    login(client, world.users["coordinator"])
    page = text(client.get(f"/events/{world.event.id}/votes"))
    assert "Which first?" in page
    assert f"/votes/{world.vote.id}" in page
    assert "Open a new vote" in page
    # The challenge identified here is on the new ballot unless unticked.
    box = re.search(rf'<input[^>]*name="challenges"[^>]*value="{world.challenge.id}"[^>]*>', page)
    assert box and "checked" in box.group(0)


def test_a_member_sees_the_votes_but_cannot_open_one(client, world):
    login(client, world.users["member"])
    page = text(client.get(f"/events/{world.event.id}/votes"))
    assert "Which first?" in page
    assert "Open a new vote" not in page
    response = client.post(f"/events/{world.event.id}/votes", data=new_vote(world))
    assert response.status_code == 403


def test_the_ballot_offers_this_events_challenges_first_and_not_the_set_aside(client, world):
    second_challenge(world, "Functional zones", event=world.lt_event)
    dropped = second_challenge(world, "A dropped idea")
    change_status(dropped, "set_aside", reason="Out of scope")
    db.session.commit()
    login(client, world.users["facilitator"])
    page = text(client.get(f"/events/{world.event.id}/votes"))
    here = page.index("Cycling routes stop at the border")
    assert "Identified or analysed at this event" in page
    assert here < page.index("Other challenges of the project") < page.index("Functional zones")
    assert "A dropped idea" not in page
    # Only this event's challenges are ticked to begin with.
    ticked = re.findall(r'<input checked[^>]*name="challenges"[^>]*>', page)
    assert len(ticked) == 1 and f'value="{world.challenge.id}"' in ticked[0]


def test_opening_a_vote_saves_its_ballot(client, world):
    other = second_challenge(world)
    login(client, world.users["facilitator"])
    response = client.post(
        f"/events/{world.event.id}/votes",
        data=new_vote(world, dots_per_voter="5", challenges=[world.challenge.id, other.id]),
    )
    assert response.status_code == 303
    vote = db.session.scalar(select(Vote).where(Vote.question == "What first?"))
    assert response.headers["Location"].endswith(f"/votes/{vote.id}")
    assert vote.is_open and vote.dots_per_voter == 5
    assert vote.opened_by_id == world.users["facilitator"].id
    assert {o.challenge_id for o in vote.options} == {world.challenge.id, other.id}
    page = text(client.get(f"/votes/{vote.id}"))
    assert "Seasonality of tourism" in page and "Cycling routes stop at the border" in page


def test_a_vote_without_a_question_is_named_by_its_time(client, world):
    login(client, world.users["coordinator"])
    response = client.post(f"/events/{world.event.id}/votes", data=new_vote(world, question=""))
    assert response.status_code == 303
    page = text(client.get(response.headers["Location"]))
    assert "Dot-vote opened" in page


def test_opening_a_vote_needs_a_challenge_and_1_to_10_dots(client, world):
    login(client, world.users["coordinator"])
    before = row_counts()
    url = f"/events/{world.event.id}/votes"

    response = client.post(url, data=new_vote(world, challenges=None, question="Kept text"))
    assert response.status_code == 400
    assert "Choose at least one challenge to vote on." in text(response)
    assert 'value="Kept text"' in text(response)

    for wrong in ("0", "11", ""):
        response = client.post(url, data=new_vote(world, dots_per_voter=wrong))
        assert response.status_code == 400, wrong
    assert "Give between 1 and 10 dots." in text(
        client.post(url, data=new_vote(world, dots_per_voter="11"))
    )
    assert row_counts() == before


def test_a_challenge_of_another_project_cannot_be_put_on_the_ballot(client, world):
    foreign, _ = create_challenge(world.other_project.id, Translations({"en": "Not ours"}))
    db.session.commit()
    login(client, world.users["coordinator"])
    before = row_counts()
    response = client.post(
        f"/events/{world.event.id}/votes", data=new_vote(world, challenges=[foreign.id])
    )
    assert response.status_code == 400
    assert row_counts() == before


# --- Casting dots ---------------------------------------------------------------------------


def test_a_member_who_attended_places_their_dots_up_to_the_limit(client, world):
    member = world.users["member"]
    attends(world, member)
    login(client, member)
    page = text(client.get(f"/votes/{world.vote.id}"))
    assert "You have 3 of 3 dots left" in page

    for left in (2, 1, 0):
        response = dot(client, world, headers=HTMX)
        assert response.status_code == 200
        assert f"You have {left} of 3 dots left" in text(response)
    # The fragment of the ballot, not a whole page.
    assert "<html" not in text(response) and 'id="ballot"' in text(response)

    response = dot(client, world, headers=HTMX)
    assert response.status_code == 400
    assert "You have no dots left" in text(response)
    assert dots(world, voter_id=member.id) == 3
    assert dots(world, table_label=None) == 3


def test_a_dot_can_be_taken_back_but_only_ones_own(client, world):
    member = world.users["member"]
    attends(world, member)
    other = ballot_of_two(world)
    login(client, member)
    assert dot(client, world).status_code == 303
    assert dot(client, world, action="remove").status_code == 303
    assert dots(world) == 0

    # The facilitator's table dot on the challenge is not the member's to take back.
    facilitator_dot = Dot(
        vote_id=world.vote.id,
        challenge_id=other.id,
        table_label="Table 1",
        placed_by_id=world.users["facilitator"].id,
    )
    db.session.add(facilitator_dot)
    db.session.commit()
    response = dot(client, world, other, action="remove")
    assert response.status_code == 400
    assert "You have no dot on this challenge to take back." in text(response)
    assert dots(world) == 1


def test_a_plain_form_is_redirected_back_to_the_ballot(client, world):
    member = world.users["member"]
    attends(world, member)
    login(client, member)
    response = dot(client, world)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/votes/{world.vote.id}#ballot")
    page = text(client.get(f"/votes/{world.vote.id}"))
    assert "You have 2 of 3 dots left" in page


def test_a_challenge_not_on_the_ballot_gets_no_dot(client, world):
    member = world.users["member"]
    attends(world, member)
    outside = second_challenge(world, "Not on this ballot")
    login(client, member)
    response = dot(client, world, outside, headers=HTMX)
    assert response.status_code == 400
    assert "This challenge is not on the ballot of this vote." in text(response)
    assert dots(world) == 0


def test_a_member_who_did_not_attend_may_not_cast(client, world):
    login(client, world.users["member"])
    page = text(client.get(f"/votes/{world.vote.id}"))
    assert "+ dot" not in page
    assert "Ask the facilitator to place the dots of your table." in page
    assert dot(client, world).status_code == 403
    assert dots(world) == 0


def test_someone_who_attended_with_another_address_may_not_cast(client, world):
    make_participant(world.project, "Rūta", "LT", email="ruta@elsewhere.example")
    db.session.commit()
    login(client, world.users["member"])
    assert dot(client, world).status_code == 403


def test_the_outsider_does_not_see_the_vote(client, world):
    outsider = world.users["outsider"]
    # Even on the list of the event with their e-mail: the project is not theirs.
    attends(world, outsider, "Outside Person")
    login(client, outsider)
    assert client.get(f"/votes/{world.vote.id}").status_code == 404
    assert client.get(f"/votes/{world.vote.id}/totals").status_code == 404
    assert dot(client, world).status_code == 404
    assert dots(world) == 0


def test_a_closed_vote_takes_no_dots(client, world):
    member = world.users["member"]
    attends(world, member)
    login(client, member)
    assert dot(client, world).status_code == 303
    world.vote.is_open = False
    db.session.commit()
    for action in ("add", "remove"):
        response = dot(client, world, action=action, headers=HTMX)
        assert response.status_code == 409
        assert "This vote is closed" in text(response)
    assert dots(world) == 1
    # The facilitator's table dots too.
    client.post("/logout")
    login(client, world.users["facilitator"])
    response = dot(client, world, table="Table 1")
    assert response.status_code == 409
    assert dots(world) == 1


# --- Dots for a table -------------------------------------------------------------------------


def test_the_facilitator_votes_for_several_tables_each_within_its_limit(client, world):
    other = ballot_of_two(world)
    facilitator = world.users["facilitator"]
    login(client, facilitator)
    page = text(client.get(f"/votes/{world.vote.id}"))
    assert "Vote for a table" in page
    # Not a participant of the event: no dots of their own.
    assert "Your dots" not in page

    for challenge in (world.challenge, world.challenge, other):
        assert dot(client, world, challenge, table="Table 1", headers=HTMX).status_code == 200
    response = dot(client, world, other, table="Table 1", headers=HTMX)
    assert response.status_code == 400
    assert "Table 1 has no dots left" in text(response)

    # Another table has its own dots; a name typed differently is the same table.
    response = dot(client, world, other, table="Table 2", headers=HTMX)
    assert response.status_code == 200
    assert "Table 2 has 2 of 3 dots left" in text(response)
    assert dot(client, world, other, table="  table   1 ").status_code == 400

    assert dots(world, table_label="Table 1") == 3
    assert dots(world, table_label="Table 2") == 1
    assert dots(world, placed_by_id=facilitator.id) == 4
    assert dots(world, voter_id=facilitator.id) == 0

    page = text(client.get(f"/votes/{world.vote.id}?table=Table+1"))
    assert "Dots of Table 1" in page
    assert "Table 1 has 0 of 3 dots left" in page
    assert "Table 2: 1 of 3 dots" in page

    assert dot(client, world, table="Table 1", action="remove").status_code == 303
    assert dots(world, table_label="Table 1") == 2


def test_only_managers_vote_for_a_table(client, world):
    member = world.users["member"]
    attends(world, member)
    login(client, member)
    page = text(client.get(f"/votes/{world.vote.id}?table=Table+1"))
    assert "Vote for a table" not in page and "Dots of Table 1" not in page
    assert dot(client, world, table="Table 1").status_code == 403
    assert dots(world) == 0


def test_a_participant_and_their_table_are_counted_apart(client, world):
    coordinator = world.users["coordinator"]
    attends(world, coordinator, "Ilze Paraudziņa")
    login(client, coordinator)
    for _ in range(3):
        assert dot(client, world).status_code == 303
        assert dot(client, world, table="Table 3").status_code == 303
    assert dot(client, world).status_code == 400
    assert dot(client, world, table="Table 3").status_code == 400
    assert dots(world, voter_id=coordinator.id) == 3
    assert dots(world, table_label="Table 3") == 3


def test_quick_clicks_in_a_row_do_not_exceed_the_limit(client, world):
    member = world.users["member"]
    attends(world, member)
    login(client, member)
    statuses = [dot(client, world, headers=HTMX).status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 400, 400, 400]
    assert dots(world) == 3


def test_clicks_at_the_same_time_do_not_exceed_the_limit(app, world):
    member = world.users["member"]
    attends(world, member)
    clients = [app.test_client() for _ in range(3)]
    for each in clients:
        login(each, member)
    statuses = []
    start = threading.Barrier(len(clients))
    url = f"/votes/{world.vote.id}/dots"
    data = {"challenge_id": world.challenge.id, "action": "add"}

    def click(each):
        start.wait()
        for _ in range(3):
            statuses.append(each.post(url, data=data, headers=HTMX).status_code)

    threads = [threading.Thread(target=click, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 3 + [400] * 6
    assert dots(world) == 3


# --- Totals, closing, priority ----------------------------------------------------------------


def test_the_totals_are_polled_while_the_vote_is_open(client, world):
    other = ballot_of_two(world)
    login(client, world.users["facilitator"])
    for challenge in (world.challenge, world.challenge, other):
        dot(client, world, challenge, table="Table 1")
    response = client.get(f"/votes/{world.vote.id}/totals", headers=HTMX)
    assert response.status_code == 200
    fragment = text(response)
    assert fragment.lstrip().startswith('<section id="totals"')
    assert 'hx-trigger="every 3s"' in fragment
    assert "3 dots placed" in fragment
    first = fragment.index(f'id="total-{world.vote.id}-{world.challenge.id}"')
    second = fragment.index(f'id="total-{world.vote.id}-{other.id}"')
    assert '<span class="count">2</span>' in fragment[first:second]
    assert '<span class="count">1</span>' in fragment[second:]

    # A member who only watches sees the same totals.
    client.post("/logout")
    login(client, world.users["member"])
    assert "3 dots placed" in text(client.get(f"/votes/{world.vote.id}/totals", headers=HTMX))


def close(client, world):
    return client.post(f"/votes/{world.vote.id}/close")


def reopen(client, world):
    return client.post(f"/votes/{world.vote.id}/reopen")


def priority(challenge) -> int:
    db.session.expire_all()
    return db.session.get(Challenge, challenge.id).priority


def test_closing_keeps_the_result_and_sets_the_priority(client, world):
    other = ballot_of_two(world)
    login(client, world.users["facilitator"])
    for challenge in (world.challenge, world.challenge, other):
        dot(client, world, challenge, table="Table 1")
    dot(client, world, world.challenge, table="Table 2")
    version = db.session.get(Challenge, world.challenge.id).version

    response = close(client, world)
    assert response.status_code == 303
    db.session.expire_all()
    vote = db.session.get(Vote, world.vote.id)
    assert not vote.is_open and vote.closed_at is not None
    assert dots(world) == 4
    assert priority(world.challenge) == 3 and priority(other) == 1
    # Not a person's edit: an open edit form of the challenge does not become stale.
    assert db.session.get(Challenge, world.challenge.id).version == version

    page = text(client.get(f"/votes/{world.vote.id}"))
    assert "Result" in page and "Reopen the vote" in page
    assert "+ dot" not in page and "hx-trigger" not in page
    listing = text(client.get(f"/events/{world.event.id}/votes"))
    assert "Results" in listing
    assert listing.index("Cycling routes stop at the border") < listing.index(
        "Seasonality of tourism"
    )

    # Closing twice changes nothing.
    assert close(client, world).status_code == 303
    assert priority(world.challenge) == 3


def test_reopening_takes_the_dots_out_of_the_priority_until_closed_again(client, world):
    login(client, world.users["coordinator"])
    dot(client, world, table="Table 1")
    dot(client, world, table="Table 1")
    close(client, world)
    assert priority(world.challenge) == 2

    assert reopen(client, world).status_code == 303
    assert priority(world.challenge) == 0
    assert db.session.get(Vote, world.vote.id).closed_at is None
    dot(client, world, table="Table 2")
    close(client, world)
    assert priority(world.challenge) == 3


def test_the_priority_sums_every_closed_vote(client, world):
    login(client, world.users["coordinator"])
    dot(client, world, table="Table 1")
    close(client, world)
    response = client.post(
        f"/events/{world.event.id}/votes", data=new_vote(world, question="Second round")
    )
    second = db.session.scalar(select(Vote).where(Vote.question == "Second round"))
    assert response.status_code == 303
    data = {"challenge_id": world.challenge.id, "action": "add", "table": "Table 1"}
    for _ in range(2):
        client.post(f"/votes/{second.id}/dots", data=data)
    assert priority(world.challenge) == 1
    client.post(f"/votes/{second.id}/close")
    assert priority(world.challenge) == 3
    page = text(client.get(f"/events/{world.event.id}/votes"))
    assert "Second round" in page and "Which first?" in page


def test_only_managers_close_and_reopen(client, world):
    member = world.users["member"]
    attends(world, member)
    login(client, member)
    assert "Close the vote" not in text(client.get(f"/votes/{world.vote.id}"))
    assert close(client, world).status_code == 403
    assert reopen(client, world).status_code == 403
    assert db.session.get(Vote, world.vote.id).is_open
