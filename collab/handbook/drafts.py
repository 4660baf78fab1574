"""Numbered drafts of the handbook: what a compile is asked for, and what changed between two.

A draft is one edition (a language, or two for a bilingual edition) in some formats, made
from the content as it was when it was asked for. Its `content_hash` covers everything the
edition says and how it is laid out: asking again with nothing changed returns the same
draft at once, and a draft's `snapshot` (every record's title and hash) lets two drafts be
compared item by item. The files are made in the background (collab.handbook.jobs).
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from collab.config import LANGUAGES
from collab.database import utcnow
from collab.extensions import db
from collab.handbook.document import Document, Figure, Image, Paragraph, Record, Table
from collab.handbook.models import BILINGUAL_LAYOUTS, DRAFT_FORMATS, Handbook, HandbookDraft
from collab.handbook.plan import sync_sections

# Raise it when the files of the same content come out differently (a new layout): drafts
# made before are then not handed out again for a new request.
LAYOUT_VERSION = 1
# A compile that has said nothing for this long died with its process: it may start again.
STALE_AFTER = timedelta(minutes=30)


@dataclass(frozen=True)
class Edition:
    """What a draft is asked for: its language(s), layout and formats, tidied up."""

    language: str
    second_language: str | None = None
    layout: str | None = None
    formats: tuple[str, ...] = DRAFT_FORMATS

    @classmethod
    def of(cls, language, second_language=None, layout=None, formats=DRAFT_FORMATS):
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        if second_language in ("", None) or second_language == language:
            second_language, layout = None, None
        elif second_language not in LANGUAGES:
            raise ValueError(f"unknown language {second_language!r}")
        else:
            layout = layout if layout in BILINGUAL_LAYOUTS else "side"
        chosen = tuple(f for f in DRAFT_FORMATS if f in set(formats or ()))
        if not chosen:
            raise ValueError("a draft needs at least one format")
        return cls(language, second_language, layout, chosen)

    @property
    def languages(self) -> list[str]:
        return [self.language, self.second_language] if self.second_language else [self.language]


def collect_edition(handbook: Handbook, edition: Edition, on_chapter=None) -> list[Document]:
    """One Document per language of the edition. `on_chapter(done, total)` counts the
    chapters of all of them together."""
    from collab.handbook.collect import collect

    documents = []
    count = len(edition.languages)
    for index, language in enumerate(edition.languages):
        progress = None
        if on_chapter is not None:

            def progress(done, total, index=index):
                on_chapter(index * total + done, count * total)

        documents.append(collect(handbook, language, progress))
    return documents


def planned_chapters(handbook: Handbook, edition: Edition) -> int:
    """How many chapters a compile of the edition collects: its progress counts them."""
    return sum(1 for chapter in handbook.chapters if chapter.included) * len(edition.languages)


def content_hash(documents: list[Document], edition: Edition) -> str:
    """SHA-256 of what the documents say and how the edition lays them out."""
    data = {
        "documents": [document.fingerprint() for document in documents],
        "language": edition.language,
        "second_language": edition.second_language,
        "layout": edition.layout,
        "formats": list(edition.formats),
        "layout_version": LAYOUT_VERSION,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _digest(value) -> str:
    return hashlib.sha256(
        json.dumps(value, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()


def _own_content(block) -> dict:
    """A block's content without the records inside it: a changed solution is listed as
    the solution, not as its challenge too."""
    data = asdict(block)
    if isinstance(block, Record):
        data["blocks"] = [
            {"record": inner.key} if isinstance(inner, Record) else asdict(inner)
            for inner in block.blocks
        ]
    return data


def _title_of(block, chapter_title: str) -> str:
    if isinstance(block, Record):
        return block.title.value
    if isinstance(block, Paragraph):
        return block.heading or chapter_title
    if isinstance(block, Table):
        return block.caption
    if isinstance(block, Figure):
        return block.title
    if isinstance(block, Image):
        return block.caption.value if block.caption else block.alt
    return chapter_title


def _items(document: Document):
    """(block, chapter) of every item a reader can point at: the records at any depth, and
    the chapters' own paragraphs, tables, figures and pictures."""

    def walk(blocks, chapter, top):
        for block in blocks:
            if isinstance(block, Record):
                yield block, chapter
                yield from walk(block.blocks, chapter, False)
            elif top:
                yield block, chapter

    for chapter in document.chapters:
        yield from walk(chapter.blocks, chapter, True)


def snapshot_of(documents: list[Document]) -> dict:
    """{key: {"title", "chapter", "url", "hash", "order"}} of every item of the edition."""
    snapshot: dict[str, dict] = {}
    parts: dict[str, list] = {}
    for number, document in enumerate(documents):
        for block, chapter in _items(document):
            parts.setdefault(block.key, []).append(_own_content(block))
            if number or block.key in snapshot:
                continue
            source = getattr(block, "source", None)
            snapshot[block.key] = {
                "title": _title_of(block, chapter.title),
                "chapter": chapter.title,
                "url": source.url if source is not None else None,
                "order": len(snapshot),
            }
    for key, item in snapshot.items():
        item["hash"] = _digest(parts[key])
    return snapshot


# --- Asking for a draft -------------------------------------------------------------------


def _by_hash(handbook_id: int, digest: str) -> HandbookDraft | None:
    return db.session.scalar(
        select(HandbookDraft).where(
            HandbookDraft.handbook_id == handbook_id, HandbookDraft.content_hash == digest
        )
    )


def _requeue(draft: HandbookDraft) -> bool:
    """Put a failed draft, or one whose compile died with its process, back in the queue.
    A conditional UPDATE: of two requests at once, one does it."""
    now = utcnow()
    stale = (HandbookDraft.status == "running") & (HandbookDraft.started_at < now - STALE_AFTER)
    result = db.session.execute(
        update(HandbookDraft)
        .where(HandbookDraft.id == draft.id)
        .where((HandbookDraft.status == "failed") | stale)
        .values(status="queued", error=None, chapters_done=0, started_at=None, finished_at=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    db.session.refresh(draft)
    return bool(result.rowcount)


def request_draft(
    handbook: Handbook,
    user,
    language: str,
    second_language: str | None = None,
    layout: str | None = None,
    formats=DRAFT_FORMATS,
    *,
    base_url: str | None = None,
) -> tuple[HandbookDraft, bool]:
    """The draft of this edition of the content as it is now, and whether it is new.

    The same content asked for again returns its draft at once (a failed one is compiled
    again); new content makes draft number max + 1 and queues its compile. Commits.
    """
    from collab.handbook.jobs import enqueue

    edition = Edition.of(language, second_language, layout, formats)
    if sync_sections(handbook):
        db.session.commit()
    documents = collect_edition(handbook, edition)
    digest = content_hash(documents, edition)
    handbook_id = handbook.id

    existing = _by_hash(handbook_id, digest)
    if existing is not None:
        if existing.status in ("failed", "running"):
            _requeue(existing)
        if existing.status == "queued":
            # Its job may be gone (a restarted process): queuing it again is harmless, the
            # compile claims the draft once.
            enqueue(existing, base_url=base_url)
        return existing, False

    snapshot = snapshot_of(documents)
    chapters = planned_chapters(handbook, edition)
    for _attempt in range(5):
        number = (
            db.session.scalar(
                select(func.max(HandbookDraft.number)).where(
                    HandbookDraft.handbook_id == handbook_id
                )
            )
            or 0
        ) + 1
        draft = HandbookDraft(
            handbook_id=handbook_id,
            number=number,
            language=edition.language,
            second_language=edition.second_language,
            layout=edition.layout,
            formats=list(edition.formats),
            content_hash=digest,
            snapshot=snapshot,
            status="queued",
            chapters_done=0,
            chapters_total=chapters,
            created_by_id=user.id if user is not None else None,
        )
        db.session.add(draft)
        try:
            db.session.commit()
        except IntegrityError:
            # Someone asked at the same instant: for the same content (their draft is
            # ours), or for other content that took this number (try the next one).
            db.session.rollback()
            existing = _by_hash(handbook_id, digest)
            if existing is not None:
                return existing, False
            continue
        enqueue(draft, base_url=base_url)
        return draft, True
    raise RuntimeError("could not number a new draft: too many at the same time")


# --- What changed ------------------------------------------------------------------------


@dataclass
class Change:
    key: str
    title: str
    chapter: str
    url: str | None
    order: int


def changes(draft: HandbookDraft, since: HandbookDraft) -> dict[str, list[Change]]:
    """Items added, changed and removed in `draft` since the draft `since`."""
    now, before = draft.snapshot or {}, since.snapshot or {}

    def change(key, item):
        return Change(
            key=key,
            title=item.get("title") or key,
            chapter=item.get("chapter") or "",
            url=item.get("url"),
            order=item.get("order", 0),
        )

    added = [change(key, item) for key, item in now.items() if key not in before]
    changed = [
        change(key, item)
        for key, item in now.items()
        if key in before and before[key].get("hash") != item.get("hash")
    ]
    removed = [change(key, item) for key, item in before.items() if key not in now]
    return {
        "added": sorted(added, key=lambda c: c.order),
        "changed": sorted(changed, key=lambda c: c.order),
        "removed": sorted(removed, key=lambda c: c.order),
    }
