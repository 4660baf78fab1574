"""Access rules of dot-votes.

The World's `vote` at `event` is open, with the World's `challenge` on its ballot.
Everyone who reads the project sees the votes, the ballot and its totals
(PROJECT_READERS); the organisers' coordinators and facilitators and the admin
(EVENT_EDITORS: "vote.manage") open, close and reopen votes and place dots for a table.
Nobody in the World is on the event's list with their account's e-mail, so a personal dot
("vote.cast") needs the member put on the list first: the second rule of votes.place_dot
does that in its url, and then the member and the admin (who may do everything) get through,
while the coordinator and facilitator, not on the list, get 403. The member gets 403 for a
table's dot and for managing votes; the outsider, whose organisation is no partner, 404.
"""

from datetime import UTC, datetime

from collab.extensions import db
from tests.access import EVENT_EDITORS, HIDDEN_PROJECT, PROJECT_READERS, E, Rule
from tests.conftest import attend, make_participant


def V(w):  # noqa: N802 - the World's vote id in URLs, like P and E
    return w.vote.id


def member_attends(w):
    """The url of a personal dot, with the member on the event's list by their e-mail."""
    participant = make_participant(w.project, "Rūta Pavyzdėlė", "LT", email="member@example.org")
    attend(w.event, participant)
    db.session.commit()
    return f"/votes/{V(w)}/dots"


def closed(w):
    """The url to reopen the World's vote, closed first."""
    w.vote.is_open = False
    w.vote.closed_at = datetime.now(UTC)
    db.session.commit()
    return f"/votes/{V(w)}/reopen"


def reader(url):
    return Rule("GET", url, PROJECT_READERS, hidden=HIDDEN_PROJECT)


def manager(url, data=lambda w: {}):
    return Rule("POST", url, EVENT_EDITORS, hidden=HIDDEN_PROJECT, data=data)


ACCESS: dict[str, list[Rule]] = {
    "votes.index": [reader(lambda w: f"/events/{E(w)}/votes")],
    "votes.create": [
        manager(
            lambda w: f"/events/{E(w)}/votes",
            data=lambda w: {
                "question": "Which next?",
                "dots_per_voter": "3",
                "challenges": [w.challenge.id],
            },
        )
    ],
    "votes.show": [reader(lambda w: f"/votes/{V(w)}")],
    "votes.totals": [reader(lambda w: f"/votes/{V(w)}/totals")],
    "votes.place_dot": [
        manager(
            lambda w: f"/votes/{V(w)}/dots",
            data=lambda w: {"challenge_id": w.challenge.id, "action": "add", "table": "Table 1"},
        ),
        Rule(
            "POST",
            member_attends,
            {"admin", "member"},
            hidden=HIDDEN_PROJECT,
            data=lambda w: {"challenge_id": w.challenge.id, "action": "add"},
        ),
    ],
    "votes.close": [manager(lambda w: f"/votes/{V(w)}/close")],
    "votes.reopen": [manager(closed)],
}
