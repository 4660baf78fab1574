"""Views of the trash: what was deleted in a project, and putting it back."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from collab.auth.models import User
from collab.extensions import db
from collab.forms import EmptyForm
from collab.htmx import render
from collab.policy import get_project, require
from collab.trash import (
    bp,
    cli,  # noqa: F401  (registers `flask collab empty-trash`)
    operations,
)
from collab.trash.models import TrashItem
from collab.trash.operations import KEEP_DAYS, KINDS, TrashError, count_rows, days_left


def _managed_project(project_id: int | None):
    """The project, or 404 when the reader may not see it; 403 when they may not manage
    its trash."""
    if project_id is None:
        abort(404)
    project = get_project(current_user, project_id)
    require(current_user, "trash.manage", project)
    return project


def _page(project, status: int = 200, problem: str | None = None):
    items = db.session.scalars(
        select(TrashItem)
        .where(TrashItem.project_id == project.id)
        .order_by(TrashItem.deleted_at.desc(), TrashItem.id.desc())
    ).all()
    deleters = {item.deleted_by_id for item in items} - {None}
    names = (
        dict(db.session.execute(select(User.id, User.name).where(User.id.in_(deleters))).all())
        if deleters
        else {}
    )
    return render(
        "trash/index.html",
        status=status,
        project=project,
        items=items,
        kinds=KINDS,
        names=names,
        days_left=days_left,
        count_rows=count_rows,
        keep_days=KEEP_DAYS,
        problem=problem,
    )


@bp.route("/projects/<int:project_id>/trash")
def index(project_id: int):
    return _page(_managed_project(project_id))


@bp.route("/trash/<int:item_id>/restore", methods=["POST"])
def restore(item_id: int):
    item = db.session.get(TrashItem, item_id)
    if item is None:
        abort(404)
    project = _managed_project(item.project_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    label = item.label
    try:
        restored = operations.restore(item, current_user)
    except TrashError as problem:
        db.session.rollback()
        return _page(project, status=409, problem=str(problem))
    if restored.left_out:
        flash(
            ngettext(
                "“%(label)s” restored; %(num)d linked record stayed out, as what it belonged "
                "to was deleted meanwhile.",
                "“%(label)s” restored; %(num)d linked records stayed out, as what they "
                "belonged to was deleted meanwhile.",
                restored.left_out,
                label=label,
            ),
            "success",
        )
    else:
        flash(_("“%(label)s” restored.", label=label), "success")
    return redirect(_page_of(restored), 303)


def _page_of(restored) -> str:
    """The restored object's own page."""
    if restored.object_type == "event":
        return url_for("events.show", event_id=restored.object_id)
    if restored.object_type == "challenge":
        return url_for("challenges.show", challenge_id=restored.object_id)
    if restored.object_type == "output":
        from collab.outputs.models import Output

        output = db.session.get(Output, restored.object_id)
        return url_for("outputs.index", event_id=output.event_id, _anchor=f"output-{output.id}")
    return url_for("trash.index", project_id=restored.project_id)
