"""The iCalendar feed of a project's events, for the partners' calendar apps.

Calendar apps fetch the feed without a login or cookies, so the feed is reached by a
secret token in its URL (Project.calendar_token); replacing the token revokes every
subscription made with the old one.
"""

import secrets
from datetime import UTC, datetime, timedelta

from flask import url_for
from flask_babel import force_locale
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from sqlalchemy import select

from collab.events.models import Event
from collab.extensions import db
from collab.projects.models import Project
from collab.templating import country_name

# Calendar apps have no reader's language: the feed is in English, else the original.
FEED_LANGUAGE = "en"


def calendar_token(project: Project) -> str:
    """The project's feed token, made the first time someone asks for it."""
    if project.calendar_token is None:
        project.calendar_token = secrets.token_urlsafe(24)
        db.session.flush()
    return project.calendar_token


def replace_calendar_token(project: Project) -> str:
    """A new feed token: subscriptions with the old one stop working."""
    project.calendar_token = secrets.token_urlsafe(24)
    db.session.flush()
    return project.calendar_token


def project_by_token(project_id: int, token: str | None) -> Project | None:
    """The project whose feed `token` opens, or None."""
    project = db.session.get(Project, project_id)
    if project is None or not project.calendar_token or not token:
        return None
    # Constant time: the token is the only thing guarding the feed.
    if not secrets.compare_digest(project.calendar_token.encode(), token.encode()):
        return None
    return project


def _text(value) -> str:
    return value.pick(FEED_LANGUAGE)[0] if value else ""


def _location(event: Event) -> str:
    with force_locale(FEED_LANGUAGE):
        parts = (event.venue, event.town, country_name(event.country))
    return ", ".join(part for part in parts if part)


def project_calendar(project: Project) -> bytes:
    """The project's events as an iCalendar file: one all-day VEVENT per event."""
    calendar = Calendar()
    calendar.add("prodid", "-//Collab//Project events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", project.acronym)
    events = db.session.scalars(
        select(Event).where(Event.project_id == project.id).order_by(Event.start_date, Event.id)
    )
    stamp = datetime.now(UTC)
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.id}@collab")
        entry.add("dtstamp", stamp)
        entry.add("last-modified", event.updated_at)
        entry.add("sequence", event.version)
        # All-day events: DTEND is the day after the last one (RFC 5545, 3.6.1).
        entry.add("dtstart", event.start_date)
        entry.add("dtend", event.end_date + timedelta(days=1))
        entry.add("summary", _text(event.title))
        location = _location(event)
        if location:
            entry.add("location", location)
        description = _text(event.description)
        if description:
            entry.add("description", description)
        entry.add("url", url_for("events.show", event_id=event.id, _external=True))
        entry.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
        calendar.add_component(entry)
    return calendar.to_ical()
