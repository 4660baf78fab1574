"""Failed logins are limited per account as well as per address, the same way for known and
unknown e-mails, only for a while, and across worker processes when Redis keeps the counts."""

import os
import re
import time
import types
import uuid

import limits.storage.memory
import pytest

from collab.config import load_config
from tests.conftest import PASSWORD, login

WRONG = "not the password at all"


def limited_app(make_app, **overrides):
    settings = {
        "RATELIMIT_ENABLED": True,
        # The address limit out of the way: these tests are about the account.
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "LOGIN_ACCOUNT_RATE_LIMIT": "3 per 15 minutes",
    }
    settings.update(overrides)
    return make_app(**settings)


def from_address(app, address: str):
    """A browser at another address (another venue, another attacker's machine)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def fail(client, email="member@example.org"):
    return login(client, email, WRONG)


def test_failed_logins_are_limited_per_account_from_any_address(make_app, world):
    app = limited_app(make_app)
    for number in range(3):
        assert fail(from_address(app, f"198.51.100.{number}")).status_code == 400

    # The fourth attempt, from yet another address, is refused even with the right password.
    response = login(from_address(app, "203.0.113.9"), world.users["member"], PASSWORD)
    assert response.status_code == 429

    # Other accounts are not affected, from the same address.
    other = from_address(app, "203.0.113.9")
    assert login(other, world.users["facilitator"]).status_code == 302


def test_logging_in_does_not_count_against_the_account(make_app, world):
    app = limited_app(make_app)
    client = app.test_client()
    for _ in range(5):
        assert login(client, world.users["member"]).status_code == 302
        client.post("/logout")


def without_tokens(page: str) -> str:
    # Every browser gets a CSRF token of its own; everything else must be equal.
    return re.sub(r"[\w-]{20,}\.[\w-]+\.[\w-]{20,}", "TOKEN", page)


def test_unknown_and_known_emails_get_the_same_answers(make_app, world):
    app = limited_app(make_app)
    answers = {}
    for email in ("member@example.org", "nobody@example.org"):
        client = app.test_client()
        pages = [fail(client, email) for _ in range(4)]
        answers[email] = [
            (page.status_code, without_tokens(page.get_data(as_text=True).replace(email, "EMAIL")))
            for page in pages
        ]

    assert [status for status, _ in answers["member@example.org"]] == [400, 400, 400, 429]
    assert answers["member@example.org"] == answers["nobody@example.org"]


def test_an_account_opens_again_when_the_window_ends(make_app, world, monkeypatch):
    app = limited_app(make_app)
    for _ in range(3):
        fail(app.test_client())
    assert login(app.test_client(), world.users["member"]).status_code == 429

    # Sixteen minutes later, on the limiter's clock.
    later = types.SimpleNamespace(**vars(time))
    later.time = lambda: time.time() + 16 * 60
    monkeypatch.setattr(limits.storage.memory, "time", later)

    assert login(app.test_client(), world.users["member"]).status_code == 302


def test_the_default_limit_is_five_failures_in_fifteen_minutes(app):
    assert app.config["LOGIN_ACCOUNT_RATE_LIMIT"] == "5 per 15 minutes"


# --- Across processes: Redis --------------------------------------------------------------

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
# Keys of this run only: never touch what others keep in the same Redis.
PREFIX = f"collab-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def redis_server():
    import redis

    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.RedisError as error:
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"Redis at {REDIS_URL} is needed in CI: {error}")
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); CI runs this test")
    yield server
    for key in server.scan_iter(match=f"*{PREFIX}*"):
        server.delete(key)
    server.close()


def test_the_limiter_keeps_its_counts_in_redis_when_redis_url_is_set(tmp_path, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://redis.example:6379/0")
    config = load_config(str(tmp_path), {"SECRET_KEY": "x"})
    assert config["RATELIMIT_STORAGE_URI"] == "redis://redis.example:6379/0"


def test_attempts_counted_by_one_worker_hold_in_another(make_app, world, redis_server):
    settings = {"RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": PREFIX}
    # Each app builds its own connection to the storage, as each gunicorn worker does.
    first_worker = limited_app(make_app, **settings)
    for _ in range(3):
        assert fail(first_worker.test_client()).status_code == 400
    assert list(redis_server.scan_iter(match=f"*{PREFIX}*")), "no counts in Redis"

    second_worker = limited_app(make_app, **settings)

    response = login(second_worker.test_client(), world.users["member"])
    assert response.status_code == 429


def test_without_redis_each_worker_counts_alone(make_app, world):
    """The counterpart of the test above: with memory storage the second worker knows
    nothing of the first one's attempts, so the test above does prove Redis carries them."""
    first_worker = limited_app(make_app, RATELIMIT_STORAGE_URI="memory://")
    for _ in range(3):
        fail(first_worker.test_client())
    second_worker = limited_app(make_app, RATELIMIT_STORAGE_URI="memory://")

    assert login(second_worker.test_client(), world.users["member"]).status_code == 302
