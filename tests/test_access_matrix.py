"""Quality gate 1: every endpoint is classified, and every role gets what the policy says.

Also quality gate 4: every GET page of the matrix carries the security headers.
A new route fails `test_every_endpoint_is_classified` until it is added to ACCESS.
"""

from dataclasses import dataclass, field

import pytest

from tests.conftest import World, login, row_counts

EVERYONE = {"anonymous", "admin", "coordinator", "facilitator", "member", "outsider"}
LOGGED_IN = EVERYONE - {"anonymous"}


@dataclass
class Rule:
    """Who gets through. `hidden`: roles answered 404 (the object must not leak)."""

    method: str
    url: callable
    allowed: set
    hidden: set = field(default_factory=set)
    data: callable = lambda w: {}
    public: bool = False


def P(w):  # noqa: N802 - short for the shared project id in URLs
    return w.project.id


def indicator(w):
    return w.project.indicators[0].id


def partner(w):
    return w.project.partners[1].id


PROJECT_READERS = {"admin", "coordinator", "facilitator", "member"}
PROJECT_EDITORS = {"admin", "coordinator"}
# The outsider's organisation is not a partner of the project: it does not exist for them.
HIDDEN_PROJECT = {"outsider"}

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

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
CSP_PARTS = (
    "default-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
)


def test_every_endpoint_is_classified(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    unclassified = endpoints - ACCESS.keys()
    assert not unclassified, f"add these endpoints to ACCESS: {sorted(unclassified)}"
    assert not ACCESS.keys() - endpoints, "ACCESS names endpoints that no longer exist"


def test_every_method_of_every_endpoint_is_checked(app):
    for url_rule in app.url_map.iter_rules():
        if url_rule.endpoint == "static":
            continue
        methods = url_rule.methods - {"HEAD", "OPTIONS"}
        checked = {rule.method for rule in ACCESS[url_rule.endpoint]}
        assert methods == checked, f"{url_rule.endpoint}: check {sorted(methods - checked)}"


def test_public_endpoints_are_exactly_the_declared_ones(app):
    from collab.security import is_public_endpoint

    with app.test_request_context():
        for endpoint, rules in ACCESS.items():
            assert is_public_endpoint(endpoint) == any(r.public for r in rules), endpoint


CASES = [
    pytest.param(endpoint, index, role, id=f"{endpoint}-{rule.method}-{role}")
    for endpoint, rules in ACCESS.items()
    for index, rule in enumerate(rules)
    for role in sorted(EVERYONE)
]


def assert_security_headers(response):
    for header, value in SECURITY_HEADERS.items():
        assert response.headers.get(header) == value, header
    csp = response.headers.get("Content-Security-Policy", "")
    for part in CSP_PARTS:
        assert part in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


@pytest.mark.parametrize(("endpoint", "index", "role"), CASES)
def test_access(app, client, endpoint, index, role):
    rule = ACCESS[endpoint][index]
    world = World()
    if role != "anonymous":
        assert login(client, world.users[role]).status_code == 302
    url = rule.url(world)
    before = row_counts()

    response = client.open(url, method=rule.method, data=rule.data(world))

    if rule.method == "GET":
        assert_security_headers(response)
    if role in rule.allowed:
        assert response.status_code not in (401, 403, 404, 405), response.status_code
        # A refusal sends the person to log in and come back (?next=); logout ends there.
        assert "/login?next=" not in response.headers.get("Location", "")
    else:
        if role == "anonymous":
            assert response.status_code == 302
            assert "/login?next=" in response.headers["Location"]
        elif role in rule.hidden:
            assert response.status_code == 404
        else:
            assert response.status_code == 403
        if rule.method == "POST":
            assert row_counts() == before, "a refused write changed the database"
