"""The background compile: in a thread of the app process without REDIS_URL, on the RQ queue
with it (against the machine's Redis, as in CI), and the `flask collab worker` command."""

import os
import threading
import time
import traceback

import pytest
from sqlalchemy import select

from collab.extensions import db
from collab.handbook.drafts import request_draft
from collab.handbook.jobs import QUEUE, job_id, wait_for_threads
from collab.handbook.models import HandbookDraft
from tests.conftest import csrf_token, login

LIMIT = 180
# A database of our own in the machine's Redis, emptied at the start of each test.
REDIS_URL = os.environ.get("TEST_JOBS_REDIS_URL", "redis://127.0.0.1:6379/9")


def status_of(draft_id: int) -> HandbookDraft:
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(HandbookDraft, draft_id)


def wait_until_finished(draft_id: int) -> HandbookDraft:
    deadline = time.monotonic() + LIMIT
    while True:
        draft = status_of(draft_id)
        if draft.status in ("done", "failed"):
            return draft
        if time.monotonic() > deadline:
            pytest.fail(f"draft still {draft.status} after {LIMIT} s")
        time.sleep(0.2)


def compile_through_page(client, world, **fields):
    data = {"language": "lt", "second_language": "", "formats": ["docx"], **fields}
    token = csrf_token(client, f"/projects/{world.project.id}/handbook")
    if token:
        data["csrf_token"] = token
    return client.post(f"/projects/{world.project.id}/handbook/drafts", data=data)


# --- The app: with REDIS_URL for the tests that ask for Redis, without it for the others ---


@pytest.fixture
def app(make_app, request):
    with_redis = "redis_connection" in request.fixturenames
    app = make_app(REDIS_URL=REDIS_URL if with_redis else None)
    with app.app_context():
        yield app
        wait_for_threads(LIMIT)
        db.session.remove()


# --- Without Redis: a thread of the app process -------------------------------------------


def test_the_request_returns_before_the_compile_ends(app, world):
    client = app.test_client()
    login(client, world.users["facilitator"])
    response = compile_through_page(client, world, formats=["pdf", "docx"])
    assert response.status_code == 303
    draft = db.session.scalar(select(HandbookDraft))
    # Answered while the thread still works (or has only just finished): the page found a
    # queued draft, not files.
    assert draft.status in ("queued", "running", "done")
    done = wait_until_finished(draft.id)
    assert done.status == "done", done.error
    assert done.pdf_file is not None and done.docx_file is not None
    assert done.pdf_file.content_type == "application/pdf"


def test_progress_is_in_the_database_while_it_compiles(app, world):
    """Another session (another web process) sees the chapters count up."""
    draft, _ = request_draft(world.handbook, world.users["coordinator"], "lv", formats=["pdf"])
    seen = set()
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        current = status_of(draft.id)
        seen.add((current.status, current.chapters_done))
        if current.status in ("done", "failed"):
            break
        time.sleep(0.02)
    assert current.status == "done", current.error
    assert (
        current.chapters_done
        == current.chapters_total
        == len([c for c in world.handbook.chapters if c.included])
    )
    statuses = {status for status, _ in seen}
    assert statuses <= {"queued", "running", "done"}


def test_two_threads_for_one_draft_compile_it_once(app, world):
    from collab.handbook.jobs import compile_draft

    draft, _ = request_draft(world.handbook, world.users["coordinator"], "en", formats=["docx"])
    wait_for_threads(LIMIT)
    # Waiting again: two workers take the same job at the same moment.
    draft_id = draft.id
    row = status_of(draft_id)
    row.status = "queued"
    db.session.commit()
    results = []

    def run():
        with app.app_context():
            try:
                results.append(compile_draft(draft_id))
            except Exception:  # noqa: BLE001 - the test says what went wrong
                results.append(traceback.format_exc())
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(LIMIT)
    assert sorted(results, key=str) == [False, True], results
    assert wait_until_finished(draft_id).status == "done"


# --- With Redis: the RQ queue and `flask collab worker` -----------------------------------


@pytest.fixture
def redis_connection():
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.RedisError as error:
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"Redis at {REDIS_URL} is needed in CI: {error}")
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); CI runs this test")
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


def test_with_redis_the_compile_waits_on_the_queue_for_a_worker(app, world, redis_connection):
    from rq import Queue, SimpleWorker

    client = app.test_client()
    login(client, world.users["coordinator"])
    response = compile_through_page(client, world)
    assert response.status_code == 303
    draft = db.session.scalar(select(HandbookDraft))
    queue = Queue(QUEUE, connection=redis_connection)
    assert queue.job_ids == [job_id(draft.id)]
    # Nothing runs it in the web process: it waits.
    time.sleep(0.5)
    assert status_of(draft.id).status == "queued"

    # Asked again before a worker took it: the same draft, and no second job.
    response = compile_through_page(client, world)
    assert response.headers["Location"].endswith(f"/drafts/{draft.number}")
    assert queue.job_ids == [job_id(draft.id)]

    SimpleWorker([queue], connection=redis_connection).work(burst=True)
    done = status_of(draft.id)
    assert done.status == "done", done.error
    assert done.docx_file is not None
    assert queue.job_ids == []


def test_the_worker_command_runs_the_queued_compiles(app, world, redis_connection):
    draft, created = request_draft(
        world.handbook, world.users["coordinator"], "lv", formats=["docx"]
    )
    assert created and status_of(draft.id).status == "queued"

    result = app.test_cli_runner().invoke(args=["collab", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert "Worker for the queue 'collab' started." in result.output
    done = wait_until_finished(draft.id)
    assert done.status == "done", done.error


def test_the_worker_command_needs_redis(app):
    result = app.test_cli_runner().invoke(args=["collab", "worker", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL is not set" in result.output


def test_redis_away_the_draft_is_still_compiled(make_app, world):
    # Nothing listens on port 1: the job cannot be queued, the app process compiles it.
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context():
        handbook = db.session.get(type(world.handbook), world.handbook.id)
        user = db.session.get(type(world.users["coordinator"]), world.users["coordinator"].id)
        draft, _ = request_draft(handbook, user, "en", formats=["docx"])
        draft_id = draft.id
        wait_for_threads(LIMIT)
        db.session.remove()
    assert wait_until_finished(draft_id).status == "done"
