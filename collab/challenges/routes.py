"""Views of a project's challenges: the table, the board by status, a challenge's page with
its solutions, votes and history, and the forms that record them."""

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from collab.challenges import bp
from collab.challenges.forms import (
    HandbookForm,
    MoveForm,
    NewChallengeForm,
    NewSolutionForm,
    challenge_form,
    solution_form,
)
from collab.challenges.models import (
    BOARD_COLUMNS,
    STATUSES,
    Challenge,
    Dot,
    Solution,
    Vote,
    VoteOption,
)
from collab.challenges.operations import (
    StatusError,
    change_status,
    create_challenge,
    mark_for_handbook,
)
from collab.challenges.operations import add_solution as record_solution
from collab.challenges.search import challenge_query, is_filtered, search_form, solution_counts
from collab.database import paginate
from collab.events.models import Event
from collab.extensions import db
from collab.forms import EmptyForm, status_of
from collab.htmx import is_htmx, render
from collab.i18n import Translations, current_language
from collab.locking import save
from collab.organisations.models import Organisation
from collab.policy import can, get_project, require
from collab.projects.models import Project

PAGE = "challenges/show.html"
BOARD = "challenges/board.html"


def _project(project_id: int, action: str = "challenge.view") -> Project:
    """The project, or 404 when the reader may not see it; 403 when they may not `action`."""
    project = get_project(current_user, project_id)
    require(current_user, action, project)
    return project


def _challenge(challenge_id: int, action: str | None = None) -> Challenge:
    """The challenge, or 404 when its project is hidden from the reader; 403 when they see it
    but may not do `action`."""
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or not can(current_user, "challenge.view", challenge.project):
        abort(404)
    if action:
        require(current_user, action, challenge)
    return challenge


def _written(texts: dict) -> Translations | None:
    """Text per language from a TranslatedField, the reader's language as the original."""
    return Translations.written(current_language(), texts) or None


def _rows(model, ids) -> list:
    if not ids:
        return []
    return list(db.session.scalars(select(model).where(model.id.in_(ids))))


# --- The table ----------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/challenges")
def index(project_id: int):
    project = _project(project_id)
    form, problems = search_form(project.id, request.args)
    query = challenge_query(project.id, form).options(
        joinedload(Challenge.theme), joinedload(Challenge.identified_at)
    )
    page = paginate(query)
    if page.page > 1 and not page.items and page.total:
        problems.append(_("There is no page %(page)d of this list.", page=page.page))
    return render(
        "challenges/index.html",
        "results",
        project=project,
        form=form,
        problems=problems,
        page=page,
        solutions=solution_counts([c.id for c in page.items]),
        filtered=is_filtered(form),
        # Clearing the filters keeps the order the person chose.
        clear_url=url_for(
            "challenges.index",
            project_id=project.id,
            sort=form.sort.data if form.sort.data != "priority" else None,
        ),
    )


# --- The board ----------------------------------------------------------------------------


def _board(project: Project, status: int = 200, **context):
    """The board, or only its block for htmx: every challenge of the project, by status."""
    challenges = db.session.scalars(
        select(Challenge)
        .where(Challenge.project_id == project.id)
        .options(joinedload(Challenge.theme))
        .order_by(Challenge.priority.desc(), Challenge.created_at.desc(), Challenge.id.desc())
    ).all()
    columns = {name: [] for name in (*BOARD_COLUMNS, "set_aside")}
    for challenge in challenges:
        columns.setdefault(challenge.status, []).append(challenge)
    return render(
        BOARD,
        "board",
        status=status,
        project=project,
        columns=columns,
        board_columns=BOARD_COLUMNS,
        statuses=STATUSES,
        solutions=solution_counts([c.id for c in challenges]),
        moved=context.pop("moved", None),
        failed=context.pop("failed", None),
        reason=context.pop("reason", None),
        **context,
    )


@bp.route("/projects/<int:project_id>/challenges/board")
def board(project_id: int):
    return _board(_project(project_id))


@bp.route("/challenges/<int:challenge_id>/status", methods=["POST"])
def move(challenge_id: int):
    """A card moved on the board (a button, a drop) or a status chosen on the challenge page."""
    challenge = _challenge(challenge_id, "challenge.edit")
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    on_page = form.back.data == "show" and not is_htmx()
    title = str(challenge.title)
    if form.from_status.data and form.from_status.data != challenge.status:
        # The card was moved by someone else since this board was loaded: their move stands.
        notice = _(
            "“%(title)s” was moved meanwhile, to %(status)s: this is how things stand now.",
            title=title,
            status=challenge.status_label,
        )
        category = "info"
    else:
        try:
            change_status(challenge, form.status.data or "", current_user, form.reason.data)
        except StatusError as error:
            problem = str(error)
            if on_page:
                return _page(challenge, status=400, move_form=form, move_problem=problem)
            return _board(
                challenge.project,
                status=400,
                problem=problem,
                failed=challenge.id,
                reason=form.reason.data,
            )
        notice = _("“%(title)s” is now: %(status)s.", title=title, status=challenge.status_label)
        category = "success"
    if is_htmx():
        return _board(challenge.project, notice=notice, notice_kind=category, moved=challenge.id)
    flash(notice, category)
    if on_page:
        return redirect(url_for("challenges.show", challenge_id=challenge.id), 303)
    return redirect(
        url_for(
            "challenges.board",
            project_id=challenge.project_id,
            _anchor=f"challenge-card-{challenge.id}",
        ),
        303,
    )


# --- A challenge's page -------------------------------------------------------------------


def _votes(challenge: Challenge) -> list[tuple[Vote, int, int]]:
    """The votes the challenge was on the ballot of: (vote, its dots, all dots placed)."""
    its_dots = (
        select(func.count(Dot.id))
        .where(Dot.vote_id == Vote.id, Dot.challenge_id == challenge.id)
        .correlate(Vote)
        .scalar_subquery()
    )
    all_dots = select(func.count(Dot.id)).where(Dot.vote_id == Vote.id).correlate(Vote)
    rows = db.session.execute(
        select(Vote, its_dots, all_dots.scalar_subquery())
        .join(VoteOption, VoteOption.vote_id == Vote.id)
        .where(VoteOption.challenge_id == challenge.id)
        .options(joinedload(Vote.event))
        .order_by(Vote.created_at, Vote.id)
    ).all()
    return [(vote, dots, total) for vote, dots, total in rows]


def _page(challenge: Challenge, status: int = 200, block: str | None = None, **context):
    """The challenge page, or one of its blocks, with the forms it shows."""
    project = challenge.project
    editable = can(current_user, "challenge.edit", challenge)
    values = {
        "challenge": challenge,
        "project": project,
        "editable": editable,
        "statuses": STATUSES,
    }
    whole_page = block is None or not is_htmx()
    if whole_page:
        values["votes"] = _votes(challenge)
    if editable and (whole_page or block == "solutions"):
        values["solution_form"] = context.pop("solution_form", None) or solution_form(
            project, form_class=NewSolutionForm, formdata=None, prefix="new"
        )
    if editable and (whole_page or block == "handbook"):
        values["handbook_form"] = HandbookForm(
            formdata=None,
            data={"handbook_chapter": challenge.handbook_chapter},
        )
    values.update(context)
    return render(PAGE, block, status=status, **values)


@bp.route("/challenges/<int:challenge_id>")
def show(challenge_id: int):
    challenge = _challenge(challenge_id)
    # The history and solutions with who and what, in a few queries rather than one per row.
    db.session.execute(
        select(Challenge)
        .where(Challenge.id == challenge.id)
        .options(
            selectinload(Challenge.history),
            selectinload(Challenge.analysed_at),
            selectinload(Challenge.solutions).selectinload(Solution.proposed_by),
            selectinload(Challenge.solutions).joinedload(Solution.event),
        )
    ).all()
    return _page(challenge)


@bp.route("/projects/<int:project_id>/challenges/new", methods=["GET", "POST"])
def create(project_id: int):
    project = _project(project_id, "challenge.create")
    form = challenge_form(project, form_class=NewChallengeForm)
    if request.method == "GET":
        # Reached from an event's page: identified there.
        event_id = request.args.get("event", type=int)
        if event_id in {choice[0] for choice in form.identified_at_id.iter_choices()}:
            form.identified_at_id.data = event_id
    if form.validate_on_submit():
        event = (
            db.session.get(Event, form.identified_at_id.data)
            if form.identified_at_id.data
            else None
        )
        challenge, created = create_challenge(
            project.id,
            _written(form.title.data),
            current_user,
            event=event,
            client_key=form.client_key.data or None,
            description=_written(form.description.data),
            theme_id=form.theme_id.data,
            regions=form.regions.data,
            for_handbook=form.for_handbook.data,
            handbook_chapter=form.handbook_chapter.data,
        )
        if created:
            challenge.analysed_at = _rows(Event, form.analysed_at.data)
            db.session.flush()
            flash(_("Challenge recorded."), "success")
        return redirect(url_for("challenges.show", challenge_id=challenge.id), 303)
    return render(
        "challenges/form.html",
        form=form,
        project=project,
        challenge=None,
        status=status_of(form),
    )


@bp.route("/challenges/<int:challenge_id>/edit", methods=["GET", "POST"])
def edit(challenge_id: int):
    challenge = _challenge(challenge_id, "challenge.edit")
    form = challenge_form(challenge.project, challenge)
    conflict = None
    if form.validate_on_submit():
        conflict = save(form, challenge)
        if conflict is None:
            flash(_("Changes saved."), "success")
            return redirect(url_for("challenges.show", challenge_id=challenge.id), 303)
    elif request.method == "GET":
        form.version.data = challenge.version
    return render(
        "challenges/form.html",
        form=form,
        project=challenge.project,
        challenge=challenge,
        conflict=conflict,
        status=status_of(form, conflict),
    )


@bp.route("/challenges/<int:challenge_id>/delete", methods=["POST"])
def delete(challenge_id: int):
    challenge = _challenge(challenge_id, "challenge.edit")
    if not EmptyForm().validate_on_submit():
        abort(400)
    from collab.trash.notice import flash_moved_to_trash
    from collab.trash.operations import move_to_trash

    project = challenge.project
    # Its solutions, history, links to events and dots go with it, and come back with it.
    move_to_trash(challenge, current_user)
    flash_moved_to_trash(project)
    target = url_for("challenges.index", project_id=project.id)
    if is_htmx():
        # A fragment cannot hold the table: the browser goes there itself.
        response = make_response("", 204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)


@bp.route("/challenges/<int:challenge_id>/handbook", methods=["POST"])
def toggle_handbook(challenge_id: int):
    challenge = _challenge(challenge_id, "challenge.edit")
    form = HandbookForm()
    if not form.validate_on_submit():
        abort(400)
    mark_for_handbook(challenge, form.for_handbook.data, form.handbook_chapter.data)
    if challenge.for_handbook:
        message = _(
            "Marked for the handbook, chapter “%(chapter)s”.",
            chapter=challenge.handbook_chapter_label,
        )
    else:
        message = _("No longer marked for the handbook.")
    if is_htmx():
        return _page(challenge, block="handbook", handbook_message=message)
    flash(message, "success")
    return redirect(url_for("challenges.show", challenge_id=challenge.id, _anchor="handbook"), 303)


# --- Solutions ----------------------------------------------------------------------------


def _solution(challenge: Challenge, solution_id: int) -> Solution:
    solution = db.session.get(Solution, solution_id)
    if solution is None or solution.challenge_id != challenge.id:
        abort(404)
    return solution


def _solution_row(challenge: Challenge, solution: Solution, status: int = 200, **context):
    """One solution for htmx; the whole page (with that solution) for a plain browser."""
    if is_htmx():
        return render(
            PAGE,
            "solution_row",
            status=status,
            challenge=challenge,
            project=challenge.project,
            solution=solution,
            editable=can(current_user, "challenge.edit", challenge),
            **context,
        )
    return _page(challenge, status=status, **context)


def _back_to_solutions(challenge: Challenge, message: str, anchor: str, **context):
    if is_htmx():
        return _page(challenge, block="solutions", solutions_message=message, **context)
    flash(message, "success")
    return redirect(url_for("challenges.show", challenge_id=challenge.id, _anchor=anchor), 303)


@bp.route("/challenges/<int:challenge_id>/solutions", methods=["POST"])
def add_solution(challenge_id: int):
    challenge = _challenge(challenge_id, "challenge.edit")
    form = solution_form(challenge.project, form_class=NewSolutionForm, prefix="new")
    if not form.validate_on_submit():
        return _page(challenge, status=400, block="solutions", solution_form=form)
    status_before = challenge.status
    solution, created = record_solution(
        challenge,
        _written(form.text.data),
        current_user,
        client_key=form.client_key.data or None,
        organisations=_rows(Organisation, form.proposed_by.data),
        kind=form.kind.data,
        event_id=form.event_id.data,
        where_it_works=form.where_it_works.data,
        for_handbook=form.for_handbook.data,
        handbook_chapter=form.handbook_chapter.data,
    )
    if challenge.status != status_before:
        message = _(
            "Solution added; the challenge is now: %(status)s.", status=challenge.status_label
        )
    else:
        message = _("Solution added.")
    return _back_to_solutions(
        challenge,
        message,
        f"solution-{solution.id}",
        added=solution.id,
        # The status and its history are further down the page: htmx replaces them too.
        status_changed=challenge.status != status_before,
    )


@bp.route("/challenges/<int:challenge_id>/solutions/<int:solution_id>", methods=["GET", "POST"])
def edit_solution(challenge_id: int, solution_id: int):
    """Click to edit: the solution turns into a form, and back once saved."""
    challenge = _challenge(challenge_id, "challenge.edit")
    solution = _solution(challenge, solution_id)
    form = solution_form(challenge.project, solution, prefix=f"solution{solution.id}")
    conflict = None
    if request.method == "GET":
        form.version.data = solution.version
    elif form.validate_on_submit():
        conflict = save(form, solution)
        if conflict is None:
            if is_htmx():
                return _solution_row(challenge, solution)
            flash(_("Changes saved."), "success")
            return redirect(
                url_for(
                    "challenges.show", challenge_id=challenge.id, _anchor=f"solution-{solution.id}"
                ),
                303,
            )
    return _solution_row(
        challenge,
        solution,
        status=status_of(form, conflict),
        editing=solution.id,
        row_form=form,
        conflict=conflict,
    )


@bp.route("/challenges/<int:challenge_id>/solutions/<int:solution_id>/row")
def solution_row(challenge_id: int, solution_id: int):
    """The solution as it is saved (Cancel in the inline editor)."""
    challenge = _challenge(challenge_id)
    return _solution_row(challenge, _solution(challenge, solution_id))


@bp.route("/challenges/<int:challenge_id>/solutions/<int:solution_id>/delete", methods=["POST"])
def delete_solution(challenge_id: int, solution_id: int):
    challenge = _challenge(challenge_id, "challenge.edit")
    solution = _solution(challenge, solution_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    challenge.solutions.remove(solution)
    db.session.flush()
    return _back_to_solutions(challenge, _("Solution removed."), "solutions")
