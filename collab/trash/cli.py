"""`flask collab empty-trash`: remove for good what has been in the trash too long.

Run it daily (cron or a systemd timer); until it runs, an item past its 30 days can still
be restored.
"""

import click

from collab.cli import collab_cli
from collab.extensions import db
from collab.trash.operations import KEEP_DAYS, purge


@collab_cli.command("empty-trash")
@click.option(
    "--days",
    default=KEEP_DAYS,
    show_default=True,
    type=click.IntRange(min=0),
    help="Remove what was deleted at least this many days ago.",
)
def empty_trash_command(days: int):
    """Remove for good what has been in the trash for DAYS days, and files no one uses."""
    removed = purge(older_than_days=days)
    db.session.commit()
    click.echo(f"{removed} item(s) removed from the trash for good.")
