"""Logging in and out, passwords, sessions that end, and the login rate limit."""

import pytest
from sqlalchemy import select

from collab.auth.passwords import password_problem
from collab.extensions import db
from tests.conftest import PASSWORD, login


def test_login_is_case_insensitive_and_records_the_time(client, world):
    response = login(client, "Coordinator@Example.ORG")
    assert response.status_code == 302
    db.session.refresh(world.users["coordinator"])
    assert world.users["coordinator"].last_login_at is not None


@pytest.mark.parametrize("email", ["coordinator@example.org", "nobody@example.org"])
def test_wrong_password_and_unknown_email_get_the_same_answer(client, world, email):
    response = login(client, email, password="not the password")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The e-mail or the password is not right." in page
    assert f'value="{email}"' in page  # what the person typed stays in the form
    assert client.get("/projects").status_code == 302


def test_deactivated_user_cannot_log_in(client, world):
    world.users["member"].is_active = False
    db.session.commit()
    assert login(client, world.users["member"]).status_code == 400


def test_deactivation_ends_an_open_session(make_app, world):
    app = make_app()
    member = app.test_client()
    admin = app.test_client()
    login(member, world.users["member"])
    login(admin, world.users["admin"])
    assert member.get("/projects").status_code == 200

    user = world.users["member"]
    response = admin.post(
        f"/users/{user.id}/edit",
        data={
            "name": user.name,
            "email": user.email,
            "organisation_id": user.organisation_id,
            "role": user.role,
            "version": user.version,  # is_active left unticked
        },
    )
    assert response.status_code == 302

    response = member.get("/projects")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_needs_a_post_and_ends_the_session(client, world):
    login(client, world.users["member"])
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/projects").status_code == 302


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(make_app, world):
    app = make_app()
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, world.users["member"])
    login(phone, world.users["member"])

    response = laptop.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "quiet river behind the mill",
            "confirm": "quiet river behind the mill",
        },
    )

    assert response.status_code == 302
    assert laptop.get("/projects").status_code == 200
    assert phone.get("/projects").status_code == 302
    laptop.post("/logout")
    assert login(laptop, world.users["member"], "quiet river behind the mill").status_code == 302


def test_remember_me_cookie_is_httponly_and_dies_with_the_session_token(make_app, world):
    app = make_app()
    client = app.test_client()
    response = login(client, world.users["member"], remember="y")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie

    world.users["member"].end_all_sessions()
    db.session.commit()
    fresh = app.test_client()
    fresh.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert fresh.get("/projects").status_code == 302


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 10 characters"),
        ("password123", "too common"),
        ("qwertyuiop", "too common"),
        ("aaaaaaaaaaaa", "too common"),
        ("ilze.paraudzina2026", "your name or e-mail"),
        ("seven green apples under snow", None),
    ],
)
def test_password_rules(app, password, problem):
    with app.test_request_context():
        found = password_problem(password, email="ilze.paraudzina@example.lv", name="Ilze")
    assert (found is None) if problem is None else problem in found


def test_weak_new_password_is_refused_with_the_reason(client, world):
    login(client, world.users["member"])
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "password123",
            "confirm": "password123",
        },
    )
    assert response.status_code == 400
    assert "too common" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_login_never_redirects_off_site(client, world, target):
    response = client.post(
        f"/login?next={target}", data={"email": "member@example.org", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_login_returns_to_the_page_asked_for(client, world):
    response = client.get(f"/projects/{world.project.id}")
    assert response.headers["Location"] == f"/login?next=/projects/{world.project.id}"
    response = client.post(
        response.headers["Location"], data={"email": "member@example.org", "password": PASSWORD}
    )
    assert response.headers["Location"] == f"/projects/{world.project.id}"


def test_login_is_rate_limited_and_says_so_in_the_users_language(make_app, world):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    for _ in range(3):
        login(
            client,
            "member@example.org",
            "wrong",
        )
    response = client.post(
        "/login",
        data={"email": "member@example.org", "password": "x"},
        headers={"Accept-Language": "lv"},
    )
    assert response.status_code == 429
    assert response.headers["Retry-After"]
    page = response.get_data(as_text=True)
    assert '<html lang="lv">' in page
    assert "Too many attempts" not in page  # shown in Latvian, not English
    # Reading the login page stays possible; only attempts are counted.
    assert client.get("/login").status_code == 200


def test_create_admin_command(runner, app):
    result = runner.invoke(
        args=[
            "collab",
            "create-admin",
            "--email",
            "Root@Example.org",
            "--name",
            "Root",
            "--password",
            "long enough passphrase",
        ]
    )
    assert result.exit_code == 0, result.output
    from sqlalchemy import select

    from collab.auth.models import User

    user = db.session.scalar(select(User).where(User.email == "root@example.org"))
    assert user.role == "admin"
    weak = runner.invoke(
        args=[
            "collab",
            "create-admin",
            "--email",
            "b@example.org",
            "--name",
            "B",
            "--password",
            "password",
        ]
    )
    assert weak.exit_code != 0 and "at least" in weak.output


# --- Failed logins: the audit log, and the time an answer takes ---------------------------


@pytest.mark.parametrize("known", [True, False], ids=["known-email", "unknown-email"])
def test_a_failed_login_is_in_the_audit_log_without_what_was_typed(client, world, known):
    from collab.audit.models import AuditEntry

    email = "member@example.org" if known else "nobody@example.org"
    response = login(client, email, password="Secret typed by mistake")

    assert response.status_code == 400
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "login_failed"))
    entry = entries.one()
    assert entry.user_id == (world.users["member"].id if known else None)
    written = repr((entry.details, entry.object_type, entry.object_id))
    assert email not in written and "nobody" not in written
    assert "Secret typed by mistake" not in written


def test_an_unknown_email_takes_as_long_as_a_wrong_password(make_app, world):
    import time

    from collab.auth.passwords import hash_password

    # A real hash cost: with the tests' cheapest one, every answer is instant anyway.
    app = make_app(PASSWORD_HASH_PROFILE="RFC_9106_LOW_MEMORY")
    with app.test_request_context():
        world.users["member"].password_hash = hash_password(PASSWORD)
    db.session.commit()
    client = app.test_client()
    login(client, "nobody@example.org", "warming up")  # the dummy hash is made once

    def median_time(email):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            assert login(client, email, "not the password").status_code == 400
            times.append(time.perf_counter() - start)
        return sorted(times)[2]

    known, unknown = median_time("member@example.org"), median_time("nobody@example.org")

    assert 0.5 < unknown / known < 2, (known, unknown)
