"""Dot-votes: opening one, placing and taking back dots within the limit, closing it.

Every write flushes; the request commits once (collab.database).
"""

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.sql.elements import ColumnElement

from collab.challenges.models import Challenge, Dot, Vote, VoteOption, challenge_event
from collab.challenges.operations import recount_priority
from collab.database import utcnow
from collab.extensions import db


class DotRefused(ValueError):
    """A dot that cannot be placed or taken back; str() is a message for the person."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Voter:
    """Who a dot is from: a person (`user`), or a table the facilitator votes for."""

    user: object
    table: str | None = None

    def owns(self) -> ColumnElement[bool]:
        """The condition on Dot of this voter's dots."""
        if self.table:
            return (Dot.table_label == self.table) & Dot.voter_id.is_(None)
        return (Dot.voter_id == self.user.id) & Dot.table_label.is_(None)


# --- Reading --------------------------------------------------------------------------------


def ballot_candidates(event) -> tuple[list[Challenge], list[Challenge]]:
    """The challenges a vote at `event` may be on: those identified or analysed at this
    event, then the project's others that are not set aside; each group by title."""
    analysed_here = select(challenge_event.c.challenge_id).where(
        challenge_event.c.event_id == event.id
    )
    challenges = db.session.scalars(
        select(Challenge).where(Challenge.project_id == event.project_id)
    ).all()
    here_ids = set(db.session.scalars(analysed_here))

    def by_title(challenge):
        return (str(challenge.title).casefold(), challenge.id)

    here = [c for c in challenges if c.identified_at_id == event.id or c.id in here_ids]
    others = [c for c in challenges if c not in here and c.status != "set_aside"]
    return sorted(here, key=by_title), sorted(others, key=by_title)


def totals(vote_ids) -> dict[int, Counter]:
    """{vote id: Counter of dots by challenge id}, in one query."""
    found = {vote_id: Counter() for vote_id in vote_ids}
    if not found:
        return found
    rows = db.session.execute(
        select(Dot.vote_id, Dot.challenge_id, func.count(Dot.id))
        .where(Dot.vote_id.in_(found.keys()))
        .group_by(Dot.vote_id, Dot.challenge_id)
    )
    for vote_id, challenge_id, count in rows:
        found[vote_id][challenge_id] = count
    return found


def dots_of(vote: Vote, voter: Voter) -> Counter:
    """The voter's dots in `vote`, by challenge id."""
    rows = db.session.execute(
        select(Dot.challenge_id, func.count(Dot.id))
        .where(Dot.vote_id == vote.id, voter.owns())
        .group_by(Dot.challenge_id)
    )
    return Counter(dict(rows.all()))


def tables_of(vote: Vote) -> dict[str, int]:
    """The tables that placed dots in `vote`, with how many, by name."""
    rows = db.session.execute(
        select(Dot.table_label, func.count(Dot.id))
        .where(Dot.vote_id == vote.id, Dot.table_label.is_not(None), Dot.voter_id.is_(None))
        .group_by(Dot.table_label)
    ).all()
    return dict(sorted(rows, key=lambda row: (row[0].casefold(), row[0])))


def known_table(vote: Vote, typed: str | None) -> str | None:
    """The table's name as first written in this vote, so "table 3" finds "Table 3"."""
    if not typed:
        return None
    for label in tables_of(vote):
        if label.casefold() == typed.casefold():
            return label
    return typed


@dataclass
class Line:
    """A challenge on the ballot with its dots, and its rank once the vote is closed."""

    challenge: Challenge
    dots: int
    rank: int


def tally(vote: Vote, counted: Counter) -> list[Line]:
    """The ballot's lines: in ballot order while the vote is open (bars do not jump about
    while people vote), by dots once it is closed. Equal dots share a rank."""
    lines = [Line(option.challenge, counted[option.challenge_id], 0) for option in vote.options]
    for line in lines:
        line.rank = 1 + sum(1 for other in lines if other.dots > line.dots)
    if not vote.is_open:
        lines.sort(key=lambda line: (line.rank, str(line.challenge.title).casefold()))
    return lines


# --- Writing --------------------------------------------------------------------------------


def open_vote(event, user, challenge_ids, dots_per_voter: int, question: str | None) -> Vote:
    vote = Vote(
        event_id=event.id,
        question=question,
        dots_per_voter=dots_per_voter,
        opened_by_id=getattr(user, "id", None),
        is_open=True,
    )
    for challenge_id in dict.fromkeys(challenge_ids):
        vote.options.append(VoteOption(challenge_id=challenge_id))
    db.session.add(vote)
    db.session.flush()
    return vote


def _used(vote: Vote, voter: Voter) -> int:
    return db.session.scalar(select(func.count(Dot.id)).where(Dot.vote_id == vote.id, voter.owns()))


def _no_dots_left(voter: Voter) -> str:
    if voter.table:
        return _(
            "%(table)s has no dots left: take one back to place it elsewhere.", table=voter.table
        )
    return _("You have no dots left: take one back to place it elsewhere.")


def _check(vote: Vote, challenge_id: int) -> None:
    if not vote.is_open:
        raise DotRefused(_("This vote is closed."), 409)
    if challenge_id not in {option.challenge_id for option in vote.options}:
        raise DotRefused(_("This challenge is not on the ballot of this vote."))


def _lock(vote: Vote) -> None:
    # PostgreSQL: dots of one vote are placed one after the other, so two quick clicks
    # cannot both count the same free dot. SQLite has no FOR UPDATE (SQLAlchemy leaves it
    # out); there writers take turns anyway, and the count after the insert (place_dot)
    # sees the other click.
    # Read again under the lock: it may have been closed since the page was loaded.
    db.session.scalars(
        select(Vote)
        .where(Vote.id == vote.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def place_dot(vote: Vote, challenge_id: int, voter: Voter) -> Dot:
    """A dot on `challenge_id` from `voter`; DotRefused past the limit or on a closed vote."""
    _lock(vote)
    _check(vote, challenge_id)
    if _used(vote, voter) >= vote.dots_per_voter:
        raise DotRefused(_no_dots_left(voter))
    dot = Dot(
        vote_id=vote.id,
        challenge_id=challenge_id,
        voter_id=None if voter.table else voter.user.id,
        table_label=voter.table,
        placed_by_id=voter.user.id,
    )
    db.session.add(dot)
    db.session.flush()
    # Counted again with our dot written: a click that got in between is seen now.
    if _used(vote, voter) > vote.dots_per_voter:
        db.session.delete(dot)
        db.session.flush()
        raise DotRefused(_no_dots_left(voter))
    return dot


def take_back_dot(vote: Vote, challenge_id: int, voter: Voter) -> None:
    """Remove one of `voter`'s dots on `challenge_id`; DotRefused when they have none there."""
    _lock(vote)
    _check(vote, challenge_id)
    dot = db.session.scalars(
        select(Dot)
        .where(Dot.vote_id == vote.id, Dot.challenge_id == challenge_id, voter.owns())
        .order_by(Dot.id.desc())
        .limit(1)
    ).first()
    if dot is None:
        if voter.table:
            message = _("%(table)s has no dot on this challenge to take back.", table=voter.table)
        else:
            message = _("You have no dot on this challenge to take back.")
        raise DotRefused(message)
    db.session.delete(dot)
    db.session.flush()


def close_vote(vote: Vote) -> bool:
    """Close the vote: its result stays with the event and counts in the challenges'
    priority. False when it was closed already."""
    if not vote.is_open:
        return False
    vote.is_open = False
    vote.closed_at = utcnow()
    db.session.flush()
    recount_priority(option.challenge_id for option in vote.options)
    return True


def reopen_vote(vote: Vote) -> bool:
    """Open a closed vote again; its dots leave the priorities until it is closed again."""
    if vote.is_open:
        return False
    vote.is_open = True
    vote.closed_at = None
    db.session.flush()
    recount_priority(option.challenge_id for option in vote.options)
    return True
