"""Sessions: a new one at every login, all of them ended by logging out, a new password or
deactivation; production cookies and a CSRF token that outlives a long workshop day."""

import re
import time

import pytest
from itsdangerous import TimestampSigner

from tests.conftest import PASSWORD, csrf_token, login

NEW_PASSWORD = "quiet river behind the mill"


def logged_in(client) -> bool:
    response = client.get("/projects")
    return response.status_code == 200


def remembered_cookie(app, client):
    return client.get_cookie(app.config["REMEMBER_COOKIE_NAME"])


def only_cookie(app, cookie):
    """A new browser holding nothing but `cookie` (the remember-me cookie of another one)."""
    fresh = app.test_client()
    fresh.set_cookie(cookie.key, cookie.value)
    return fresh


# --- Logging in -------------------------------------------------------------------------


def test_logging_in_starts_a_new_session_and_keeps_nothing_planted(make_app, world):
    app = make_app()
    client = app.test_client()
    # What an attacker could have put in the victim's browser before the login (a session
    # cookie of their own making, with a CSRF token they know); and a language choice.
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        session["csrf_token"] = "known to the attacker"
        session["language"] = "lt"
    before = client.get_cookie("session").value

    assert login(client, world.users["member"]).status_code == 302

    after = client.get_cookie("session").value
    assert after != before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != "known to the attacker"
        assert session["language"] == "lt"  # the person's own choice stays
        assert session["_user_id"] == world.users["member"].session_token


# --- Ending every session ---------------------------------------------------------------


def two_devices(app, user, remember_phone=True):
    laptop, phone = app.test_client(), app.test_client()
    assert login(laptop, user).status_code == 302
    extra = {"remember": "y"} if remember_phone else {}
    assert login(phone, user, **extra).status_code == 302
    assert logged_in(laptop) and logged_in(phone)
    return laptop, phone


def test_logging_out_ends_every_session_and_remember_me_cookie(make_app, world):
    app = make_app()
    laptop, phone = two_devices(app, world.users["member"])
    phone_cookie = remembered_cookie(app, phone)

    assert laptop.post("/logout").status_code == 302

    assert not logged_in(laptop)
    assert not logged_in(phone)
    assert not logged_in(only_cookie(app, phone_cookie))
    # Logging in again works, and starts a session that works.
    assert login(phone, world.users["member"]).status_code == 302
    assert logged_in(phone)


def test_a_new_password_ends_the_other_sessions_and_their_remember_me_cookies(make_app, world):
    app = make_app()
    laptop, phone = two_devices(app, world.users["member"])
    phone_cookie = remembered_cookie(app, phone)

    response = laptop.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert logged_in(laptop)
    assert not logged_in(phone)
    assert not logged_in(only_cookie(app, phone_cookie))


def test_a_remembered_device_stays_remembered_after_changing_the_password(make_app, world):
    app = make_app()
    laptop = app.test_client()
    login(laptop, world.users["member"], remember="y")
    old_cookie = remembered_cookie(app, laptop)

    laptop.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    new_cookie = remembered_cookie(app, laptop)
    assert new_cookie.value != old_cookie.value
    assert logged_in(only_cookie(app, new_cookie))
    assert not logged_in(only_cookie(app, old_cookie))


def test_deactivation_ends_every_session_and_remember_me_cookie(make_app, world):
    app = make_app()
    member = world.users["member"]
    _laptop, phone = two_devices(app, member)
    phone_cookie = remembered_cookie(app, phone)
    admin = app.test_client()
    login(admin, world.users["admin"])

    response = admin.post(
        f"/users/{member.id}/edit",
        data={
            "name": member.name,
            "email": member.email,
            "organisation_id": member.organisation_id,
            "role": member.role,
            "version": member.version,  # "active" left unticked
        },
    )

    assert response.status_code == 302
    assert not logged_in(phone)
    assert not logged_in(only_cookie(app, phone_cookie))


def test_a_password_set_by_an_admin_ends_every_session(make_app, world):
    app = make_app()
    _laptop, phone = two_devices(app, world.users["facilitator"])
    phone_cookie = remembered_cookie(app, phone)
    coordinator = app.test_client()
    login(coordinator, world.users["coordinator"])

    response = coordinator.post(
        f"/users/{world.users['facilitator'].id}/password",
        data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert not logged_in(phone)
    assert not logged_in(only_cookie(app, phone_cookie))


# --- Production cookies and headers -----------------------------------------------------


@pytest.fixture
def production(make_app):
    app = make_app(COLLAB_ENV="production", SECRET_KEY="a production secret for the tests")
    client = app.test_client()
    # Behind the reverse proxy that ends TLS (ProxyFix is on in production).
    client.environ_base["HTTP_X_FORWARDED_PROTO"] = "https"
    return app, client


def cookie_attributes(response, name) -> dict[str, str]:
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}="))
    parts = [part.strip() for part in header.split(";")[1:]]
    return {key.lower(): value for key, _, value in (part.partition("=") for part in parts)}


def test_production_cookies_are_secure_httponly_lax_and_host_only(production, world):
    app, client = production

    response = login(client, world.users["member"], remember="y")

    assert response.status_code == 302
    for name in ("__Host-session", "__Host-remember"):
        attributes = cookie_attributes(response, name)
        assert "secure" in attributes, name
        assert "httponly" in attributes, name
        assert attributes["samesite"] == "Lax", name
        # The __Host- prefix: the browser refuses the cookie unless Path=/ and no Domain.
        assert attributes["path"] == "/", name
        assert "domain" not in attributes, name
    assert logged_in(client)


def test_production_pages_carry_hsts_and_a_strict_csp(production):
    _app, client = production

    response = client.get("/login")

    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    csp = response.headers["Content-Security-Policy"]
    for part in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert part in csp
    assert "unsafe-eval" not in csp and "unsafe-inline" not in csp


def test_development_keeps_plain_cookie_names(app):
    # Browsers on http://localhost refuse __Host- cookies, which need HTTPS.
    assert app.config["SESSION_COOKIE_NAME"] == "session"
    assert app.config["SESSION_COOKIE_SECURE"] is False


# --- CSRF tokens ------------------------------------------------------------------------


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def test_a_form_left_open_all_day_still_submits(csrf_app, world, monkeypatch):
    client = csrf_app.test_client()
    # The login page was opened in the morning, ten hours ago.
    morning = int(time.time()) - 10 * 3600
    with monkeypatch.context() as clock:
        clock.setattr(TimestampSigner, "get_timestamp", lambda self: morning)
        token = csrf_token(client, "/login")

    response = client.post(
        "/login",
        data={"email": "member@example.org", "password": PASSWORD, "csrf_token": token},
    )

    assert response.status_code == 302
    assert logged_in(client)


def test_a_csrf_token_works_only_with_its_own_session(csrf_app, world):
    victim, attacker = csrf_app.test_client(), csrf_app.test_client()
    login(victim, world.users["member"])
    token = csrf_token(attacker, "/login")

    response = victim.post("/logout", data={"csrf_token": token})

    # The logout is not carried out: the token belongs to another session.
    assert response.status_code == 400
    assert logged_in(victim)


def test_the_csrf_token_changes_at_login(csrf_app, world):
    client = csrf_app.test_client()
    before = csrf_token(client, "/login")
    login(client, world.users["member"])

    page = client.get("/account/password").get_data(as_text=True)
    after = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    assert before and after
    assert before.split(".")[0] != after.split(".")[0]
