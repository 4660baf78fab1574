"""Quality gate 2: every state-changing route refuses a request without a valid CSRF token,
and accepts the token from the form field or from the X-CSRFToken header htmx sends."""

import pytest

from tests.conftest import PASSWORD, World, csrf_token, login, row_counts
from tests.test_access_matrix import ACCESS

# Data that passes validation, so a refusal can only come from the missing token.
VALID = {
    "auth.login": lambda w: {"email": "member@example.org", "password": PASSWORD},
    "auth.change_password": lambda w: {
        "current_password": PASSWORD,
        "new_password": "a much longer passphrase",
        "confirm": "a much longer passphrase",
    },
}


def state_changing_routes(app):
    for url_rule in app.url_map.iter_rules():
        for method in sorted(url_rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            yield url_rule.endpoint, method


def test_every_state_changing_route_is_checked_here(app):
    """The list below comes from the URL map, so a new POST route is checked automatically."""
    routes = list(state_changing_routes(app))
    assert routes
    for endpoint, method in routes:
        assert any(rule.method == method for rule in ACCESS[endpoint]), endpoint


POST_RULES = [
    pytest.param(endpoint, rule, id=endpoint)
    for endpoint, rules in ACCESS.items()
    for rule in rules
    if rule.method == "POST"
]


@pytest.fixture
def csrf_client(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app.test_client()


@pytest.mark.parametrize(("endpoint", "rule"), POST_RULES)
def test_post_without_token_is_refused(csrf_client, endpoint, rule):
    world = World()
    assert login(csrf_client, world.users["admin"]).status_code == 302
    data = VALID.get(endpoint, rule.data)(world)
    url = rule.url(world)  # some URLs make the row they act on
    before = row_counts()

    response = csrf_client.post(url, data=data)

    assert response.status_code == 400
    assert row_counts() == before


@pytest.mark.parametrize(("endpoint", "rule"), POST_RULES)
def test_post_with_header_token_is_accepted(csrf_client, endpoint, rule):
    world = World()
    assert login(csrf_client, world.users["admin"]).status_code == 302
    token = csrf_token(csrf_client, "/account/password")
    data = VALID.get(endpoint, rule.data)(world)

    response = csrf_client.post(rule.url(world), data=data, headers={"X-CSRFToken": token})

    assert response.status_code in (200, 302, 303), response.status_code


def test_login_form_without_token_is_refused_and_logs_nobody_in(csrf_client, app):
    world = World()
    response = csrf_client.post("/login", data={"email": "admin@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert csrf_client.get("/projects").status_code == 302
    assert world.users["admin"].last_login_at is None
