"""One helper decides between a full page and the fragment an htmx request needs."""

from flask import make_response, request
from jinja2_fragments.flask import render_block


def is_htmx() -> bool:
    """A request made by htmx for part of a page.

    A boosted link wants the whole page, and so does Back to an address htmx pushed: with
    no history cache htmx asks the server again (HX-History-Restore-Request) and puts the
    answer in place of the whole body.
    """
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and not headers.get("HX-Boosted")
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(template: str, block: str | None = None, status: int = 200, **context):
    """Render the page, or only `block` of it when htmx asks; the same template either way."""
    from flask import render_template

    if block and is_htmx():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response
