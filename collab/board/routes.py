"""The workshop board: the facilitator captures challenges, solutions and notes during the
session; the list grows at the top, items are edited in place, and the browser keeps what
could not be sent yet (static/js/board.js)."""

from types import SimpleNamespace
from uuid import uuid4

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2_fragments.flask import render_block
from sqlalchemy.orm.exc import StaleDataError

from collab.board import bp
from collab.board.forms import CARD_FORMS, KINDS, CaptureForm
from collab.board.items import (
    BoardItem,
    board_item,
    board_items,
    event_challenge,
    event_challenges,
    parse_cursor,
    project_themes,
)
from collab.board.operations import edited_language, record_note, with_text
from collab.challenges.operations import add_solution, create_challenge, index_search_text
from collab.events.models import Event
from collab.extensions import db
from collab.forms import status_of
from collab.htmx import is_htmx, render
from collab.i18n import Translations, current_language
from collab.locking import changes
from collab.policy import get_event

PAGE = "board/show.html"
SAVED = {
    "challenge": _l("Challenge saved."),
    "solution": _l("Solution saved."),
    "note": _l("Note saved."),
}
# A challenge's title in a select: long ones are cut, the card shows them whole.
OPTION_LENGTH = 90


def _event(event_id: int) -> Event:
    return get_event(current_user, event_id, "board.use")


def _short(text: str, length: int = OPTION_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _capture_form(event: Event, form: CaptureForm | None = None) -> CaptureForm:
    """The capture bar, with the event's challenges (the latest chosen) and the themes."""
    challenges = event_challenges(event)
    if form is None:
        kind = request.args.get("kind")
        form = CaptureForm(
            formdata=None,
            data={
                "kind": kind if kind in KINDS else "challenge",
                # Made here too, so a plain form sent twice (a double click, a resend after
                # an error page) is saved once, like the script's captures.
                "client_key": str(uuid4()),
                "challenge_id": str(challenges[0].id) if challenges else "",
            },
        )
    form.challenge_id.choices = [("", _("Choose a challenge"))] + [
        (str(c.id), _short(str(c.title))) for c in challenges
    ]
    form.theme_id.choices = [("", _("No theme"))] + [
        (str(t.id), str(t.name)) for t in project_themes(event)
    ]
    return form


def _page(event: Event, block: str | None = None, status: int = 200, **context):
    """The board, or one of its blocks for htmx."""
    values = {"event": event, "project": event.project, "kinds": KINDS}
    if block is None or not is_htmx():
        values.update(
            items=board_items(event),
            capture=_capture_form(event, context.pop("capture", None)),
            # One queue per person and event: on a shared laptop, what one facilitator
            # typed is never sent in another's name.
            storage_key=f"collab-board:{current_user.id}:{event.id}",
        )
    values.update(context)
    return render(PAGE, block, status=status, **values)


def _card(event: Event, item: BoardItem, status: int = 200, **context):
    """One card for htmx; the whole board (with that card) for a plain browser."""
    if is_htmx():
        return render(PAGE, "card", status=status, event=event, item=item, kinds=KINDS, **context)
    return _page(event, status=status, **context)


@bp.route("/events/<int:event_id>/board")
def show(event_id: int):
    return _page(_event(event_id))


@bp.route("/events/<int:event_id>/board/items")
def items(event_id: int):
    """The cards captured after the ones the browser has (?after=challenge:12,note:3),
    newest first: polled, so two facilitators see each other's additions."""
    event = _event(event_id)
    if not is_htmx():
        return _page(event)
    found = board_items(event, parse_cursor(request.args.get("after")))
    cards = [render_block(PAGE, "card", event=event, item=item, kinds=KINDS) for item in found]
    response = make_response("".join(cards))
    response.vary.add("HX-Request")
    response.headers["Cache-Control"] = "no-store"
    return response


def _refused(event: Event, form: CaptureForm):
    """A capture that cannot be saved: its mistakes for the script, the board with the
    form as typed for a plain browser."""
    if is_htmx():
        problems = [
            f"{field.label.text}: {error}"
            for field in form
            if field.errors
            for error in field.errors
        ]
        return render(PAGE, "refusal", status=400, problems=problems)
    return _page(event, status=400, capture=form)


def _record(event: Event, form: CaptureForm, challenge) -> tuple[BoardItem | None, bool]:
    """Save the capture, or find the one saved before with the same key. None when the key
    belongs to an item of another board."""
    text = form.text.data
    language = current_language()
    key = form.client_key.data or None
    kind = form.kind.data
    if kind == "challenge":
        theme_id = int(form.theme_id.data) if form.theme_id.data else None
        obj, created = create_challenge(
            event.project_id,
            Translations({language: text}),
            current_user,
            event=event,
            client_key=key,
            theme_id=theme_id,
        )
        mine = obj.identified_at_id == event.id
    elif kind == "solution":
        obj, created = add_solution(
            challenge,
            Translations({language: text}),
            current_user,
            client_key=key,
            event_id=event.id,
        )
        mine = obj.event_id == event.id
    else:
        obj, created = record_note(event, text, language, current_user, client_key=key)
        mine = obj.event_id == event.id and obj.kind == "note"
    if not mine:
        return None, False
    return board_item(event, kind, obj.id), created


def _checked(event: Event, form: CaptureForm):
    """Validate the capture against the event: the challenge a solution answers (returned)
    must be one of the event's, a challenge's theme one of the project's."""
    if not form.validate_on_submit():
        return None
    kind = form.kind.data
    theme = form.theme_id.data
    if kind == "challenge" and theme and theme not in {str(t.id) for t in project_themes(event)}:
        form.theme_id.errors.append(_("Choose one of the project's themes."))
    if kind != "solution":
        return None
    challenge = event_challenge(event, form.challenge_id.data)
    if challenge is None:
        form.challenge_id.errors.append(_("Choose one of the challenges of this event."))
    return challenge


@bp.route("/events/<int:event_id>/board/items", methods=["POST"])
def add(event_id: int):
    """Save one capture; the same client key sent again answers with the same card."""
    event = _event(event_id)
    form = CaptureForm()
    challenge = _checked(event, form)
    if form.errors:
        return _refused(event, form)
    item, created = _record(event, form, challenge)
    if item is None:
        form.text.errors.append(_("This item was saved on another board; type it again."))
        return _refused(event, form)
    if is_htmx():
        return render(PAGE, "card", event=event, item=item, kinds=KINDS)
    if created:
        flash(str(SAVED[item.kind]), "success")
    return redirect(
        url_for("board.show", event_id=event.id, kind=item.kind, _anchor=item.dom_id), 303
    )


# --- Editing a card in place ----------------------------------------------------------------


def _item(event: Event, kind: str, item_id: int) -> BoardItem:
    item = board_item(event, kind, item_id)
    if item is None:
        abort(404)
    return item


def _values(item: BoardItem, language: str) -> SimpleNamespace:
    """What the card's form shows: the texts in the language being edited."""
    obj = item.obj
    if item.kind == "challenge":
        return SimpleNamespace(title=(obj.title or {}).get(language, ""))
    if item.kind == "solution":
        return SimpleNamespace(text=(obj.text or {}).get(language, ""))
    return SimpleNamespace(
        title=(obj.title or {}).get(language, ""), text=(obj.text or {}).get(language, "")
    )


def _edit_language(item: BoardItem) -> str:
    value = item.obj.text if item.kind == "solution" else item.obj.title
    return edited_language(value, current_language())


def _write(item: BoardItem, form, language: str) -> None:
    obj = item.obj
    if item.kind == "challenge":
        obj.title = with_text(obj.title, language, form.title.data)
        index_search_text(obj)
    elif item.kind == "solution":
        obj.text = with_text(obj.text, language, form.text.data)
    else:
        obj.title = with_text(obj.title, language, form.title.data)
        obj.text = with_text(obj.text, language, form.text.data)


def _save(item: BoardItem, form, language: str) -> list | None:
    """collab.locking.save for a card, which edits one language of its texts: None when
    saved, the changes someone else made in between when not."""
    obj = item.obj
    if form.loaded_version() != obj.version:
        found = changes(form, _values(item, language))
        form.version.data = obj.version
        return found
    _write(item, form, language)
    obj.version += 1
    try:
        db.session.flush()
    except StaleDataError:
        # Someone saved between our read and our write, in the same instant.
        db.session.rollback()
        db.session.refresh(obj)
        found = changes(form, _values(item, language))
        form.version.data = obj.version
        return found
    return None


@bp.route(
    "/events/<int:event_id>/board/items/<any(challenge, solution, note):kind>/<int:item_id>",
    methods=["GET", "POST"],
)
def edit_item(event_id: int, kind: str, item_id: int):
    """Click to edit: the card turns into a form, and back into a card once saved."""
    event = _event(event_id)
    item = _item(event, kind, item_id)
    language = _edit_language(item)
    form = CARD_FORMS[kind](obj=_values(item, language), prefix=f"{kind}{item.id}")
    conflict = None
    if request.method == "GET":
        form.version.data = item.obj.version
    elif form.validate_on_submit():
        conflict = _save(item, form, language)
        if conflict is None:
            if is_htmx():
                return _card(event, item)
            flash(_("Changes saved."), "success")
            return redirect(url_for("board.show", event_id=event.id, _anchor=item.dom_id), 303)
    return _card(
        event,
        item,
        status=status_of(form, conflict),
        editing=item.dom_id,
        row_form=form,
        conflict=conflict,
        edit_language=language,
    )


@bp.route(
    "/events/<int:event_id>/board/items/<any(challenge, solution, note):kind>/<int:item_id>/row"
)
def item_row(event_id: int, kind: str, item_id: int):
    """The card as it is saved (Cancel in the inline editor)."""
    event = _event(event_id)
    return _card(event, _item(event, kind, item_id))
