"""Outputs of an event: the list by kind, adding, editing and removing them, the handbook
mark, and the event page's list of outputs."""

from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from collab.database import utcnow
from collab.extensions import db
from collab.i18n import Translations
from collab.outputs.models import Output, StoredFile
from collab.outputs.storage import path_of, store
from collab.trash.operations import purge
from tests.conftest import login
from tests.test_events import counted_statements

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "outputs"
PNG = (FIXTURES / "photo.png").read_bytes()
PDF = (FIXTURES / "sample.pdf").read_bytes()


def add_output(
    world,
    kind="report",
    title="Report",
    data=PDF,
    content_type="application/pdf",
    filename="report.pdf",
    event=None,
    **extra,
) -> Output:
    output = Output(
        event_id=(event or world.event).id,
        kind=kind,
        title=Translations({"en": title}),
        file=store(data, content_type) if data is not None else None,
        filename=filename if data is not None else None,
        created_by=world.users["facilitator"],
        **extra,
    )
    db.session.add(output)
    db.session.commit()
    return output


def post(client, url, **form):
    files = {k: (BytesIO(v[0]), v[1]) for k, v in form.items() if isinstance(v, tuple)}
    data = {k: v for k, v in form.items() if not isinstance(v, tuple)} | files
    return client.post(url, data=data, content_type="multipart/form-data")


def reloaded(output_id) -> Output:
    db.session.expire_all()
    return db.session.get(Output, output_id)


@pytest.fixture
def coordinator(client, world):
    login(client, world.users["coordinator"])
    return client


# --- The list ------------------------------------------------------------------------------


def test_a_partner_sees_the_outputs_grouped_by_kind(client, world):
    item = world.event.agenda[0]
    add_output(world, "presentation", "Cycling routes", agenda_item_id=item.id)
    photo = add_output(world, "photo", "Table 2", PNG, "image/png", "table 2.png")
    login(client, world.users["member"])

    response = client.get(f"/events/{world.event.id}/outputs")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    notes, presentations, photos = (
        page.index(">Notes <"),
        page.index(">Presentations <"),
        page.index(">Photos <"),
    )
    assert notes < page.index("Notes of table 1") < presentations
    assert presentations < page.index("Cycling routes") < photos < page.index("Table 2")
    assert "Given at: Opening — A. Meri, KPR" in page
    assert "Added by Test Facilitator" in page
    assert "PDF · 6 kB" in page
    thumbnail = f"/outputs/{photo.id}/thumbnail?v={photo.file.sha256[:12]}"
    assert thumbnail in page
    assert f'href="/outputs/{photo.id}/download"' in page
    assert "No consent to publish" in page
    # A member of a partner reads; the facilitators of the organiser add and edit.
    assert "Add an output" not in page
    assert f"/outputs/{photo.id}/edit" not in page


def test_the_organisers_coordinator_gets_the_form_with_the_agenda_to_choose_from(
    coordinator, world
):
    page = coordinator.get(f"/events/{world.event.id}/outputs").get_data(as_text=True)

    assert "Add an output" in page
    assert 'enctype="multipart/form-data"' in page
    item = world.event.agenda[0]
    assert f'<option value="{item.id}">Opening — A. Meri, KPR</option>' in page
    assert f"/outputs/{world.output.id}/edit" in page


# --- Adding ----------------------------------------------------------------------------------


def test_a_facilitator_adds_a_note_and_its_markdown_is_shown_without_scripts(client, world):
    login(client, world.users["facilitator"])

    response = post(
        client,
        f"/events/{world.event.id}/outputs",
        kind="note",
        **{
            "title-en": "Table 3",
            "text-en": (
                "Ferries **matter**.\n\n<script>alert('x')</script>\n\n"
                "[click](javascript:alert(1)) <img src=x onerror=alert(2)>"
            ),
        },
    )

    assert response.status_code == 303
    note = db.session.scalar(
        select(Output).where(Output.kind == "note", Output.id != world.output.id)
    )
    assert note.created_by_id == world.users["facilitator"].id
    assert note.file_id is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>matter</strong>" in page
    assert "<script>alert" not in page
    assert 'href="javascript' not in page
    assert "<img src=x" not in page


def test_a_note_needs_a_title_and_its_text_and_keeps_what_was_typed(coordinator, world):
    before = db.session.scalar(select(func.count(Output.id)))

    response = post(
        coordinator,
        f"/events/{world.event.id}/outputs",
        kind="note",
        **{"title-lv": "Piezīmes", "text-en": ""},
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "A note needs its text." in page
    assert 'value="Piezīmes"' in page
    assert db.session.scalar(select(func.count(Output.id))) == before


def test_a_presentation_is_linked_to_its_agenda_item(coordinator, world):
    item = world.event.agenda[0]

    response = post(
        coordinator,
        f"/events/{world.event.id}/outputs",
        kind="presentation",
        agenda_item_id=str(item.id),
        upload=(PDF, "Atklāšana.pdf"),
        **{"title-en": "Opening slides"},
    )

    assert response.status_code == 303
    output = db.session.scalar(select(Output).where(Output.kind == "presentation"))
    assert output.agenda_item_id == item.id
    assert output.filename == "Atklāšana.pdf"
    assert output.file.content_type == "application/pdf"


def test_a_photo_keeps_whether_the_people_in_it_consented(coordinator, world):
    post(
        coordinator,
        f"/events/{world.event.id}/outputs",
        kind="photo",
        publication_consent="y",
        agenda_item_id=str(world.event.agenda[0].id),
        upload=(PNG, "group.png"),
    )

    photo = db.session.scalar(select(Output).where(Output.kind == "photo"))
    assert photo.publication_consent is True
    # Only a presentation is given at an agenda item.
    assert photo.agenda_item_id is None
    assert str(photo.title) == "group"


def test_an_output_can_be_marked_for_a_handbook_chapter(coordinator, world):
    post(
        coordinator,
        f"/events/{world.event.id}/outputs",
        kind="report",
        for_handbook="y",
        handbook_chapter="workshops",
        upload=(PDF, "summary.pdf"),
        **{"title-en": "Summary"},
    )

    report = db.session.scalar(select(Output).where(Output.kind == "report"))
    assert (report.for_handbook, report.handbook_chapter) == (True, "workshops")
    page = coordinator.get(f"/events/{world.event.id}/outputs").get_data(as_text=True)
    assert "Handbook: Workshop summaries" in page


# --- Editing -------------------------------------------------------------------------------


def _edit_form(output, **changes):
    form = {
        "kind": output.kind,
        "title-en": str(output.title),
        "text-en": (output.text or {}).get("en", ""),
        "version": str(output.version),
        "handbook_chapter": "",
    }
    form.update(changes)
    return form


def test_editing_saves_and_counts_the_version(coordinator, world):
    note = world.output
    assert coordinator.get(f"/outputs/{note.id}/edit").status_code == 200

    response = post(
        coordinator,
        f"/outputs/{note.id}/edit",
        **_edit_form(note, **{"title-en": "Table 1, revised"}),
    )

    assert response.status_code == 303
    saved = reloaded(note.id)
    assert str(saved.title) == "Table 1, revised"
    assert saved.version == 2


def test_a_stale_edit_shows_the_conflict_and_keeps_the_typed_text(coordinator, world):
    note = world.output
    form = _edit_form(note, **{"text-en": "My careful summary of table 1."})
    # Someone else saves first.
    note.title = Translations({"en": "Renamed by the other facilitator"})
    note.version += 1
    db.session.commit()

    response = post(coordinator, f"/outputs/{note.id}/edit", **form)

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this while you were editing" in page
    assert "My careful summary of table 1." in page
    assert "Renamed by the other facilitator" in page
    saved = reloaded(note.id)
    assert saved.text["en"] == "Cycling *matters*."


def test_replacing_the_file_lets_go_of_the_old_one_when_nothing_else_uses_it(
    app, coordinator, world
):
    report = add_output(world)
    old_path = path_of(report.file)

    response = post(
        coordinator, f"/outputs/{report.id}/edit", **_edit_form(report), upload=(PNG, "scan.png")
    )

    assert response.status_code == 303
    saved = reloaded(report.id)
    assert saved.file.content_type == "image/png"
    assert saved.filename == "scan.png"
    assert not old_path.exists()
    assert db.session.scalar(select(func.count(StoredFile.id))) == 1


# --- Removing ------------------------------------------------------------------------------


def test_removed_outputs_keep_their_bytes_until_the_trash_is_emptied(coordinator, world):
    first = add_output(world, title="First")
    second = add_output(world, title="Second", event=world.lt_event)
    path = path_of(first.file)
    first_id, second_id = first.id, second.id
    assert first.file_id == second.file_id

    assert coordinator.post(f"/outputs/{first_id}/delete").status_code == 303
    db.session.expire_all()
    assert db.session.get(Output, first_id) is None
    assert path.exists()

    # The second is at the Lithuanian partner's event: the admin removes it.
    coordinator.post("/logout")
    login(coordinator, world.users["admin"])
    assert coordinator.post(f"/outputs/{second_id}/delete").status_code == 303
    db.session.expire_all()
    # Both are in the trash and may be restored: the bytes stay.
    assert path.exists()
    assert db.session.scalar(select(func.count(StoredFile.id))) == 1

    # Thirty days later the trash is emptied, and nothing uses the file any more.
    assert purge(now=utcnow() + timedelta(days=31)) == 2
    db.session.commit()
    assert not path.exists()
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0


def test_a_thumbnail_goes_with_its_file(app, client, world):
    photo = add_output(world, "photo", "Group", PNG, "image/png", "group.png")
    login(client, world.users["coordinator"])
    assert client.get(f"/outputs/{photo.id}/thumbnail").status_code == 200
    thumbnail = Path(app.config["UPLOAD_DIR"]) / "thumbnails" / f"{photo.file.sha256}.jpg"
    assert thumbnail.exists()

    client.post(f"/outputs/{photo.id}/delete")
    assert thumbnail.exists()  # in the trash, restorable

    purge(now=utcnow() + timedelta(days=31))
    db.session.commit()
    assert not thumbnail.exists()


# --- The handbook mark -------------------------------------------------------------------


def test_the_handbook_mark_is_toggled_in_place(coordinator, world):
    url = f"/outputs/{world.output.id}/handbook"

    response = coordinator.post(url, headers={"HX-Request": "true"})

    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith(f'<li id="output-{world.output.id}"')
    assert "Remove from the handbook" in fragment
    assert reloaded(world.output.id).for_handbook is True

    assert coordinator.post(url).status_code == 303
    assert reloaded(world.output.id).for_handbook is False


# --- The event page --------------------------------------------------------------------------


def test_the_event_page_lists_the_outputs_with_links(client, world):
    report = add_output(world, title="Final report")
    login(client, world.users["member"])

    page = client.get(f"/events/{world.event.id}").get_data(as_text=True)

    assert "No outputs yet." not in page
    assert f'href="/outputs/{report.id}/download"' in page
    assert "Final report" in page and "Notes of table 1" in page
    assert f'href="/events/{world.event.id}/outputs.zip"' in page
    empty = client.get(f"/events/{world.lt_event.id}").get_data(as_text=True)
    assert "No outputs yet." in empty


def test_the_event_page_takes_the_same_few_queries_however_many_outputs(client, world):
    url = f"/events/{world.event.id}"
    login(client, world.users["coordinator"])
    client.get(url)  # warm up: caches of the first request
    with counted_statements() as few:
        assert client.get(url).status_code == 200
    for number in range(25):
        add_output(world, "photo", f"Photo {number}", PNG, "image/png", f"p{number}.png")

    with counted_statements() as many:
        page = client.get(url).get_data(as_text=True)

    assert "Photo 24" in page
    assert len(many) == len(few), "\n\n".join(many)
    assert len(many) < 15


def test_the_outputs_page_takes_the_same_few_queries_however_many_outputs(client, world):
    url = f"/events/{world.event.id}/outputs"
    login(client, world.users["coordinator"])
    client.get(url)
    with counted_statements() as few:
        client.get(url)
    for number in range(15):
        add_output(world, "report", f"Report {number}", filename=f"r{number}.pdf")

    with counted_statements() as many:
        page = client.get(url).get_data(as_text=True)

    assert "Report 14" in page
    assert len(many) == len(few), "\n\n".join(many)
