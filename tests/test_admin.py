"""Admin pages: accounts and organisations."""

from sqlalchemy import select

from collab.auth.models import User
from collab.extensions import db
from collab.organisations.models import Organisation
from tests.conftest import login


def new_user(**changes):
    data = {
        "name": "Līga Piemēre",
        "email": "Liga@Example.lv",
        "organisation_id": "",
        "role": "facilitator",
        "language": "lv",
        "is_active": "y",
        "password": "amber coast in october",
    }
    data.update(changes)
    return data


def test_admin_creates_a_user_who_can_log_in(client, world):
    login(client, world.users["admin"])
    response = client.post("/users/new", data=new_user(organisation_id=world.lt.id))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "liga@example.lv"))
    assert (user.role, user.organisation_id, user.language) == ("facilitator", world.lt.id, "lv")
    client.post("/logout")
    assert login(client, "liga@example.lv", "amber coast in october").status_code == 302


def test_new_account_defaults_to_the_least_privilege(client, world):
    login(client, world.users["admin"])
    page = client.get("/users/new").get_data(as_text=True)
    assert page.index('value="member"') < page.index('value="admin"')
    assert '<option selected value="admin">' not in page
    assert f'<option selected value="{world.lv.id}">' in page  # the admin's own organisation


def test_duplicate_email_is_refused_whatever_the_case(client, world):
    login(client, world.users["admin"])
    response = client.post(
        "/users/new", data=new_user(email="MEMBER@example.org", organisation_id=world.lt.id)
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "An account with this e-mail already exists." in page
    assert 'value="Līga Piemēre"' in page


def test_coordinator_manages_only_their_organisations_people(client, world):
    login(client, world.users["coordinator"])
    page = client.get("/users").get_data(as_text=True)
    assert "facilitator@example.org" in page and "member@example.org" not in page
    # A coordinator cannot make an administrator, nor place someone in another organisation.
    response = client.post("/users/new", data=new_user(organisation_id=world.lv.id, role="admin"))
    assert response.status_code == 400
    response = client.post("/users/new", data=new_user(organisation_id=world.lt.id))
    assert response.status_code == 400
    assert db.session.scalar(select(User).where(User.email == "liga@example.lv")) is None


def test_admin_cannot_demote_or_deactivate_themselves(client, world):
    admin = world.users["admin"]
    login(client, admin)
    response = client.post(
        f"/users/{admin.id}/edit",
        data={
            "name": admin.name,
            "email": admin.email,
            "organisation_id": admin.organisation_id,
            "role": "member",
            "is_active": "y",
            "version": admin.version,
        },
    )
    assert response.status_code == 400
    db.session.refresh(admin)
    assert admin.role == "admin"


def test_reset_password_logs_the_person_out_everywhere(make_app, world):
    app = make_app()
    admin, member = app.test_client(), app.test_client()
    login(admin, world.users["admin"])
    login(member, world.users["member"])
    response = admin.post(
        f"/users/{world.users['member'].id}/password",
        data={"new_password": "granite steps to the sea", "confirm": "granite steps to the sea"},
    )
    assert response.status_code == 302
    assert member.get("/projects").status_code == 302
    assert login(member, world.users["member"], "granite steps to the sea").status_code == 302


def test_organisations_search_and_filter(client, world):
    login(client, world.users["admin"])
    page = client.get("/organisations?q=klaip").get_data(as_text=True)
    assert "Klaipėdos" in page and "Stralsund" not in page
    page = client.get("/organisations?country=DE", headers={"HX-Request": "true"})
    text = page.get_data(as_text=True)
    assert text.lstrip().startswith('<div id="results">') and "Stralsund" in text
    assert "Kurzemes" not in text


def test_organisation_crud(client, world):
    login(client, world.users["admin"])
    response = client.post(
        "/organisations/new",
        data={
            "name": "Saldus novada pašvaldība",
            "country": "LV",
            "kind": "local_public_authority",
            "website": "not a url",
        },
    )
    assert response.status_code == 400
    assert "Enter a web address starting with https://." in response.get_data(as_text=True)
    response = client.post(
        "/organisations/new",
        data={
            "name": "Saldus novada pašvaldība",
            "country": "LV",
            "kind": "local_public_authority",
        },
    )
    assert response.status_code == 302
    saldus = db.session.scalar(select(Organisation).where(Organisation.name.like("Saldus%")))
    assert client.post(f"/organisations/{saldus.id}/delete").status_code == 303
    assert db.session.scalar(select(Organisation).where(Organisation.id == saldus.id)) is None


def test_organisation_in_use_is_not_deleted(client, world):
    login(client, world.users["admin"])
    response = client.post(f"/organisations/{world.lv.id}/delete", follow_redirects=True)
    assert "was not deleted" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Organisation, world.lv.id) is not None
