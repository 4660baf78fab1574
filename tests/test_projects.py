"""Projects: overview, editing with conflicts, partners and indicators inline."""

from decimal import Decimal

from sqlalchemy import select

from collab.extensions import db
from collab.projects.models import Indicator, Project
from tests.conftest import login

HTMX = {"HX-Request": "true"}


def project_form(project, **changes):
    data = {
        "code": project.code,
        "acronym": project.acronym,
        "title-en": project.title.get("en", ""),
        "title-lv": project.title.get("lv", ""),
        "programme-en": project.programme["en"],
        "start_date": "2020-06-01",
        "end_date": "2022-05-31",
        "total_budget": "363 237,51",
        "eu_amount": "308751.88",
        "version": project.version,
    }
    data.update(changes)
    return data


def test_overview_shows_partners_budget_and_indicators(client, world):
    login(client, world.users["member"])
    page = client.get(f"/projects/{world.project.id}").get_data(as_text=True)
    assert "Kurzemes plānošanas reģions" in page and "Lead partner" in page
    assert "Asociacija „Klaipėdos regionas“" in page
    assert "€363,237.51" in page and "85" in page  # EU share 85.00 %
    assert "Thematic workshops" in page and "44" in page  # 4 of 9 achieved
    assert "Edit project" not in page  # a member reads, does not edit
    assert 'src="/static/img/flags/lv.svg" alt=""' in page  # decorative: the name is written


def test_numbers_in_edit_forms_are_written_as_the_reader_writes_them(client, world):
    login(client, world.users["coordinator"])
    client.post("/language", data={"language": "lv", "next": "/"})
    page = client.get(f"/projects/{world.project.id}/edit").get_data(as_text=True)
    assert 'value="363\u00a0237,51"' in page
    indicator = world.project.indicators[0]
    row = client.get(f"/projects/{world.project.id}/indicators/{indicator.id}").get_data(
        as_text=True
    )
    assert 'value="9"' in row


def test_coordinator_edits_the_project_with_lv_number_format(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        f"/projects/{world.project.id}/edit",
        data=project_form(world.project, acronym="Viedā plānošana", total_budget="400 000,00"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert world.project.acronym == "Viedā plānošana"
    assert world.project.total_budget == Decimal("400000.00")
    assert world.project.version == 2


def test_invalid_project_form_keeps_what_was_typed(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        f"/projects/{world.project.id}/edit",
        data=project_form(
            world.project, acronym="Typed by me", end_date="2019-01-01", eu_amount="abc"
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please correct the following:" in page
    assert "The project cannot end before it starts." in page
    assert "Enter a number, such as 1,234.56." in page
    assert 'value="Typed by me"' in page


def test_stale_edit_shows_the_conflict_and_keeps_the_typed_text(make_app, world):
    app = make_app()
    ilze, jonas = app.test_client(), app.test_client()
    login(ilze, world.users["coordinator"])
    login(jonas, world.users["admin"])
    loaded = project_form(world.project)

    assert (
        jonas.post(
            f"/projects/{world.project.id}/edit", data={**loaded, "acronym": "Jonas's acronym"}
        ).status_code
        == 302
    )
    response = ilze.post(
        f"/projects/{world.project.id}/edit", data={**loaded, "acronym": "Ilze's acronym"}
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this while you were editing" in page
    assert "Jonas&#39;s acronym" in page and 'value="Ilze&#39;s acronym"' in page
    db.session.expire_all()
    assert world.project.acronym == "Jonas's acronym"
    # Saving again, having read the difference, is a deliberate overwrite.
    assert 'name="version" type="hidden" value="2"' in page
    again = ilze.post(
        f"/projects/{world.project.id}/edit",
        data={**loaded, "acronym": "Ilze's acronym", "version": "2"},
    )
    assert again.status_code == 302
    db.session.expire_all()
    assert world.project.acronym == "Ilze's acronym"


def test_create_project_makes_the_creators_organisation_lead(client, world):
    login(client, world.users["outsider"])
    response = client.post(
        "/projects/new",
        data={
            "code": "DE-1",
            "acronym": "Küste",
            "title-de": "",
            "title-en": "Coast",
            "programme-en": "Interreg South Baltic",
            "start_date": "2024-01-01",
            "end_date": "2026-12-31",
        },
    )
    assert response.status_code == 302
    project = db.session.scalar(select(Project).where(Project.code == "DE-1"))
    assert [(p.organisation_id, p.role) for p in project.partners] == [(world.de.id, "lead")]


def test_duplicate_code_is_refused(client, world):
    login(client, world.users["admin"])
    response = client.post("/projects/new", data=project_form(world.project, version=""))
    assert response.status_code == 400
    assert "A project with this code already exists." in response.get_data(as_text=True)


def test_add_partner_with_htmx_returns_only_the_partners_block(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        f"/projects/{world.project.id}/partners",
        headers=HTMX,
        data={"organisation_id": world.de.id, "role": "associated", "budget": "1 000,50"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert page.lstrip().startswith('<section id="partners"')
    assert "Hochschule Stralsund" in page and "Associated partner" in page
    assert "<html" not in page


def test_add_partner_without_javascript_redirects_back(client, world):
    login(client, world.users["coordinator"])
    response = client.post(
        f"/projects/{world.project.id}/partners",
        data={"organisation_id": world.de.id, "role": "partner"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/projects/{world.project.id}#partners")


def test_coordinator_cannot_remove_their_own_organisation(client, world):
    login(client, world.users["coordinator"])
    own = world.project.partners[0]
    client.post(f"/projects/{world.project.id}/partners/{own.id}/delete")
    db.session.expire_all()
    assert len(world.project.partners) == 2


def test_indicator_click_to_edit_round_trip(client, world):
    login(client, world.users["coordinator"])
    indicator = world.project.indicators[0]
    url = f"/projects/{world.project.id}/indicators/{indicator.id}"
    form = client.get(url, headers=HTMX).get_data(as_text=True)
    assert form.lstrip().startswith(f'<tr id="indicator-{indicator.id}" class="editing">')
    prefix = f"indicator{indicator.id}"
    row = client.post(
        url,
        headers=HTMX,
        data={
            f"{prefix}-name-en": "Thematic workshops",
            f"{prefix}-name-lv": "Darbnīcas",
            f"{prefix}-target": "9",
            f"{prefix}-achieved": "9",
            f"{prefix}-version": "1",
        },
    )
    assert row.status_code == 200
    assert f'<tr id="indicator-{indicator.id}">' in row.get_data(as_text=True)
    assert "100" in row.get_data(as_text=True)
    db.session.expire_all()
    assert indicator.achieved == 9 and indicator.name["lv"] == "Darbnīcas"


def test_stale_indicator_edit_is_a_conflict_in_the_row(client, world):
    login(client, world.users["coordinator"])
    indicator = world.project.indicators[0]
    indicator.achieved, indicator.version = Decimal(5), 2
    db.session.commit()
    prefix = f"indicator{indicator.id}"
    response = client.post(
        f"/projects/{world.project.id}/indicators/{indicator.id}",
        headers=HTMX,
        data={
            f"{prefix}-name-en": "Workshops",
            f"{prefix}-target": "9",
            f"{prefix}-achieved": "7",
            f"{prefix}-version": "1",
        },
    )
    assert response.status_code == 409
    assert "Someone else saved this" in response.get_data(as_text=True)
    db.session.expire_all()
    assert indicator.achieved == 5


def test_add_and_delete_indicator(client, world):
    login(client, world.users["admin"])
    response = client.post(
        f"/projects/{world.project.id}/indicators",
        data={"new-name-lt": "Pažintinės kelionės", "new-target": "2"},
    )
    assert response.status_code == 303
    added = db.session.scalar(select(Indicator).where(Indicator.target == 2))
    assert added.name.original == "lt" and added.achieved == 0
    added_id = added.id
    client.post(f"/projects/{world.project.id}/indicators/{added_id}/delete")
    db.session.expire_all()
    assert db.session.scalar(select(Indicator).where(Indicator.id == added_id)) is None


def test_indicator_without_a_name_is_refused_in_the_readers_language(client, world):
    login(client, world.users["admin"])
    client.post("/language", data={"language": "lt", "next": "/"})
    response = client.post(
        f"/projects/{world.project.id}/indicators", headers=HTMX, data={"new-target": "2"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Fill in at least one language." not in page
    assert 'id="indicators"' in page


def test_project_list_shows_only_partner_projects(client, world):
    login(client, world.users["outsider"])
    page = client.get("/projects").get_data(as_text=True)
    assert "BSTC" in page and "LLI-431" not in page
