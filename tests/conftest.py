"""Fixtures: a real database (SQLite, or PostgreSQL from TEST_DATABASE_URL), the real
migrations, a small world of organisations, projects and people in every role, and a
login through the real login page."""

import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text

from collab import create_app
from collab.attendance.models import Attendance, Participant
from collab.auth.models import User
from collab.auth.passwords import hash_password
from collab.challenges.models import Vote, VoteOption
from collab.challenges.operations import add_solution, create_challenge
from collab.events.models import AgendaItem, Event, Theme
from collab.extensions import db
from collab.handbook.models import HandbookSection
from collab.handbook.plan import ensure_handbook
from collab.i18n import Translations
from collab.organisations.models import Organisation
from collab.outputs.models import Output
from collab.projects.models import Indicator, Partner, Project
from collab.reporting.models import ReportingPeriod

PASSWORD = "correct horse battery staple"
ROLES = ("admin", "coordinator", "facilitator", "member")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """An empty database with the schema built by the real migrations, once per run."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        app = create_app(_settings(url, tmp_path_factory.mktemp("instance")))
        with app.app_context():
            upgrade()
            db.engine.dispose()
        yield url
        return
    with fast_tmp_dir(tmp_path_factory) as directory:
        url = f"sqlite:///{directory / 'test.db'}"
        app = create_app(_settings(url, tmp_path_factory.mktemp("instance")))
        with app.app_context():
            upgrade()
            db.engine.dispose()
        yield url


@contextmanager
def fast_tmp_dir(tmp_path_factory):
    """A folder for a throwaway SQLite file, removed afterwards: in memory-backed /dev/shm
    where there is one, since fsync on a virtual machine's disk can cost tens of
    milliseconds per commit. It is still a real SQLite file, in WAL mode."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path_factory.mktemp("db")
        return
    directory = Path(tempfile.mkdtemp(prefix="collab-test-", dir=shm))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _settings(url, upload_dir, **overrides):
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "UPLOAD_DIR": str(upload_dir),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_PROFILE": "CHEAPEST",
    }
    settings.update(overrides)
    return settings


class IsolatedClient(FlaskClient):
    """Each request runs in an app context of its own, as in production.

    Tests keep an app context open to set up and read rows; without this, every request
    would share its `g` (the cached locale, the logged-in user) and its database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def make_app(database_url, tmp_path):
    """Build an app on the test database with some settings changed."""
    apps = []

    def build(**overrides):
        app = create_app(_settings(database_url, tmp_path / "uploads", **overrides))
        app.test_client_class = IsolatedClient
        apps.append(app)
        return app

    yield build
    # Empty every table, so each test starts from the same empty schema.
    with apps[0].app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
    # Close every pooled connection now, not whenever the garbage collector gets to it.
    for built in apps:
        with built.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def make_organisation(
    name="Kurzemes plānošanas reģions", country="LV", kind="regional_public_authority", **fields
) -> Organisation:
    organisation = Organisation(name=name, country=country, kind=kind, **fields)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_user(role="member", organisation=None, email=None, name=None, **fields) -> User:
    user = User(
        email=email or f"{role}-{db.session.scalar(select(func.count(User.id))) + 1}@example.org",
        name=name or f"Test {role.title()}",
        role=role,
        organisation=organisation,
        password_hash=hash_password(fields.pop("password", PASSWORD)),
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_project(code="LLI-431", partners=(), **fields) -> Project:
    values = {
        "acronym": "Smart Planning",
        "title": Translations({"en": "Smart planning", "lv": "Viedā plānošana"}),
        "programme": Translations({"en": "Interreg V-A Latvia–Lithuania 2014–2020"}),
        "total_budget": Decimal("363237.51"),
        "eu_amount": Decimal("308751.88"),
        "start_date": date(2020, 6, 1),
        "end_date": date(2022, 5, 31),
    }
    values.update(fields)
    project = Project(code=code, **values)
    for position, (organisation, role) in enumerate(partners):
        project.partners.append(Partner(organisation=organisation, role=role, position=position))
    project.indicators.append(
        Indicator(
            name=Translations({"en": "Thematic workshops", "lv": "Tematiskās darbnīcas"}),
            target=Decimal(9),
            achieved=Decimal(4),
        )
    )
    db.session.add(project)
    db.session.flush()
    return project


def make_event(project, organiser, title="Innovation camp", **fields) -> Event:
    values = {
        "kind": "camp",
        "status": "held",
        "start_date": date(2021, 9, 15),
        "end_date": date(2021, 9, 16),
        "venue": "Zinātnes centrs VIZIUM",
        "town": "Ventspils",
        "country": organiser.country,
    }
    values.update(fields)
    event = Event(
        project_id=project.id,
        organiser=organiser,
        title=Translations({"en": title}) if isinstance(title, str) else Translations(title),
        **values,
    )
    db.session.add(event)
    db.session.flush()
    return event


def make_participant(project, name="Ilze Bērziņa", country="LV", **fields) -> Participant:
    participant = Participant(project_id=project.id, name=name, country=country, **fields)
    db.session.add(participant)
    db.session.flush()
    return participant


def attend(event, participant, role="participant", recorded="hand") -> Attendance:
    attendance = Attendance(
        event_id=event.id, participant_id=participant.id, role=role, recorded=recorded
    )
    db.session.add(attendance)
    db.session.flush()
    return attendance


class World:
    """Two partners of one project, an outside organisation with its own project,
    and a person in every role (the outsider is a coordinator elsewhere).

    The project has a theme and two events: `event`, organised by the Latvian partner (the
    coordinator's and facilitator's organisation), with an agenda item and one participant;
    and `lt_event`, organised by the Lithuanian partner (the member's).

    At `event` a challenge was identified (`challenge`, with one `solution`), a note was
    taken (`output`), and a dot-vote on the challenge is open (`vote`).
    """

    def __init__(self):
        self.lv = make_organisation("Kurzemes plānošanas reģions", "LV", short_name="KPR")
        self.lt = make_organisation("Asociacija „Klaipėdos regionas“", "LT")
        self.de = make_organisation("Hochschule Stralsund", "DE", kind="higher_education")
        self.project = make_project(partners=[(self.lv, "lead"), (self.lt, "partner")])
        self.other_project = make_project(code="BSTC", acronym="BSTC", partners=[(self.de, "lead")])
        self.users = {
            "admin": make_user("admin", self.lv, email="admin@example.org"),
            "coordinator": make_user("coordinator", self.lv, email="coordinator@example.org"),
            "facilitator": make_user("facilitator", self.lv, email="facilitator@example.org"),
            "member": make_user("member", self.lt, email="member@example.org"),
            "outsider": make_user("coordinator", self.de, email="outsider@example.org"),
        }
        self.theme = Theme(
            project_id=self.project.id,
            name=Translations({"en": "Climate adaptation", "lv": "Klimata pielāgošanās"}),
        )
        db.session.add(self.theme)
        self.event = make_event(self.project, self.lv, "Innovation camp in Ventspils")
        self.event.themes.append(self.theme)
        self.event.agenda.append(
            AgendaItem(
                day=self.event.start_date,
                title=Translations({"en": "Opening"}),
                speaker="A. Meri",
                speaker_organisation="KPR",
            )
        )
        self.lt_event = make_event(
            self.project,
            self.lt,
            "Seminar on the public-service quality standard",
            kind="seminar",
            start_date=date(2021, 11, 5),
            end_date=date(2021, 11, 5),
            venue=None,
            town="Klaipėda",
        )
        self.participant = make_participant(
            self.project, "Ilze Bērziņa", "LV", organisation=self.lv, function="planner"
        )
        attend(self.event, self.participant)
        self.challenge, _ = create_challenge(
            self.project.id,
            Translations({"en": "Cycling routes stop at the border", "lv": "Veloceļi beidzas"}),
            self.users["facilitator"],
            event=self.event,
            theme_id=self.theme.id,
        )
        self.solution, _ = add_solution(
            self.challenge,
            Translations({"en": "Join the routes to EuroVelo 10"}),
            self.users["facilitator"],
            kind="joint_project",
            event_id=self.event.id,
            organisations=[self.lv, self.lt],
        )
        self.output = Output(
            event_id=self.event.id,
            kind="note",
            title=Translations({"en": "Notes of table 1"}),
            text=Translations({"en": "Cycling *matters*."}),
        )
        self.vote = Vote(event_id=self.event.id, question="Which first?", dots_per_voter=3)
        self.vote.options.append(VoteOption(challenge_id=self.challenge.id))
        db.session.add_all([self.output, self.vote])
        # The project's handbook with its default chapters and one free text of the editor,
        # and its first reporting period (the project starts on 2020-06-01).
        self.handbook = ensure_handbook(self.project)
        self.chapter = self.handbook.chapters[2]  # "About the project"
        self.text_section = HandbookSection(
            source="text",
            title=Translations({"en": "How to read this handbook"}),
            text=Translations({"en": "Each chapter starts with a *summary*."}),
        )
        self.chapter.sections.append(self.text_section)
        self.period = ReportingPeriod(
            project_id=self.project.id,
            name=Translations({"en": "Period 1"}),
            start_date=date(2020, 6, 1),
            end_date=date(2020, 11, 30),
        )
        db.session.add(self.period)
        db.session.commit()


@pytest.fixture
def world(app):
    return World()


def login(client, user_or_email, password=PASSWORD, **extra):
    """Log in through the real login form."""
    email = getattr(user_or_email, "email", user_or_email)
    data = {"email": email, "password": password, **extra}
    token = csrf_token(client, "/login")
    if token:
        data["csrf_token"] = token
    return client.post("/login", data=data)


def csrf_token(client, url) -> str | None:
    """The CSRF token of the form on a page, when the app checks tokens."""
    page = client.get(url).get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    return found.group(1) if found else None


def row_counts() -> dict[str, int]:
    """How many rows every table of the project's data holds.

    The audit log is left out: a refused request is itself recorded there (in its own
    transaction), and that is the point of it, not a write that got through.
    """
    db.session.expire_all()
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
        if table.name != "audit_entry"
    }
