"""The themes of a project: listed for its readers, added, renamed and removed by its editors."""

from sqlalchemy import func, select

from collab.events.models import Event, Theme, event_theme
from collab.extensions import db
from collab.i18n import Translations
from tests.conftest import login

HTMX = {"HX-Request": "true"}


def themes_url(world, *parts) -> str:
    return "/".join([f"/projects/{world.project.id}/themes", *map(str, parts)])


def names(world) -> list[dict]:
    db.session.expire_all()
    query = select(Theme.name).where(Theme.project_id == world.project.id).order_by(Theme.id)
    return [dict(name) for name in db.session.scalars(query)]


def test_readers_see_the_themes_and_how_many_events_use_them(client, world):
    login(client, world.users["member"])
    page = client.get(themes_url(world)).get_data(as_text=True)
    assert "Climate adaptation" in page
    row = page[page.index(f'id="theme-{world.theme.id}"') :]
    assert ">1</td>" in row[: row.index("</tr>")]
    # A member reads; only the project's editors change the themes.
    assert "Rename" not in page and "Add a theme" not in page


def test_the_project_page_links_to_events_calendar_and_themes(client, world):
    login(client, world.users["coordinator"])
    page = client.get(f"/projects/{world.project.id}").get_data(as_text=True)
    assert f'href="/projects/{world.project.id}/events"' in page
    assert f'href="/projects/{world.project.id}/events/calendar"' in page
    assert f'href="/projects/{world.project.id}/themes"' in page
    client.post("/logout")
    login(client, world.users["member"])
    page = client.get(f"/projects/{world.project.id}").get_data(as_text=True)
    assert f'href="/projects/{world.project.id}/events"' in page
    assert "Manage themes" not in page


def test_coordinator_adds_a_theme(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        themes_url(world), data={"new-name-lv": "Tūrisms", "new-name-en": "Tourism"}
    )
    assert response.status_code == 303
    assert names(world)[-1] == {"en": "Tourism", "lv": "Tūrisms"}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Theme Tourism added." in page
    assert "Tourism" in page


def test_adding_with_htmx_answers_the_list(client, world):
    login(client, world.users["coordinator"])
    response = client.post(themes_url(world), data={"new-name-en": "Mobility"}, headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="themes"')
    assert "Mobility" in page and "Theme Mobility added." in page
    assert len(names(world)) == 2


def test_a_theme_needs_a_name_and_the_form_keeps_the_rest(client, world):
    login(client, world.users["coordinator"])
    response = client.post(themes_url(world), data={"new-name-en": "   "}, headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Fill in at least one language." in page
    assert len(names(world)) == 1
    too_long = "x" * 201
    response = client.post(themes_url(world), data={"new-name-en": too_long})
    assert response.status_code == 400
    assert too_long in response.get_data(as_text=True)


def test_coordinator_renames_a_theme_inline(client, world):
    login(client, world.users["coordinator"])
    url = themes_url(world, world.theme.id)
    form = client.get(url, headers=HTMX).get_data(as_text=True)
    assert form.lstrip().startswith(f'<tr id="theme-{world.theme.id}" class="editing">')
    assert 'value="Climate adaptation"' in form and 'value="Klimata pielāgošanās"' in form

    response = client.post(
        url,
        data={
            f"theme{world.theme.id}-name-en": "Climate change adaptation",
            f"theme{world.theme.id}-name-lv": "Klimata pielāgošanās",
            f"theme{world.theme.id}-name-lt": "Prisitaikymas prie klimato kaitos",
        },
        headers=HTMX,
    )
    row = response.get_data(as_text=True)
    assert response.status_code == 200
    assert row.lstrip().startswith(f'<tr id="theme-{world.theme.id}">')
    assert "Climate change adaptation" in row
    saved = names(world)[0]
    assert saved["en"] == "Climate change adaptation"
    assert saved["lt"] == "Prisitaikymas prie klimato kaitos"
    # The language it was first written in stays first.
    assert next(iter(saved)) == "en"


def test_renaming_without_javascript_redirects_to_the_row(client, world):
    login(client, world.users["coordinator"])
    url = themes_url(world, world.theme.id)
    page = client.get(url).get_data(as_text=True)
    assert "<html" in page and 'class="editing"' in page
    response = client.post(url, data={f"theme{world.theme.id}-name-en": "Adaptation"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"themes#theme-{world.theme.id}")
    assert names(world)[0]["en"] == "Adaptation"


def test_renaming_to_nothing_keeps_the_name(client, world):
    login(client, world.users["coordinator"])
    url = themes_url(world, world.theme.id)
    empty = {f"theme{world.theme.id}-name-{lang}": "" for lang in ("en", "lv", "lt")}
    response = client.post(url, data=empty, headers=HTMX)
    assert response.status_code == 400
    assert "Fill in at least one language." in response.get_data(as_text=True)
    assert names(world)[0]["en"] == "Climate adaptation"


def test_removing_a_theme_takes_it_off_its_events(client, world):
    login(client, world.users["coordinator"])
    response = client.post(themes_url(world, world.theme.id, "delete"))
    assert response.status_code == 303
    assert names(world) == []
    assert db.session.scalar(select(func.count()).select_from(event_theme)) == 0
    assert db.session.get(Event, world.event.id) is not None  # the event stays


def test_removing_with_htmx_answers_the_list(client, world):
    login(client, world.users["coordinator"])
    response = client.post(themes_url(world, world.theme.id, "delete"), headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "No themes yet." in page and "Theme Climate adaptation removed." in page


def test_only_project_editors_change_themes(client, world):
    login(client, world.users["facilitator"])
    assert client.post(themes_url(world), data={"new-name-en": "X"}).status_code == 403
    url = themes_url(world, world.theme.id)
    assert client.get(url).status_code == 403
    assert client.post(url, data={f"theme{world.theme.id}-name-en": "X"}).status_code == 403
    assert client.post(themes_url(world, world.theme.id, "delete")).status_code == 403
    assert names(world) == [{"en": "Climate adaptation", "lv": "Klimata pielāgošanās"}]


def test_a_theme_of_another_project_is_not_found(client, world):
    other = Theme(project_id=world.other_project.id, name=Translations({"en": "Tourism"}))
    db.session.add(other)
    db.session.commit()
    login(client, world.users["coordinator"])
    url = f"/projects/{world.project.id}/themes/{other.id}"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/delete").status_code == 404
    assert db.session.get(Theme, other.id) is not None


def test_the_event_list_filters_by_a_new_theme(client, world):
    login(client, world.users["coordinator"])
    client.post(themes_url(world), data={"new-name-en": "Green infrastructure"})
    page = client.get(f"/projects/{world.project.id}/events").get_data(as_text=True)
    choices = page[page.index('id="theme"') : page.index("</select>", page.index('id="theme"'))]
    assert "Green infrastructure" in choices and "Climate adaptation" in choices
