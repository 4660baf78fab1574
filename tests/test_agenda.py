"""The agenda of an event: added, edited in place, moved and removed, with htmx or without."""

import re
from datetime import date, time

from sqlalchemy import select

from collab.events.models import AgendaItem
from collab.extensions import db
from collab.i18n import Translations
from tests.conftest import login

HTMX = {"HX-Request": "true"}


def agenda_of(event, day=None):
    """Titles of the event's agenda (of one day), in the order the page shows them."""
    db.session.expire_all()
    query = select(AgendaItem).where(AgendaItem.event_id == event.id)
    if day is not None:
        query = query.where(AgendaItem.day == day)
    items = db.session.scalars(query).all()
    return [i.title["en"] for i in sorted(items, key=lambda i: (i.day, i.position, i.id))]


def add_items(event, *titles, day=None):
    for title in titles:
        day_items = [i for i in event.agenda if i.day == (day or event.start_date)]
        event.agenda.append(
            AgendaItem(
                day=day or event.start_date,
                title=Translations({"en": title}),
                position=max((i.position for i in day_items), default=-1) + 1,
            )
        )
    db.session.commit()
    return {i.title["en"]: i.id for i in event.agenda}


def new_item(**changes):
    data = {
        "agenda-day": "2021-09-15",
        "agenda-time": "10:30",
        "agenda-title-en": "Challenges of the coast",
        "agenda-speaker": "Ilze Paraudziņa",
        "agenda-speaker_organisation": "Kurzemes plānošanas reģions",
    }
    data.update(changes)
    return data


def page_order(page, titles):
    return sorted(titles, key=page.index)


def test_add_an_item_without_javascript(client, world):
    login(client, world.users["facilitator"])
    response = client.post(f"/events/{world.event.id}/agenda", data=new_item())
    assert response.status_code == 303
    added = db.session.scalar(select(AgendaItem).where(AgendaItem.speaker == "Ilze Paraudziņa"))
    assert response.headers["Location"].endswith(f"/events/{world.event.id}#agenda-item-{added.id}")
    assert (added.day, added.time) == (date(2021, 9, 15), time(10, 30))
    assert added.speaker_organisation == "Kurzemes plānošanas reģions"
    # It goes last of its day.
    assert agenda_of(world.event) == ["Opening", "Challenges of the coast"]


def test_add_an_item_with_htmx_returns_the_agenda(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        f"/events/{world.event.id}/agenda",
        headers=HTMX,
        data=new_item(**{"agenda-day": "2021-09-16", "agenda-time": ""}),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert page.lstrip().startswith('<section id="agenda"')
    assert "<html" not in page
    assert "Challenges of the coast" in page and "Opening" in page
    # The form stays open on the same day for the next item.
    assert '<details class="add-row" open>' in page
    assert '<option selected value="2021-09-16">' in page
    added = db.session.scalar(select(AgendaItem).where(AgendaItem.day == date(2021, 9, 16)))
    assert added.time is None


def test_an_item_without_a_title_is_refused_and_keeps_the_typed_text(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        f"/events/{world.event.id}/agenda",
        headers=HTMX,
        data=new_item(**{"agenda-title-en": "", "agenda-speaker": "Typed by me"}),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page.lstrip().startswith('<section id="agenda"')
    assert "Fill in at least one language." in page
    assert 'value="Typed by me"' in page
    assert agenda_of(world.event) == ["Opening"]


def test_a_day_outside_the_event_is_refused(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        f"/events/{world.event.id}/agenda", data=new_item(**{"agenda-day": "2021-09-20"})
    )
    assert response.status_code == 400
    assert agenda_of(world.event) == ["Opening"]


def test_click_to_edit_round_trip_with_htmx(client, world):
    login(client, world.users["facilitator"])
    item = world.event.agenda[0]
    url = f"/events/{world.event.id}/agenda/{item.id}"
    form = client.get(url, headers=HTMX).get_data(as_text=True)
    assert form.lstrip().startswith(f'<tr id="agenda-item-{item.id}" class="editing">')
    assert 'value="Opening"' in form and 'value="A. Meri"' in form

    cancelled = client.get(f"{url}/row", headers=HTMX).get_data(as_text=True)
    assert cancelled.lstrip().startswith(f'<tr id="agenda-item-{item.id}">')

    prefix = f"item{item.id}"
    saved = client.post(
        url,
        headers=HTMX,
        data={
            f"{prefix}-day": "2021-09-15",
            f"{prefix}-time": "09:00",
            f"{prefix}-title-en": "Opening words",
            f"{prefix}-title-lv": "Atklāšana",
            f"{prefix}-speaker": "A. Meri",
            f"{prefix}-speaker_organisation": "KPR",
        },
    )
    page = saved.get_data(as_text=True)
    assert saved.status_code == 200
    assert page.lstrip().startswith('<section id="agenda"')
    assert "Opening words" in page and "09:00" in page
    db.session.expire_all()
    assert item.title == {"en": "Opening words", "lv": "Atklāšana"} and item.time == time(9)


def test_edit_without_javascript_shows_the_page_with_the_form(client, world):
    login(client, world.users["coordinator"])
    item = world.event.agenda[0]
    url = f"/events/{world.event.id}/agenda/{item.id}"
    page = client.get(url).get_data(as_text=True)
    assert "<html" in page and f'<tr id="agenda-item-{item.id}" class="editing">' in page
    prefix = f"item{item.id}"
    response = client.post(
        url, data={f"{prefix}-day": "2021-09-15", f"{prefix}-title-en": "Welcome"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#agenda-item-{item.id}")
    assert agenda_of(world.event) == ["Welcome"]


def test_an_invalid_edit_keeps_the_typed_text(client, world):
    login(client, world.users["coordinator"])
    item = world.event.agenda[0]
    prefix = f"item{item.id}"
    response = client.post(
        f"/events/{world.event.id}/agenda/{item.id}",
        headers=HTMX,
        data={f"{prefix}-day": "2021-09-15", f"{prefix}-title-en": "", f"{prefix}-speaker": "Me"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<tr id="agenda-item-{item.id}" class="editing">' in page
    assert "Fill in at least one language." in page and 'value="Me"' in page
    assert agenda_of(world.event) == ["Opening"]


def test_moving_an_item_to_another_day_puts_it_last_of_that_day(client, world):
    ids = add_items(world.event, "Field trip", "Summary", day=date(2021, 9, 16))
    login(client, world.users["coordinator"])
    prefix = f"item{ids['Opening']}"
    client.post(
        f"/events/{world.event.id}/agenda/{ids['Opening']}",
        data={f"{prefix}-day": "2021-09-16", f"{prefix}-title-en": "Opening"},
    )
    assert agenda_of(world.event, date(2021, 9, 16)) == ["Field trip", "Summary", "Opening"]


def test_remove_an_item(client, world):
    ids = add_items(world.event, "Coffee")
    login(client, world.users["coordinator"])
    response = client.post(f"/events/{world.event.id}/agenda/{ids['Coffee']}/delete")
    assert response.status_code == 303
    assert agenda_of(world.event) == ["Opening"]

    fragment = client.post(f"/events/{world.event.id}/agenda/{ids['Opening']}/delete", headers=HTMX)
    page = fragment.get_data(as_text=True)
    assert fragment.status_code == 200
    assert page.lstrip().startswith('<section id="agenda"') and "Opening" not in page
    assert agenda_of(world.event) == []


def test_move_items_up_and_down_within_their_day(client, world):
    ids = add_items(world.event, "Talk", "Coffee", "Closing")
    add_items(world.event, "Field trip", day=date(2021, 9, 16))
    login(client, world.users["coordinator"])
    move = f"/events/{world.event.id}/agenda/{{}}/move"

    response = client.post(move.format(ids["Closing"]), data={"direction": "up"})
    assert response.status_code == 303
    assert agenda_of(world.event, world.event.start_date) == [
        "Opening",
        "Talk",
        "Closing",
        "Coffee",
    ]

    fragment = client.post(move.format(ids["Opening"]), headers=HTMX, data={"direction": "down"})
    page = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and page.lstrip().startswith('<section id="agenda"')
    assert page_order(page, ["Opening", "Talk", "Closing", "Coffee"]) == [
        "Talk",
        "Opening",
        "Closing",
        "Coffee",
    ]
    # The first of a day goes no higher, the last no lower: nothing moves across days.
    client.post(move.format(ids["Talk"]), data={"direction": "up"})
    client.post(move.format(ids["Coffee"]), data={"direction": "down"})
    assert agenda_of(world.event, world.event.start_date) == [
        "Talk",
        "Opening",
        "Closing",
        "Coffee",
    ]
    assert agenda_of(world.event, date(2021, 9, 16)) == ["Field trip"]


def test_move_numbers_a_day_whose_items_share_a_position(client, world):
    for title in ("B", "C"):
        world.event.agenda.append(
            AgendaItem(day=world.event.start_date, title=Translations({"en": title}), position=0)
        )
    db.session.commit()
    ids = {i.title["en"]: i.id for i in world.event.agenda}
    login(client, world.users["coordinator"])
    client.post(f"/events/{world.event.id}/agenda/{ids['C']}/move", data={"direction": "up"})
    assert agenda_of(world.event) == ["Opening", "C", "B"]


def test_the_page_offers_only_the_moves_that_exist(client, world):
    ids = add_items(world.event, "Closing")
    login(client, world.users["coordinator"])
    page = client.get(f"/events/{world.event.id}").get_data(as_text=True)
    assert re.search(r"Move up<span class=\"visually-hidden\"> Closing", page)
    assert not re.search(r"Move down<span class=\"visually-hidden\"> Closing", page)
    assert not re.search(r"Move up<span class=\"visually-hidden\"> Opening", page)
    assert ids


def test_a_strange_direction_is_refused(client, world):
    item = world.event.agenda[0]
    login(client, world.users["coordinator"])
    response = client.post(
        f"/events/{world.event.id}/agenda/{item.id}/move", data={"direction": "sideways"}
    )
    assert response.status_code == 400


def test_an_item_of_another_event_is_not_found(client, world):
    item = world.event.agenda[0]
    other = world.lt_event.id
    login(client, world.users["admin"])
    base = f"/events/{other}/agenda/{item.id}"
    assert client.get(base).status_code == 404
    assert client.post(base, data={f"item{item.id}-title-en": "X"}).status_code == 404
    assert client.get(f"{base}/row").status_code == 404
    assert client.post(f"{base}/delete").status_code == 404
    assert client.post(f"{base}/move", data={"direction": "up"}).status_code == 404
    assert agenda_of(world.event) == ["Opening"]


def test_member_may_not_change_the_agenda(client, world):
    item = world.event.agenda[0]
    login(client, world.users["member"])
    assert client.post(f"/events/{world.event.id}/agenda", data=new_item()).status_code == 403
    assert client.post(f"/events/{world.event.id}/agenda/{item.id}/delete").status_code == 403
    assert agenda_of(world.event) == ["Opening"]
