"""What people send, as every view reads it: text without control characters, and ids in
addresses that the database can take.

Nobody types a NUL or an escape code; they come pasted from other programs or sent by
scripts. PostgreSQL refuses NUL in any text, even in a search (a server error), and
spreadsheets refuse the other control characters when the list is exported. So they are
taken out where the request's form and query values are read, once for every view,
instead of in each form. Tab, line feed and carriage return stay: they are typed.
"""

import re

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter

# The largest id a row can have: ids are 32-bit integers in PostgreSQL, which refuses a
# larger number even to compare with them. A larger number names no row.
MAX_ID = 2**31 - 1
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(value):
    """A text value without control characters; anything else (a file) as it is."""
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


class CleanValues(ImmutableMultiDict):
    """Form or query values, cleaned when the request's body or address is parsed."""

    def __init__(self, mapping=None):
        if isinstance(mapping, MultiDict):
            mapping = mapping.items(multi=True)
        elif isinstance(mapping, dict):
            mapping = [
                (key, item)
                for key, value in mapping.items()
                for item in (value if isinstance(value, list | tuple) else [value])
            ]
        if mapping is not None:
            mapping = [
                (without_control_characters(key), without_control_characters(value))
                for key, value in mapping
            ]
        super().__init__(mapping)


class CleanRequest(Request):
    # Werkzeug builds request.args and request.form (and files) with this class.
    parameter_storage_class = CleanValues


class IdConverter(IntegerConverter):
    """<int:…> in an address: a number no larger than an id can be.

    A larger number, typed or sent by a script, matches no page (404); given to the
    database it would overflow (PostgreSQL's integers, and SQLite's beyond 64 bits).
    """

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits, min, max, signed)
