"""Access rules of imports: pasting a list and the steps of a file import.

Everyone who may manage the event's attendance may import into it; a member of a partner
is refused (403), a person outside the project does not see the event (404).

A file's steps open an upload that belongs to the person who made it. A rule's url is
built after the test has logged in, so it stores the upload, through the routes' own
helper, for the person who logged in last.
"""

from sqlalchemy import select

from collab.auth.models import User
from collab.extensions import db
from collab.imports.spreadsheets import guess_columns, read_table
from collab.imports.uploads import keep_upload
from tests.access import EVENT_EDITORS, HIDDEN_PROJECT, E, Rule

SAMPLE = (
    "Name;Organisation;Country;E-mail\n"
    "Anna Paraudziņa;KPR;LV;anna@example.org\n"
    "Jonas Pavyzdys;Klaipėdos universitetas;LT;jonas@example.org\n"
).encode()


def _logged_in(w) -> User:
    db.session.expire_all()
    user = db.session.scalar(
        select(User).where(User.last_login_at.is_not(None)).order_by(User.last_login_at.desc())
    )
    # Nobody logged in (the anonymous visitor): the upload's owner does not matter.
    return user or w.users["admin"]


def upload_token(w, mapped=True) -> str:
    """An upload of a small list to the World's event, by whoever is logged in."""
    table = read_table(SAMPLE)
    mapping = guess_columns(table.columns) if mapped else None
    return keep_upload(_logged_in(w).id, w.event.id, "people.csv", table, mapping)


def _file(w):
    from io import BytesIO

    return {"file": (BytesIO(SAMPLE), "people.csv")}


def _rule(method, url, **fields):
    return Rule(method, url, EVENT_EDITORS, hidden=HIDDEN_PROJECT, **fields)


ACCESS: dict[str, list[Rule]] = {
    "imports.paste": [
        _rule("GET", lambda w: f"/events/{E(w)}/attendance/paste"),
        _rule(
            "POST",
            lambda w: f"/events/{E(w)}/attendance/paste",
            data=lambda w: {"text": "Anna Paraudziņa; KPR; LV", "action": "import"},
        ),
    ],
    "imports.upload": [
        _rule("GET", lambda w: f"/events/{E(w)}/attendance/import"),
        _rule("POST", lambda w: f"/events/{E(w)}/attendance/import", data=_file),
    ],
    "imports.map_columns": [
        _rule("GET", lambda w: f"/events/{E(w)}/attendance/import/{upload_token(w, False)}/map"),
        _rule(
            "POST",
            lambda w: f"/events/{E(w)}/attendance/import/{upload_token(w, False)}/map",
            data=lambda w: {"name": "0", "organisation": "1", "country": "2", "email": "3"},
        ),
    ],
    "imports.preview": [
        _rule("GET", lambda w: f"/events/{E(w)}/attendance/import/{upload_token(w)}/preview"),
    ],
    "imports.run": [
        _rule(
            "POST",
            lambda w: f"/events/{E(w)}/attendance/import/{upload_token(w)}",
            data=lambda w: {"mode": "valid_only"},
        ),
    ],
}
