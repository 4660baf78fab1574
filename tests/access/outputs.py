"""Access rules of outputs: the list of an event's outputs, adding, editing and removing
them, downloads, thumbnails and the material packages.

Every partner reads and downloads; the organiser's coordinators and facilitators (and the
admin) add and edit; the outsider does not see the project. World.output is a note: a rule
that needs a file stores one, through the app's own storage, when its url is built.
"""

from io import BytesIO

from PIL import Image

from collab.extensions import db
from collab.i18n import Translations
from collab.outputs.models import Output
from collab.outputs.storage import store
from tests.access import EVENT_EDITORS, HIDDEN_PROJECT, PROJECT_READERS, E, P, Rule


def _png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (20, 90, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def photo(w) -> int:
    """A photo with its file, at the World's event."""
    output = Output(
        event_id=w.event.id,
        kind="photo",
        title=Translations({"en": "Table 2 at work"}),
        file=store(_png(), "image/png"),
        filename="table 2.png",
    )
    db.session.add(output)
    db.session.commit()
    return output.id


def note(w) -> int:
    """The World's note."""
    return w.output.id


def new_note(w):
    return {"kind": "note", "title-en": "Table 4", "text-en": "Ferries *too*."}


def edited_note(w):
    return {
        "kind": "note",
        "title-en": "Notes of table 1",
        "text-en": "Cycling *matters* most.",
        "version": "1",
        "handbook_chapter": "",
    }


def _reader(method, url, **fields):
    return Rule(method, url, PROJECT_READERS, hidden=HIDDEN_PROJECT, **fields)


def _editor(method, url, **fields):
    return Rule(method, url, EVENT_EDITORS, hidden=HIDDEN_PROJECT, **fields)


ACCESS: dict[str, list[Rule]] = {
    "outputs.index": [_reader("GET", lambda w: f"/events/{E(w)}/outputs")],
    "outputs.create": [_editor("POST", lambda w: f"/events/{E(w)}/outputs", data=new_note)],
    "outputs.edit": [
        _editor("GET", lambda w: f"/outputs/{note(w)}/edit"),
        _editor("POST", lambda w: f"/outputs/{note(w)}/edit", data=edited_note),
    ],
    "outputs.delete": [_editor("POST", lambda w: f"/outputs/{note(w)}/delete")],
    "outputs.toggle_handbook": [_editor("POST", lambda w: f"/outputs/{note(w)}/handbook")],
    "outputs.download": [_reader("GET", lambda w: f"/outputs/{photo(w)}/download")],
    "outputs.thumbnail": [_reader("GET", lambda w: f"/outputs/{photo(w)}/thumbnail")],
    "outputs.package_event": [_reader("GET", lambda w: f"/events/{E(w)}/outputs.zip")],
    "outputs.package_project": [_reader("GET", lambda w: f"/projects/{P(w)}/outputs.zip")],
}
