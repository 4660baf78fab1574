"""Which language a page is in, and content that falls back visibly."""

from collab.extensions import db
from collab.i18n import Translations, render_translated
from tests.conftest import login


def test_language_comes_from_accept_language_then_english(client, world):
    assert '<html lang="lt">' in client.get(
        "/login", headers={"Accept-Language": "lt,en;q=0.5"}
    ).get_data(as_text=True)
    assert '<html lang="en">' in client.get("/login", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )


def test_switch_is_kept_in_the_session_and_beats_the_browser(client, world):
    client.post("/language", data={"language": "lv", "next": "/login"})
    page = client.get("/login", headers={"Accept-Language": "lt"}).get_data(as_text=True)
    assert '<html lang="lv">' in page
    assert "Pieteikties" in page


def test_users_preference_beats_the_switch_and_the_switch_updates_it(client, world):
    member = world.users["member"]
    member.language = "lt"
    db.session.commit()
    login(client, member)
    assert '<html lang="lt">' in client.get("/projects").get_data(as_text=True)
    client.post("/language", data={"language": "lv", "next": "/projects"})
    db.session.refresh(member)
    assert member.language == "lv"
    assert '<html lang="lv">' in client.get("/projects").get_data(as_text=True)


def test_project_overview_formats_money_and_dates_per_locale(client, world):
    login(client, world.users["coordinator"])
    url = f"/projects/{world.project.id}"
    client.post("/language", data={"language": "lv", "next": url})
    page = client.get(url).get_data(as_text=True).replace("\u00a0", " ")
    assert "363 237,51 €" in page
    assert "308 751,88 €" in page
    assert "2020. gada 1. jūnijs" in page
    assert "(85%)" in page  # CLDR: Latvian writes no space before %, Lithuanian does
    assert "Interreg V-A Latvia–Lithuania 2014–2020" in page and 'class="fallback"' in page
    assert "Latvija" in page and "Lietuva" in page
    client.post("/language", data={"language": "en", "next": url})
    page = client.get(url).get_data(as_text=True)
    assert "€363,237.51" in page and "June 1, 2020" in page and "(85%)" in page


def test_translations_keep_the_original_language_first():
    value = Translations.written("lv", {"en": "Smart planning", "lv": "Viedā plānošana", "lt": ""})
    assert list(value) == ["lv", "en"]
    assert value.original == "lv"
    assert value.pick("lt") == ("Viedā plānošana", "lv")
    assert value.pick("en") == ("Smart planning", "en")


def test_fallback_is_marked_visibly_and_tagged_with_its_language(app):
    value = Translations({"lv": "Viedā plānošana"})
    with app.app_context(), app.test_request_context(headers={"Accept-Language": "en"}):
        shown = str(render_translated(value))
    assert '<span lang="lv">Viedā plānošana</span>' in shown
    assert 'class="fallback"' in shown and ">LV<" in shown
    with app.app_context(), app.test_request_context(headers={"Accept-Language": "lv"}):
        assert str(render_translated(value)) == "Viedā plānošana"


def test_translated_text_is_escaped(app):
    with app.test_request_context():
        shown = str(render_translated(Translations({"en": "<script>alert(1)</script>"})))
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_baltic_letters_survive_the_database_and_search(app, world):
    from sqlalchemy import String, cast, select

    from collab.projects.models import Project

    world.project.title = Translations({"lt": "Žemaitijos ąžuolai", "lv": "Kuldīgas ķēķis"})
    db.session.commit()
    db.session.expire_all()
    found = db.session.scalar(select(Project).where(cast(Project.title, String).like("%ąžuol%")))
    assert found.title["lt"] == "Žemaitijos ąžuolai"
    assert found.title.original == "lt"
