"""Compiling a draft in the background: the web request only queues it.

With REDIS_URL set, the compile is a job on the RQ queue "collab", run by
`flask collab worker` (any number of them, on any host). Without it, a thread of the app
process runs it. Either way the progress lives in the database (chapters done of total,
committed after each chapter), so whichever web process answers shows it, and a compile
first claims its draft with a conditional UPDATE, so the same draft is never compiled twice
at once.
"""

import logging
import threading

from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy import select, update

from collab.database import utcnow
from collab.extensions import db
from collab.handbook.models import HandbookDraft

log = logging.getLogger(__name__)

QUEUE = "collab"
# A compile of a very large project takes minutes; one that takes this long is stuck.
JOB_TIMEOUT = 30 * 60
ERROR_LENGTH = 500
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

_threads: set[threading.Thread] = set()
_threads_lock = threading.Lock()


def job_id(draft_id: int) -> str:
    return f"handbook-draft-{draft_id}"


def enqueue(draft: HandbookDraft, *, base_url: str | None = None) -> None:
    """Start compiling `draft` (already committed) without waiting for it."""
    if base_url is None and has_request_context():
        # The app's own address, so the files can link back to the pages they cite.
        base_url = request.url_root
    app = current_app._get_current_object()
    url = app.config.get("REDIS_URL")
    if url:
        try:
            _enqueue_job(url, draft.id, base_url)
            return
        except Exception:  # noqa: BLE001 - Redis away: the draft is still made, here
            log.exception(
                "Could not queue draft %s on Redis; compiling it in this process", draft.id
            )
    _start_thread(app, draft.id, base_url)


def _enqueue_job(url: str, draft_id: int, base_url: str | None):
    from redis import Redis
    from rq import Queue
    from rq.job import JobStatus

    connection = Redis.from_url(url)
    queue = Queue(QUEUE, connection=connection)
    job = queue.fetch_job(job_id(draft_id))
    waiting = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED)
    if job is not None and job.get_status(refresh=True) in waiting:
        return job  # no second job for the same draft
    return queue.enqueue(
        run_job,
        draft_id,
        base_url,
        job_id=job_id(draft_id),
        job_timeout=JOB_TIMEOUT,
        result_ttl=3600,
        failure_ttl=7 * 24 * 3600,
        description=f"Compile handbook draft {draft_id}",
    )


def _start_thread(app, draft_id: int, base_url: str | None) -> None:
    thread = threading.Thread(
        target=_run_in_thread,
        args=(app, draft_id, base_url),
        name=job_id(draft_id),
        daemon=True,
    )
    with _threads_lock:
        _threads.add(thread)
    thread.start()


def _run_in_thread(app, draft_id: int, base_url: str | None) -> None:
    try:
        with app.app_context():
            try:
                compile_draft(draft_id, base_url=base_url)
            finally:
                db.session.remove()
    finally:
        with _threads_lock:
            _threads.discard(threading.current_thread())


def wait_for_threads(timeout: float | None = None) -> bool:
    """Wait for the compiles running in this process (tests, a graceful shutdown); True
    when none is left."""
    with _threads_lock:
        running = list(_threads)
    for thread in running:
        thread.join(timeout)
    with _threads_lock:
        return not _threads


def run_job(draft_id: int, base_url: str | None = None) -> bool:
    """The RQ job: compile the draft in an app context of its own."""
    if has_app_context():
        app = current_app._get_current_object()
    else:
        # Started by a plain `rq worker` rather than `flask collab worker`.
        from collab import create_app

        app = create_app()
    with app.app_context():
        try:
            return compile_draft(draft_id, base_url=base_url)
        finally:
            db.session.remove()


def run_worker(burst: bool = False) -> None:
    """`flask collab worker`: run the queue's jobs until stopped (or until it is empty)."""
    from redis import Redis
    from rq import Queue, Worker

    connection = Redis.from_url(current_app.config["REDIS_URL"])
    # Each job runs in a forked process: no database connection of ours may cross into it.
    db.session.remove()
    db.engine.dispose()
    Worker([Queue(QUEUE, connection=connection)], connection=connection).work(
        burst=burst, with_scheduler=False
    )


# --- The compile --------------------------------------------------------------------------


def _claim(draft_id: int) -> bool:
    result = db.session.execute(
        update(HandbookDraft)
        .where(HandbookDraft.id == draft_id, HandbookDraft.status == "queued")
        .values(status="running", started_at=utcnow(), chapters_done=0, error=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(result.rowcount)


def _report(draft_id: int, done: int, total: int) -> None:
    """Progress, committed at once on a connection of its own: the compile's session holds
    what it has read, and every web process must see the count now."""
    with db.engine.begin() as connection:
        connection.execute(
            update(HandbookDraft)
            .where(HandbookDraft.id == draft_id, HandbookDraft.status == "running")
            .values(chapters_done=done, chapters_total=total)
        )


def compile_draft(draft_id: int, *, base_url: str | None = None) -> bool:
    """Make the draft's files; False when another compile has it (or it is not waiting)."""
    if not _claim(draft_id):
        return False
    from collab.handbook.docx import render_docx
    from collab.handbook.drafts import (
        Edition,
        collect_edition,
        content_hash,
        planned_chapters,
        snapshot_of,
    )
    from collab.handbook.html import render_pdf
    from collab.outputs.storage import store

    draft = db.session.get(HandbookDraft, draft_id)
    try:
        edition = Edition.of(draft.language, draft.second_language, draft.layout, draft.formats)
        handbook = draft.handbook
        documents = collect_edition(
            handbook, edition, lambda done, total: _report(draft_id, done, total)
        )
        files = {}
        if "pdf" in edition.formats:
            files["pdf"] = render_pdf(documents, edition.layout, base_url=base_url)
        if "docx" in edition.formats:
            files["docx"] = render_docx(documents, edition.layout, base_url=base_url)
        draft = db.session.get(HandbookDraft, draft_id)
        # The progress was written on another connection: read the row as it is now.
        db.session.refresh(draft)
        if "pdf" in files:
            draft.pdf_file = store(files["pdf"], CONTENT_TYPES["pdf"])
        if "docx" in files:
            draft.docx_file = store(files["docx"], CONTENT_TYPES["docx"])
        _record_what_was_compiled(draft, documents, edition, content_hash, snapshot_of)
        draft.chapters_done = draft.chapters_total = planned_chapters(handbook, edition)
        draft.status = "done"
        draft.finished_at = utcnow()
        db.session.commit()
        log.info("Handbook draft %s compiled", draft_id)
        return True
    except Exception as error:
        db.session.rollback()
        log.exception("Handbook draft %s failed", draft_id)
        db.session.execute(
            update(HandbookDraft)
            .where(HandbookDraft.id == draft_id)
            .values(status="failed", error=_short(error), finished_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        return False


def _record_what_was_compiled(draft, documents, edition, content_hash, snapshot_of) -> None:
    """The content changed between the request and the compile (someone saved meanwhile):
    the draft says what its files hold, unless another draft holds exactly that already."""
    digest = content_hash(documents, edition)
    if digest == draft.content_hash:
        return
    taken = db.session.scalar(
        select(HandbookDraft.id).where(
            HandbookDraft.handbook_id == draft.handbook_id,
            HandbookDraft.content_hash == digest,
            HandbookDraft.id != draft.id,
        )
    )
    draft.snapshot = snapshot_of(documents)
    if taken is None:
        draft.content_hash = digest


def _short(error: Exception) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    return text if len(text) <= ERROR_LENGTH else text[: ERROR_LENGTH - 1] + "…"
