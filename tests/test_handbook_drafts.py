"""Drafts of the handbook: compiling through the page, reuse of an unchanged draft, what
changed between drafts, the downloads and who may do what.

The app here runs without REDIS_URL: a compile runs in a thread of the app process, and the
tests wait for the draft's status in the database as the page does.
"""

import io
import re
import time

import docx
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from collab.extensions import db
from collab.handbook.drafts import Edition, changes, request_draft
from collab.handbook.jobs import compile_draft, wait_for_threads
from collab.handbook.models import HandbookDraft
from collab.i18n import Translations
from tests.conftest import csrf_token, login

LIMIT = 180  # seconds: a loaded machine is slow, a compile that never ends still fails


@pytest.fixture
def app(make_app):
    # Whatever the environment says: these tests are about the compile in the app process.
    app = make_app(REDIS_URL=None)
    with app.app_context():
        yield app
        wait_for_threads(LIMIT)
        db.session.remove()


@pytest.fixture
def marked(world):
    """The World with its challenge marked for the handbook."""
    world.challenge.for_handbook = True
    world.challenge.handbook_chapter = "challenges"
    db.session.commit()
    return world


def drafts_url(world) -> str:
    return f"/projects/{world.project.id}/handbook/drafts"


def compile_through_page(client, world, **fields) -> tuple:
    data = {"language": "lv", "second_language": "", "formats": ["pdf", "docx"]}
    data.update(fields)
    token = csrf_token(client, f"/projects/{world.project.id}/handbook")
    if token:
        data["csrf_token"] = token
    response = client.post(drafts_url(world), data=data)
    return response


def finished(number: int, world, limit: float = LIMIT) -> HandbookDraft:
    """The draft once its compile has ended, read from the database as any page reads it."""
    deadline = time.monotonic() + limit
    while True:
        db.session.rollback()
        db.session.expire_all()
        draft = db.session.scalar(
            select(HandbookDraft).where(
                HandbookDraft.handbook_id == world.handbook.id, HandbookDraft.number == number
            )
        )
        if draft is not None and draft.status in ("done", "failed"):
            return draft
        if time.monotonic() > deadline:
            pytest.fail(f"draft {number} still {draft and draft.status} after {limit} s")
        time.sleep(0.2)


def draft_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(HandbookDraft.id)))


# --- Compiling ----------------------------------------------------------------------------


def test_compile_queues_a_numbered_draft_and_the_page_shows_it_ready(client, marked):
    login(client, marked.users["coordinator"])
    response = compile_through_page(client, marked)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{drafts_url(marked)}/1")

    draft = finished(1, marked)
    assert draft.status == "done", draft.error
    assert draft.language == "lv" and draft.formats == ["pdf", "docx"]
    assert draft.created_by_id == marked.users["coordinator"].id
    assert draft.chapters_total == len(marked.handbook.chapters)
    assert draft.chapters_done == draft.chapters_total
    assert draft.started_at is not None and draft.finished_at >= draft.started_at
    assert len(draft.content_hash) == 64

    page = client.get(f"{drafts_url(marked)}/1").get_data(as_text=True)
    assert "Draft 1" in page
    assert f"{drafts_url(marked)}/1/pdf" in page
    assert f"{drafts_url(marked)}/1/docx" in page
    # Done: the status no longer asks for itself.
    assert 'hx-trigger="every 1s"' not in page


def test_compiling_again_unchanged_returns_the_same_draft(client, marked):
    login(client, marked.users["coordinator"])
    compile_through_page(client, marked)
    first = finished(1, marked)
    rows = draft_count()

    response = compile_through_page(client, marked)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{drafts_url(marked)}/1")
    assert draft_count() == rows
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nothing has changed since draft 1" in page
    assert finished(1, marked).content_hash == first.content_hash


def test_another_edition_of_the_same_content_is_a_new_draft(app, marked):
    user = marked.users["coordinator"]
    first, created = request_draft(marked.handbook, user, "lv", formats=["docx"])
    assert created
    second, created = request_draft(marked.handbook, user, "lv", formats=["pdf"])
    assert created and second.number == first.number + 1
    bilingual, created = request_draft(marked.handbook, user, "lv", "lt", "sequence", ["docx"])
    assert created and bilingual.edition == "lv+lt" and bilingual.layout == "sequence"
    for number in (1, 2, 3):
        assert finished(number, marked).status == "done"


def test_a_changed_title_makes_a_new_draft_that_lists_it_as_changed(client, marked):
    login(client, marked.users["coordinator"])
    compile_through_page(client, marked, formats=["docx"])
    finished(1, marked)

    marked.challenge.title = Translations(
        {"en": "Cycling routes end at the border", "lv": "Veloceļi beidzas pie robežas"}
    )
    db.session.commit()
    response = compile_through_page(client, marked, formats=["docx"])
    assert response.headers["Location"].endswith(f"{drafts_url(marked)}/2")
    second = finished(2, marked)
    assert second.status == "done"

    found = changes(second, finished(1, marked))
    changed = [c.key for c in found["changed"]]
    assert f"challenge:{marked.challenge.id}" in changed
    # The camp's summary names the challenges identified there: it changed with it.
    assert set(changed) <= {f"challenge:{marked.challenge.id}", f"event:{marked.event.id}"}
    assert not found["added"] and not found["removed"]

    page = client.get(f"{drafts_url(marked)}/2/changes").get_data(as_text=True)
    changed = page.split('id="changes-changed"')[1].split('id="changes-removed"')[0]
    assert "Veloceļi beidzas pie robežas" in changed
    assert f'href="/challenges/{marked.challenge.id}"' in changed


def test_a_removed_mark_is_listed_as_removed(client, marked):
    login(client, marked.users["coordinator"])
    compile_through_page(client, marked, formats=["docx"])
    finished(1, marked)

    marked.challenge.for_handbook = False
    db.session.commit()
    compile_through_page(client, marked, formats=["docx"])
    second = finished(2, marked)

    found = changes(second, finished(1, marked))
    removed = [c.key for c in found["removed"]]
    assert f"challenge:{marked.challenge.id}" in removed
    page = client.get(f"{drafts_url(marked)}/2/changes?since=1").get_data(as_text=True)
    section = page.split('id="changes-removed"')[1]
    assert "Cycling routes stop at the border" in section or "Veloceļi beidzas" in section


def test_changes_of_the_first_draft_and_of_an_unknown_one(client, marked):
    login(client, marked.users["member"])
    request_draft(marked.handbook, marked.users["coordinator"], "en", formats=["docx"])
    finished(1, marked)
    page = client.get(f"{drafts_url(marked)}/1/changes")
    assert page.status_code == 200
    assert "This is the first draft" in page.get_data(as_text=True)
    assert client.get(f"{drafts_url(marked)}/7/changes").status_code == 404
    wrong = client.get(f"{drafts_url(marked)}/1/changes?since=99")
    assert wrong.status_code == 400
    assert "There is no earlier draft 99" in wrong.get_data(as_text=True)


def test_a_failed_draft_is_compiled_again_when_asked_again(app, marked):
    user = marked.users["coordinator"]
    draft, _ = request_draft(marked.handbook, user, "en", formats=["docx"])
    finished(1, marked)
    draft = db.session.get(HandbookDraft, draft.id)
    draft.status, draft.error, draft.docx_file = "failed", "OSError: disk full", None
    db.session.commit()

    again, created = request_draft(marked.handbook, user, "en", formats=["docx"])
    assert not created and again.id == draft.id
    done = finished(1, marked)
    assert done.status == "done" and done.error is None and done.docx_file is not None


def test_a_compile_that_fails_says_so(make_app, marked, tmp_path):
    # An app whose upload folder cannot be made (a file is in its place): the files of the
    # draft cannot be stored.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    broken = make_app(REDIS_URL=None, UPLOAD_DIR=str(blocked))
    with broken.app_context():
        handbook = db.session.get(type(marked.handbook), marked.handbook.id)
        user = db.session.get(type(marked.users["coordinator"]), marked.users["coordinator"].id)
        request_draft(handbook, user, "en", formats=["docx"])
        wait_for_threads(LIMIT)
        db.session.remove()
    draft = finished(1, marked)
    assert draft.status == "failed"
    assert draft.error.startswith(("NotADirectoryError", "FileExistsError"))
    assert draft.docx_file is None and draft.finished_at is not None


def test_the_same_draft_is_never_compiled_twice_at_once(app, marked):
    user = marked.users["coordinator"]
    draft, _ = request_draft(marked.handbook, user, "en", formats=["docx"])
    finished(1, marked)
    # Done: nobody may claim it again.
    assert compile_draft(draft.id) is False
    # Running elsewhere: a second compile leaves it alone.
    draft = db.session.get(HandbookDraft, draft.id)
    draft.status = "running"
    db.session.commit()
    assert compile_draft(draft.id) is False
    db.session.refresh(draft)
    assert draft.status == "running"


# --- Progress -----------------------------------------------------------------------------


def running_draft(world, done=3, total=8, status="running") -> HandbookDraft:
    draft = HandbookDraft(
        handbook_id=world.handbook.id,
        number=5,
        language="lv",
        formats=["pdf"],
        content_hash="0" * 64,
        snapshot={},
        status=status,
        chapters_done=done,
        chapters_total=total,
        created_by_id=world.users["coordinator"].id,
    )
    db.session.add(draft)
    db.session.commit()
    return draft


def test_progress_shows_chapters_done_of_total_and_polls_until_done(client, marked):
    running_draft(marked)
    login(client, marked.users["member"])
    url = f"{drafts_url(marked)}/5"

    page = client.get(url).get_data(as_text=True)
    assert "3 of 8 chapters" in page
    assert re.search(r'<progress max="8" value="3"', page)
    assert 'hx-trigger="every 1s"' in page
    # Without script, a plain link reloads the page.
    assert f'href="{url}">Refresh</a>' in page

    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "3 of 8 chapters" in fragment

    draft = db.session.scalar(select(HandbookDraft).where(HandbookDraft.number == 5))
    draft.status, draft.chapters_done = "failed", 8
    draft.error = "RuntimeError: no fonts"
    db.session.commit()
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "could not be compiled" in fragment
    assert 'hx-trigger="every 1s"' not in fragment
    # The cause is for the editors, not the readers.
    assert "no fonts" not in fragment


def test_all_chapters_collected_says_the_pages_are_being_laid_out(client, marked):
    running_draft(marked, done=8, total=8)
    login(client, marked.users["coordinator"])
    page = client.get(f"{drafts_url(marked)}/5").get_data(as_text=True)
    assert "laying out the pages" in page


def test_compile_by_htmx_answers_with_the_form_and_the_progress(client, marked):
    login(client, marked.users["coordinator"])
    token = csrf_token(client, f"/projects/{marked.project.id}/handbook")
    response = client.post(
        drafts_url(marked),
        data={"language": "en", "formats": ["docx"], "csrf_token": token or ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert 'id="compile"' in body and 'id="draft-status"' in body
    assert "Draft 1 is being compiled" in body
    assert f"{drafts_url(marked)}/1?panel=1" in body
    finished(1, marked)


# --- The form -----------------------------------------------------------------------------


def test_the_same_language_twice_is_refused_and_the_form_keeps_the_choice(client, marked):
    login(client, marked.users["coordinator"])
    response = compile_through_page(client, marked, language="lt", second_language="lt")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose another language than the first, or none." in page
    assert re.search(r'<option selected value="lt">|<option value="lt" selected>', page)
    assert draft_count() == 0


def test_no_format_is_refused(client, marked):
    login(client, marked.users["coordinator"])
    response = compile_through_page(client, marked, formats=[])
    assert response.status_code == 400
    assert "Choose at least one format." in response.get_data(as_text=True)
    assert draft_count() == 0


def test_edition_tidies_what_is_asked():
    assert Edition.of("lv", "lv", "side", ["docx", "pdf"]) == Edition(
        "lv", None, None, ("pdf", "docx")
    )
    assert Edition.of("lv", "lt", "bogus", ["docx"]).layout == "side"
    with pytest.raises(ValueError):
        Edition.of("de")
    with pytest.raises(ValueError):
        Edition.of("lv", formats=["odt"])


# --- Downloads and who may do what ----------------------------------------------------------


def test_downloads_are_attachments_with_clean_names(client, marked):
    request_draft(marked.handbook, marked.users["coordinator"], "lv")
    finished(1, marked)
    login(client, marked.users["member"])

    pdf = client.get(f"{drafts_url(marked)}/1/pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"] == (
        'attachment; filename="Smart-Planning-handbook-draft-1-lv.pdf"'
    )
    assert pdf.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "no-store" in pdf.headers["Cache-Control"]
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    body = pdf.get_data()
    assert body.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(body)).pages) > 3

    word = client.get(f"{drafts_url(marked)}/1/docx")
    assert word.status_code == 200
    assert word.headers["Content-Disposition"].endswith('-draft-1-lv.docx"')
    assert docx.Document(io.BytesIO(word.get_data())).core_properties.language == "lv-LV"

    assert client.get(f"{drafts_url(marked)}/1/odt").status_code == 404
    assert client.get(f"{drafts_url(marked)}/2/pdf").status_code == 404


def test_a_format_not_asked_for_is_not_there(client, marked):
    request_draft(marked.handbook, marked.users["coordinator"], "lv", formats=["docx"])
    finished(1, marked)
    login(client, marked.users["coordinator"])
    assert client.get(f"{drafts_url(marked)}/1/pdf").status_code == 404
    assert client.get(f"{drafts_url(marked)}/1/docx").status_code == 200


def test_a_draft_still_compiling_has_no_download(client, marked):
    running_draft(marked)
    login(client, marked.users["coordinator"])
    assert client.get(f"{drafts_url(marked)}/5/pdf").status_code == 404


def test_a_member_may_download_but_not_compile(client, marked):
    login(client, marked.users["member"])
    response = compile_through_page(client, marked)
    assert response.status_code == 403
    assert draft_count() == 0

    request_draft(marked.handbook, marked.users["coordinator"], "en", formats=["docx"])
    finished(1, marked)
    assert client.get(f"{drafts_url(marked)}/1/docx").status_code == 200
    page = client.get(f"/projects/{marked.project.id}/handbook").get_data(as_text=True)
    assert 'id="drafts"' in page
    assert f"{drafts_url(marked)}/1/docx" in page
    assert "Compile a draft" not in page


def test_an_outsider_does_not_see_the_drafts(client, marked):
    request_draft(marked.handbook, marked.users["coordinator"], "en", formats=["docx"])
    finished(1, marked)
    login(client, marked.users["outsider"])
    for url in (f"{drafts_url(marked)}/1", f"{drafts_url(marked)}/1/docx"):
        assert client.get(url).status_code == 404


def test_the_handbook_page_lists_the_drafts_with_what_changed(client, marked):
    user = marked.users["coordinator"]
    request_draft(marked.handbook, user, "lv", formats=["docx"])
    request_draft(marked.handbook, user, "lv", "lt", "side", ["docx"])
    finished(1, marked)
    finished(2, marked)
    login(client, user)
    page = client.get(f"/projects/{marked.project.id}/handbook").get_data(as_text=True)
    panel = page.split('id="drafts"')[1]
    assert "Compile a draft" in panel
    assert "Draft 2" in panel and "Draft 1" in panel
    assert "Latvian + Lithuanian, Side by side" in panel
    assert f"{drafts_url(marked)}/2/changes" in panel
    assert "What changed since draft 1" in panel
    assert user.name in panel


def test_what_changed_compares_with_the_last_draft_of_the_same_edition(client, marked):
    user = marked.users["coordinator"]
    request_draft(marked.handbook, user, "lv", formats=["docx"])
    request_draft(marked.handbook, user, "lt", formats=["docx"])
    marked.challenge.for_handbook = False
    db.session.commit()
    request_draft(marked.handbook, user, "lv", formats=["docx"])
    for number in (1, 2, 3):
        finished(number, marked)
    login(client, user)
    page = client.get(f"{drafts_url(marked)}/3/changes").get_data(as_text=True)
    assert "What changed in draft 3 since draft 1" in page
    removed = page.split('id="changes-removed"')[1]
    assert "Veloceļi beidzas" in removed
    # Another draft can be chosen: the Lithuanian one differs in every word.
    other = client.get(f"{drafts_url(marked)}/3/changes?since=2").get_data(as_text=True)
    assert "since draft 2" in other and "different editions" in other
