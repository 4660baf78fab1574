"""Access rules of the foundation: accounts, organisations, projects."""

from tests.access import (
    EVERYONE,
    HIDDEN_PROJECT,
    LOGGED_IN,
    PROJECT_EDITORS,
    PROJECT_READERS,
    P,
    Rule,
)


def reset_token(w):
    from collab.auth.resets import make_reset_token

    return make_reset_token(w.users["member"])


def indicator(w):
    return w.project.indicators[0].id


def partner(w):
    return w.project.partners[1].id


ACCESS: dict[str, list[Rule]] = {
    "auth.login": [
        Rule("GET", lambda w: "/login", EVERYONE, public=True),
        Rule(
            "POST",
            lambda w: "/login",
            EVERYONE,
            public=True,
            data=lambda w: {"email": "member@example.org", "password": "wrong"},
        ),
    ],
    "auth.logout": [Rule("POST", lambda w: "/logout", LOGGED_IN)],
    "auth.change_password": [
        Rule("GET", lambda w: "/account/password", LOGGED_IN),
        Rule(
            "POST",
            lambda w: "/account/password",
            LOGGED_IN,
            data=lambda w: {"current_password": "wrong", "new_password": "x", "confirm": "x"},
        ),
    ],
    # A valid link for the member's account: the link is all it takes, for anyone.
    "auth.reset": [
        Rule("GET", lambda w: f"/reset/{reset_token(w)}", EVERYONE, public=True),
        Rule(
            "POST",
            lambda w: f"/reset/{reset_token(w)}",
            EVERYONE,
            public=True,
            data=lambda w: {
                "new_password": "another long passphrase",
                "confirm": "another long passphrase",
            },
        ),
    ],
    "main.index": [Rule("GET", lambda w: "/", LOGGED_IN)],
    "main.set_language": [
        Rule(
            "POST", lambda w: "/language", EVERYONE, data=lambda w: {"language": "lv"}, public=True
        )
    ],
    "users.index": [Rule("GET", lambda w: "/users", {"admin", "coordinator", "outsider"})],
    "users.create": [
        Rule("GET", lambda w: "/users/new", {"admin", "coordinator", "outsider"}),
        Rule(
            "POST",
            lambda w: "/users/new",
            {"admin", "coordinator", "outsider"},
            data=lambda w: {
                "name": "New Person",
                "email": "new@example.org",
                "organisation_id": w.lv.id,
                "role": "member",
                "password": "a long unusual passphrase",
            },
        ),
    ],
    # A facilitator of KPR, edited by: admin, KPR's coordinator. Others: not found.
    "users.edit": [
        Rule(
            "GET",
            lambda w: f"/users/{w.users['facilitator'].id}/edit",
            {"admin", "coordinator"},
            hidden={"outsider", "facilitator", "member"},
        ),
        Rule(
            "POST",
            lambda w: f"/users/{w.users['facilitator'].id}/edit",
            {"admin", "coordinator"},
            hidden={"outsider", "facilitator", "member"},
            data=lambda w: {
                "name": "Renamed",
                "email": "facilitator@example.org",
                "organisation_id": w.lv.id,
                "role": "member",
                "is_active": "y",
                "version": "1",
            },
        ),
    ],
    "users.reset_password": [
        Rule(
            "GET",
            lambda w: f"/users/{w.users['facilitator'].id}/password",
            {"admin", "coordinator"},
            hidden={"outsider", "facilitator", "member"},
        ),
        Rule(
            "POST",
            lambda w: f"/users/{w.users['facilitator'].id}/password",
            {"admin", "coordinator"},
            hidden={"outsider", "facilitator", "member"},
            data=lambda w: {
                "new_password": "another long passphrase",
                "confirm": "another long passphrase",
            },
        ),
    ],
    "users.reset_link": [
        Rule(
            "POST",
            lambda w: f"/users/{w.users['facilitator'].id}/reset-link",
            {"admin", "coordinator"},
            hidden={"outsider", "facilitator", "member"},
        )
    ],
    "organisations.index": [Rule("GET", lambda w: "/organisations", {"admin"})],
    "organisations.create": [
        Rule("GET", lambda w: "/organisations/new", {"admin"}),
        Rule(
            "POST",
            lambda w: "/organisations/new",
            {"admin"},
            data=lambda w: {
                "name": "Saldus novada pašvaldība",
                "country": "LV",
                "kind": "local_public_authority",
            },
        ),
    ],
    "organisations.edit": [
        Rule("GET", lambda w: f"/organisations/{w.de.id}/edit", {"admin"}),
        Rule(
            "POST",
            lambda w: f"/organisations/{w.de.id}/edit",
            {"admin"},
            data=lambda w: {
                "name": "HOST",
                "country": "DE",
                "kind": "higher_education",
                "version": "1",
            },
        ),
    ],
    "organisations.delete": [Rule("POST", lambda w: f"/organisations/{w.de.id}/delete", {"admin"})],
    "projects.index": [Rule("GET", lambda w: "/projects", LOGGED_IN)],
    "projects.create": [
        Rule("GET", lambda w: "/projects/new", {"admin", "coordinator", "outsider"}),
        Rule(
            "POST",
            lambda w: "/projects/new",
            {"admin", "coordinator", "outsider"},
            data=lambda w: {
                "code": "LLI-999",
                "acronym": "New",
                "title-en": "New project",
                "programme-en": "Interreg",
                "start_date": "2024-01-01",
                "end_date": "2025-01-01",
            },
        ),
    ],
    "projects.show": [
        Rule("GET", lambda w: f"/projects/{P(w)}", PROJECT_READERS, hidden=HIDDEN_PROJECT)
    ],
    "projects.edit": [
        Rule("GET", lambda w: f"/projects/{P(w)}/edit", PROJECT_EDITORS, hidden=HIDDEN_PROJECT),
        Rule(
            "POST",
            lambda w: f"/projects/{P(w)}/edit",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
            data=lambda w: {
                "code": "LLI-431",
                "acronym": "Changed",
                "title-en": "Changed",
                "programme-en": "Interreg",
                "start_date": "2020-06-01",
                "end_date": "2022-05-31",
                "version": "1",
            },
        ),
    ],
    "projects.add_partner": [
        Rule(
            "POST",
            lambda w: f"/projects/{P(w)}/partners",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
            data=lambda w: {"organisation_id": w.de.id, "role": "associated"},
        )
    ],
    "projects.remove_partner": [
        Rule(
            "POST",
            lambda w: f"/projects/{P(w)}/partners/{partner(w)}/delete",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
        )
    ],
    "projects.add_indicator": [
        Rule(
            "POST",
            lambda w: f"/projects/{P(w)}/indicators",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
            data=lambda w: {"new-name-en": "Study visits", "new-target": "2"},
        )
    ],
    "projects.edit_indicator": [
        Rule(
            "GET",
            lambda w: f"/projects/{P(w)}/indicators/{indicator(w)}",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
        ),
        Rule(
            "POST",
            lambda w: f"/projects/{P(w)}/indicators/{indicator(w)}",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
            data=lambda w: {
                f"indicator{indicator(w)}-name-en": "Workshops",
                f"indicator{indicator(w)}-target": "9",
                f"indicator{indicator(w)}-version": "1",
            },
        ),
    ],
    "projects.indicator_row": [
        Rule(
            "GET",
            lambda w: f"/projects/{P(w)}/indicators/{indicator(w)}/row",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
        )
    ],
    "projects.delete_indicator": [
        Rule(
            "POST",
            lambda w: f"/projects/{P(w)}/indicators/{indicator(w)}/delete",
            PROJECT_EDITORS,
            hidden=HIDDEN_PROJECT,
        )
    ],
}
