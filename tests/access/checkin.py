"""Access rules of checkin: the facilitator's check-in page and its parts, the public
check-in form, and the sign-in sheet."""

from collab.extensions import db
from tests.access import (
    ATTENDANCE_READERS,
    EVENT_EDITORS,
    EVERYONE,
    HIDDEN_PROJECT,
    E,
    Rule,
)


def managed(path):
    """A rule of the facilitator's pages: the organisers manage check-in; the member (of the
    other partner) may not; the outsider does not see the project."""
    return lambda method, **extra: Rule(
        method, lambda w: f"/events/{E(w)}/checkin{path}", EVENT_EDITORS, HIDDEN_PROJECT, **extra
    )


def open_form(w):
    # Check-in is closed in the World, and a closed form refuses everyone (403): open it, so
    # the rule checks that nobody needs a login to check in.
    w.event.checkin_open = True
    db.session.commit()
    return f"/checkin/{w.event.checkin_token}"


def checkin_data(w):
    return {
        "name": "Jonas Pavyzdys",
        "organisation": "Skuodo rajono savivaldybės administracija",
        "country": "LT",
        "function": "planner",
        "consent_reporting": "y",
    }


ACCESS: dict[str, list[Rule]] = {
    "checkin.manage": [managed("")("GET")],
    "checkin.count": [managed("/count")("GET")],
    "checkin.open": [managed("/open")("POST")],
    "checkin.close": [managed("/close")("POST")],
    "checkin.renew": [managed("/renew")("POST")],
    "checkin.screen": [managed("/screen")("GET")],
    "checkin.qr_svg": [managed("/qr.svg")("GET")],
    "checkin.qr_png": [managed("/qr.png")("GET")],
    "checkin.form": [
        Rule("GET", open_form, EVERYONE, public=True),
        Rule("POST", open_form, EVERYONE, public=True, data=checkin_data),
    ],
    # Without a check-in in this session it sends the person to the form.
    "checkin.thanks": [
        Rule("GET", lambda w: f"/checkin/{w.event.checkin_token}/thanks", EVERYONE, public=True)
    ],
    "checkin.sign_in_sheet": [
        Rule(
            "GET",
            lambda w: f"/events/{E(w)}/sign-in-sheet.pdf",
            ATTENDANCE_READERS,
            hidden=HIDDEN_PROJECT,
        )
    ],
}
