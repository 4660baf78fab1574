"""Access rules of events: the event page, creating and editing an event, its agenda.

The World's event is organised by the Latvian partner: its coordinator and facilitator edit
it; the member (Lithuanian partner) reads it; the outsider does not see the project at all.
"""

from tests.access import EVENT_EDITORS, HIDDEN_PROJECT, PROJECT_READERS, E, P, Rule

# Who may create events of the project: its partners' coordinators and facilitators.
EVENT_CREATORS = {"admin", "coordinator", "facilitator"}


def item(w):
    return w.event.agenda[0].id


def new_event(w):
    return {
        "title-en": "Thematic workshop",
        "kind": "workshop",
        "status": "planned",
        "start_date": "2021-03-10",
        "country": "LV",
        "organiser_id": str(w.lv.id),
    }


def edited_event(w):
    return {
        "title-en": "Innovation camp",
        "kind": "camp",
        "status": "held",
        "start_date": "2021-09-15",
        "end_date": "2021-09-16",
        "country": "LV",
        "organiser_id": str(w.lv.id),
        "themes": [str(w.theme.id)],
        "version": "1",
    }


def agenda_item(prefix):
    def data(w):
        return {
            f"{prefix(w)}-day": "2021-09-15",
            f"{prefix(w)}-time": "10:00",
            f"{prefix(w)}-title-en": "Welcome",
            f"{prefix(w)}-speaker": "A. Meri",
        }

    return data


ACCESS: dict[str, list[Rule]] = {
    "events.show": [
        Rule("GET", lambda w: f"/events/{E(w)}", PROJECT_READERS, hidden=HIDDEN_PROJECT)
    ],
    "events.create": [
        Rule(
            "GET",
            lambda w: f"/projects/{P(w)}/events/new",
            EVENT_CREATORS,
            hidden=HIDDEN_PROJECT,
        ),
        Rule(
            "POST",
            lambda w: f"/projects/{P(w)}/events/new",
            EVENT_CREATORS,
            hidden=HIDDEN_PROJECT,
            data=new_event,
        ),
    ],
    "events.edit": [
        Rule("GET", lambda w: f"/events/{E(w)}/edit", EVENT_EDITORS, hidden=HIDDEN_PROJECT),
        Rule(
            "POST",
            lambda w: f"/events/{E(w)}/edit",
            EVENT_EDITORS,
            hidden=HIDDEN_PROJECT,
            data=edited_event,
        ),
    ],
    "events.delete": [
        Rule("POST", lambda w: f"/events/{E(w)}/delete", EVENT_EDITORS, hidden=HIDDEN_PROJECT)
    ],
    "events.add_agenda_item": [
        Rule(
            "POST",
            lambda w: f"/events/{E(w)}/agenda",
            EVENT_EDITORS,
            hidden=HIDDEN_PROJECT,
            data=agenda_item(lambda w: "agenda"),
        )
    ],
    "events.edit_agenda_item": [
        Rule(
            "GET",
            lambda w: f"/events/{E(w)}/agenda/{item(w)}",
            EVENT_EDITORS,
            hidden=HIDDEN_PROJECT,
        ),
        Rule(
            "POST",
            lambda w: f"/events/{E(w)}/agenda/{item(w)}",
            EVENT_EDITORS,
            hidden=HIDDEN_PROJECT,
            data=agenda_item(lambda w: f"item{item(w)}"),
        ),
    ],
    "events.agenda_row": [
        Rule(
            "GET",
            lambda w: f"/events/{E(w)}/agenda/{item(w)}/row",
            EVENT_EDITORS,
            hidden=HIDDEN_PROJECT,
        )
    ],
    "events.delete_agenda_item": [
        Rule(
            "POST",
            lambda w: f"/events/{E(w)}/agenda/{item(w)}/delete",
            EVENT_EDITORS,
            hidden=HIDDEN_PROJECT,
        )
    ],
    "events.move_agenda_item": [
        Rule(
            "POST",
            lambda w: f"/events/{E(w)}/agenda/{item(w)}/move",
            EVENT_EDITORS,
            hidden=HIDDEN_PROJECT,
            data=lambda w: {"direction": "down"},
        )
    ],
}
