"""Quality gate 1: every endpoint is classified, and every role gets what the policy says.

Also quality gate 4: every GET page of the matrix carries the security headers.
A new route fails `test_every_endpoint_is_classified` until it is added to the access file
of its feature in tests/access/.
"""

import pytest

from tests.access import EVERYONE, all_rules
from tests.conftest import World, login, row_counts

ACCESS = all_rules()

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
    if response.mimetype == "text/html":
        for part in CSP_PARTS:
            assert part in csp
    else:
        # A download (CSV, PDF, an image, JSON) may load nothing and run nothing.
        assert "default-src 'none'" in csp, csp
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
