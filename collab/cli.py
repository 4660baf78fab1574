"""Command-line tasks: `flask collab ...` and `flask translate ...`."""

import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from collab.config import ROOT
from collab.extensions import db
from collab.privacy.cli import retention_command

collab_cli = AppGroup("collab", help="Collab tasks: demo data, accounts.")
translate_cli = AppGroup("translate", help="Translation catalogues (wraps pybabel).")


@collab_cli.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no project yet.")
def seed_demo_command(if_empty: bool):
    """Load the demo projects, organisations and accounts (safe to run twice)."""
    from collab.demo import seed_demo
    from collab.projects.models import Project

    if if_empty and db.session.scalar(select(func.count(Project.id))):
        click.echo("Database already has data; demo data not loaded.")
        return
    click.echo("Demo data loaded." if seed_demo() else "Demo data is already there.")


@collab_cli.command("demo-logins")
def demo_logins_command():
    """Print the demo accounts (development only)."""
    from collab.demo import demo_logins

    if current_app.config["COLLAB_ENV"] == "production":
        raise click.ClickException("Demo accounts are not printed in production.")
    click.echo("Demo accounts (development only):")
    for role, email, password in demo_logins():
        click.echo(f"  {role:<12} {email:<30} {password}")


@collab_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_admin_command(email: str, name: str, password: str):
    """Create an administrator account."""
    from collab.auth.models import User
    from collab.auth.passwords import hash_password, password_problem

    email = email.strip().lower()
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise click.ClickException(f"An account with {email} already exists.")
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise click.ClickException(problem)
    db.session.add(
        User(email=email, name=name.strip(), role="admin", password_hash=hash_password(password))
    )
    db.session.commit()
    click.echo(f"Administrator {email} created.")


@collab_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker_command(burst: bool):
    """Run background jobs (compiling handbook drafts) from the Redis queue at REDIS_URL."""
    from collab.handbook.jobs import QUEUE, run_worker

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException(
            "REDIS_URL is not set: without it, drafts compile inside the web process and "
            "no worker is needed."
        )
    click.echo(f"Worker for the queue {QUEUE!r} started.")
    run_worker(burst=burst)


# Personal-data retention lives with its feature (collab.privacy).
collab_cli.add_command(retention_command)


@collab_cli.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path):
    """Write the database and every uploaded file to one archive (FILE, a .tar.gz)."""
    from collab.backup import BackupError, create_backup

    try:
        report = create_backup(file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    for line in report.lines:
        click.echo(line)


@collab_cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(file: Path):
    """Restore a backup into this empty instance and verify it against its manifest."""
    from collab.backup import BackupError, restore_backup

    try:
        report = restore_backup(file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    for line in report.lines:
        click.echo(line)


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate_cli.command("update")
def translate_update():
    """Extract the strings and merge them into every catalogue."""
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "lazy_pgettext:1c,2",
        "--no-location",
        "--sort-output",
        "--project",
        "Collab",
        "-o",
        "messages.pot",
        ".",
    )
    _pybabel(
        "update",
        "-i",
        "messages.pot",
        "-d",
        "translations",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )
    (ROOT / "messages.pot").unlink()


@translate_cli.command("compile")
def translate_compile():
    """Compile the catalogues the app reads."""
    _pybabel("compile", "-d", "translations")


def init_app(app):
    app.cli.add_command(collab_cli)
    app.cli.add_command(translate_cli)
