"""The handbook's drafts: compile one, follow its progress, download its files, and see what
changed since an earlier draft.

A compile only queues the work (collab.handbook.jobs): the draft's page shows its progress
from the database, refreshed by htmx every second until the files are there, or by the
Refresh link without script.
"""

import re
import unicodedata
from functools import partial

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import RadioField, SelectField, SelectMultipleField
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from collab.config import LANGUAGES
from collab.extensions import db
from collab.forms import options
from collab.handbook import bp
from collab.handbook.drafts import changes as draft_changes
from collab.handbook.drafts import request_draft
from collab.handbook.models import BILINGUAL_LAYOUTS, DRAFT_FORMATS, Handbook, HandbookDraft
from collab.handbook.plan import ensure_handbook
from collab.htmx import is_htmx, render
from collab.i18n import LANGUAGE_NAMES, current_language
from collab.outputs.storage import path_of
from collab.policy import can, get_project, require

DRAFT = "handbook/draft.html"
CHANGES = "handbook/changes.html"
COMPILE = "handbook/compile.html"
FORMAT_LABELS = {"pdf": _l("PDF (to read and print)"), "docx": _l("DOCX (to edit in Word)")}
CHUNK = 64 * 1024


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CompileForm(FlaskForm):
    language = SelectField(_l("Language"), validators=[InputRequired()])
    # Checked below: a form without it asks for one language.
    second_language = SelectField(_l("Second language (bilingual edition)"), validate_choice=False)
    layout = RadioField(
        _l("Two languages"),
        choices=options(BILINGUAL_LAYOUTS),
        default="side",
        # Only a bilingual edition needs it (checked below).
        validate_choice=False,
    )
    formats = CheckboxesField(
        _l("Formats"), choices=options(FORMAT_LABELS), default=list(DRAFT_FORMATS)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
        self.language.choices = options(names)
        self.second_language.choices = options([("", _l("None: one language")), *names])
        if not self.language.data:
            self.language.data = current_language()

    def validate_second_language(self, field):
        if field.data and field.data not in LANGUAGES:
            raise ValidationError(_("Choose one of the languages offered."))
        if field.data and field.data == self.language.data:
            raise ValidationError(_("Choose another language than the first, or none."))

    def validate_layout(self, field):
        if field.data and field.data not in BILINGUAL_LAYOUTS:
            raise ValidationError(_("Choose side by side, or one after the other."))
        if self.second_language.data and not field.data:
            field.data = "side"

    def validate_formats(self, field):
        if not field.data:
            raise ValidationError(_("Choose at least one format."))


# --- Loading ------------------------------------------------------------------------------


def _handbook(project_id: int, action: str = "handbook.view") -> Handbook:
    """The project's handbook; 404 when the reader may not see the project, 403 when they
    may not `action`."""
    project = get_project(current_user, project_id)
    require(current_user, action, project)
    return ensure_handbook(project)


def _draft(handbook: Handbook, number: int) -> HandbookDraft:
    draft = db.session.scalar(
        select(HandbookDraft)
        .where(HandbookDraft.handbook_id == handbook.id, HandbookDraft.number == number)
        .options(joinedload(HandbookDraft.created_by))
    )
    if draft is None:
        abort(404)
    return draft


def _drafts(handbook: Handbook) -> list[HandbookDraft]:
    return list(
        db.session.scalars(
            select(HandbookDraft)
            .where(HandbookDraft.handbook_id == handbook.id)
            .options(joinedload(HandbookDraft.created_by))
            .order_by(HandbookDraft.number.desc())
        )
    )


def compared_with(draft: HandbookDraft, drafts: list[HandbookDraft]) -> HandbookDraft | None:
    """The draft "what changed" compares with: the latest earlier one of the same edition
    (another language says everything differently), else the latest earlier one."""
    earlier = sorted((d for d in drafts if d.number < draft.number), key=lambda d: -d.number)
    same = next((d for d in earlier if d.edition == draft.edition), None)
    return same or (earlier[0] if earlier else None)


def edition_label(draft: HandbookDraft) -> str:
    """ "Latvian", or "Latvian + Lithuanian, side by side"."""
    first = str(LANGUAGE_NAMES.get(draft.language, draft.language))
    if not draft.second_language:
        return first
    second = str(LANGUAGE_NAMES.get(draft.second_language, draft.second_language))
    layout = str(BILINGUAL_LAYOUTS.get(draft.layout or "side", ""))
    return _("%(first)s + %(second)s, %(layout)s", first=first, second=second, layout=layout)


def download_name(project, draft: HandbookDraft, fmt: str) -> str:
    """ "Smart-Planning-handbook-draft-3-lv.pdf": plain letters, safe in any file system."""
    plain = unicodedata.normalize("NFKD", project.acronym or project.code or "project")
    plain = plain.encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-") or "project"
    edition = (
        f"{draft.language}-{draft.second_language}" if draft.second_language else draft.language
    )
    return f"{stem}-handbook-draft-{draft.number}-{edition}.{fmt}"


@bp.app_template_global()
def drafts_panel(handbook: Handbook) -> dict:
    """What the drafts panel of the handbook page shows (templates/handbook/_drafts.html)."""
    editable = can(current_user, "handbook.edit", handbook.project)
    drafts = _drafts(handbook)
    return {
        "drafts": drafts,
        "previous": {d.number: compared_with(d, drafts) for d in drafts},
        "form": CompileForm(formdata=None) if editable else None,
        "editable": editable,
    }


@bp.app_template_global()
def draft_edition(draft: HandbookDraft) -> str:
    return edition_label(draft)


# --- Compile ------------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/handbook/drafts", methods=["POST"])
def compile(project_id: int):  # noqa: A001 - the endpoint's name
    handbook = _handbook(project_id, "handbook.edit")
    project = handbook.project
    form = CompileForm()
    if not form.validate_on_submit():
        return render(
            COMPILE,
            "compile_form",
            status=400,
            handbook=handbook,
            project=project,
            form=form,
            drafts=_drafts(handbook),
        )
    draft, created = request_draft(
        handbook,
        current_user,
        form.language.data,
        form.second_language.data or None,
        form.layout.data,
        form.formats.data,
        base_url=request.url_root,
    )
    if created:
        message = _("Draft %(number)d is being compiled.", number=draft.number)
    else:
        message = _("Nothing has changed since draft %(number)d: here it is.", number=draft.number)
    if is_htmx():
        # The form again, with the draft's progress under it.
        return render(
            COMPILE,
            "compile_form",
            handbook=handbook,
            project=project,
            form=form,
            draft=draft,
            message=message,
        )
    flash(message, "success")
    return redirect(url_for("handbook.draft", project_id=project.id, number=draft.number), 303)


# --- A draft ------------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/handbook/drafts/<int:number>")
def draft(project_id: int, number: int):
    handbook = _handbook(project_id)
    draft = _draft(handbook, number)
    return render(
        DRAFT,
        "status",
        handbook=handbook,
        project=handbook.project,
        draft=draft,
        previous=compared_with(draft, _drafts(handbook)),
        in_panel=request.args.get("panel") == "1",
    )


def _chunks(open_file):
    with open_file() as file:
        while chunk := file.read(CHUNK):
            yield chunk


@bp.route("/projects/<int:project_id>/handbook/drafts/<int:number>/<fmt>")
def download(project_id: int, number: int, fmt: str):
    handbook = _handbook(project_id)
    if fmt not in DRAFT_FORMATS:
        abort(404)
    draft = _draft(handbook, number)
    stored = draft.pdf_file if fmt == "pdf" else draft.docx_file
    if draft.status != "done" or stored is None:
        abort(404)
    path = path_of(stored)
    if not path.exists():
        current_app.logger.error("File of handbook draft %s is missing: %s", draft.id, path)
        abort(404)
    response = Response(
        _chunks(partial(path.open, "rb")), mimetype=stored.content_type, direct_passthrough=True
    )
    response.content_length = stored.size
    # The name has plain letters, digits, "-" and "." only: nothing to escape.
    name = download_name(handbook.project, draft, fmt)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    # A handbook names the people who agreed to it: no cache keeps a copy.
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- What changed -------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/handbook/drafts/<int:number>/changes")
def changes(project_id: int, number: int):
    handbook = _handbook(project_id)
    draft = _draft(handbook, number)
    earlier = [d for d in _drafts(handbook) if d.number < draft.number]
    since = None
    problem = None
    wanted = request.args.get("since", "")
    if wanted:
        since = next((d for d in earlier if str(d.number) == wanted.strip()), None)
        if since is None:
            problem = _("There is no earlier draft %(number)s.", number=wanted[:10])
    if since is None:
        since = compared_with(draft, earlier)
    found = draft_changes(draft, since) if since is not None else None
    return render(
        CHANGES,
        "changes",
        status=400 if problem else 200,
        handbook=handbook,
        project=handbook.project,
        draft=draft,
        since=since,
        earlier=earlier,
        found=found,
        problem=problem,
    )
