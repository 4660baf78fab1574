"""Access rules of privacy: a participant's page, the copies of their data, erasing them and
recording a withdrawn consent.

Personal-data rights are the project's editors' ("participant.export", "participant.erase"):
admins and the coordinators of a partner. The facilitator and the member, who see the
project, get 403; the outsider, whose organisation is no partner, 404.
"""

from collab.extensions import db
from tests.access import HIDDEN_PROJECT, PROJECT_EDITORS, Rule


def person(w):
    return f"/participants/{w.participant.id}"


def consented(w):
    # The World's participant gave both consents, so there is something to withdraw.
    w.participant.record_consent(named=True, photos=True)
    db.session.commit()
    return f"{person(w)}/consent"


def editors(method, url, data=lambda w: {}):
    return Rule(method, url, PROJECT_EDITORS, hidden=HIDDEN_PROJECT, data=data)


ACCESS: dict[str, list[Rule]] = {
    "privacy.participant": [editors("GET", person)],
    "privacy.export_json": [editors("GET", lambda w: f"{person(w)}/export.json")],
    "privacy.export_html": [editors("GET", lambda w: f"{person(w)}/export")],
    "privacy.erase": [
        editors("GET", lambda w: f"{person(w)}/erase"),
        editors("POST", lambda w: f"{person(w)}/erase"),
    ],
    "privacy.withdraw_consent": [
        editors("POST", consented, data=lambda w: {"named": "y", "photos": "y"}),
    ],
}
