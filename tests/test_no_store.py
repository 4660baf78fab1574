"""Quality gate: a response that shows a participant's name or e-mail is never stored.

Walks every GET route of the access matrix as the admin, who sees everything, as a plain
browser and as htmx. Wherever the World's participant shows up, the answer must carry
`Cache-Control: no-store`, and a full page must tell htmx to keep no history snapshot
(hx-history="false"). A new page that shows people fails here until it says so.
"""

import io
import zipfile

import pytest
from sqlalchemy import select

from collab.attendance.models import Attendance
from collab.extensions import db
from tests.access import all_rules
from tests.conftest import World, login, make_participant

NAME = "Ilze Bērziņa"
EMAIL = "ilze.berzina@kpr.example"
# A person in the list that the import rules upload (tests/access/imports.py, SAMPLE): the
# steps of an import show the people of the file before they are saved.
UPLOADED = "anna@example.org"

GET_RULES = [
    pytest.param(endpoint, index, id=f"{endpoint}-{index}")
    for endpoint, rules in all_rules().items()
    for index, rule in enumerate(rules)
    if rule.method == "GET"
]


def readable(response) -> str:
    """The text of a response; the parts of a ZIP (an Excel file, a package) too."""
    body = response.get_data()
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"\n".join(archive.read(name) for name in archive.namelist())
    return body.decode("utf-8", errors="replace")


def shows_the_person(text: str) -> bool:
    return any(found in text for found in (NAME, EMAIL, UPLOADED))


def world_where_she_is_everywhere() -> World:
    """The World, with its participant on every list that shows people: she has an e-mail,
    checked in by herself (the check-in page names the latest arrivals), and was typed a
    second time (the possible duplicates)."""
    world = World()
    world.participant.email = EMAIL
    attendance = db.session.scalar(
        select(Attendance).where(Attendance.participant_id == world.participant.id)
    )
    attendance.recorded = "checkin"
    make_participant(world.project, "ILZE BERZINA", "LV")
    db.session.commit()
    return world


@pytest.mark.parametrize(("endpoint", "index"), GET_RULES)
def test_pages_with_personal_data_are_not_stored(app, client, endpoint, index):
    rule = all_rules()[endpoint][index]
    world = world_where_she_is_everywhere()
    assert login(client, world.users["admin"]).status_code == 302
    url = rule.url(world)

    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(url, headers=headers)
        text = readable(response)
        if not shows_the_person(text):
            continue
        where = f"{endpoint} {url} {headers or ''}"
        assert "no-store" in response.headers.get("Cache-Control", ""), where
        if response.mimetype == "text/html" and "<html" in text:
            assert 'hx-history="false"' in text, where


def test_the_walk_finds_the_pages_that_show_people(app, client):
    """The gate is not empty: the attendance page shows the World's participant."""
    world = World()
    login(client, world.users["admin"])
    page = client.get(f"/events/{world.event.id}/attendance")
    assert shows_the_person(readable(page))
    assert page.headers["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in page.get_data(as_text=True)
