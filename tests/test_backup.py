"""Backup and restore: `flask collab backup FILE` and `flask collab restore FILE`.

The backup is taken from the test database (SQLite, or PostgreSQL from TEST_DATABASE_URL)
while a thread goes on writing; it is restored into a new, empty instance: a new SQLite
file, or a new PostgreSQL database created beside the test database and dropped afterwards.
"""

import hashlib
import io
import json
import secrets
import sqlite3
import tarfile
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from PIL import Image
from sqlalchemy import create_engine, func, inspect, make_url, select

from collab.events.models import Theme
from collab.extensions import db
from collab.i18n import Translations
from collab.outputs.models import Output
from collab.outputs.storage import store
from collab.outputs.thumbnails import thumbnail_of
from collab.projects.models import Project
from tests.conftest import World


@pytest.fixture
def source(make_app, tmp_path):
    """The instance backed up: the test World, an uploaded PDF and photo with its preview."""
    app = make_app()  # the first app: make_app empties the test database through it
    with app.app_context():
        world = World()
        photo = io.BytesIO()
        Image.new("RGB", (640, 480), "teal").save(photo, "PNG")
        for data, kind in (
            (b"%PDF-1.4 minutes of table 1", "application/pdf"),
            (photo.getvalue(), "image/png"),
        ):
            stored = store(data, kind)
            db.session.add(
                Output(
                    event_id=world.event.id,
                    kind="file",
                    title=Translations({"en": "Upload"}),
                    file=stored,
                )
            )
            thumbnail_of(stored)
        db.session.commit()
        db.session.remove()
    return app


@pytest.fixture
def empty_instance(make_app, database_url, tmp_path):
    """Build apps on new, empty databases and upload folders; PostgreSQL ones are dropped."""
    created = []
    server = make_url(database_url)

    def build(migrated=False):
        name = f"restore_{secrets.token_hex(4)}"
        if server.get_backend_name() == "postgresql":
            name = f"{server.database}_{name}"
            _admin(database_url, f'CREATE DATABASE "{name}"')
            url = server.set(database=name).render_as_string(hide_password=False)
        else:
            url = f"sqlite:///{tmp_path / (name + '.db')}"
        app = make_app(SQLALCHEMY_DATABASE_URI=url, UPLOAD_DIR=str(tmp_path / f"{name}-uploads"))
        created.append((app, name))
        if migrated:
            with app.app_context():
                upgrade()
                db.session.remove()
        return app

    yield build
    for app, name in created:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if server.get_backend_name() == "postgresql":
            # Never the test database itself: only the ones made here.
            assert name != server.database
            _admin(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(database_url, statement):
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


class ThemeWriter(threading.Thread):
    """Adds themes one by one, each in its own transaction, through its own app and engine."""

    def __init__(self, app, project_id):
        super().__init__(daemon=True)
        self.app = app
        self.project_id = project_id
        self.written = 0
        self.stop = threading.Event()
        self.error = None

    def run(self):
        try:
            with self.app.app_context():
                while not self.stop.is_set():
                    name = Translations({"en": f"Theme written during the backup {self.written}"})
                    db.session.add(Theme(project_id=self.project_id, name=name))
                    db.session.commit()
                    self.written += 1
                db.session.remove()
        except Exception as error:  # reported by the test, not lost in the thread
            self.error = error

    def wait_for(self, count, timeout=30):
        for _ in range(int(timeout * 100)):
            if self.written >= count or self.error:
                return
            self.stop.wait(0.01)
        raise AssertionError(f"the writer wrote {self.written} rows, not {count}")


def run(app, *args):
    with app.app_context():
        return app.test_cli_runner().invoke(args=["collab", *args])


def backup(app, path):
    result = run(app, "backup", str(path))
    assert result.exit_code == 0, result.output
    return result


def manifest_of(archive):
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def uploaded_files(app):
    root = Path(app.config["UPLOAD_DIR"])
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def facts(app):
    """Every table's row count and the schema revision, read by the test itself."""
    with app.app_context():
        db.session.remove()
        with db.engine.connect() as connection:
            counts = {
                table: connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar()
                for table in inspect(connection).get_table_names()
            }
            revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            return counts, revision.scalar()


def integrity_problems(app):
    """SQLite's own checks; on PostgreSQL, every constraint present and validated."""
    with app.app_context():
        url = db.engine.url
        if url.get_backend_name() == "sqlite":
            connection = sqlite3.connect(url.database)
            try:
                problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
                problems = [] if problems == ["ok"] else problems
                return problems + list(connection.execute("PRAGMA foreign_key_check"))
            finally:
                connection.close()
        with db.engine.connect() as connection:
            return connection.exec_driver_sql(
                "SELECT conname FROM pg_constraint WHERE NOT convalidated"
            ).all()


def constraints(app):
    with app.app_context(), db.engine.connect() as connection:
        inspector = inspect(connection)
        return {
            table: sorted(key["name"] for key in inspector.get_foreign_keys(table))
            for table in inspector.get_table_names()
        }


def test_a_backup_taken_during_writes_restores_into_an_empty_instance(
    source, make_app, empty_instance, tmp_path
):
    archive = tmp_path / "collab-backup.tar.gz"
    before = uploaded_files(source)
    with source.app_context():
        project_id = db.session.scalar(select(Project.id).where(Project.code == "LLI-431"))
    writer = ThemeWriter(make_app(), project_id)
    writer.start()
    try:
        writer.wait_for(5)
        written_before = writer.written
        result = backup(source, archive)
        written_after = writer.written
        writer.wait_for(written_after + 5)  # the writes went on after the snapshot
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None, writer.error
    assert "Backup written to" in result.output
    # Written under a temporary name, then renamed: nothing else is left beside it.
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []

    manifest = manifest_of(archive)
    counts = manifest["database"]["row_counts"]
    # One theme in the World, plus those the writer had committed when the snapshot was taken.
    assert 1 + written_before <= counts["theme"] <= 1 + written_after
    live_counts, revision = facts(source)
    assert live_counts["theme"] > counts["theme"]
    assert manifest["database"]["alembic_revision"] == revision
    assert (
        manifest["database"]["kind"]
        == make_url(source.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
    )
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert {name for name in listed if name.startswith("uploads/")} == {
        f"uploads/{name}" for name in before
    }
    for name, data in before.items():
        assert listed[f"uploads/{name}"] == {
            "path": f"uploads/{name}",
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    assert any(name.startswith("uploads/thumbnails/") for name in listed)
    assert "missing_uploads" not in manifest

    target = empty_instance()
    result = run(target, "restore", str(archive))
    assert result.exit_code == 0, result.output
    assert "Every row count and checksum matches the manifest." in result.output

    assert integrity_problems(target) == []
    assert constraints(target) == constraints(source)
    restored_counts, restored_revision = facts(target)
    assert restored_counts == counts
    assert restored_revision == revision
    assert uploaded_files(target) == before
    for name in before:
        assert (
            sha256(Path(target.config["UPLOAD_DIR"]) / name) == listed[f"uploads/{name}"]["sha256"]
        )
    with target.app_context():
        assert db.session.scalar(select(Project.code).where(Project.code == "LLI-431"))
        assert db.session.scalar(select(func.count(Theme.id))) == counts["theme"]
        # The restored instance goes on working: new rows get new ids.
        project_id = db.session.scalar(select(Project.id).where(Project.code == "LLI-431"))
        db.session.add(Theme(project_id=project_id, name=Translations({"en": "After"})))
        db.session.commit()
        assert db.session.scalar(select(func.count(Theme.id))) == counts["theme"] + 1


def test_restore_into_a_migrated_empty_database(source, empty_instance, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(source, archive)
    target = empty_instance(migrated=True)

    result = run(target, "restore", str(archive))

    assert result.exit_code == 0, result.output
    assert facts(target)[0] == manifest_of(archive)["database"]["row_counts"]
    assert uploaded_files(target) == uploaded_files(source)


def test_restore_refuses_a_database_that_is_not_empty(source, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(source, archive)
    counts = facts(source)[0]

    result = run(source, "restore", str(archive))

    assert result.exit_code != 0
    assert "The target database is not empty" in result.output
    assert "project (2 rows)" in result.output
    assert facts(source)[0] == counts


def test_restore_refuses_an_upload_folder_that_is_not_empty(source, empty_instance, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(source, archive)
    target = empty_instance()
    left_over = Path(target.config["UPLOAD_DIR"]) / "files" / "old.pdf"
    left_over.parent.mkdir(parents=True)
    left_over.write_bytes(b"%PDF an earlier instance's file")

    result = run(target, "restore", str(archive))

    assert result.exit_code != 0
    assert f"The upload folder {target.config['UPLOAD_DIR']} is not empty" in result.output
    assert facts_or_none(target) is None
    assert list(uploaded_files(target)) == ["files/old.pdf"]


def facts_or_none(app):
    """None while the database has no table at all."""
    with app.app_context(), db.engine.connect() as connection:
        if not inspect(connection).get_table_names():
            return None
    return facts(app)


def rewrite(archive, change):
    """Copy the archive with `change(name, data)` applied to each member's bytes."""
    with tarfile.open(archive) as tar:
        members = [(member, tar.extractfile(member).read()) for member in tar]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_a_changed_upload_fails_verification_and_restores_nothing(source, empty_instance, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(source, archive)
    changed = next(
        entry["path"]
        for entry in manifest_of(archive)["files"]
        if entry["path"].startswith("uploads/files/")
    )
    # Same size, one byte different: only the checksum can tell.
    rewrite(archive, lambda name, data: data[:-1] + b"!" if name == changed else data)
    target = empty_instance()

    result = run(target, "restore", str(archive))

    assert result.exit_code != 0
    assert "failed verification" in result.output
    assert f"{changed}: its SHA-256 differs from the manifest" in result.output
    assert "Nothing was restored." in result.output
    assert facts_or_none(target) is None
    assert uploaded_files(target) == {}


def test_a_restore_whose_rows_differ_from_the_manifest_fails(source, empty_instance, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(source, archive)
    manifest = manifest_of(archive)
    themes = manifest["database"]["row_counts"]["theme"]
    manifest["database"]["row_counts"]["theme"] = themes + 1
    rewrite(
        archive,
        lambda name, data: json.dumps(manifest).encode() if name == "manifest.json" else data,
    )
    target = empty_instance()

    result = run(target, "restore", str(archive))

    assert result.exit_code != 0
    assert "does not match the manifest" in result.output
    assert f"table theme: {themes} rows, the manifest says {themes + 1}" in result.output


def test_an_archive_with_a_path_outside_the_instance_is_refused(source, empty_instance, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(source, archive)
    with tarfile.open(archive) as tar:
        members = [(member, tar.extractfile(member).read()) for member in tar]
    with tarfile.open(archive, "w:gz") as tar:
        evil = tarfile.TarInfo("uploads/files/../../../escaped.txt")
        evil.size = 4
        tar.addfile(evil, io.BytesIO(b"evil"))
        for member, data in members:
            tar.addfile(member, io.BytesIO(data))
    target = empty_instance()

    result = run(target, "restore", str(archive))

    assert result.exit_code != 0
    assert "which a Collab backup never holds" in result.output
    assert not list(tmp_path.rglob("escaped.txt"))
    assert facts_or_none(target) is None
