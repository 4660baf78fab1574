"""Access rules of a project's event list, calendar, calendar feed and themes."""

from collab.extensions import db
from tests.access import (
    EVERYONE,
    HIDDEN_PROJECT,
    PROJECT_EDITORS,
    PROJECT_READERS,
    P,
    Rule,
)

FEED_TOKEN = "access-matrix-calendar-token-0123456789"


def feed(w):
    """The feed with the project's right token: calendar apps send no cookie and no login."""
    w.project.calendar_token = FEED_TOKEN
    db.session.commit()
    return f"/projects/{P(w)}/events.ics?token={FEED_TOKEN}"


def T(w):  # noqa: N802 - short for the World's theme id in URLs
    return w.theme.id


ACCESS: dict[str, list[Rule]] = {
    "events.index": [
        Rule("GET", lambda w: f"/projects/{P(w)}/events", PROJECT_READERS, hidden=HIDDEN_PROJECT)
    ],
    "events.calendar": [
        Rule(
            "GET",
            lambda w: f"/projects/{P(w)}/events/calendar?month=2021-09",
            PROJECT_READERS,
            hidden=HIDDEN_PROJECT,
        )
    ],
    "events.feed": [Rule("GET", feed, EVERYONE, public=True)],
    "events.reset_feed": [
        Rule(
            "POST",
            lambda w: f"/projects/{P(w)}/events.ics/reset",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
        )
    ],
    "events.themes": [
        Rule("GET", lambda w: f"/projects/{P(w)}/themes", PROJECT_READERS, hidden=HIDDEN_PROJECT)
    ],
    "events.add_theme": [
        Rule(
            "POST",
            lambda w: f"/projects/{P(w)}/themes",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
            data=lambda w: {"new-name-en": "Tourism", "new-name-lv": "Tūrisms"},
        )
    ],
    "events.edit_theme": [
        Rule(
            "GET",
            lambda w: f"/projects/{P(w)}/themes/{T(w)}",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
        ),
        Rule(
            "POST",
            lambda w: f"/projects/{P(w)}/themes/{T(w)}",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
            data=lambda w: {f"theme{T(w)}-name-en": "Climate change adaptation"},
        ),
    ],
    "events.delete_theme": [
        Rule(
            "POST",
            lambda w: f"/projects/{P(w)}/themes/{T(w)}/delete",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
        )
    ],
}
