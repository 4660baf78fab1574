"""The handbook's plan: its title and foreword, the chapters in order, and in each chapter the
records and the editor's texts it is compiled from.

Every change is a plain form that htmx upgrades: a move or a toggle answers with the list it
changed (htmx) or sends the browser back to it (303). Edits of a title or a text carry the
version they were loaded with, and a stale one shows a conflict instead of overwriting.
"""

from dataclasses import dataclass

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from collab.challenges.models import Challenge, Solution
from collab.config import LANGUAGES
from collab.events.models import Event
from collab.extensions import db
from collab.forms import EmptyForm, status_of
from collab.handbook import bp
from collab.handbook.forms import (
    ChapterTitleForm,
    HandbookForm,
    IncludeForm,
    MoveForm,
    TextForm,
    new_text_form,
)
from collab.handbook.models import Handbook, HandbookChapter, HandbookSection
from collab.handbook.plan import (
    CHAPTER_CONTENTS,
    SOURCE_LABELS,
    Gone,
    add_text,
    chapter_title,
    ensure_handbook,
    included_counts,
    move_chapter,
    move_section,
    ordered,
    remove_text,
    set_included,
    sync_sections,
    usual_title,
)
from collab.htmx import is_htmx, render
from collab.i18n import Translations, current_language
from collab.locking import save
from collab.outputs.models import Output
from collab.policy import can, get_project, require
from collab.templating import day

PLAN = "handbook/plan.html"
CHAPTER = "handbook/chapter.html"


# --- Loading ------------------------------------------------------------------------------


def _handbook(project_id: int, action: str = "handbook.view") -> Handbook:
    """The project's handbook, brought up to date with the marks; 404 when the reader may
    not see the project, 403 when they may not `action`."""
    project = get_project(current_user, project_id)
    require(current_user, action, project)
    handbook = ensure_handbook(project)
    sync_sections(handbook)
    return handbook


def _chapter(project_id: int, chapter_id: int, action: str = "handbook.view"):
    handbook = _handbook(project_id, action)
    chapter = db.session.get(HandbookChapter, chapter_id)
    if chapter is None or chapter.handbook_id != handbook.id:
        abort(404)
    return handbook, chapter


def _section(project_id: int, section_id: int, action: str = "handbook.edit"):
    handbook = _handbook(project_id, action)
    section = db.session.get(HandbookSection, section_id)
    if section is None or section.chapter.handbook_id != handbook.id:
        abort(404)
    return handbook, section.chapter, section


# --- The plan -----------------------------------------------------------------------------


def _plan(handbook: Handbook, status: int = 200, block: str | None = None, **context):
    """The handbook's page, or one of its blocks for htmx."""
    project = handbook.project
    editable = can(current_user, "handbook.edit", project)
    chapters = ordered(handbook.chapters)
    values = {
        "handbook": handbook,
        "project": project,
        "editable": editable,
        "chapters": chapters,
        "counts": included_counts(handbook),
        "title_of": chapter_title,
        "details_form": None,
    }
    values.update(context)
    return render(PLAN, block, status=status, **values)


@bp.route("/projects/<int:project_id>/handbook")
def plan(project_id: int):
    return _plan(_handbook(project_id))


@bp.route("/projects/<int:project_id>/handbook/edit", methods=["GET", "POST"])
def edit(project_id: int):
    """Click to edit the title, subtitle and foreword; the page itself without script."""
    handbook = _handbook(project_id, "handbook.edit")
    form = HandbookForm(obj=handbook)
    conflict = None
    if request.method == "GET":
        form.version.data = handbook.version
    elif form.validate_on_submit():
        conflict = save(form, handbook)
        if conflict is None:
            message = _("Title and foreword saved.")
            if is_htmx():
                return _plan(handbook, block="details", details_message=message)
            flash(message, "success")
            return redirect(url_for("handbook.plan", project_id=project_id, _anchor="details"), 303)
    return _plan(
        handbook,
        status=status_of(form, conflict),
        block="details",
        details_form=form,
        conflict=conflict,
    )


def _back_to_plan(handbook: Handbook, message: str, chapter: HandbookChapter, **context):
    """After a change of the plan: htmx gets the new list, a plain form a redirect to it."""
    if is_htmx():
        return _plan(
            handbook,
            block="chapters",
            chapters_message=message,
            changed=chapter.id,
            **context,
        )
    flash(message, "success")
    return redirect(
        url_for("handbook.plan", project_id=handbook.project_id, _anchor=f"chapter-{chapter.id}"),
        303,
    )


@bp.route(
    "/projects/<int:project_id>/handbook/chapters/<int:chapter_id>/move",
    methods=["POST"],
    endpoint="move_chapter",
)
def move_chapter_view(project_id: int, chapter_id: int):
    handbook, chapter = _chapter(project_id, chapter_id, "handbook.edit")
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    title = chapter_title(chapter)
    if move_chapter(handbook, chapter, form.to.data):
        message = _(
            "“%(title)s” is now chapter %(number)d of %(total)d.",
            title=title,
            number=chapter.position + 1,
            total=len(handbook.chapters),
        )
    elif form.to.data == "up":
        message = _("“%(title)s” is already the first chapter.", title=title)
    elif form.to.data == "down":
        message = _("“%(title)s” is already the last chapter.", title=title)
    else:
        message = _("“%(title)s” stays where it is.", title=title)
    return _back_to_plan(handbook, message, chapter, focus=_focus("chapter", chapter, form))


def _focus(kind: str, item, form: MoveForm) -> str:
    """The button to keep the keyboard on after a move: the same one, or at an end the
    other one (the same one is disabled there)."""
    siblings = item.chapter.sections if kind == "section" else item.handbook.chapters
    direction = form.to.data if form.to.data in ("up", "down") else "up"
    if direction == "up" and item.position == 0:
        direction = "down"
    elif direction == "down" and item.position == len(siblings) - 1:
        direction = "up"
    return f"{kind}-{item.id}-{direction}"


@bp.route("/projects/<int:project_id>/handbook/chapters/<int:chapter_id>/include", methods=["POST"])
def include_chapter(project_id: int, chapter_id: int):
    handbook, chapter = _chapter(project_id, chapter_id, "handbook.edit")
    form = IncludeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        set_included(handbook, chapter, form.included.data == "1")
    except Gone:
        abort(404)
    if chapter.included:
        message = _("“%(title)s” is in the handbook.", title=chapter_title(chapter))
    else:
        message = _("“%(title)s” is left out of the handbook.", title=chapter_title(chapter))
    return _back_to_plan(handbook, message, chapter, focus=f"chapter-{chapter.id}-include")


@bp.route(
    "/projects/<int:project_id>/handbook/chapters/<int:chapter_id>/title",
    methods=["GET", "POST"],
)
def rename_chapter(project_id: int, chapter_id: int):
    """Click to edit a chapter's title per language; empty languages keep the usual one."""
    handbook, chapter = _chapter(project_id, chapter_id, "handbook.edit")
    form = ChapterTitleForm(obj=chapter, prefix=f"chapter{chapter.id}")
    for lang in LANGUAGES:
        # An empty field shows what the chapter is called in that language without it.
        form.title.form[lang].render_kw = {"placeholder": usual_title(chapter.kind, lang)}
    conflict = None
    if request.method == "GET":
        form.version.data = chapter.version
    elif form.validate_on_submit():
        if request.form.get("reset"):
            # Back to the usual title in every language: the same as emptying every field.
            for lang in LANGUAGES:
                form.title.form[lang].data = ""
        conflict = save(form, chapter)
        if conflict is None:
            message = _("The chapter is now called “%(title)s”.", title=chapter_title(chapter))
            return _back_to_plan(handbook, message, chapter)
    if request.method == "GET" and is_htmx():
        return render(
            PLAN,
            "chapter_row",
            handbook=handbook,
            project=handbook.project,
            editable=True,
            chapter=chapter,
            chapters=ordered(handbook.chapters),
            counts=included_counts(handbook),
            title_of=chapter_title,
            renaming=chapter.id,
            rename_form=form,
        )
    # A saved title is seen in the list; a mistake or a conflict there, in place.
    return _plan(
        handbook,
        status=status_of(form, conflict),
        block="chapters",
        renaming=chapter.id,
        rename_form=form,
        conflict=conflict,
    )


# --- A chapter and its sections ----------------------------------------------------------


@dataclass
class SectionRow:
    """A section as the editor sees it: what it is, and a link to where it came from."""

    section: HandbookSection
    label: str
    title: object  # Translations, or a plain string
    url: str | None
    meta: str
    missing: bool = False


def _short(texts: Translations, length: int = 110) -> Translations:
    def cut(text: str) -> str:
        line = " ".join(text.split())
        return line if len(line) <= length else line[: length - 1].rstrip() + "…"

    return Translations({lang: cut(text) for lang, text in texts.items()})


def _records(sections: list[HandbookSection]) -> dict[tuple[str, int], object]:
    """The records the sections come from, a query per kind of record."""
    ids: dict[str, list[int]] = {}
    for section in sections:
        if section.source != "text" and section.source_id is not None:
            ids.setdefault(section.source, []).append(section.source_id)
    found = {}
    loaders = {
        "challenge": (Challenge, [joinedload(Challenge.theme)]),
        "solution": (Solution, [joinedload(Solution.challenge)]),
        "output": (Output, [joinedload(Output.event)]),
        "event": (Event, []),
    }
    for source, record_ids in ids.items():
        model, load = loaders[source]
        for record in db.session.scalars(
            select(model).where(model.id.in_(record_ids)).options(*load)
        ):
            found[(source, record.id)] = record
    return found


def _row(section: HandbookSection, record) -> SectionRow:
    label = str(SOURCE_LABELS.get(section.source, section.source))
    if section.source == "text":
        return SectionRow(section, label, section.title or "", None, "")
    if record is None:
        return SectionRow(
            section,
            label,
            _("Not found (it may be in the project's trash)"),
            None,
            "",
            missing=True,
        )
    if section.source == "challenge":
        meta = str(record.theme.name) if record.theme else ""
        url = url_for("challenges.show", challenge_id=record.id)
        return SectionRow(section, label, record.title, url, meta)
    if section.source == "solution":
        url = url_for(
            "challenges.show", challenge_id=record.challenge_id, _anchor=f"solution-{record.id}"
        )
        meta = _("Solution to: %(challenge)s", challenge=str(record.challenge.title))
        return SectionRow(section, label, _short(record.text), url, meta)
    if section.source == "output":
        url = url_for("outputs.index", event_id=record.event_id, _anchor=f"output-{record.id}")
        meta = f"{record.kind_label} · {record.event.title} · {day(record.event.start_date)}"
        return SectionRow(section, label, record.title, url, meta)
    url = url_for("events.show", event_id=record.id)
    return SectionRow(
        section, label, record.title, url, f"{record.kind_label} · {day(record.start_date)}"
    )


def section_title(section: HandbookSection, record=None) -> str:
    """A section named in a sentence (the place of a new text, a message)."""
    row = _row(section, record)
    title = row.title
    if isinstance(title, Translations):
        title = title.pick(current_language())[0]
    return str(title) or row.label


def _chapter_page(
    handbook: Handbook,
    chapter: HandbookChapter,
    status: int = 200,
    block: str | None = None,
    **context,
):
    sections = ordered(chapter.sections)
    records = _records(sections)
    rows = [_row(section, records.get((section.source, section.source_id))) for section in sections]
    editable = can(current_user, "handbook.edit", handbook.project)
    values = {
        "handbook": handbook,
        "project": handbook.project,
        "chapter": chapter,
        "chapters": ordered(handbook.chapters),
        "title_of": chapter_title,
        "contents": CHAPTER_CONTENTS.get(chapter.kind, ""),
        "rows": rows,
        "editable": editable,
    }
    if editable and "text_form" not in context:
        values["text_form"] = new_text_form(
            sections,
            lambda s: section_title(s, records.get((s.source, s.source_id))),
            formdata=None,
        )
    values.update(context)
    return render(CHAPTER, block, status=status, **values)


@bp.route("/projects/<int:project_id>/handbook/chapters/<int:chapter_id>")
def chapter(project_id: int, chapter_id: int):
    handbook, found = _chapter(project_id, chapter_id)
    db.session.execute(
        select(HandbookChapter)
        .where(HandbookChapter.id == found.id)
        .options(selectinload(HandbookChapter.sections))
    ).all()
    return _chapter_page(handbook, found)


def _back_to_chapter(
    handbook: Handbook, chapter: HandbookChapter, message: str, anchor: str, **context
):
    if is_htmx():
        return _chapter_page(
            handbook, chapter, block="sections", sections_message=message, **context
        )
    flash(message, "success")
    return redirect(
        url_for(
            "handbook.chapter",
            project_id=handbook.project_id,
            chapter_id=chapter.id,
            _anchor=anchor,
        ),
        303,
    )


@bp.route(
    "/projects/<int:project_id>/handbook/sections/<int:section_id>/move",
    methods=["POST"],
    endpoint="move_section",
)
def move_section_view(project_id: int, section_id: int):
    handbook, chapter, section = _section(project_id, section_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        moved = move_section(chapter, section, form.to.data)
    except Gone:
        abort(404)
    title = section_title(section, _records([section]).get((section.source, section.source_id)))
    if moved:
        message = _("“%(title)s” moved.", title=title)
    elif form.to.data == "up":
        message = _("“%(title)s” is already the first in this chapter.", title=title)
    elif form.to.data == "down":
        message = _("“%(title)s” is already the last in this chapter.", title=title)
    else:
        message = _("“%(title)s” stays where it is.", title=title)
    return _back_to_chapter(
        handbook,
        chapter,
        message,
        f"section-{section.id}",
        changed=section.id,
        focus=_focus("section", section, form),
    )


@bp.route("/projects/<int:project_id>/handbook/sections/<int:section_id>/include", methods=["POST"])
def include_section(project_id: int, section_id: int):
    handbook, chapter, section = _section(project_id, section_id)
    form = IncludeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        set_included(handbook, section, form.included.data == "1")
    except Gone:
        abort(404)
    title = section_title(section, _records([section]).get((section.source, section.source_id)))
    if section.included:
        message = _("“%(title)s” is in the handbook.", title=title)
    else:
        message = _("“%(title)s” is left out of the handbook.", title=title)
    return _back_to_chapter(
        handbook,
        chapter,
        message,
        f"section-{section.id}",
        changed=section.id,
        focus=f"section-{section.id}-include",
    )


@bp.route(
    "/projects/<int:project_id>/handbook/chapters/<int:chapter_id>/texts",
    methods=["POST"],
    endpoint="add_text",
)
def add_text_view(project_id: int, chapter_id: int):
    handbook, chapter = _chapter(project_id, chapter_id, "handbook.edit")
    sections = ordered(chapter.sections)
    records = _records(sections)
    form = new_text_form(sections, lambda s: section_title(s, records.get((s.source, s.source_id))))
    if not form.validate_on_submit():
        return _chapter_page(handbook, chapter, status=400, block="sections", text_form=form)
    section = HandbookSection(source="text", title=None, text=None)
    form.title.populate_obj(section, "title")
    form.text.populate_obj(section, "text")
    add_text(chapter, section, form.place.data)
    db.session.expire(chapter, ["sections"])
    return _back_to_chapter(
        handbook,
        chapter,
        _("Text added."),
        f"section-{section.id}",
        changed=section.id,
    )


def _text(project_id: int, section_id: int):
    handbook, chapter, section = _section(project_id, section_id)
    if section.source != "text":
        abort(404)
    return handbook, chapter, section


@bp.route(
    "/projects/<int:project_id>/handbook/sections/<int:section_id>/edit", methods=["GET", "POST"]
)
def edit_text(project_id: int, section_id: int):
    """Click to edit one of the editor's texts, in place."""
    handbook, chapter, section = _text(project_id, section_id)
    form = TextForm(obj=section, prefix=f"section{section.id}")
    conflict = None
    if request.method == "GET":
        form.version.data = section.version
    elif form.validate_on_submit():
        conflict = save(form, section)
        if conflict is None:
            return _back_to_chapter(
                handbook, chapter, _("Text saved."), f"section-{section.id}", changed=section.id
            )
    if request.method == "GET" and is_htmx():
        return render(
            CHAPTER,
            "section_row",
            handbook=handbook,
            project=handbook.project,
            chapter=chapter,
            editable=True,
            row=_row(section, None),
            editing=section.id,
            row_form=form,
        )
    return _chapter_page(
        handbook,
        chapter,
        status=status_of(form, conflict),
        block="sections",
        editing=section.id,
        row_form=form,
        conflict=conflict,
    )


@bp.route("/projects/<int:project_id>/handbook/sections/<int:section_id>/delete", methods=["POST"])
def delete_text(project_id: int, section_id: int):
    handbook, chapter, section = _text(project_id, section_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        remove_text(chapter, section)
    except Gone:
        abort(404)
    return _back_to_chapter(handbook, chapter, _("Text removed."), "sections")
