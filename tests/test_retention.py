"""Retention: some years after a project ends, its participants are anonymised by a command,
exactly as an erasure on request; projects without a retention period are left alone."""

import json
from datetime import date

from sqlalchemy import select

from collab.attendance.figures import attendance_figures
from collab.attendance.models import Participant
from collab.audit.models import AuditEntry
from collab.extensions import db
from collab.privacy.operations import due_for_retention, retention_ends
from collab.projects.models import Project
from tests.conftest import attend, login, make_participant, row_counts
from tests.test_projects import project_form

# The World's project ended on 31 May 2022; kept three years, until 31 May 2025.
LAST_DAY = "2025-05-31"
DAY_AFTER = "2025-06-01"


def retention(runner, *args):
    return runner.invoke(args=["collab", "retention", *args])


def with_people(world, years=3):
    """The World's project with a retention period, two participants (one already erased),
    and the other project (with people of its own) without one."""
    world.project.retention_years = years
    ona = make_participant(world.project, "Ona Pavyzdienė", "LT", email="ona@lt.example")
    attend(world.lt_event, ona)
    gone = make_participant(world.project, "Erased participant #0", "LV")
    gone.erased_at = gone.created_at
    make_participant(world.other_project, "Someone Else", "DE", email="else@de.example")
    db.session.commit()
    return ona, gone


def test_the_last_day_is_end_plus_the_years():
    assert retention_ends(Project(end_date=date(2022, 5, 31), retention_years=3)) == date(
        2025, 5, 31
    )
    assert retention_ends(Project(end_date=date(2022, 5, 31), retention_years=0)) == date(
        2022, 5, 31
    )
    # 29 February, some years on, is the last day of February.
    assert retention_ends(Project(end_date=date(2024, 2, 29), retention_years=1)) == date(
        2025, 2, 28
    )
    assert retention_ends(Project(end_date=date(2024, 2, 29), retention_years=None)) is None


def test_nobody_is_due_on_the_last_day(app, world, runner):
    with_people(world)

    assert due_for_retention(date(2025, 5, 31)).participants == []
    result = retention(runner, "--today", LAST_DAY)

    assert result.exit_code == 0, result.output
    assert "0 participant(s) due." in result.output
    assert "Skipped BSTC (BSTC): no retention period set." in result.output


def test_the_day_after_it_lists_who_is_due_and_changes_nothing(app, world, runner):
    ona, gone = with_people(world)
    before = row_counts()

    result = retention(runner, "--today", DAY_AFTER)

    assert result.exit_code == 0, result.output
    output = result.output
    assert "LLI-431 (Smart Planning): ended 2022-05-31, kept until 2025-05-31" in output
    assert f"participant #{world.participant.id}" in output
    assert f"participant #{ona.id}" in output
    assert f"participant #{gone.id}" not in output  # erased already
    assert "2 participant(s) due. Run with --apply to anonymise them." in output
    # Projects without a retention period are named, and their people are not touched.
    assert "Skipped BSTC (BSTC): no retention period set." in output
    # The output ends up in logs and mails: numbers only, no names.
    assert "Ilze" not in output and "Ona" not in output and "ona@lt.example" not in output
    assert row_counts() == before
    db.session.expire_all()
    assert ona.name == "Ona Pavyzdienė" and ona.erased_at is None


def test_apply_anonymises_like_an_erasure_and_keeps_the_figures(app, world, runner):
    ona, gone = with_people(world)
    events = [world.event.id, world.lt_event.id]
    figures_before = attendance_figures(events)
    ids = (world.participant.id, ona.id)

    result = retention(runner, "--apply", "--today", DAY_AFTER)

    assert result.exit_code == 0, result.output
    assert "2 participant(s) anonymised." in result.output
    db.session.expire_all()
    for person in db.session.scalars(select(Participant).where(Participant.id.in_(ids))):
        assert person.name == f"Erased participant #{person.id}"
        assert person.email is None and person.erased_at is not None
    assert world.participant.organisation_id == world.lv.id  # its kind still counts
    assert attendance_figures(events) == figures_before
    someone = db.session.scalar(select(Participant).where(Participant.name == "Someone Else"))
    assert someone.erased_at is None and someone.email == "else@de.example"
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "erase")).all()
    assert sorted(e.object_id for e in entries) == sorted(ids)
    assert {e.details["reason"] for e in entries} == {"retention"}
    assert {e.user_id for e in entries} == {None}  # the command, not a person
    logged = json.dumps(
        [e.details for e in db.session.scalars(select(AuditEntry))], ensure_ascii=False
    )
    assert "Ilze" not in logged and "Ona" not in logged and "ona@lt.example" not in logged

    again = retention(runner, "--apply", "--today", DAY_AFTER)
    assert "0 participant(s) anonymised." in again.output


def test_apply_on_the_last_day_erases_nobody(app, world, runner):
    with_people(world)
    before = row_counts()

    result = retention(runner, "--apply", "--today", LAST_DAY)

    assert result.exit_code == 0, result.output
    assert "0 participant(s) anonymised." in result.output
    assert row_counts() == before


def test_without_a_date_it_counts_from_today(app, world, runner):
    # Ended in 2022 and kept no extra year: due today, whatever today is (after mid-2022).
    with_people(world, years=0)

    result = retention(runner)

    assert result.exit_code == 0, result.output
    assert "2 participant(s) due." in result.output


# --- The project's setting -------------------------------------------------------------------


def test_coordinator_sets_the_retention_period_in_the_project_form(client, world):
    login(client, world.users["coordinator"])
    page = client.get(f"/projects/{world.project.id}/edit").get_data(as_text=True)
    assert "Keep participants' personal data for N years after the project ends" in page

    response = client.post(
        f"/projects/{world.project.id}/edit", data=project_form(world.project, retention_years="5")
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert world.project.retention_years == 5


def test_retention_period_is_optional_and_at_most_30_years(client, world):
    world.project.retention_years = 5
    db.session.commit()
    login(client, world.users["coordinator"])

    too_long = client.post(
        f"/projects/{world.project.id}/edit",
        data=project_form(world.project, retention_years="31"),
    )
    assert too_long.status_code == 400
    assert 'value="31"' in too_long.get_data(as_text=True)

    emptied = client.post(
        f"/projects/{world.project.id}/edit", data=project_form(world.project, retention_years="")
    )
    assert emptied.status_code == 302
    db.session.expire_all()
    assert world.project.retention_years is None
