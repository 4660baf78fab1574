"""The trash: a deleted event, challenge or output is kept for 30 days with everything that
hung on it, and comes back whole: the same rows, the same ids, the same figures, its files."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from collab.attendance.figures import attendance_figures
from collab.attendance.models import Participant
from collab.audit.models import AuditEntry
from collab.challenges.models import Challenge, Dot, Solution, Vote
from collab.challenges.operations import change_status, create_challenge
from collab.database import utcnow
from collab.events.models import AgendaItem, Event
from collab.extensions import db
from collab.i18n import Translations
from collab.organisations.models import Organisation
from collab.outputs.models import Output, StoredFile
from collab.outputs.storage import path_of, store
from collab.projects.models import Project
from collab.trash.models import TrashItem
from collab.trash.operations import TrashError, file_ids_in_trash, move_to_trash, purge, restore
from tests.conftest import attend, login, make_event, make_participant

PDF = (Path(__file__).resolve().parent / "fixtures" / "outputs" / "sample.pdf").read_bytes()
# The trash and the log are expected to change, and logging in stamps the account; everything
# else must come back as it was.
NOT_COMPARED = {"audit_entry", "trash_item", "user_account"}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    db.session.expire_all()
    return {
        table.name: [
            tuple(row)
            for row in db.session.execute(select(table).order_by(*table.primary_key.columns))
        ]
        for table in db.metadata.sorted_tables
        if table.name not in NOT_COMPARED
    }


def with_file(event, title="Workshop report", data=PDF, content_type="application/pdf") -> Output:
    output = Output(
        event_id=event.id,
        kind="report",
        title=Translations({"en": title, "lv": "Darbnīcas ziņojums"}),
        file=store(data, content_type),
        filename="report.pdf",
    )
    db.session.add(output)
    db.session.flush()
    return output


def dress_up_the_event(world):
    """World.event with one of everything: a co-organiser, a second agenda item, a second
    participant (who came only to it), a headcount, a report with its file, dots in the vote,
    a challenge of another event analysed here, and an output of another event that points
    at one of its agenda items."""
    event = world.event
    event.co_organisers.append(world.lt)
    event.unnamed_count = 12
    event.target_groups = ["planner", "politician"]
    event.agenda.append(
        AgendaItem(day=event.end_date, title=Translations({"en": "Field trip"}), position=1)
    )
    only_here = make_participant(world.project, "Jonas Petraitis", "LT", organisation=world.lt)
    attend(event, only_here, role="speaker")
    report = with_file(event)
    world.vote.dots.extend(
        [
            Dot(challenge_id=world.challenge.id, voter_id=world.users["member"].id),
            Dot(challenge_id=world.challenge.id, table_label="Table 2"),
        ]
    )
    elsewhere, _ = create_challenge(
        world.project.id, Translations({"en": "Ferry timetables"}), event=world.lt_event
    )
    elsewhere.analysed_at.append(event)
    db.session.flush()
    linked_note = Output(
        event_id=world.lt_event.id,
        kind="note",
        title=Translations({"en": "Follows up the opening"}),
        agenda_item_id=event.agenda[0].id,
    )
    db.session.add(linked_note)
    db.session.commit()
    return report, only_here, elsewhere, linked_note


def test_a_deleted_event_comes_back_with_everything_that_hung_on_it(client, world):
    report, only_here, elsewhere, linked_note = dress_up_the_event(world)
    event_id, project_id, vote_id = world.event.id, world.project.id, world.vote.id
    challenge_id, solution_id = world.challenge.id, world.solution.id
    report_id, file_id = report.id, report.file_id
    only_here_id, elsewhere_id, linked_note_id = only_here.id, elsewhere.id, linked_note.id
    login(client, world.users["coordinator"])
    before = snapshot()
    figures = attendance_figures([event_id])
    assert figures.participations == 2 and figures.unnamed == 12

    response = client.post(f"/events/{event_id}/delete")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/projects/{project_id}/events")
    db.session.expire_all()
    assert db.session.get(Event, event_id) is None
    # What hung on it is gone; what was only linked to it stays, unlinked.
    assert db.session.get(Output, report_id) is None
    assert db.session.get(Vote, vote_id) is None
    assert db.session.get(Challenge, challenge_id).identified_at_id is None
    assert db.session.get(Solution, solution_id).event_id is None
    assert db.session.get(Challenge, elsewhere_id).analysed_at == []
    assert db.session.get(Output, linked_note_id).agenda_item_id is None
    # People belong to the project, not to the event.
    assert db.session.get(Participant, only_here_id) is not None
    # The file is kept while its output may come back.
    assert path_of(db.session.get(StoredFile, file_id)).exists()

    # (The message shows on the next page; the list of events would set a calendar link.)
    trash = client.get(f"/projects/{project_id}/trash").get_data(as_text=True)
    assert "Moved to the trash; it can be restored for 30 days." in trash
    assert f'<a href="/projects/{project_id}/trash">Open the trash</a>' in trash
    assert "Innovation camp in Ventspils" in trash
    assert "Test Coordinator" in trash
    assert "30 days" in trash
    assert client.get(f"/events/{event_id}").status_code == 404
    item = db.session.scalars(select(TrashItem)).one()

    response = client.post(f"/trash/{item.id}/restore")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/events/{event_id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "“Innovation camp in Ventspils” restored." in page
    assert snapshot() == before
    assert db.session.get(Challenge, challenge_id).identified_at_id == event_id
    assert db.session.get(Solution, solution_id).event_id == event_id
    assert attendance_figures([event_id]) == figures
    download = client.get(f"/outputs/{report_id}/download")
    assert download.status_code == 200 and download.data == PDF
    assert db.session.scalars(select(TrashItem)).all() == []
    assert "The trash is empty." in client.get(f"/projects/{project_id}/trash").get_data(
        as_text=True
    )


def test_a_deleted_challenge_comes_back_with_solutions_history_links_and_dots(client, world):
    challenge = world.challenge
    change_status(challenge, "analysed", world.users["facilitator"], "Seen at the seminar")
    challenge.analysed_at.append(world.lt_event)
    world.vote.dots.append(Dot(challenge_id=challenge.id, table_label="Table 1"))
    db.session.commit()
    assert len(challenge.history) >= 3 and challenge.solutions[0].proposed_by
    challenge_id, vote_id, project_id = challenge.id, world.vote.id, world.project.id
    login(client, world.users["facilitator"])
    before = snapshot()

    response = client.post(f"/challenges/{challenge_id}/delete")

    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    # A facilitator may delete, but only the project's coordinators restore.
    assert "Moved to the trash; it can be restored for 30 days." in page
    assert "/trash" not in page
    db.session.expire_all()
    assert db.session.get(Challenge, challenge_id) is None
    vote = db.session.get(Vote, vote_id)
    assert vote is not None and vote.dots == [] and vote.options == []

    client.post("/logout")
    login(client, world.users["coordinator"])
    item = db.session.scalars(select(TrashItem)).one()
    assert item.object_type == "challenge" and item.project_id == project_id
    response = client.post(f"/trash/{item.id}/restore")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/challenges/{challenge_id}")
    assert snapshot() == before
    page = client.get(f"/challenges/{challenge_id}").get_data(as_text=True)
    assert "Cycling routes stop at the border" in page
    assert "Join the routes to EuroVelo 10" in page


def test_a_deleted_output_comes_back_with_its_file(client, world):
    report = with_file(world.event)
    db.session.commit()
    output_id, file_id = report.id, report.file_id
    login(client, world.users["facilitator"])
    before = snapshot()

    response = client.post(f"/outputs/{output_id}/delete")

    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Output, output_id) is None
    # Not released: the stored file and its bytes wait in case the output comes back.
    stored = db.session.get(StoredFile, file_id)
    assert stored is not None and path_of(stored).exists()
    assert file_ids_in_trash() == {file_id}

    item = db.session.scalars(select(TrashItem)).one()
    restored = restore(item, world.users["coordinator"])
    db.session.commit()

    assert restored.object_id == output_id
    assert snapshot() == before
    download = client.get(f"/outputs/{output_id}/download")
    assert download.status_code == 200 and download.data == PDF


def test_restoring_goes_to_the_restored_output(client, world):
    item = move_to_trash(world.output, world.users["coordinator"])
    db.session.commit()
    login(client, world.users["coordinator"])

    response = client.post(f"/trash/{item.id}/restore")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"/events/{world.event.id}/outputs#output-{world.output.id}"
    )


def test_every_move_and_restore_is_in_the_audit_log(app, world):
    event_id = world.event.id
    item = move_to_trash(world.event, world.users["coordinator"])
    db.session.commit()
    restore(item, world.users["admin"])
    db.session.commit()

    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.object_type == "event", AuditEntry.object_id == event_id)
        .where(AuditEntry.action.in_(["delete", "restore"]))
        .order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.user_id) for e in entries] == [
        ("delete", world.users["coordinator"].id),
        ("restore", world.users["admin"].id),
    ]
    assert all(e.project_id == world.project.id for e in entries)


def test_emptying_the_trash_removes_old_items_and_files_no_one_uses(app, runner, world):
    first = with_file(world.event, "Report")
    shared = with_file(world.lt_event, "The same report, uploaded again")
    db.session.commit()
    stored = first.file
    assert shared.file_id == stored.id
    old = move_to_trash(first, world.users["coordinator"])
    old.deleted_at = utcnow() - timedelta(days=31)
    recent = move_to_trash(world.output, world.users["coordinator"])
    db.session.commit()
    old_id, recent_id = old.id, recent.id

    result = runner.invoke(args=["collab", "empty-trash"])

    assert result.exit_code == 0, result.output
    assert "1 item(s) removed" in result.output
    db.session.expire_all()
    assert db.session.get(TrashItem, old_id) is None
    assert db.session.get(TrashItem, recent_id) is not None
    # Another output still uses the bytes: they stay.
    assert db.session.get(StoredFile, stored.id) is not None and path_of(stored).exists()

    # Once the last output using them has been in the trash 30 days, they go.
    last = move_to_trash(db.session.get(Output, shared.id), world.users["coordinator"])
    db.session.commit()
    assert purge() == 0
    db.session.commit()
    assert path_of(stored).exists()
    last.deleted_at = utcnow() - timedelta(days=30, minutes=1)
    db.session.commit()

    assert purge() == 1
    db.session.commit()

    assert db.session.get(StoredFile, stored.id) is None
    assert not path_of(stored).exists()
    assert db.session.get(TrashItem, recent_id) is not None


def test_restoring_when_the_project_is_gone_says_so(app, world):
    item = move_to_trash(world.lt_event, world.users["coordinator"])
    db.session.commit()
    db.session.execute(delete(Project.__table__).where(Project.id == world.project.id))
    db.session.commit()
    item = db.session.get(TrashItem, item.id)

    with pytest.raises(TrashError, match="its project no longer exists"):
        restore(item, world.users["admin"])
    db.session.rollback()
    assert db.session.get(TrashItem, item.id) is not None


def test_restoring_refuses_when_an_organisation_it_names_is_gone(client, world):
    helper = Organisation(name="Liepājas universitāte", country="LV", kind="higher_education")
    world.lt_event.co_organisers.append(helper)
    db.session.commit()
    item = move_to_trash(world.lt_event, world.users["coordinator"])
    db.session.commit()
    db.session.delete(db.session.get(Organisation, helper.id))
    db.session.commit()
    login(client, world.users["coordinator"])
    before = snapshot()

    response = client.post(f"/trash/{item.id}/restore")

    assert response.status_code == 409
    assert "an organisation it names no longer exists" in response.get_data(as_text=True)
    assert snapshot() == before
    assert db.session.get(TrashItem, item.id) is not None


def test_a_link_chosen_since_the_delete_is_kept(app, world):
    challenge_id = world.challenge.id
    item = move_to_trash(world.event, world.users["coordinator"])
    db.session.commit()
    db.session.get(Challenge, challenge_id).identified_at_id = world.lt_event.id
    db.session.commit()

    restore(item, world.users["coordinator"])
    db.session.commit()

    assert db.session.get(Challenge, challenge_id).identified_at_id == world.lt_event.id


def test_an_event_whose_id_was_given_to_another_comes_back_under_a_new_one(client, world):
    gone = make_event(world.project, world.lv, "Seminar in Liepāja")
    gone.agenda.append(AgendaItem(day=gone.start_date, title=Translations({"en": "Welcome"})))
    db.session.commit()
    gone_id = gone.id
    item = move_to_trash(gone, world.users["coordinator"])
    db.session.commit()
    # SQLite gives the freed highest id to the next event; PostgreSQL never does.
    newcomer = make_event(world.project, world.lv, "Conference in Klaipėda")
    db.session.commit()
    newcomer_id = newcomer.id

    restored = restore(item, world.users["coordinator"])
    db.session.commit()

    if newcomer_id == gone_id:
        assert restored.object_id not in (gone_id, newcomer_id)
    else:
        assert restored.object_id == gone_id
    back = db.session.get(Event, restored.object_id)
    assert str(back.title) == "Seminar in Liepāja"
    assert [str(entry.title) for entry in back.agenda] == ["Welcome"]
    assert str(db.session.get(Event, newcomer_id).title) == "Conference in Klaipėda"
    # New rows still get fresh ids (the sequences are not behind on PostgreSQL).
    another = make_event(world.project, world.lv, "Study visit")
    db.session.commit()
    assert another.id not in (restored.object_id, newcomer_id)


def test_a_restore_that_clashes_with_newer_data_is_refused(app, world):
    first, _ = create_challenge(
        world.project.id, Translations({"en": "Bus links"}), client_key="tablet-1-capture-7"
    )
    db.session.commit()
    item = move_to_trash(first, world.users["coordinator"])
    db.session.commit()
    item_id = item.id
    # The tablet sent its capture again after the delete: it was saved anew.
    create_challenge(
        world.project.id, Translations({"en": "Bus links"}), client_key="tablet-1-capture-7"
    )
    db.session.commit()

    with pytest.raises(TrashError, match="clashes with data entered since"):
        restore(db.session.get(TrashItem, item_id), world.users["coordinator"])
    assert db.session.get(TrashItem, item_id) is not None


def test_the_trash_is_for_the_projects_coordinators(client, world):
    item = move_to_trash(world.lt_event, world.users["coordinator"])
    db.session.commit()
    project_id = world.project.id

    login(client, world.users["member"])
    assert "/trash" not in client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert client.get(f"/projects/{project_id}/trash").status_code == 403
    assert client.post(f"/trash/{item.id}/restore").status_code == 403
    client.post("/logout")

    login(client, world.users["outsider"])
    assert client.get(f"/projects/{project_id}/trash").status_code == 404
    assert client.post(f"/trash/{item.id}/restore").status_code == 404
    client.post("/logout")

    login(client, world.users["coordinator"])
    project_page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert f'href="/projects/{project_id}/trash"' in project_page
    assert client.post("/trash/999999/restore").status_code == 404
    assert db.session.get(TrashItem, item.id) is not None


def test_the_event_page_offers_delete_to_its_editors_only(client, world):
    login(client, world.users["member"])
    assert "Delete the event" not in client.get(f"/events/{world.event.id}").get_data(as_text=True)
    assert client.post(f"/events/{world.event.id}/delete").status_code == 403
    client.post("/logout")

    login(client, world.users["facilitator"])
    page = client.get(f"/events/{world.event.id}").get_data(as_text=True)
    assert "Delete the event" in page
    assert f'action="/events/{world.event.id}/delete"' in page
    assert "data-confirm=" in page


def test_days_left_count_down_to_the_clean_up(client, world):
    item = move_to_trash(world.output, world.users["coordinator"])
    item.deleted_at = utcnow() - timedelta(days=29, hours=1)
    db.session.commit()
    login(client, world.users["coordinator"])
    page = client.get(f"/projects/{world.project.id}/trash").get_data(as_text=True)
    assert "1 day" in page and "Notes of table 1" in page

    item.deleted_at = utcnow() - timedelta(days=31)
    db.session.commit()
    page = client.get(f"/projects/{world.project.id}/trash").get_data(as_text=True)
    assert "At the next clean-up" in page
