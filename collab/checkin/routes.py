"""Self check-in at the door: the facilitator's page with the QR code and the live count,
the public form a participant fills in on their phone, and the printable sign-in sheet."""

from flask import abort, current_app, flash, make_response, redirect, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from collab.attendance.models import Attendance
from collab.checkin import bp, consent, qr, sheet
from collab.checkin.forms import CheckinForm
from collab.checkin.operations import check_in, close_checkin, open_checkin, renew_link
from collab.config import LANGUAGES
from collab.events.models import Event
from collab.extensions import db, limiter
from collab.forms import EmptyForm, status_of
from collab.htmx import is_htmx, render
from collab.policy import get_event
from collab.security import public

LATEST_ARRIVALS = 8


def _no_store(response):
    # Check-in pages are opened on shared phones and tablets: keep no copy anywhere.
    response.headers["Cache-Control"] = "no-store"
    return response


def checkin_url(event: Event) -> str:
    return url_for("checkin.form", token=event.checkin_token, _external=True)


# --- The facilitator's page ---------------------------------------------------------------


def _managed_event(event_id: int) -> Event:
    return get_event(current_user, event_id, "attendance.manage")


def _count(event: Event) -> dict:
    """How many came: by self check-in, and everyone named; the latest arrivals."""
    by_checkin = db.session.scalar(
        select(func.count(Attendance.id)).where(
            Attendance.event_id == event.id, Attendance.recorded == "checkin"
        )
    )
    named = db.session.scalar(
        select(func.count(Attendance.id)).where(Attendance.event_id == event.id)
    )
    latest = db.session.scalars(
        select(Attendance)
        .where(Attendance.event_id == event.id, Attendance.recorded == "checkin")
        .order_by(Attendance.created_at.desc(), Attendance.id.desc())
        .limit(LATEST_ARRIVALS)
    ).all()
    return {"by_checkin": by_checkin, "named": named, "latest": latest}


def _manage_page(event: Event, block: str | None = None, status: int = 200, **context):
    url = checkin_url(event)
    response = render(
        "checkin/manage.html",
        block,
        status=status,
        event=event,
        project=event.project,
        checkin_url=url,
        qr_svg=qr.svg_markup(url),
        count=_count(event),
        **context,
    )
    return _no_store(response)


@bp.route("/events/<int:event_id>/checkin")
def manage(event_id: int):
    return _manage_page(_managed_event(event_id))


@bp.route("/events/<int:event_id>/checkin/count")
def count(event_id: int):
    """The live count the page polls while check-in is open."""
    event = _managed_event(event_id)
    # 286 tells htmx to stop polling: someone closed check-in on another device.
    status = 200 if event.checkin_open or not is_htmx() else 286
    return _manage_page(event, block="count", status=status)


def _switch(event_id: int, change, notice: str):
    event = _managed_event(event_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    change(event)
    if is_htmx():
        return _manage_page(event, block="panel", notice=notice)
    flash(notice, "success")
    return redirect(url_for("checkin.manage", event_id=event.id), 303)


@bp.route("/events/<int:event_id>/checkin/open", methods=["POST"], endpoint="open")
def open_(event_id: int):
    return _switch(event_id, open_checkin, _("Check-in is open: people can check in now."))


@bp.route("/events/<int:event_id>/checkin/close", methods=["POST"])
def close(event_id: int):
    return _switch(event_id, close_checkin, _("Check-in is closed."))


@bp.route("/events/<int:event_id>/checkin/renew", methods=["POST"])
def renew(event_id: int):
    return _switch(
        event_id,
        renew_link,
        _("There is a new check-in link. The old link and QR code no longer work."),
    )


@bp.route("/events/<int:event_id>/checkin/screen")
def screen(event_id: int):
    """Only the code, the title and the link, large: for a projector, a tablet or a poster."""
    event = _managed_event(event_id)
    url = checkin_url(event)
    # People at the door read different languages: say it in each (once if not translated).
    instructions = {}
    for language in LANGUAGES:
        with force_locale(language):
            text = _("Scan the code with your phone's camera to check in.")
        if text not in instructions.values():
            instructions[language] = text
    response = render(
        "checkin/screen.html",
        event=event,
        checkin_url=url,
        qr_svg=qr.svg_markup(url),
        instructions=instructions,
        poster=request.args.get("poster") == "1",
    )
    return _no_store(response)


def _image(body: bytes, mimetype: str, filename: str):
    response = make_response(body)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return _no_store(response)


@bp.route("/events/<int:event_id>/checkin/qr.svg")
def qr_svg(event_id: int):
    event = _managed_event(event_id)
    return _image(qr.svg_file(checkin_url(event)), "image/svg+xml", f"checkin-qr-{event.id}.svg")


@bp.route("/events/<int:event_id>/checkin/qr.png")
def qr_png(event_id: int):
    event = _managed_event(event_id)
    # ?scale= pixels per module: the default prints sharply about 15 cm wide.
    scale = max(4, min(request.args.get("scale", 20, type=int), 40))
    body = qr.png_file(checkin_url(event), scale=scale)
    return _image(body, "image/png", f"checkin-qr-{event.id}.png")


# --- The participant's form ---------------------------------------------------------------


def _event_by_token(token: str) -> Event:
    event = db.session.scalar(select(Event).where(Event.checkin_token == token))
    if event is None:
        # The same answer for a mistyped, an old and an invented link: nothing leaks.
        abort(_unavailable(404))
    return event


def _unavailable(status: int):
    if status == 404:
        title = _("This check-in link is not valid")
        text = _("Check that you typed the whole address, or scan the QR code again.")
    else:
        title = _("Check-in for this event is closed")
        text = _("Check-in for this event is closed. Please ask the organisers.")
    return _no_store(render("checkin/unavailable.html", status=status, title=title, text=text))


def _checkin_limit() -> str:
    return current_app.config["CHECKIN_RATE_LIMIT"]


@bp.route("/checkin/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_checkin_limit, methods=["POST"])
def form(token: str):
    event = _event_by_token(token)
    if not event.checkin_open or event.status == "cancelled":
        return _unavailable(403)
    entry = CheckinForm()
    if entry.validate_on_submit():
        _attendance, created = check_in(event, entry)
        # Only what the thank-you page needs: a tablet at the door shows the next person
        # nothing of the one before.
        session["checked_in"] = {"event": event.id, "again": not created}
        return redirect(url_for("checkin.thanks", token=token), 303)
    return _no_store(
        render(
            "checkin/form.html",
            form=entry,
            event=event,
            consent_version=consent.CONSENT_VERSION,
            status=status_of(entry),
        )
    )


@bp.route("/checkin/<token>/thanks")
@public
def thanks(token: str):
    event = _event_by_token(token)
    record = session.pop("checked_in", None)
    if not record or record.get("event") != event.id:
        return redirect(url_for("checkin.form", token=token), 303)
    return _no_store(render("checkin/thanks.html", event=event, again=record.get("again")))


# --- The sign-in sheet --------------------------------------------------------------------


@bp.route("/events/<int:event_id>/sign-in-sheet.pdf")
def sign_in_sheet(event_id: int):
    event = get_event(current_user, event_id, "attendance.view")
    response = make_response(sheet.sign_in_sheet_pdf(event))
    response.mimetype = "application/pdf"
    filename = f"sign-in-sheet-{event.start_date.isoformat()}.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return _no_store(response)
