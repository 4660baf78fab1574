"""Access rules of trash: the project's trash and putting an item back.

Only the project's editors (its partners' coordinators, the admin) manage the trash; the
outsider does not see the project. The item to restore is made when the rule's url is built:
the World's Lithuanian event, moved to the trash by the admin.
"""

from collab.extensions import db
from collab.trash.operations import move_to_trash
from tests.access import HIDDEN_PROJECT, PROJECT_EDITORS, P, Rule


def trashed_event(w) -> int:
    item = move_to_trash(w.lt_event, w.users["admin"])
    db.session.commit()
    return item.id


ACCESS: dict[str, list[Rule]] = {
    "trash.index": [
        Rule("GET", lambda w: f"/projects/{P(w)}/trash", PROJECT_EDITORS, hidden=HIDDEN_PROJECT)
    ],
    "trash.restore": [
        Rule(
            "POST",
            lambda w: f"/trash/{trashed_event(w)}/restore",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
        )
    ],
}
