"""Reading the audit log: each object's history for those who may edit it, and the admin's
filterable log with its CSV export."""

import csv
import io
import json
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from collab.audit.models import AuditEntry
from collab.extensions import db
from tests.conftest import login


def edit_event(client, world, version=1, **changes):
    data = {
        "title-en": "Innovation camp in Ventspils",
        "kind": "camp",
        "status": "held",
        "start_date": "2021-09-15",
        "end_date": "2021-09-16",
        "venue": "Zinātnes centrs VIZIUM",
        "town": "Ventspils",
        "country": "LV",
        "organiser_id": str(world.lv.id),
        "themes": [str(world.theme.id)],
        "version": str(version),
    }
    data.update(changes)
    return client.post(f"/events/{world.event.id}/edit", data=data)


def rows(page: str) -> list[str]:
    """The rows of the entries table, newest first."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr id=\"entry-\d+\".*?</tr>", body, re.S)


def text_of(html: str) -> str:
    """What a sighted reader sees (the words read out before and after are left out)."""
    html = re.sub(r'<span class="visually-hidden">(before|after): </span>', "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def coordinator(client, world):
    login(client, world.users["coordinator"])
    return client


# --- An object's history -----------------------------------------------------------------------


def test_the_event_history_shows_each_change_newest_first_with_who_and_before_after(
    coordinator, world
):
    assert edit_event(coordinator, world, **{"title-en": "Camp on cycling"}).status_code == 303
    assert (
        edit_event(
            coordinator, world, version=2, status="cancelled", **{"title-en": "Camp on cycling"}
        ).status_code
        == 303
    )

    response = coordinator.get(f"/history/event/{world.event.id}")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "History of “Camp on cycling”" in page
    newest, title_change, created = (text_of(row) for row in rows(page))
    assert "Test Coordinator" in newest and "KPR" in newest  # the organisation, short
    assert "Changed" in newest and "Status: Held → Cancelled" in newest
    assert "Title:" in title_change and "Innovation camp in Ventspils" in title_change
    assert "Camp on cycling" in title_change
    # Created by the test setup, on the command line: no person behind it.
    assert "Created" in created and "a command on the server" in created
    assert "Check-in link: changed (the value is not kept in the log)" in created
    # The event page leads there for its editors.
    event_page = coordinator.get(f"/events/{world.event.id}").get_data(as_text=True)
    assert f'href="/history/event/{world.event.id}"' in event_page


def test_before_and_after_are_read_out_and_marked_without_colour(coordinator, world):
    edit_event(coordinator, world, town="Kuldīga")
    page = coordinator.get(f"/history/event/{world.event.id}").get_data(as_text=True)
    assert (
        '<del class="before"><span class="visually-hidden">before: </span>Ventspils</del>' in page
    )
    assert '<ins class="after"><span class="visually-hidden">after: </span>Kuldīga</ins>' in page


def test_names_stand_for_ids_and_labels_for_codes(client, world):
    login(client, world.users["admin"])
    response = edit_event(client, world, organiser_id=str(world.lt.id), kind="seminar")
    assert response.status_code == 303
    page = text_of(client.get(f"/history/event/{world.event.id}").get_data(as_text=True))
    assert (
        "Organiser: Kurzemes plānošanas reģions → Asociacija „Klaipėdos regionas“"
        in page.replace("before: ", "").replace("after: ", "")
    )
    assert "Innovation camp → Seminar" in page.replace("before: ", "").replace("after: ", "")


def test_someone_whose_account_was_removed_is_said_so(coordinator, world):
    edit_event(coordinator, world, town="Kuldīga")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "update"))
    entry.user_id = None
    db.session.commit()
    page = coordinator.get(f"/history/event/{world.event.id}").get_data(as_text=True)
    assert "someone whose account was removed" in page


def test_only_those_who_may_edit_see_a_history(client, world):
    url = f"/history/event/{world.event.id}"
    login(client, world.users["member"])  # reads the project, edits nothing of this event
    assert client.get(url).status_code == 403
    page = client.get(f"/events/{world.event.id}").get_data(as_text=True)
    assert "/history/" not in page
    client.post("/logout")
    login(client, world.users["outsider"])  # does not see the project at all
    assert client.get(url).status_code == 404
    client.post("/logout")
    login(client, world.users["facilitator"])
    assert client.get(url).status_code == 200


def test_unknown_kinds_and_missing_objects_are_not_found(coordinator, world):
    assert coordinator.get(f"/history/participant/{world.participant.id}").status_code == 404
    assert coordinator.get("/history/event/999999").status_code == 404
    assert coordinator.get(f"/history/user_account/{world.users['admin'].id}").status_code == 404


@pytest.mark.parametrize(
    ("kind", "obj", "page_url"),
    [
        ("challenge", lambda w: w.challenge, lambda w: f"/challenges/{w.challenge.id}"),
        ("output", lambda w: w.output, lambda w: f"/events/{w.event.id}/outputs"),
        ("project", lambda w: w.project, lambda w: f"/projects/{w.project.id}"),
        ("solution", lambda w: w.solution, None),
        ("indicator", lambda w: w.project.indicators[0], None),
    ],
)
def test_other_objects_have_a_history_too(coordinator, world, kind, obj, page_url):
    object_id = obj(world).id
    response = coordinator.get(f"/history/{kind}/{object_id}")
    assert response.status_code == 200
    assert "Created" in response.get_data(as_text=True)
    if page_url:
        page = coordinator.get(page_url(world)).get_data(as_text=True)
        assert f'href="/history/{kind}/{object_id}"' in page


def test_a_history_page_for_htmx_is_the_entries_only(coordinator, world):
    response = coordinator.get(f"/history/event/{world.event.id}", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="entries">') and "<html" not in fragment


# --- The admin's log -----------------------------------------------------------------------------


@pytest.fixture
def admin(client, world):
    login(client, world.users["admin"])
    return client


def test_only_admins_read_the_log(client, world):
    login(client, world.users["coordinator"])
    assert client.get("/admin/log").status_code == 403
    assert client.get("/admin/log.csv").status_code == 403


def test_the_log_filters_by_action_object_user_project_and_dates(app, admin, world):
    coordinator = app.test_client()
    login(coordinator, world.users["coordinator"])
    assert edit_event(coordinator, world, town="Kuldīga").status_code == 303
    member = app.test_client()
    login(member, world.users["member"])
    assert member.post(f"/events/{world.event.id}/edit").status_code == 403

    everything = admin.get("/admin/log").get_data(as_text=True)
    assert "Access refused" in everything and "Changed" in everything

    refused = admin.get("/admin/log?action=access_denied").get_data(as_text=True)
    [row] = rows(refused)
    assert "Test Member" in row and f"/events/{world.event.id}/edit" in row and "POST" in row
    assert '<option selected value="access_denied">' in refused

    by_user = rows(
        admin.get(f"/admin/log?user={world.users['coordinator'].id}").get_data(as_text=True)
    )
    assert by_user and all("Test Coordinator" in row for row in by_user)

    events = rows(admin.get("/admin/log?object_type=event&action=update").get_data(as_text=True))
    assert len(events) == 1 and "Ventspils" in events[0] and "Kuldīga" in events[0]
    assert f'href="/history/event/{world.event.id}"' in events[0]

    other_project = admin.get(f"/admin/log?project={world.other_project.id}&object_type=event")
    assert "No entry matches the filters." in other_project.get_data(as_text=True)

    today = datetime.now(UTC).date().isoformat()
    assert rows(admin.get(f"/admin/log?from={today}&to={today}").get_data(as_text=True))
    assert "No entry matches" in admin.get("/admin/log?to=2020-01-01").get_data(as_text=True)


def test_a_filter_the_log_cannot_read_is_ignored_and_said_so(admin, world):
    response = admin.get("/admin/log?action=explode&from=yesterday")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "What happened: “explode” was not understood, so this filter is ignored." in page
    assert "From: “yesterday” was not understood" in page
    assert rows(page)


def test_the_log_is_paged(admin, world):
    for _ in range(30):
        db.session.add(AuditEntry(action="login", user_id=world.users["member"].id))
    db.session.commit()
    first = admin.get("/admin/log?action=login").get_data(as_text=True)
    assert len(rows(first)) == 25 and "Page 1 of 2" in first
    second = admin.get("/admin/log?action=login&page=2").get_data(as_text=True)
    # 30 of the member, and the admin's own login.
    assert len(rows(second)) == 6


def test_the_log_filters_with_htmx_answer_the_results_only(admin, world):
    response = admin.get("/admin/log?action=login", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="results"') and "<form" not in fragment
    # The download follows the filters.
    assert 'href="/admin/log.csv?action=login"' in fragment
    page = admin.get("/admin/log").get_data(as_text=True)
    assert 'hx-get="/admin/log"' in page and 'hx-push-url="true"' in page


def test_the_csv_has_the_filtered_entries_and_is_not_cached(admin, world):
    edit_event(admin, world, town="Kuldīga")
    page = admin.get("/admin/log?action=update&object_type=event").get_data(as_text=True)
    assert 'href="/admin/log.csv?action=update&amp;object_type=event"' in page

    response = admin.get("/admin/log.csv?action=update&object_type=event")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="audit-log-')
    text = response.get_data().decode("utf-8-sig")
    header, *lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[:3] == ["When (UTC)", "What happened", "Who"]
    assert len(lines) == 1
    [line] = lines
    assert line[1] == "Changed" and line[2] == "Test Admin" and line[4] == "Event"
    assert line[5] == str(world.event.id) and line[6] == "LLI-431"
    details = json.loads(line[7])
    assert details["changes"]["town"] == ["Ventspils", "Kuldīga"]
    assert datetime.fromisoformat(line[0]).utcoffset().total_seconds() == 0
