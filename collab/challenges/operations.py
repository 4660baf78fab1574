"""Recording challenges and solutions: one place for the board, the forms and the demo.

Every way in goes through these functions, so a capture the browser sends twice (after a
dropped connection) is saved once, and every status change leaves its trace.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from collab.challenges.models import STATUSES, Challenge, Solution, StatusChange
from collab.config import LANGUAGES
from collab.extensions import db
from collab.i18n import Translations


class StatusError(ValueError):
    """A status change that is not allowed; str() is a message for the person."""


def _by_client_key(model, client_key: str | None):
    if not client_key:
        return None
    return db.session.scalar(select(model).where(model.client_key == client_key))


def index_search_text(challenge: Challenge) -> None:
    parts = []
    for value in (challenge.title, challenge.description):
        if value:
            parts.extend(value.get(lang) or "" for lang in LANGUAGES)
    challenge.search_text = " ".join(p for p in parts if p).casefold()


def create_challenge(
    project_id: int,
    title: Translations,
    user=None,
    *,
    event=None,
    client_key: str | None = None,
    **fields,
) -> tuple[Challenge, bool]:
    """A new challenge (identified at `event`), or the one already saved with `client_key`.

    Returns (challenge, created).
    """
    existing = _by_client_key(Challenge, client_key)
    if existing is not None:
        return existing, False
    challenge = Challenge(
        project_id=project_id,
        title=title,
        identified_at_id=event.id if event is not None else None,
        client_key=client_key,
        created_by_id=getattr(user, "id", None),
        **fields,
    )
    index_search_text(challenge)
    challenge.history.append(
        StatusChange(
            from_status=None,
            to_status=challenge.status or "identified",
            user_id=getattr(user, "id", None),
        )
    )
    db.session.add(challenge)
    db.session.flush()
    return challenge, True


def change_status(challenge: Challenge, to_status: str, user=None, reason: str | None = None):
    """Move a challenge in its lifecycle; setting it aside needs a reason. Raises StatusError."""
    if to_status not in STATUSES:
        raise StatusError(str(_l("Unknown status.")))
    if to_status == challenge.status:
        return None
    reason = (reason or "").strip() or None
    if to_status == "set_aside" and not reason:
        raise StatusError(str(_l("Say why the challenge is set aside.")))
    change = StatusChange(
        from_status=challenge.status,
        to_status=to_status,
        reason=reason,
        user_id=getattr(user, "id", None),
    )
    challenge.history.append(change)
    challenge.status = to_status
    challenge.set_aside_reason = reason if to_status == "set_aside" else None
    challenge.version += 1
    db.session.flush()
    return change


def add_solution(
    challenge: Challenge,
    text: Translations,
    user=None,
    *,
    client_key: str | None = None,
    organisations=(),
    **fields,
) -> tuple[Solution, bool]:
    """A new solution to `challenge`, or the one already saved with `client_key`.

    A challenge still waiting for a solution moves on to "solution proposed".
    Returns (solution, created).
    """
    existing = _by_client_key(Solution, client_key)
    if existing is not None:
        return existing, False
    solution = Solution(
        text=text, client_key=client_key, created_by_id=getattr(user, "id", None), **fields
    )
    solution.proposed_by.extend(organisations)
    challenge.solutions.append(solution)
    db.session.flush()
    if challenge.status in ("identified", "analysed"):
        change_status(challenge, "solution_proposed", user)
    return solution, True


def recount_priority(challenge_ids) -> None:
    """Set each challenge's priority to the dots it got in closed votes.

    Counted from the dots, never added to: closing, reopening and closing a vote again
    always leaves the priority its closed votes give.
    """
    from sqlalchemy import func

    from collab.challenges.models import Dot, Vote

    ids = list(set(challenge_ids))
    if not ids:
        return
    counted = db.session.execute(
        select(Dot.challenge_id, func.count(Dot.id))
        .join(Vote, Dot.vote_id == Vote.id)
        .where(Vote.is_open.is_(False), Dot.challenge_id.in_(ids))
        .group_by(Dot.challenge_id)
    )
    totals = dict(counted.all())
    for challenge in db.session.scalars(select(Challenge).where(Challenge.id.in_(ids))):
        # Not a person's edit: the version stays, so nobody's open form becomes stale.
        challenge.priority = totals.get(challenge.id, 0)
    db.session.flush()


def mark_for_handbook(item, marked: bool, chapter: str | None = None) -> None:
    """Mark a challenge, solution or output for the handbook (in `chapter`), or unmark it.

    An edit like any other: a form opened before it is stale, so it cannot silently undo it.
    """
    chapter = chapter if marked else item.handbook_chapter
    if bool(item.for_handbook) == bool(marked) and item.handbook_chapter == chapter:
        return
    item.for_handbook = bool(marked)
    item.handbook_chapter = chapter
    if hasattr(item, "version"):
        item.version += 1
    db.session.flush()
