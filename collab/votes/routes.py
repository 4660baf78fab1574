"""Dot-votes at an event: the facilitator opens one, participants (or the facilitator for
a table) place their dots, everyone sees the totals grow, and the closed result stays."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from collab.challenges.models import Vote, VoteOption
from collab.extensions import db
from collab.forms import EmptyForm, options, status_of
from collab.htmx import is_htmx, render
from collab.policy import can, get_event, require
from collab.votes import bp
from collab.votes import operations as voting
from collab.votes.forms import DotForm, VoteForm, table_label
from collab.votes.operations import DotRefused, Voter

PAGE = "votes/show.html"


def _get_vote(vote_id: int, action: str = "event.view") -> Vote:
    """The vote with its ballot, or 404 when its project is hidden from the person."""
    vote = db.session.scalar(
        select(Vote)
        .where(Vote.id == vote_id)
        .options(selectinload(Vote.options).joinedload(VoteOption.challenge))
    )
    if vote is None:
        abort(404)
    get_event(current_user, vote.event_id, action)
    return vote


# --- The votes of an event ------------------------------------------------------------------


def _vote_form(event, formdata=None) -> tuple[VoteForm, dict]:
    """The form to open a vote, its ballot choices in two groups (this event, the others)."""
    here, others = voting.ballot_candidates(event)
    if formdata is None:
        # What this event worked on is on the ballot unless the facilitator unticks it.
        chosen = [c.id for c in here if c.status != "set_aside"]
        form = VoteForm(formdata=None, data={"challenges": chosen})
    else:
        form = VoteForm(formdata=formdata)
    form.challenges.choices = options((c.id, str(c.title)) for c in here + others)
    groups = {"here": {c.id for c in here}, "others": {c.id for c in others}}
    return form, groups


def _index(event, form=None, groups=None, status: int = 200):
    votes = db.session.scalars(
        select(Vote)
        .where(Vote.event_id == event.id)
        .options(selectinload(Vote.options).joinedload(VoteOption.challenge))
        .order_by(Vote.created_at.desc(), Vote.id.desc())
    ).all()
    counted = voting.totals([vote.id for vote in votes])
    closed = sorted(
        (vote for vote in votes if not vote.is_open),
        key=lambda vote: (vote.closed_at, vote.id),
        reverse=True,
    )
    manage = can(current_user, "vote.manage", event)
    if manage and form is None:
        form, groups = _vote_form(event)
    return render(
        "votes/index.html",
        status=status,
        event=event,
        project=event.project,
        open_votes=[vote for vote in votes if vote.is_open],
        closed_votes=closed,
        lines={vote.id: voting.tally(vote, counted[vote.id]) for vote in votes},
        most={vote.id: max(counted[vote.id].values(), default=0) for vote in votes},
        placed={vote.id: sum(counted[vote.id].values()) for vote in votes},
        manage=manage,
        form=form,
        groups=groups,
    )


@bp.route("/events/<int:event_id>/votes")
def index(event_id: int):
    return _index(get_event(current_user, event_id))


@bp.route("/events/<int:event_id>/votes", methods=["POST"])
def create(event_id: int):
    event = get_event(current_user, event_id, "vote.manage")
    form, groups = _vote_form(event, request.form)
    if not form.validate_on_submit():
        return _index(event, form, groups, status_of(form))
    vote = voting.open_vote(
        event,
        current_user,
        form.challenges.data,
        form.dots_per_voter.data,
        form.question.data,
    )
    flash(_("The vote is open: participants can place their dots now."), "success")
    return redirect(url_for("votes.show", vote_id=vote.id), 303)


# --- One vote: the ballot -------------------------------------------------------------------


def _totals_context(vote: Vote) -> dict:
    lines = voting.tally(vote, voting.totals([vote.id])[vote.id])
    return {
        "vote": vote,
        "lines": lines,
        "placed": sum(line.dots for line in lines),
        "most": max((line.dots for line in lines), default=0),
    }


def _ballot(vote: Vote, block: str | None = None, status: int = 200, **context):
    """The vote page, or its ballot block, as the person looking at it may use it."""
    event = vote.event
    manage = can(current_user, "vote.manage", event)
    may_cast = vote.is_open and can(current_user, "vote.cast", vote)
    # Only the vote's managers place a table's dots, and only while it is open.
    table = context.pop("table", None)
    table = table if manage and vote.is_open else None
    me = Voter(current_user)
    values = {
        "event": event,
        "project": event.project,
        "manage": manage,
        "may_cast": may_cast,
        "mine": voting.dots_of(vote, me) if may_cast else None,
        "table": table,
        "table_dots": voting.dots_of(vote, Voter(current_user, table)) if table else None,
        "tables": voting.tables_of(vote) if manage else {},
        **_totals_context(vote),
    }
    values.update(context)
    return render(PAGE, block, status=status, **values)


def _requested_table(vote: Vote) -> str | None:
    typed = table_label(request.args.get("table", ""))
    return voting.known_table(vote, typed[:60]) if typed else None


@bp.route("/votes/<int:vote_id>")
def show(vote_id: int):
    vote = _get_vote(vote_id)
    # Choosing a table (a GET form, so the address can be bookmarked) swaps the ballot.
    return _ballot(vote, "ballot", table=_requested_table(vote))


@bp.route("/votes/<int:vote_id>/totals")
def totals(vote_id: int):
    """The totals as they are now: polled every few seconds while the vote is open."""
    vote = _get_vote(vote_id)
    if not is_htmx():
        # Opened directly (a bookmark, a browser without JavaScript): the whole vote page.
        return _ballot(vote)
    return render(PAGE, "totals", **_totals_context(vote))


@bp.route("/votes/<int:vote_id>/dots", methods=["POST"])
def place_dot(vote_id: int):
    """+ dot / − dot: for the person (a participant of the event), or for a table
    (the facilitator)."""
    vote = _get_vote(vote_id)
    form = DotForm()
    typed_table = table_label(request.form.get("table", ""))
    if typed_table:
        require(current_user, "vote.manage", vote.event)
    elif vote.is_open:
        require(current_user, "vote.cast", vote)
    table = voting.known_table(vote, typed_table[:60]) if typed_table else None
    voter = Voter(current_user, table)
    try:
        if not form.validate_on_submit():
            raise DotRefused(_("Choose a challenge on the ballot and + dot or − dot."))
        if form.action.data == "add":
            voting.place_dot(vote, form.challenge_id.data, voter)
        else:
            voting.take_back_dot(vote, form.challenge_id.data, voter)
    except DotRefused as refused:
        section = "table" if table else "mine"
        return _ballot(
            vote, "ballot", refused.status, table=table, message=str(refused), message_in=section
        )
    if is_htmx():
        return _ballot(vote, "ballot", table=table)
    return redirect(url_for("votes.show", vote_id=vote.id, table=table, _anchor="ballot"), 303)


def _switch(vote_id: int, change, done: str, already: str):
    vote = _get_vote(vote_id, "vote.manage")
    if not EmptyForm().validate_on_submit():
        abort(400)
    flash(done if change(vote) else already, "success")
    return redirect(url_for("votes.show", vote_id=vote.id), 303)


@bp.route("/votes/<int:vote_id>/close", methods=["POST"])
def close(vote_id: int):
    return _switch(
        vote_id,
        voting.close_vote,
        _("The vote is closed: its result is kept with the event."),
        _("The vote was closed already."),
    )


@bp.route("/votes/<int:vote_id>/reopen", methods=["POST"])
def reopen(vote_id: int):
    return _switch(
        vote_id,
        voting.reopen_vote,
        _("The vote is open again: its dots count in the priorities once it is closed."),
        _("The vote is open already."),
    )
