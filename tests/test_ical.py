"""The iCalendar feed of a project's events, and its subscription address."""

import re
from datetime import date

from icalendar import Calendar

from collab.extensions import db
from collab.i18n import Translations
from collab.projects.models import Project
from tests.conftest import login, make_event

HTMX = {"HX-Request": "true"}


def feed_address(client, project) -> str:
    """The subscription address shown on the event list (made on the first view)."""
    page = client.get(f"/projects/{project.id}/events").get_data(as_text=True)
    found = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page)
    assert found, "the event list shows no calendar address"
    return found.group(1).replace("&amp;", "&")


def parsed(response) -> Calendar:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def vevents(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_a_reader_sees_the_address_and_a_calendar_app_reads_it_without_login(app, world):
    reader = app.test_client()
    login(reader, world.users["member"])
    address = feed_address(reader, world.project)
    db.session.expire_all()
    token = db.session.get(Project, world.project.id).calendar_token
    assert token and len(token) >= 32
    assert address == f"http://localhost/projects/{world.project.id}/events.ics?token={token}"
    # The address stays the same on the next view.
    assert feed_address(reader, world.project) == address

    calendar_app = app.test_client()  # no cookies, no login
    response = calendar_app.get(address)
    events = vevents(parsed(response))

    assert set(events) == {f"event-{world.event.id}@collab", f"event-{world.lt_event.id}@collab"}
    camp = events[f"event-{world.event.id}@collab"]
    assert str(camp["SUMMARY"]) == "Innovation camp in Ventspils"
    # All day, and DTEND is the day after the last day (exclusive).
    assert camp.decoded("DTSTART") == date(2021, 9, 15)
    assert camp.decoded("DTEND") == date(2021, 9, 17)
    assert "VALUE=DATE" in camp.to_ical().decode()
    assert str(camp["LOCATION"]) == "Zinātnes centrs VIZIUM, Ventspils, Latvia"
    assert str(camp["URL"]) == f"http://localhost/events/{world.event.id}"
    assert str(camp["STATUS"]) == "CONFIRMED"
    seminar = events[f"event-{world.lt_event.id}@collab"]
    assert seminar.decoded("DTEND") == date(2021, 11, 6)  # a one-day event ends the next day
    assert str(seminar["LOCATION"]) == "Klaipėda, Lithuania"


def test_cancelled_events_stay_in_the_feed_as_cancelled(client, world):
    world.lt_event.status = "cancelled"
    world.project.calendar_token = "feed-token-for-the-test-0123456789"
    db.session.commit()
    response = client.get(
        f"/projects/{world.project.id}/events.ics?token=feed-token-for-the-test-0123456789"
    )
    events = vevents(parsed(response))
    assert str(events[f"event-{world.lt_event.id}@collab"]["STATUS"]) == "CANCELLED"
    assert str(events[f"event-{world.event.id}@collab"]["STATUS"]) == "CONFIRMED"


def test_summary_in_english_else_the_original_and_description(client, world):
    make_event(
        world.project,
        world.lv,
        {"lv": "Darbnīca Kuldīgā"},
        kind="workshop",
        start_date=date(2022, 3, 10),
        end_date=date(2022, 3, 10),
        venue=None,
        town="Kuldīga",
        description=Translations({"lv": "Ainava un plānošana", "en": "Landscape and planning"}),
    )
    world.project.calendar_token = "feed-token-for-the-test-0123456789"
    db.session.commit()
    calendar = parsed(
        client.get(
            f"/projects/{world.project.id}/events.ics?token=feed-token-for-the-test-0123456789"
        )
    )
    workshop = next(e for e in calendar.walk("VEVENT") if "Kuldīg" in str(e["SUMMARY"]))
    assert str(workshop["SUMMARY"]) == "Darbnīca Kuldīgā"
    assert str(workshop["DESCRIPTION"]) == "Landscape and planning"
    assert str(calendar["X-WR-CALNAME"]) == "Smart Planning"


def test_wrong_or_missing_token_is_not_found(client, world):
    url = f"/projects/{world.project.id}/events.ics"
    # No token made yet: nothing opens the feed, not even an empty one.
    assert client.get(url).status_code == 404
    assert client.get(f"{url}?token=").status_code == 404
    world.project.calendar_token = "feed-token-for-the-test-0123456789"
    db.session.commit()
    assert client.get(url).status_code == 404
    assert client.get(f"{url}?token=guess").status_code == 404
    # The token of one project does not open another's feed.
    other = f"/projects/{world.other_project.id}/events.ics"
    assert client.get(f"{other}?token=feed-token-for-the-test-0123456789").status_code == 404
    assert client.get("/projects/999999/events.ics?token=x").status_code == 404
    assert client.get(f"{url}?token=feed-token-for-the-test-0123456789").status_code == 200


def test_replacing_the_address_revokes_the_old_one(app, world):
    coordinator = app.test_client()
    login(coordinator, world.users["coordinator"])
    old = feed_address(coordinator, world.project)
    page = coordinator.get(f"/projects/{world.project.id}/events").get_data(as_text=True)
    assert "Replace the address" in page

    response = coordinator.post(f"/projects/{world.project.id}/events.ics/reset")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"/projects/{world.project.id}/events#calendar-feed"
    )
    new = feed_address(coordinator, world.project)

    assert new != old
    calendar_app = app.test_client()
    assert calendar_app.get(old).status_code == 404
    assert calendar_app.get(new).status_code == 200


def test_replacing_with_htmx_answers_the_section(client, world):
    login(client, world.users["coordinator"])
    old = feed_address(client, world.project)
    response = client.post(f"/projects/{world.project.id}/events.ics/reset", headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="calendar-feed"')
    assert "subscriptions with the old one stop working" in page
    assert old not in page.replace("&amp;", "&")


def test_only_project_editors_replace_the_address(client, world):
    login(client, world.users["facilitator"])
    old = feed_address(client, world.project)
    page = client.get(f"/projects/{world.project.id}/events").get_data(as_text=True)
    assert "Replace the address" not in page
    assert client.post(f"/projects/{world.project.id}/events.ics/reset").status_code == 403
    assert feed_address(client, world.project) == old
