"""`flask collab retention`: list, and with --apply anonymise, the participants of projects
whose end plus their retention period has passed."""

from datetime import date

import click

from collab.extensions import db
from collab.privacy.operations import apply_retention, due_for_retention, retention_ends


@click.command("retention")
@click.option("--apply", "apply_", is_flag=True, help="Anonymise them (without it: only list).")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Count from this day instead of today (YYYY-MM-DD), to see what a later run will do.",
)
def retention_command(apply_: bool, today):
    """List, and with --apply anonymise, participants whose retention period has passed."""
    today = today.date() if today is not None else date.today()
    report = due_for_retention(today)
    for project in report.not_set:
        click.echo(f"Skipped {project.code} ({project.acronym}): no retention period set.")
    for project, people in report.due:
        click.echo(
            f"{project.code} ({project.acronym}): ended {project.end_date.isoformat()}, "
            f"kept until {retention_ends(project).isoformat()}; "
            f"{len(people)} participant(s) to anonymise."
        )
        for person in people:
            # The record's number only: this output ends up in logs and cron mails.
            click.echo(f"  participant #{person.id}")
    total = len(report.participants)
    if not apply_:
        click.echo(f"{total} participant(s) due. Run with --apply to anonymise them.")
        return
    erased = apply_retention(report)
    db.session.commit()
    click.echo(f"{erased} participant(s) anonymised.")
