"""What a workshop board shows: everything captured at one event, newest first."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from collab.auth.models import User
from collab.challenges.models import Challenge, Solution, challenge_event
from collab.clean_input import MAX_ID
from collab.events.models import Event, Theme
from collab.extensions import db
from collab.outputs.models import Output

KIND_ORDER = ("challenge", "solution", "note")


@dataclass
class BoardItem:
    """A challenge, solution or note on the board, with the person who captured it."""

    kind: str
    obj: Challenge | Solution | Output
    author: User | None = None

    @property
    def id(self) -> int:
        return self.obj.id

    @property
    def created_at(self) -> datetime:
        return self.obj.created_at

    @property
    def label(self) -> str:
        """A short plain text naming the item, for a button's accessible name."""
        value = self.obj.text if self.kind == "solution" else self.obj.title
        text = " ".join(str(value or "").split())
        return text if len(text) <= 60 else text[:59].rstrip() + "…"

    @property
    def dom_id(self) -> str:
        return f"board-{self.kind}-{self.obj.id}"

    def __repr__(self) -> str:
        return f"<BoardItem {self.kind} {self.obj.id}>"


def parse_cursor(text: str | None) -> dict[str, int]:
    """The last id the browser has of each kind, from "challenge:12,solution:4,note:7"."""
    cursor = {}
    for part in (text or "").split(","):
        kind, _sep, value = part.partition(":")
        value = value.strip()
        # Only ASCII digits ("²" is a digit to isdigit), and no larger than an id can be.
        if kind in KIND_ORDER and value.isascii() and value.isdigit():
            cursor[kind] = min(int(value), MAX_ID)
    return cursor


def board_items(event: Event, after: dict[str, int] | None = None) -> list[BoardItem]:
    """The event's challenges, solutions and notes (only those newer than `after`), newest
    first; four queries however many there are."""
    after = after or {}
    challenges = db.session.scalars(
        select(Challenge)
        .options(joinedload(Challenge.theme))
        .where(Challenge.identified_at_id == event.id, Challenge.id > after.get("challenge", 0))
    ).all()
    solutions = db.session.scalars(
        select(Solution)
        .options(joinedload(Solution.challenge))
        .where(Solution.event_id == event.id, Solution.id > after.get("solution", 0))
    ).all()
    notes = db.session.scalars(
        select(Output).where(
            Output.event_id == event.id, Output.kind == "note", Output.id > after.get("note", 0)
        )
    ).all()
    found = (
        [BoardItem("challenge", c) for c in challenges]
        + [BoardItem("solution", s) for s in solutions]
        + [BoardItem("note", n) for n in notes]
    )
    author_ids = {item.obj.created_by_id for item in found} - {None}
    authors = {}
    if author_ids:
        authors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(author_ids)))}
    for item in found:
        item.author = authors.get(item.obj.created_by_id)
    return sorted(
        found,
        key=lambda item: (item.created_at, KIND_ORDER.index(item.kind), item.id),
        reverse=True,
    )


def _on_board(event: Event):
    """Challenges of this event: identified at it, or analysed at it."""
    analysed = select(challenge_event.c.challenge_id).where(challenge_event.c.event_id == event.id)
    return (Challenge.project_id == event.project_id) & or_(
        Challenge.identified_at_id == event.id, Challenge.id.in_(analysed)
    )


def event_challenges(event: Event) -> list[Challenge]:
    """The challenges a solution captured at `event` may answer, the latest first."""
    return db.session.scalars(
        select(Challenge).where(_on_board(event)).order_by(Challenge.id.desc())
    ).all()


def event_challenge(event: Event, value: str | None) -> Challenge | None:
    """The challenge a capture names: by id, or "key:<client key>" for one that was still in
    the browser's queue when the solution was typed. None unless it is one of the event's."""
    value = (value or "").strip()
    if value.startswith("key:"):
        condition = Challenge.client_key == value[4:]
    elif value.isascii() and value.isdigit() and int(value) <= MAX_ID:
        condition = Challenge.id == int(value)
    else:
        return None
    return db.session.scalar(select(Challenge).where(condition, _on_board(event)))


def project_themes(event: Event) -> list[Theme]:
    return db.session.scalars(
        select(Theme).where(Theme.project_id == event.project_id).order_by(Theme.position, Theme.id)
    ).all()


def board_item(event: Event, kind: str, item_id: int) -> BoardItem | None:
    """One item of this event's board, or None."""
    if kind == "challenge":
        obj = db.session.get(Challenge, item_id)
        ok = obj is not None and obj.identified_at_id == event.id
    elif kind == "solution":
        obj = db.session.get(Solution, item_id)
        ok = obj is not None and obj.event_id == event.id
    elif kind == "note":
        obj = db.session.get(Output, item_id)
        ok = obj is not None and obj.event_id == event.id and obj.kind == "note"
    else:
        return None
    if not ok:
        return None
    author = db.session.get(User, obj.created_by_id) if obj.created_by_id else None
    return BoardItem(kind, obj, author)
