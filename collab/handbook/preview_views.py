"""The handbook as it stands: the web preview of an edition, and the translation report.

Both collect the handbook from the living data at the moment they are asked (after bringing
the plan up to date with the marks), so the editor sees what a draft compiled now would say.
They may name participants who agreed to be named: never stored (no-store).
"""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from collab.challenges.models import Solution
from collab.config import LANGUAGES
from collab.extensions import db
from collab.handbook import bp
from collab.handbook.collect import collect
from collab.handbook.document import Image, Paragraph, Record, Table, texts_of
from collab.handbook.html import render_html
from collab.handbook.models import BILINGUAL_LAYOUTS, Handbook
from collab.handbook.plan import ensure_handbook, ordered, sync_sections
from collab.htmx import render
from collab.i18n import LANGUAGE_NAMES, current_language
from collab.markdown import render_markdown
from collab.policy import get_project, require
from collab.privacy.nostore import no_store


def _handbook(project_id: int) -> Handbook:
    """The project's handbook, its plan brought up to date; 404 when the reader may not see
    the project, 403 when they may not read its handbook."""
    project = get_project(current_user, project_id)
    require(current_user, "handbook.view", project)
    handbook = ensure_handbook(project)
    sync_sections(handbook)  # committed after the request, like every change
    return handbook


def _language(name: str, default: str | None, problems: list[str]) -> str | None:
    value = (request.args.get(name) or "").strip().lower()
    if not value:
        return default
    if value not in LANGUAGES:
        problems.append(_("There is no edition in the language “%(code)s”.", code=value[:10]))
        return default
    return value


@bp.route("/projects/<int:project_id>/handbook/preview")
def preview(project_id: int):
    handbook = _handbook(project_id)
    project = handbook.project
    problems: list[str] = []
    language = _language("language", current_language(), problems)
    second = _language("second", None, problems)
    if second == language:
        second = None
    layout = request.args.get("layout") or "side"
    if layout not in BILINGUAL_LAYOUTS:
        problems.append(_("Choose how the two languages are laid out."))
        layout = "side"
    for problem in problems:
        flash(problem, "error")
    documents = [collect(handbook, language)]
    if second:
        documents.append(collect(handbook, second))
    document_html = Markup(render_html(documents, layout if second else None, for_pdf=False))
    missing = len(_fallback_origins(documents[0]))
    return no_store(
        render(
            "handbook/preview.html",
            project=project,
            handbook=handbook,
            document=documents[0],
            document_html=document_html,
            language=language,
            second=second,
            layout=layout,
            layouts=BILINGUAL_LAYOUTS,
            language_names=LANGUAGE_NAMES,
            missing=missing,
        )
    )


@bp.route("/projects/<int:project_id>/handbook/translations")
def translation_report(project_id: int):
    handbook = _handbook(project_id)
    project = handbook.project
    problems: list[str] = []
    language = _language("language", current_language(), problems)
    for problem in problems:
        flash(problem, "error")
    document = collect(handbook, language)
    groups = _report(handbook, document, language)
    count = sum(len(items) for _title, items in groups)
    return no_store(
        render(
            "handbook/translations.html",
            project=project,
            handbook=handbook,
            language=language,
            language_names=LANGUAGE_NAMES,
            groups=groups,
            count=count,
        )
    )


# --- The translation report -----------------------------------------------------------------


def _fallback_origins(document) -> set:
    origins = {t.origin or id(t) for _block, t in document.fallbacks()}
    if document.title.fallback or (document.subtitle and document.subtitle.fallback):
        origins.add(document.title.origin)
    return origins


def _report(handbook: Handbook, document, language: str) -> list[tuple[str, list[dict]]]:
    """What will show in another language, by chapter: one item per record to fill in."""
    project = handbook.project
    solution_ids = [
        int(text.origin.split(":")[1])
        for _block, text in document.fallbacks()
        if text.origin and text.origin.startswith("solution:")
    ]
    challenge_of = dict(
        db.session.execute(
            select(Solution.id, Solution.challenge_id).where(Solution.id.in_(solution_ids))
        ).all()
    )
    groups: list[tuple[str, list[dict]]] = []
    seen: set = set()

    def item(where: str, text, records: list[dict]) -> None:
        key = (text.origin, text.value)
        if key in seen:
            return
        seen.add(key)
        records.append(
            {
                "where": where,
                # What the reader sees, not the Markdown it is written in.
                "text": render_markdown(text.value).striptags() if text.markdown else text.value,
                "language": text.language,
                "url": _edit_url(text.origin, project.id, challenge_of),
            }
        )

    general: list[dict] = []
    handbook_where = _("Title of the handbook")
    if document.title.fallback:
        item(handbook_where, document.title, general)
    if document.subtitle is not None and document.subtitle.fallback:
        item(_("Subtitle of the handbook"), document.subtitle, general)
    for chapter in ordered(handbook.chapters):
        if chapter.included and chapter.title and not chapter.title.get(language):
            text, shown = chapter.title.pick(language)
            general.append(
                {
                    "where": _("Title of the chapter “%(kind)s”", kind=chapter.kind_label),
                    "text": text,
                    "language": shown,
                    "url": url_for(
                        "handbook.rename_chapter", project_id=project.id, chapter_id=chapter.id
                    ),
                }
            )
    if general:
        groups.append((_("The handbook"), general))
    for chapter in document.chapters:
        records: list[dict] = []
        for where, text in _fallbacks_in(chapter.blocks, chapter.title):
            item(where, text, records)
        if records:
            title = f"{chapter.number}. {chapter.title}" if chapter.number else chapter.title
            groups.append((title, records))
    return groups


def _fallbacks_in(blocks, around: str):
    """(where, text) of every fallback in `blocks`: where is what a reader calls the place,
    a record's title or a table's caption, else the record or chapter around it."""
    for block in blocks:
        where = around
        if isinstance(block, Record):
            where = block.title.value or around
        elif isinstance(block, Table):
            where = block.caption
        elif isinstance(block, Paragraph) and block.heading:
            where = f"{around}: {block.heading}"
        elif isinstance(block, Image) and block.caption is not None:
            where = block.caption.value
        for text in texts_of(block):
            if text.fallback:
                yield where, text
        if isinstance(block, Record):
            yield from _fallbacks_in(block.blocks, where)


def _edit_url(origin: str | None, project_id: int, challenge_of: dict) -> str | None:
    """The page where the missing translation is filled in."""
    if not origin:
        return None
    kind, _sep, rest = origin.partition(":")
    ids = [int(part) for part in rest.split(":") if part.isdigit()]
    if not ids:
        return None
    if kind == "challenge":
        return url_for("challenges.edit", challenge_id=ids[0])
    if kind == "solution" and ids[0] in challenge_of:
        return url_for(
            "challenges.edit_solution", challenge_id=challenge_of[ids[0]], solution_id=ids[0]
        )
    if kind == "event":
        return url_for("events.edit", event_id=ids[0])
    if kind == "agenda" and len(ids) == 2:
        return url_for("events.edit_agenda_item", event_id=ids[0], item_id=ids[1])
    if kind == "output":
        return url_for("outputs.edit", output_id=ids[0])
    if kind == "theme":
        return url_for("events.edit_theme", project_id=project_id, theme_id=ids[0])
    if kind == "indicator":
        return url_for("projects.edit_indicator", project_id=project_id, indicator_id=ids[0])
    if kind == "project":
        return url_for("projects.edit", project_id=project_id)
    if kind == "text":
        return url_for("handbook.edit_text", project_id=project_id, section_id=ids[0])
    if kind == "handbook":
        return url_for("handbook.edit", project_id=project_id)
    return None
