"""Configuration, the database, migrations, error pages and the demo data."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text

from collab import create_app
from collab.config import load_config
from collab.demo import demo_logins, seed_demo
from collab.extensions import db
from collab.organisations.models import Organisation
from collab.projects.models import Project
from tests.conftest import login


def test_models_and_migrations_agree(app):
    """The schema built by the migrations is exactly what the models describe."""
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        load_config(str(tmp_path), {"COLLAB_ENV": "production"})


def test_production_cookies_are_secure(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from the environment")
    config = load_config(str(tmp_path), {"COLLAB_ENV": "production"})
    assert config["SECRET_KEY"] == "from the environment"
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_keeps_one_random_secret_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config(str(tmp_path))["SECRET_KEY"]
    assert len(first) >= 64
    assert load_config(str(tmp_path))["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("given", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_postgres_urls_use_psycopg_3(tmp_path, monkeypatch, given):
    monkeypatch.setenv("DATABASE_URL", given)
    assert load_config(str(tmp_path), {"SECRET_KEY": "x"})["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://u@h/db"
    )


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = load_config(str(tmp_path), {"SECRET_KEY": "x"})["SQLALCHEMY_DATABASE_URI"]
    assert url == f"sqlite:///{tmp_path / 'collab.db'}"


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        db.engine.dispose()


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Page not found"), ("lv", "Lapa nav atrasta"), ("lt", "Puslapis nerastas")],
)
def test_not_found_page_is_in_the_layout_and_the_readers_language(client, world, language, title):
    login(client, world.users["member"])
    response = client.get("/projects/999999", headers={"Accept-Language": language})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert f'<html lang="{language}">' in page and title in page
    assert 'class="site-header"' in page


def test_unexpected_errors_never_show_a_stack_trace(make_app, world):
    app = make_app()

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    boom.is_public = True
    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in page and "Traceback" not in page
    assert "Something went wrong on our side" in page


def test_too_large_request_gets_a_friendly_page(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1000)
    response = app.test_client().post("/login", data={"email": "x" * 5000})
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)


def test_htmx_errors_get_a_fragment_not_a_page(client, world):
    login(client, world.users["member"])
    response = client.get("/projects/999999", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert "<html" not in response.get_data(as_text=True)


def test_demo_data_comes_from_the_seeds_and_loads_once(app):
    assert seed_demo() is True
    assert seed_demo() is False
    smart = db.session.scalar(select(Project).where(Project.code == "LLI-431"))
    assert str(smart.total_budget) == "363237.51" and str(smart.eu_amount) == "308751.88"
    assert (smart.start_date.isoformat(), smart.end_date.isoformat()) == (
        "2020-06-01",
        "2022-05-31",
    )
    assert [(p.organisation.country, p.role) for p in smart.partners] == [
        ("LV", "lead"),
        ("LT", "partner"),
    ]
    targets = {i.name["en"]: int(i.target) for i in smart.indicators}
    assert targets["Thematic workshops and seminars"] == 9
    assert targets["Participants of the workshops"] == 200
    assert targets["Participants of the final conference"] == 80
    bstc = db.session.scalar(select(Project).where(Project.acronym == "BSTC"))
    assert {p.organisation.country for p in bstc.partners} == {"DE", "PL", "DK", "LT"}
    assert db.session.scalar(select(func.count(Organisation.id))) == 15


def test_demo_accounts_can_log_in(client, app):
    seed_demo()
    for role, email, password in demo_logins():
        assert login(client, email, password).status_code == 302, role
        client.post("/logout")


def test_seed_command_only_loads_into_an_empty_database(runner, app):
    assert "Demo data loaded." in runner.invoke(args=["collab", "seed-demo", "--if-empty"]).output
    again = runner.invoke(args=["collab", "seed-demo", "--if-empty"]).output
    assert "already has data" in again
