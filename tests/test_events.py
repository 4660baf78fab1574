"""Events: creating and editing one, its page with the figures, and who may do what."""

import re
from contextlib import contextmanager
from datetime import date

from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import select

from collab.events.models import AgendaItem, Event, Theme
from collab.extensions import db
from collab.i18n import Translations
from tests.conftest import attend, login, make_organisation, make_participant


def new_event(world, **changes):
    """What a coordinator types in the form of a new event."""
    data = {
        "title-en": "Thematic workshop on coastal planning",
        "title-lv": "Tematiskā darbnīca par piekrastes plānošanu",
        "kind": "workshop",
        "status": "planned",
        "start_date": "2021-03-10",
        "end_date": "2021-03-11",
        "venue": "Liepājas Universitāte",
        "town": "Liepāja",
        "country": "LV",
        "organiser_id": str(world.lv.id),
    }
    data.update(changes)
    return data


def loaded_form(event, **changes):
    """The edit form of `event` as the browser sends it back unchanged."""
    data = {
        **{f"title-{lang}": text for lang, text in event.title.items()},
        "kind": event.kind,
        "status": event.status,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "venue": event.venue or "",
        "town": event.town or "",
        "country": event.country,
        "organiser_id": str(event.organiser_id),
        "co_organisers": [str(o.id) for o in event.co_organisers],
        "themes": [str(t.id) for t in event.themes],
        "target_groups": list(event.target_groups or []),
        "version": str(event.version),
    }
    data.update(changes)
    return data


def events_titled(title):
    return db.session.scalars(select(Event).where(Event.search_text.contains(title.casefold())))


# --- Creating -----------------------------------------------------------------------------


def test_new_event_form_starts_with_the_persons_organisation(client, world):
    login(client, world.users["facilitator"])
    response = client.get(f"/projects/{world.project.id}/events/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<option selected value="{world.lv.id}">Kurzemes plānošanas reģions (LV)' in page
    # Partners first among co-organisers; the project's theme and the target groups offered.
    assert page.index("Asociacija „Klaipėdos regionas“ (LT)") < page.index("Hochschule Stralsund")
    assert "Climate adaptation" in page
    assert "Municipal spatial-planning or strategic-development specialist" in page
    assert "Study visit" in page and "Host region" in page


def test_coordinator_creates_an_event(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        f"/projects/{world.project.id}/events/new",
        data=new_event(
            world,
            co_organisers=[str(world.lt.id)],
            themes=[str(world.theme.id)],
            target_groups=["planner", "politician"],
            **{"description-en": "Three **sessions**."},
        ),
    )
    assert response.status_code == 303
    created = events_titled("coastal planning").one()
    assert response.headers["Location"].endswith(f"/events/{created.id}")
    assert created.project_id == world.project.id
    assert created.title == {
        "en": "Thematic workshop on coastal planning",
        "lv": "Tematiskā darbnīca par piekrastes plānošanu",
    }
    assert (created.kind, created.status, created.country) == ("workshop", "planned", "LV")
    assert (created.start_date, created.end_date) == (date(2021, 3, 10), date(2021, 3, 11))
    assert created.organiser_id == world.lv.id
    assert [o.id for o in created.co_organisers] == [world.lt.id]
    assert [t.id for t in created.themes] == [world.theme.id]
    assert sorted(created.target_groups) == ["planner", "politician"]
    assert created.description == {"en": "Three **sessions**."}

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Event created." in page
    assert "Thematic workshop on coastal planning" in page
    assert "Three <strong>sessions</strong>." in page
    assert "Asociacija „Klaipėdos regionas“" in page and "Local or regional politician" in page


def test_a_one_day_event_ends_the_day_it_starts(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        f"/projects/{world.project.id}/events/new", data=new_event(world, end_date="")
    )
    assert response.status_code == 303
    created = events_titled("coastal planning").one()
    assert created.end_date == created.start_date == date(2021, 3, 10)


def test_invalid_event_keeps_what_was_typed(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        f"/projects/{world.project.id}/events/new",
        data=new_event(world, **{"title-en": "", "title-lv": "", "venue": "Typed by me"}),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please correct the following:" in page
    assert "Fill in at least one language." in page
    assert 'value="Typed by me"' in page
    assert db.session.scalar(select(Event).where(Event.venue == "Typed by me")) is None


def test_an_event_cannot_end_before_it_starts(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        f"/projects/{world.project.id}/events/new",
        data=new_event(world, start_date="2021-03-10", end_date="2021-03-09"),
    )
    assert response.status_code == 400
    assert "The event cannot end before it starts." in response.get_data(as_text=True)
    assert events_titled("coastal planning").first() is None


def test_organiser_must_leave_the_person_able_to_edit(client, world):
    login(client, world.users["coordinator"])
    refused = client.post(
        f"/projects/{world.project.id}/events/new", data=new_event(world, organiser_id=world.lt.id)
    )
    assert refused.status_code == 400
    assert "You would no longer be able to edit this event" in refused.get_data(as_text=True)
    assert events_titled("coastal planning").first() is None

    # Co-organising it is enough.
    accepted = client.post(
        f"/projects/{world.project.id}/events/new",
        data=new_event(world, organiser_id=world.lt.id, co_organisers=[str(world.lv.id)]),
    )
    assert accepted.status_code == 303
    created = events_titled("coastal planning").one()
    assert created.organiser_id == world.lt.id
    assert [o.id for o in created.co_organisers] == [world.lv.id]


def test_admin_may_choose_any_partner_as_organiser(client, world):
    login(client, world.users["admin"])
    response = client.post(
        f"/projects/{world.project.id}/events/new", data=new_event(world, organiser_id=world.lt.id)
    )
    assert response.status_code == 303
    assert events_titled("coastal planning").one().organiser_id == world.lt.id


def test_organiser_must_be_a_partner_of_the_project(client, world):
    login(client, world.users["admin"])
    response = client.post(
        f"/projects/{world.project.id}/events/new", data=new_event(world, organiser_id=world.de.id)
    )
    assert response.status_code == 400
    assert events_titled("coastal planning").first() is None


def test_member_may_not_create_events_and_outsider_does_not_see_the_project(client, world):
    login(client, world.users["member"])
    assert client.get(f"/projects/{world.project.id}/events/new").status_code == 403
    client.post("/logout")
    login(client, world.users["outsider"])
    assert client.get(f"/projects/{world.project.id}/events/new").status_code == 404


# --- Editing ------------------------------------------------------------------------------


def test_facilitator_of_the_organiser_edits_the_event(client, world):
    login(client, world.users["facilitator"])
    url = f"/events/{world.event.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert 'value="Innovation camp in Ventspils"' in form
    assert 'name="version" type="hidden" value="1"' in form

    response = client.post(
        url, data=loaded_form(world.event, status="cancelled", host_region="Kurzeme")
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert world.event.status == "cancelled" and world.event.host_region == "Kurzeme"
    assert world.event.version == 2
    # The theme the event had stays (the form sent it back).
    assert [t.id for t in world.event.themes] == [world.theme.id]


def test_member_and_other_partners_coordinator_may_not_edit(client, world):
    login(client, world.users["member"])
    assert client.get(f"/events/{world.event.id}/edit").status_code == 403
    assert (
        client.post(f"/events/{world.event.id}/edit", data=loaded_form(world.event)).status_code
        == 403
    )
    client.post("/logout")
    # The Latvian coordinator reads the Lithuanian partner's event but does not edit it.
    login(client, world.users["coordinator"])
    assert client.get(f"/events/{world.lt_event.id}").status_code == 200
    assert client.get(f"/events/{world.lt_event.id}/edit").status_code == 403
    page = client.get(f"/events/{world.lt_event.id}").get_data(as_text=True)
    assert f"/events/{world.lt_event.id}/edit" not in page


def test_outsider_does_not_see_the_event(client, world):
    login(client, world.users["outsider"])
    assert client.get(f"/events/{world.event.id}").status_code == 404
    assert client.get(f"/events/{world.event.id}/edit").status_code == 404


def test_stale_edit_shows_the_conflict_and_keeps_the_typed_text(make_app, world):
    app = make_app()
    ilze, jonas = app.test_client(), app.test_client()
    login(ilze, world.users["coordinator"])
    login(jonas, world.users["facilitator"])
    loaded = loaded_form(world.event)

    second_theme = Theme(project_id=world.project.id, name=Translations({"en": "Mobility"}))
    db.session.add(second_theme)
    db.session.commit()
    saved = jonas.post(
        f"/events/{world.event.id}/edit",
        data={
            **loaded,
            "title-en": "Jonas's camp",
            "themes": [str(world.theme.id), str(second_theme.id)],
        },
    )
    assert saved.status_code == 303

    response = ilze.post(
        f"/events/{world.event.id}/edit", data={**loaded, "title-en": "Ilze's camp"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this while you were editing" in page
    assert "EN: Jonas&#39;s camp" in page
    assert 'value="Ilze&#39;s camp"' in page
    # Several choices read as their names, not as a list of ids.
    assert "<td>Climate adaptation, Mobility</td><td>Climate adaptation</td>" in page
    db.session.expire_all()
    assert world.event.title["en"] == "Jonas's camp"

    # Saving again, having read the difference, is a deliberate overwrite.
    assert 'name="version" type="hidden" value="2"' in page
    again = ilze.post(
        f"/events/{world.event.id}/edit",
        data={**loaded, "title-en": "Ilze's camp", "version": "2"},
    )
    assert again.status_code == 303
    db.session.expire_all()
    assert world.event.title["en"] == "Ilze's camp"
    assert [t.id for t in world.event.themes] == [world.theme.id]
    assert world.event.version == 3


# --- The event page -----------------------------------------------------------------------


def test_event_page_shows_the_event(client, world):
    world.event.co_organisers.append(world.lt)
    world.event.target_groups = ["business"]
    world.event.kind = "study_visit"
    world.event.host_region = "Kurzeme"
    world.event.sites_visited = Translations({"en": "- Port of *Ventspils*"})
    db.session.commit()
    login(client, world.users["member"])
    response = client.get(f"/events/{world.event.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Innovation camp in Ventspils</h1>" in page
    assert "Study visit" in page and "Held" in page
    assert "Sep 15\u2009–\u200916, 2021" in page
    assert "Zinātnes centrs VIZIUM, Ventspils, Latvia" in page
    assert 'src="/static/img/flags/lv.svg"' in page
    assert "Kurzemes plānošanas reģions" in page and "Asociacija „Klaipėdos regionas“" in page
    assert "Climate adaptation" in page and "Business" in page
    assert "Kurzeme" in page and "<li>Port of <em>Ventspils</em></li>" in page
    assert "Opening" in page and "A. Meri" in page
    assert "Notes of table 1" in page  # the World's note, in the outputs section
    # A member reads; editing and the names of participants are not theirs.
    assert f"/events/{world.event.id}/edit" not in page
    assert f"/events/{world.event.id}/attendance" not in page
    assert f"/events/{world.event.id}/checkin" not in page
    assert "Add an agenda item" not in page
    assert f'href="/projects/{world.project.id}/events"' in page


def test_event_page_links_the_organisers_to_attendance_and_checkin(client, world):
    login(client, world.users["facilitator"])
    page = client.get(f"/events/{world.event.id}").get_data(as_text=True)
    assert f'href="/events/{world.event.id}/edit"' in page
    assert f'href="/events/{world.event.id}/attendance"' in page
    assert f'href="/events/{world.event.id}/checkin"' in page
    assert f'href="/events/{world.event.id}/sign-in-sheet.pdf"' in page


def test_lithuanian_coordinator_sees_attendance_but_does_not_manage_it(client, world):
    lt_coordinator = world.users["member"]
    lt_coordinator.role = "coordinator"
    db.session.commit()
    login(client, lt_coordinator)
    page = client.get(f"/events/{world.event.id}").get_data(as_text=True)
    assert f'href="/events/{world.event.id}/attendance"' in page
    assert f'href="/events/{world.event.id}/checkin"' not in page


def test_description_is_sanitised_on_the_event_page(client, world):
    world.event.description = Translations(
        {
            "en": "**Bold** <script>alert('x')</script> [x](javascript:alert(1)) "
            '<img src=x onerror="alert(1)">'
        }
    )
    db.session.commit()
    login(client, world.users["member"])
    page = client.get(f"/events/{world.event.id}").get_data(as_text=True)
    description = re.search(r'aria-labelledby="description-title">(.*?)</section>', page, re.S)[1]
    assert "<strong>Bold</strong>" in description
    assert "<script" not in description
    assert 'href="javascript' not in description
    assert "<img" not in description
    assert not re.search(r"<[^>]*\son\w+=", description), "an event handler in a tag"


def test_description_not_translated_shows_the_marker(client, world):
    world.event.description = Translations({"lv": "Darbnīca *Ventspilī*"})
    db.session.commit()
    login(client, world.users["member"])
    page = client.get(f"/events/{world.event.id}").get_data(as_text=True)
    assert '<div lang="lv"><p>Darbnīca <em>Ventspilī</em></p>' in page
    assert '<abbr class="fallback" title="Not translated yet; shown in Latvian">LV</abbr>' in page


def test_figures_add_named_and_unnamed_people(client, world):
    lithuanian = make_participant(
        world.project, "Jonas Jonaitis", "LT", organisation=world.lt, function="politician"
    )
    unknown = make_participant(world.project, "Anna Schmidt", "DE", function="business")
    attend(world.event, lithuanian, role="speaker")
    attend(world.event, unknown)
    world.event.unnamed_count = 30
    db.session.commit()
    login(client, world.users["member"])
    page = client.get(f"/events/{world.event.id}").get_data(as_text=True)
    assert "3 named + 30 not named = 33 participants" in page
    assert "<caption>Participations by country</caption>" in page
    assert '<th scope="row">Latvia</th><td class="num" data-label="Participations">1</td>' in page
    assert '<th scope="row">Lithuania</th>' in page and '<th scope="row">Germany</th>' in page
    assert '<th scope="row">Local or regional politician</th>' in page
    assert '<th scope="row">Regional public authority</th><td class="num"' in page
    assert '<th scope="row">Unknown</th>' in page
    assert '<th scope="row">Speaker</th>' in page and '<th scope="row">Participant</th>' in page
    # Names are not shown to a member.
    assert "Jonas Jonaitis" not in page


def test_event_without_anyone_named_still_shows_the_total(client, world):
    world.lt_event.unnamed_count = 200
    db.session.commit()
    login(client, world.users["member"])
    page = client.get(f"/events/{world.lt_event.id}").get_data(as_text=True)
    assert "0 named + 200 not named = 200 participants" in page
    assert "No one named yet." in page


@contextmanager
def counted_statements():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sqlalchemy_event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sqlalchemy_event.remove(db.engine, "before_cursor_execute", count)


def _grow(world, event, n):
    """Give `event` n co-organisers, themes, agenda items and participants."""
    for i in range(n):
        organisation = make_organisation(f"Municipality {event.id}-{i}", "LV")
        event.co_organisers.append(organisation)
        theme = Theme(project_id=world.project.id, name=Translations({"en": f"Theme {i}"}))
        db.session.add(theme)
        event.themes.append(theme)
        event.agenda.append(
            AgendaItem(day=event.start_date, position=i, title=Translations({"en": f"Talk {i}"}))
        )
        participant = make_participant(
            world.project, f"Person {event.id}-{i}", "LT", organisation=organisation
        )
        attend(event, participant)
    db.session.commit()


def test_event_page_takes_the_same_few_queries_however_big_the_event(client, world):
    small = world.lt_event
    big = world.event
    small.organiser, big.organiser = world.lv, world.lv
    db.session.commit()
    _grow(world, small, 1)
    _grow(world, big, 30)
    small_id, big_id = small.id, big.id
    login(client, world.users["coordinator"])
    client.get(f"/events/{small_id}")  # warm up: caches of the first request

    with counted_statements() as few:
        assert client.get(f"/events/{small_id}").status_code == 200
    with counted_statements() as many:
        page = client.get(f"/events/{big_id}").get_data(as_text=True)
    assert "Talk 29" in page and "Municipality" in page and "Theme 29" in page
    assert len(many) == len(few), "\n\n".join(few) + "\n-----\n" + "\n\n".join(many)
    assert len(many) < 15, many


def test_a_save_in_the_same_instant_as_another_is_a_conflict_not_a_crash(make_app, world):
    """Someone saves between our read of the event and our write (found by the load test,
    bench/load_checkin.py): filling in the themes queries, and so flushes, before our own
    flush; the version check of that early UPDATE must still end in the conflict page."""
    app = make_app()
    client = app.test_client()
    login(client, world.users["coordinator"])
    loaded = loaded_form(world.event)
    event_id = world.event.id

    def save_meanwhile(conn, cursor, statement, parameters, context, executemany):
        # When the request first reads the themes, the other person's save lands.
        if "FROM theme" in statement and not raced:
            raced.append(True)
            with app.app_context(), db.engine.begin() as other:
                other.execute(
                    Event.__table__.update()
                    .where(Event.__table__.c.id == event_id)
                    .values(version=Event.__table__.c.version + 1)
                )

    raced = []
    with app.app_context():
        engine = db.engine
    sqlalchemy_event.listen(engine, "before_cursor_execute", save_meanwhile)
    try:
        response = client.post(
            f"/events/{event_id}/edit", data={**loaded, "title-en": "Ilze's camp"}
        )
    finally:
        sqlalchemy_event.remove(engine, "before_cursor_execute", save_meanwhile)

    assert raced, "the other save did not happen during the request"
    assert response.status_code == 409
    assert 'value="Ilze&#39;s camp"' in response.get_data(as_text=True)
