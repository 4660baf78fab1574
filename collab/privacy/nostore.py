"""Responses that show participants' names or e-mails: no copy kept anywhere.

`Cache-Control: no-store` keeps them out of the browser's and any proxy's cache, so the Back
button on a shared computer at a venue does not show the list again. The page templates add
hx-history="false" (block body_attrs of base.html) so htmx keeps no snapshot either.
tests/test_no_store.py finds every page that shows a participant and checks both.
"""


def no_store(response):
    """Mark `response` as never to be stored and return it: `return no_store(render(...))`,
    or `bp.after_request(no_store)` for a blueprint whose every page shows people."""
    response.headers["Cache-Control"] = "no-store"
    return response
