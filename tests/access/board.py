"""Access rules of the workshop board ("board.use"): the coordinators and facilitators of
the project's partners, whoever organised the event, and admins. The member gets 403; the
outsider, whose organisation is no partner, 404.
"""

from tests.access import HIDDEN_PROJECT, E, Rule

BOARD_USERS = {"admin", "coordinator", "facilitator"}


def C(w):  # noqa: N802 - the World's challenge, identified at the World's event
    return w.challenge.id


def item_url(kind, item):
    return lambda w: f"/events/{E(w)}/board/items/{kind}/{item(w).id}"


def rule(method, url, data=lambda w: {}):
    return Rule(method, url, BOARD_USERS, hidden=HIDDEN_PROJECT, data=data)


ACCESS: dict[str, list[Rule]] = {
    "board.show": [rule("GET", lambda w: f"/events/{E(w)}/board")],
    "board.items": [rule("GET", lambda w: f"/events/{E(w)}/board/items?after=challenge:0")],
    "board.add": [
        rule(
            "POST",
            lambda w: f"/events/{E(w)}/board/items",
            data=lambda w: {"kind": "solution", "text": "Shared signage", "challenge_id": C(w)},
        )
    ],
    "board.edit_item": [
        rule("GET", item_url("note", lambda w: w.output)),
        rule(
            "POST",
            item_url("challenge", lambda w: w.challenge),
            data=lambda w: {
                f"challenge{C(w)}-title": "Cycle routes end at the border",
                f"challenge{C(w)}-version": w.challenge.version,
            },
        ),
    ],
    "board.item_row": [rule("GET", item_url("solution", lambda w: w.solution))],
}
