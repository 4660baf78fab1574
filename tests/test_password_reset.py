"""A one-time link to set a new password: made by an admin or the person's coordinator,
shown once, working once, for PASSWORD_RESET_HOURS, and ending every session when used."""

import re
import time

import pytest
from itsdangerous import TimestampSigner

from collab.auth.resets import make_reset_token
from collab.extensions import db
from tests.conftest import PASSWORD, login

NEW_PASSWORD = "seven green apples under snow"


def create_link(client, user) -> str:
    response = client.post(f"/users/{user.id}/reset-link")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    found = re.search(r'id="reset-link" type="text" readonly value="([^"]+)"', response.text)
    return found.group(1).replace("http://localhost", "")


def set_password(client, link, password=NEW_PASSWORD, confirm=None):
    return client.post(link, data={"new_password": password, "confirm": confirm or password})


@pytest.fixture
def coordinator(make_app, world):
    client = make_app().test_client()
    login(client, world.users["coordinator"])
    return client


def test_a_coordinator_makes_a_link_and_the_person_sets_a_new_password(
    make_app, coordinator, world
):
    facilitator = world.users["facilitator"]
    link = create_link(coordinator, facilitator)
    assert link.startswith("/reset/")

    person = make_app().test_client()
    page = person.get(link)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert facilitator.email in page.text

    response = set_password(person, link)

    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    assert login(person, facilitator, PASSWORD).status_code == 400
    assert login(person, facilitator, NEW_PASSWORD).status_code == 302


def test_the_link_is_on_the_users_page(coordinator, world):
    user = world.users["facilitator"]
    for page in (f"/users/{user.id}/edit", f"/users/{user.id}/password"):
        assert f'action="/users/{user.id}/reset-link"' in coordinator.get(page).text


def test_the_link_works_once(make_app, coordinator, world):
    link = create_link(coordinator, world.users["facilitator"])
    person = make_app().test_client()
    assert set_password(person, link).status_code == 303

    again = person.get(link)
    assert again.status_code == 404
    assert "This link does not work" in again.text
    response = set_password(person, link, "an entirely different passphrase")
    assert response.status_code == 404
    assert login(person, world.users["facilitator"], NEW_PASSWORD).status_code == 302


def test_the_link_expires(make_app, world, monkeypatch):
    app = make_app(PASSWORD_RESET_HOURS=24)

    def link_made_hours_ago(hours: int) -> str:
        with monkeypatch.context() as clock:
            clock.setattr(
                TimestampSigner, "get_timestamp", lambda self: int(time.time()) - hours * 3600
            )
            return f"/reset/{make_reset_token(world.users['facilitator'])}"

    expired, fresh = link_made_hours_ago(25), link_made_hours_ago(23)
    person = app.test_client()

    assert person.get(expired).status_code == 404
    assert set_password(person, expired).status_code == 404
    assert person.get(fresh).status_code == 200
    assert set_password(person, fresh).status_code == 303


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "not-a-token",
        lambda token: token.split(".")[0],
    ],
    ids=["forged-signature", "invented", "cut-short"],
)
def test_a_wrong_link_is_refused(client, world, mangle):
    token = make_reset_token(world.users["member"])

    response = client.get(f"/reset/{mangle(token)}")

    assert response.status_code == 404
    assert "This link does not work" in response.text
    assert set_password(client, f"/reset/{mangle(token)}").status_code == 404


def test_a_link_signed_with_another_key_is_refused(make_app, world):
    other = make_app(SECRET_KEY="another installation")
    with other.test_request_context():
        token = make_reset_token(world.users["member"])
    client = make_app().test_client()

    assert client.get(f"/reset/{token}").status_code == 404


def test_a_deactivated_person_cannot_use_a_link(make_app, coordinator, world):
    facilitator = world.users["facilitator"]
    link = create_link(coordinator, facilitator)
    facilitator.is_active = False
    db.session.commit()
    person = make_app().test_client()

    assert person.get(link).status_code == 404
    assert set_password(person, link).status_code == 404
    db.session.refresh(facilitator)
    assert login(person, facilitator, NEW_PASSWORD).status_code == 400


def test_no_link_is_made_for_a_deactivated_account(coordinator, world):
    facilitator = world.users["facilitator"]
    facilitator.is_active = False
    db.session.commit()

    response = coordinator.post(f"/users/{facilitator.id}/reset-link")

    assert response.status_code == 303
    assert "/reset/" not in coordinator.get(response.headers["Location"]).text


def test_using_the_link_ends_every_session(make_app, coordinator, world):
    app = make_app()
    facilitator = world.users["facilitator"]
    laptop = app.test_client()
    login(laptop, facilitator, remember="y")
    remembered = laptop.get_cookie(app.config["REMEMBER_COOKIE_NAME"])
    link = create_link(coordinator, facilitator)

    assert set_password(app.test_client(), link).status_code == 303

    assert laptop.get("/projects").status_code == 302
    fresh = app.test_client()
    fresh.set_cookie(remembered.key, remembered.value)
    assert fresh.get("/projects").status_code == 302


def test_a_link_dies_when_the_password_is_set_another_way(make_app, coordinator, world):
    facilitator = world.users["facilitator"]
    link = create_link(coordinator, facilitator)
    response = coordinator.post(
        f"/users/{facilitator.id}/password",
        data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302

    assert make_app().test_client().get(link).status_code == 404


def test_the_new_password_follows_the_password_rules(make_app, coordinator, world):
    link = create_link(coordinator, world.users["facilitator"])
    person = make_app().test_client()

    weak = set_password(person, link, "password123")
    assert weak.status_code == 400
    assert "too common" in weak.text
    differ = set_password(person, link, NEW_PASSWORD, confirm="something else entirely")
    assert differ.status_code == 400
    assert "The two passwords differ." in differ.text
    # Refused attempts do not use the link up.
    assert set_password(person, link).status_code == 303


def test_a_coordinator_cannot_make_a_link_for_an_admin(coordinator, world):
    response = coordinator.post(f"/users/{world.users['admin'].id}/reset-link")

    assert response.status_code == 404
