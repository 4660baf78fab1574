"""Access rules of the handbook: its plan (title and foreword, chapters, what each chapter
holds), the web preview and translation report, and the compiled drafts.

Every partner reads the handbook (the admin, the Latvian coordinator and facilitator, the
member of the Lithuanian partner); the partners' coordinators and facilitators edit its plan
and compile drafts, the member only reads; the outsider's organisation is no partner, so the
project and its handbook do not exist for them.
"""

from tests.access import HIDDEN_PROJECT, PROJECT_READERS, P, Rule

# Coordinators and facilitators of the project's partners.
HANDBOOK_EDITORS = {"admin", "coordinator", "facilitator"}


def CH(w):  # noqa: N802 - short for the World's chapter ("About the project") in URLs
    return w.chapter.id


def T(w):  # noqa: N802 - short for the World's free text section in URLs
    return w.text_section.id


def _reader(method, url, **kwargs):
    return Rule(method, url, PROJECT_READERS, hidden=HIDDEN_PROJECT, **kwargs)


def _editor(method, url, **kwargs):
    return Rule(method, url, HANDBOOK_EDITORS, hidden=HIDDEN_PROJECT, **kwargs)


def handbook_data(w):
    return {
        "title-en": "Handbook for cross-border planning",
        "foreword-en": "Written by the partners.",
        "version": w.handbook.version,
    }


def chapter_title_data(w):
    return {f"chapter{CH(w)}-title-en": "About Smart Planning", f"chapter{CH(w)}-version": 1}


def text_data(w):
    return {
        f"section{T(w)}-title-en": "How to read it",
        f"section{T(w)}-text-en": "Start with the *summary*.",
        f"section{T(w)}-version": w.text_section.version,
    }


def compiled_draft(w) -> int:
    """The number of a compiled draft of the World's handbook (made on first use): the
    English edition of the content as it is, so compiling it again hands out this draft
    and starts no compile in the background."""
    from sqlalchemy import select

    from collab.extensions import db
    from collab.handbook.drafts import Edition, collect_edition, content_hash, snapshot_of
    from collab.handbook.models import HandbookDraft
    from collab.handbook.plan import sync_sections
    from collab.outputs.storage import store

    found = db.session.scalar(
        select(HandbookDraft.number).where(HandbookDraft.handbook_id == w.handbook.id)
    )
    if found is not None:
        return found
    sync_sections(w.handbook)
    edition = Edition.of("en")
    documents = collect_edition(w.handbook, edition)
    draft = HandbookDraft(
        handbook_id=w.handbook.id,
        number=1,
        language="en",
        formats=list(edition.formats),
        content_hash=content_hash(documents, edition),
        snapshot=snapshot_of(documents),
        status="done",
        chapters_done=len(documents[0].chapters),
        chapters_total=len(documents[0].chapters),
        created_by_id=w.users["coordinator"].id,
        pdf_file=store(b"%PDF-1.7\n% a draft of the handbook\n", "application/pdf"),
        docx_file=store(
            b"a draft of the handbook",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    )
    db.session.add(draft)
    db.session.commit()
    return draft.number


def D(w):  # noqa: N802 - short for the World's compiled draft in URLs
    return compiled_draft(w)


ACCESS: dict[str, list[Rule]] = {
    # --- The plan (tests/test_handbook_plan.py) ---
    "handbook.plan": [_reader("GET", lambda w: f"/projects/{P(w)}/handbook")],
    "handbook.edit": [
        _editor("GET", lambda w: f"/projects/{P(w)}/handbook/edit"),
        _editor("POST", lambda w: f"/projects/{P(w)}/handbook/edit", data=handbook_data),
    ],
    "handbook.move_chapter": [
        _editor(
            "POST",
            lambda w: f"/projects/{P(w)}/handbook/chapters/{CH(w)}/move",
            data=lambda w: {"to": "up"},
        )
    ],
    "handbook.include_chapter": [
        _editor(
            "POST",
            lambda w: f"/projects/{P(w)}/handbook/chapters/{CH(w)}/include",
            data=lambda w: {"included": "0"},
        )
    ],
    "handbook.rename_chapter": [
        _editor("GET", lambda w: f"/projects/{P(w)}/handbook/chapters/{CH(w)}/title"),
        _editor(
            "POST",
            lambda w: f"/projects/{P(w)}/handbook/chapters/{CH(w)}/title",
            data=chapter_title_data,
        ),
    ],
    "handbook.chapter": [_reader("GET", lambda w: f"/projects/{P(w)}/handbook/chapters/{CH(w)}")],
    "handbook.add_text": [
        _editor(
            "POST",
            lambda w: f"/projects/{P(w)}/handbook/chapters/{CH(w)}/texts",
            data=lambda w: {"new-text-en": "A word on the maps.", "new-place": "end"},
        )
    ],
    "handbook.move_section": [
        _editor(
            "POST",
            lambda w: f"/projects/{P(w)}/handbook/sections/{T(w)}/move",
            data=lambda w: {"to": "down"},
        )
    ],
    "handbook.include_section": [
        _editor(
            "POST",
            lambda w: f"/projects/{P(w)}/handbook/sections/{T(w)}/include",
            data=lambda w: {"included": "0"},
        )
    ],
    "handbook.edit_text": [
        _editor("GET", lambda w: f"/projects/{P(w)}/handbook/sections/{T(w)}/edit"),
        _editor(
            "POST", lambda w: f"/projects/{P(w)}/handbook/sections/{T(w)}/edit", data=text_data
        ),
    ],
    "handbook.delete_text": [
        _editor("POST", lambda w: f"/projects/{P(w)}/handbook/sections/{T(w)}/delete")
    ],
    # --- Preview and translation report (tests/test_handbook_content.py) ---
    "handbook.preview": [
        _reader("GET", lambda w: f"/projects/{P(w)}/handbook/preview"),
        _reader("GET", lambda w: f"/projects/{P(w)}/handbook/preview?language=lv&second=lt"),
    ],
    "handbook.translation_report": [
        _reader("GET", lambda w: f"/projects/{P(w)}/handbook/translations?language=lt")
    ],
    # --- Drafts (tests/test_handbook_drafts.py) ---
    # The World's draft is the English edition of the content as it is: compiling it again
    # returns that draft (no compile runs in the background of the matrix).
    "handbook.compile": [
        _editor(
            "POST",
            lambda w: f"/projects/{P(w)}/handbook/drafts?d={D(w)}",
            data=lambda w: {"language": "en", "second_language": "", "formats": ["pdf", "docx"]},
        )
    ],
    "handbook.draft": [_reader("GET", lambda w: f"/projects/{P(w)}/handbook/drafts/{D(w)}")],
    "handbook.download": [
        _reader("GET", lambda w: f"/projects/{P(w)}/handbook/drafts/{D(w)}/pdf"),
        _reader("GET", lambda w: f"/projects/{P(w)}/handbook/drafts/{D(w)}/docx"),
    ],
    "handbook.changes": [
        _reader("GET", lambda w: f"/projects/{P(w)}/handbook/drafts/{D(w)}/changes")
    ],
}
