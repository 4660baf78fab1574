"""Hostile input everywhere: every form of the access matrix, every page's query string and
both imports, fed with empty, huge, control, right-to-left, emoji, Baltic, HTML, SQL-looking,
format-string and wrong-typed values by Hypothesis.

What must hold for each: never a server error; a refusal (400, 409, 422) is an HTML page or
fragment with a message, in Latvian for a Latvian reader, and with what the person typed
still in the form (escaped); nothing typed comes back as live markup.

Examples share a World until one saves something; then the tables are emptied, as make_app
does after a test, and a new World is built (Worlds), so one example's saved rows cannot
change the next one's answer. Hypothesis runs derandomized: CI sees the same examples.
"""

import html
import re
from functools import cache
from io import BytesIO
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from babel.messages.pofile import read_po
from flask import current_app
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from openpyxl import load_workbook
from sqlalchemy import select

from collab.attendance.models import name_key
from collab.clean_input import without_control_characters
from collab.config import ROOT
from collab.extensions import db
from collab.i18n import Translations
from collab.organisations.models import Organisation
from tests import hostile
from tests.access import all_rules
from tests.conftest import World, login

ACCESS = all_rules()

POST_RULES = [
    pytest.param(endpoint, index, id=f"{endpoint}-{index}")
    for endpoint, rules in ACCESS.items()
    for index, rule in enumerate(rules)
    if rule.method == "POST"
]
GET_RULES = [
    pytest.param(endpoint, index, id=endpoint)
    for endpoint, rules in ACCESS.items()
    for index, rule in enumerate(rules)
    if rule.method == "GET"
]
# Query parameters the views read (collab/**/routes.py: request.args) and the common ones.
QUERY_NAMES = (
    "q", "page", "month", "since", "after", "kind", "show", "table", "event", "scale",
    "token", "poster", "next", "status", "theme", "country", "organisation", "region",
    "sort", "keep", "merge", "role", "function", "view", "year",
)  # fmt: skip

HYPOTHESIS = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
    report_multiple_bugs=False,
)
REFUSALS = (400, 409, 422)
HTMX = {"HX-Request": "true"}


# --- The World, rebuilt when an example saved something ----------------------------------


class Worlds:
    """The World and two clients for the examples of one test: the admin's, logged in,
    and a visitor's, for the public forms (logging in, checking in).

    A refused request saves nothing (collab.database commits only below 400), so the next
    example may use the same World; after anything saved, every table is emptied (as
    make_app does after a test) and a new World built, so no example sees another's rows.
    """

    def __init__(self):
        self.world = None

    def get(self, public=False):
        if self.world is None:
            self.world = World()
            self.admin = current_app.test_client()
            assert login(self.admin, self.world.users["admin"]).status_code == 302
            self.visitor = current_app.test_client()
        return self.world, self.visitor if public else self.admin

    def spoilt(self):
        self.world = None
        db.session.rollback()
        db.session.expunge_all()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()

    def after(self, *responses):
        """Start again from an empty database after any answer that may have saved."""
        if any(response.status_code < 400 for response in responses):
            self.spoilt()


def reader_headers(latvian: bool, htmx: bool) -> dict:
    headers = {"Accept-Language": "lv" if latvian else "en"}
    if htmx:
        headers["HX-Request"] = "true"
    return headers


# --- What a page says -------------------------------------------------------------------


@cache
def latvian_messages() -> list[tuple[re.Pattern, str]]:
    """English messages that have a Latvian translation, as patterns (a placeholder: a word).

    Only messages of three words or more: a label such as "Innovation camp" may well be
    part of what someone typed, shown back in a message.
    """
    with open(ROOT / "translations" / "lv" / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po, locale="lv")
    found = []
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or message.fuzzy or not all(strings):
            continue
        for msgid in ids:
            if len(msgid.split()) < 3 or msgid in strings:
                continue
            pattern = re.sub(r"%\\\([a-z_]+\\\)[sd]|%[sd]", r"\\S+", re.escape(msgid))
            found.append((re.compile(rf"(?<!\w){pattern}(?!\w)"), msgid))
    return found


# Where a page tells the person what went wrong: field errors, the summary, refusals,
# flashed messages, the conflict panel, the error page.
MESSAGE_PARTS = re.compile(
    r'<(p|div|section|li)\b[^>]*class="[^"]*\b(error|refusal|flash|conflict|mistake)[^"]*"'
    r"[^>]*>(.*?)</\1>",
    re.S,
)


def messages_in(page: str) -> list[str]:
    """The texts of the page that tell the person what went wrong, as plain text."""
    return [
        html.unescape(re.sub(r"<[^>]+>", " ", match.group(3)))
        for match in MESSAGE_PARTS.finditer(page)
    ]


def assert_in_latvian(page: str, htmx: bool):
    if not htmx and "<html" in page:
        assert '<html lang="lv">' in page
    for text in messages_in(page):
        for pattern, msgid in latvian_messages():
            assert not pattern.search(text), f"English shown to a Latvian reader: {msgid!r}"


def input_tag(page: str, name: str) -> str | None:
    """The <input> or <textarea> a person types `name` into, if the page has one."""
    quoted = re.escape(f'name="{html.escape(name)}"')
    found = re.search(rf"<(input|textarea)\b[^>]*{quoted}[^>]*>", page)
    if not found:
        return None
    tag = found.group(0)
    if found.group(1) == "input" and re.search(
        r'type="(hidden|checkbox|radio|file|submit|password)"', tag
    ):
        return None
    return tag


def shows_typed(page: str, value: str) -> bool:
    candidates = {
        value,
        value.strip(),
        value.replace("\r\n", "\n"),
        value.strip().replace("\r\n", "\n"),
    }
    return any(str(escape(candidate)) in page for candidate in candidates)


def assert_typed_value_kept(page: str, field: str, value: str):
    tag = input_tag(page, field)
    if not tag:
        return  # a select, a hidden version or a file: nothing typed to show again
    limit = re.search(r'maxlength="(\d+)"', tag)
    if limit and len(value) > int(limit.group(1)):
        return  # no browser sends more than the field takes
    # Control characters are taken out of every request (collab.clean_input).
    if shows_typed(page, without_control_characters(value)):
        return
    assert value == hostile.MEGABYTE and f'id="{html.escape(field)}-error"' in page, (
        f"{field}: what was typed is not in the form again"
    )


def assert_no_live_markup(page: str, value: str):
    """Typed markup is shown as text, never as markup: no tag of the value, with the text
    after it, is in the page as it was typed."""
    for typed in re.findall(r"<[a-z][^<>]*>[^<]*", value):
        assert typed.strip() not in page, f"typed markup is live: {typed}"


def assert_answer(response, value: str, latvian: bool, htmx: bool) -> str:
    """What every answer to hostile input must be: no 500, safe, in the reader's language."""
    assert response.status_code < 500, response.status_code
    if response.mimetype != "text/html":
        # A file sent while it is made is made in full here, within this request's turn:
        # a fault half-way fails the test, and nothing is left running into the next one.
        response.get_data()
        response.close()
        return ""
    page = response.get_data(as_text=True)
    assert_no_live_markup(page, value)
    if response.status_code in REFUSALS:
        assert messages_in(page) or "refusal" in page, "a refusal without a message"
    if latvian and not 300 <= response.status_code < 400:
        assert_in_latvian(page, htmx)
    return page


def follow(client, response, headers):
    """The page a redirect leads to, where the saved hostile value is shown."""
    if not 300 <= response.status_code < 400 and "HX-Redirect" not in response.headers:
        return None
    location = response.headers.get("Location") or response.headers.get("HX-Redirect")
    if not location or urlsplit(location).netloc not in ("", "localhost"):
        return None
    return client.get(location, headers={"Accept-Language": headers["Accept-Language"]})


# --- Every form -------------------------------------------------------------------------


# Values every field of every form gets, besides the drawn ones: NUL, which PostgreSQL
# refuses in any text; only spaces; numbers too large for PostgreSQL's and for SQLite's
# integers. (Markup and the rest come often enough among the drawn values.)
EVERY_FIELD_GETS = ("a\x00b", "  ", "2147483648", "99999999999999999999")


# The fields of every form the pages show, by the shape of the address they post to.
FORM_FIELDS: dict[str, set[str]] = {}


def address_shape(url: str) -> str:
    """An address with its ids and tokens left out, the same in every World."""
    return re.sub(r"/(\d+|[\w.-]{20,})(?=/|$)", "/#", urlsplit(url).path)


def fields_of_forms(world, client) -> dict[str, set[str]]:
    """Every field of every form on the pages of the access matrix, once per run: the
    optional ones too, which the matrix's valid data leaves out."""
    if not FORM_FIELDS:
        for rules in ACCESS.values():
            for rule in rules:
                if rule.method != "GET":
                    continue
                url = rule.url(world)
                response = client.get(url)
                if response.mimetype != "text/html":
                    continue
                forms = re.findall(r"<form\b([^>]*)>(.*?)</form>", response.text, re.S)
                for attributes, body in forms:
                    # A form without an action posts to the page's own address.
                    action = re.search(r'action="([^"]*)"', attributes)
                    action = action.group(1) if action else url
                    if 'method="get"' not in attributes.lower():
                        names = re.findall(
                            r'<(?:input|select|textarea|button)\b[^>]*name="([^"]+)"', body
                        )
                        shape = address_shape(html.unescape(action))
                        FORM_FIELDS.setdefault(shape, set()).update(names)
    return FORM_FIELDS


@pytest.mark.parametrize(("endpoint", "index"), POST_RULES)
def test_a_hostile_value_in_any_field_of_any_form(app, endpoint, index):
    rule = ACCESS[endpoint][index]
    worlds = Worlds()
    world, _client = worlds.get(public=rule.public)
    shown = fields_of_forms(world, worlds.admin).get(address_shape(rule.url(world)), set())
    # A form without fields (a button) still gets a hostile version and an extra field.
    fields = sorted((set(rule.data(world)) | shown) - {"csrf_token"}) or ["version", "next"]
    worlds.spoilt()  # the pages' addresses set things up (a vote closed, an event trashed)

    @HYPOTHESIS
    @given(
        field=st.sampled_from(fields),
        value=hostile.text_values,
        latvian=st.booleans(),
        htmx=st.booleans(),
    )
    def post_one(field, value, latvian, htmx):
        world, client = worlds.get(public=rule.public)
        url = rule.url(world)
        headers = reader_headers(latvian, htmx)

        response = client.post(url, data={**rule.data(world), field: value}, headers=headers)

        worlds.after(response)
        page = assert_answer(response, value, latvian, htmx)
        if response.status_code in REFUSALS and page:
            assert_typed_value_kept(page, field, value)
        shown = follow(client, response, headers)
        if shown is not None:
            assert_answer(shown, value, latvian, htmx=False)

    # The English input of a translated field stands for the other languages' inputs.
    checked = [field for field in fields if not field.endswith(("-lv", "-lt"))]
    for number, field in enumerate(checked):
        for value in EVERY_FIELD_GETS:
            odd = number % 2 == 1
            post_one = example(field=field, value=value, latvian=odd, htmx=not odd)(post_one)
    post_one()


# --- Every page's query string ----------------------------------------------------------


def search_fields(page: str) -> set[str]:
    """The names of the fields of the page's GET forms (search, filters)."""
    names = set()
    for form in re.findall(r'<form\b[^>]*method="get"[^>]*>.*?</form>', page, re.S | re.I):
        names |= set(re.findall(r'<(?:input|select|textarea)\b[^>]*name="([^"]+)"', form))
    return names


@pytest.mark.parametrize(("endpoint", "index"), GET_RULES)
def test_hostile_query_strings_on_any_page(app, endpoint, index):
    rule = ACCESS[endpoint][index]
    worlds = Worlds()
    world, client = worlds.get(public=rule.public)
    first = client.get(rule.url(world))
    shown = first.get_data(as_text=True) if first.mimetype == "text/html" else ""
    names = sorted(set(QUERY_NAMES) | search_fields(shown))

    @settings(HYPOTHESIS, max_examples=3)
    @given(
        query=st.dictionaries(st.sampled_from(names), hostile.query_values, min_size=1, max_size=4),
        latvian=st.booleans(),
        htmx=st.booleans(),
    )
    @example(query={name: "a\x00b" for name in names}, latvian=True, htmx=False)
    @example(query={name: "99999999999999999999" for name in names}, latvian=False, htmx=True)
    @example(query={name: "2147483648" for name in names}, latvian=True, htmx=False)
    @example(query={"page": "-1", "month": "2022-13", "since": "abc"}, latvian=False, htmx=True)
    @example(query={"page": "abc", "q": "'; DROP TABLE event; --"}, latvian=True, htmx=True)
    @example(query={"page": "99999999999999999999", "q": "%_\\"}, latvian=False, htmx=False)
    def get_one(query, latvian, htmx):
        world, client = worlds.get(public=rule.public)
        # The hostile values replace those the rule's address has (?after=, ?token=).
        path, _mark, given_query = rule.url(world).partition("?")
        sent = {**dict(parse_qsl(given_query)), **query}
        response = client.get(f"{path}?{urlencode(sent)}", headers=reader_headers(latvian, htmx))
        worlds.after(response)
        assert_answer(response, " ".join(query.values()), latvian, htmx)

    get_one()


def test_ids_too_large_for_the_database_find_nothing(app):
    world, client = Worlds().get()
    for endpoint, rules in ACCESS.items():
        for rule in rules:
            real = rule.url(world)  # once: some rules' urls set things up (trash an event)
            url = re.sub(r"/\d+(?=[/?]|$)", "/99999999999999999999", real)
            response = client.open(url, method=rule.method, data=rule.data(world))
            assert response.status_code < 500, (endpoint, rule.method, url)
            if url != real:
                assert response.status_code in (404, 405), (endpoint, rule.method, url)


# --- Hostile text once saved: every page, export and feed that shows it -------------------


def put_everywhere(world, value: str):
    """The value in every free text of the World, as if saved long ago or imported.

    Only NUL is left out: PostgreSQL cannot store it at all.
    """
    text = value.replace("\x00", "")
    short = (text if text.strip() else "x")[:60]
    line = (text if text.strip() else "x")[:200]
    translated = Translations({"en": line, "lv": text or "x"})
    participant = world.participant
    participant.name, participant.name_key = line, name_key(line)
    participant.organisation_name = line
    world.lv.name, world.lv.short_name, world.lv.town = line, short, short
    world.users["facilitator"].name = line[:120]
    project = world.project
    project.acronym, project.title, project.priority = line[:80], translated, translated
    project.indicators[0].name = project.indicators[0].unit = translated
    event = world.event
    event.title = event.description = event.sites_visited = translated
    event.venue = event.host_region = line
    event.town = line[:100]
    item = event.agenda[0]
    item.title, item.speaker, item.speaker_organisation = translated, line, line
    world.theme.name = translated
    world.challenge.title = world.challenge.description = translated
    world.challenge.set_aside_reason = text
    world.solution.text, world.solution.where_it_works = translated, line
    world.output.title = world.output.text = translated
    world.vote.question = line[:300]
    db.session.commit()


@pytest.fixture
def stored_worlds(app):
    return Worlds()


@settings(HYPOTHESIS, max_examples=6)
@given(value=hostile.stored_text, latvian=st.booleans())
@example(value="\x0c form feed \x1b[31m\x7f", latvian=False)
@example(value="<img src=x onerror=alert(1)> %(name)s {0}", latvian=True)
def test_saved_hostile_text_shows_safely_on_every_page(stored_worlds, value, latvian):
    world, client = stored_worlds.get()
    put_everywhere(world, value)
    headers = reader_headers(latvian, htmx=False)
    try:
        for endpoint, rules in ACCESS.items():
            for rule in rules:
                if rule.method == "GET":
                    response = client.get(rule.url(world), headers=headers)
                    assert response.status_code < 500, endpoint
                    assert_answer(response, value, latvian, htmx=False)
    finally:
        stored_worlds.spoilt()


# --- Imports: the paste box and files ---------------------------------------------------


def test_hostile_pasted_lists(app):
    worlds = Worlds()

    @settings(HYPOTHESIS, max_examples=40)
    @given(
        text=hostile.pasted_text,
        action=st.sampled_from(["preview", "import", "import_valid", "", "<b>bold</b>"]),
        latvian=st.booleans(),
        htmx=st.booleans(),
    )
    def paste_one(text, action, latvian, htmx):
        world, client = worlds.get()
        response = client.post(
            f"/events/{world.event.id}/attendance/paste",
            data={"text": text, "action": action},
            headers=reader_headers(latvian, htmx),
        )
        worlds.after(response)
        page = assert_answer(response, text, latvian, htmx)
        if response.status_code in REFUSALS or response.status_code == 200:
            assert_typed_value_kept(page, "text", text)
        if latvian and 'class="mistake"' in page:
            assert "Kļūda:" in page  # each line's mistakes, marked in Latvian

    paste_one()


def test_hostile_files_to_import(app):
    worlds = Worlds()

    @settings(HYPOTHESIS, max_examples=40)
    @given(
        content=hostile.file_bytes,
        filename=hostile.file_names,
        mode=st.sampled_from(["all_or_nothing", "valid_only"]),
        latvian=st.booleans(),
    )
    def upload_one(content, filename, mode, latvian):
        world, client = worlds.get()
        headers = reader_headers(latvian, htmx=False)
        typed = filename + "\n" + content[:100_000].decode("utf-8", "replace")
        response = client.post(
            f"/events/{world.event.id}/attendance/import",
            data={"file": (BytesIO(content), filename)},
            headers=headers,
        )
        # The test client spools a body over 500 kB to a temporary file it never closes.
        response.request.environ["wsgi.input"].close()
        assert_answer(response, typed, latvian, htmx=False)
        if response.status_code != 303:
            return
        # Through the steps as far as the file goes: columns, preview, import.
        map_url = response.headers["Location"]
        page = assert_answer(client.get(map_url, headers=headers), typed, latvian, htmx=False)
        guessed = {
            name: re.search(r'<option selected value="([^"]*)"', choices).group(1)
            for name, choices in re.findall(
                r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', page, re.S
            )
        }
        mapped = client.post(map_url, data=guessed, headers=headers)
        assert_answer(mapped, typed, latvian, htmx=False)
        if mapped.status_code != 303:
            return
        preview_url = mapped.headers["Location"]
        assert_answer(client.get(preview_url, headers=headers), typed, latvian, htmx=False)
        ran = client.post(
            preview_url.removesuffix("/preview"), data={"mode": mode}, headers=headers
        )
        worlds.after(ran)
        assert_answer(ran, typed, latvian, htmx=False)
        shown = follow(client, ran, headers)
        if shown is not None:
            assert_answer(shown, typed, latvian, htmx=False)

    upload_one()


def test_hostile_files_as_outputs(app):
    """The other upload: a file, photo or presentation added to an event's outputs."""
    worlds = Worlds()

    @settings(HYPOTHESIS, max_examples=20)
    @given(
        content=hostile.file_bytes,
        filename=hostile.file_names,
        kind=st.sampled_from(["file", "photo", "presentation", "report"]),
        title=st.one_of(st.just(""), hostile.readable_cell),
        latvian=st.booleans(),
        htmx=st.booleans(),
    )
    def upload_one(content, filename, kind, title, latvian, htmx):
        world, client = worlds.get()
        headers = reader_headers(latvian, htmx)
        response = client.post(
            f"/events/{world.event.id}/outputs",
            data={"kind": kind, "title-en": title, "upload": (BytesIO(content), filename)},
            headers=headers,
        )
        response.request.environ["wsgi.input"].close()
        worlds.after(response)
        page = assert_answer(response, f"{filename} {title}", latvian, htmx)
        if response.status_code in REFUSALS and page:
            assert_typed_value_kept(page, "title-en", title)
        shown = follow(client, response, headers)
        if shown is not None:
            assert_answer(shown, f"{filename} {title}", latvian, htmx=False)

    upload_one()


# --- What the properties found, example by example ----------------------------------------


def test_nul_and_control_characters_are_taken_out_of_what_is_sent(client, world):
    # PostgreSQL refused the NUL with a server error, in a saved name and in a search.
    login(client, world.users["admin"])
    response = client.post(
        "/organisations/new",
        data={"name": "Saldus\x00 novada\x1b pašvaldība", "country": "LV", "kind": "other"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    names = db.session.scalars(select(Organisation.name)).all()
    assert "Saldus novada pašvaldība" in names
    assert client.get("/organisations?q=Saldus%00").status_code == 200
    events = client.get(f"/projects/{world.project.id}/events?q=camp%00%1b")
    assert events.status_code == 200 and "Innovation camp in Ventspils" in events.text


def test_a_headcount_of_only_spaces_asks_for_a_number(client, world):
    # Spaces got past InputRequired as "no number": NULL in a NOT NULL column, a 500.
    login(client, world.users["admin"])
    client.post("/language", data={"language": "lv"})
    response = client.post(
        f"/events/{world.event.id}/headcount", data={"unnamed_count": "  "}, headers=HTMX
    )
    assert response.status_code == 400
    assert "Ievadiet skaitli" in response.text  # "Enter a number; 0 when everyone is on the list."
    db.session.refresh(world.event)
    assert world.event.unnamed_count == 0


def test_a_page_number_beyond_any_list_shows_an_empty_page(client, world):
    # 99999999999999999999 overflowed the database's integers in OFFSET.
    login(client, world.users["admin"])
    for url in ("/users", "/organisations", f"/projects/{world.project.id}/challenges"):
        assert client.get(url + "?page=99999999999999999999").status_code == 200
        assert client.get(url + "?page=-1").status_code == 200
        assert client.get(url + "?page=abc").status_code == 200


def test_an_id_too_large_for_the_database_is_not_found(client, world):
    # SQLite cannot take it as a parameter (OverflowError): a 500 on every page with an id.
    login(client, world.users["admin"])
    assert client.get("/projects/99999999999999999999").status_code == 404
    assert client.get("/events/9223372036854775808/attendance").status_code == 404
    assert client.get("/challenges/2147483648").status_code == 404  # PostgreSQL's integer + 1
    feed = f"/projects/99999999999999999999/events.ics?token={'x' * 40}"
    assert client.get(feed).status_code == 404


def test_the_totals_of_a_vote_opened_directly_are_the_vote_page(client, world):
    # The address htmx polls had no page around it: a 500 without HX-Request.
    login(client, world.users["member"])
    response = client.get(f"/votes/{world.vote.id}/totals")
    assert response.status_code == 200
    assert "<html" in response.text and 'id="totals"' in response.text
    assert "Which first?" in response.text


def test_a_csv_cell_longer_than_the_csv_reader_takes_is_refused_with_a_message(client, world):
    # The csv module's limit (128 KB per cell) raised while guessing the separator: a 500.
    login(client, world.users["admin"])
    data = b"Name;Organisation\n" + b"x" * (200 * 1024) + b";KPR\n"
    response = client.post(
        f"/events/{world.event.id}/attendance/import",
        data={"file": (BytesIO(data), "people.csv")},
    )
    assert response.status_code == 400
    assert "not a spreadsheet we can read" in response.text


def test_an_import_with_no_known_choice_says_what_to_do(client, world):
    # A 400 page with no message when the button's value was not one of the page's.
    login(client, world.users["admin"])
    from tests.access.imports import upload_token

    url = f"/events/{world.event.id}/attendance/import/{upload_token(world)}"
    response = client.post(url, data={"mode": "<script>alert(1)</script>"})
    assert response.status_code == 400
    assert 'class="refusal"' in response.text and "Choose what to import." in response.text
    assert "<script>alert(1)" not in response.text


def test_the_excel_export_leaves_out_control_characters_it_cannot_hold(client, world):
    # A name imported or saved with a form feed made openpyxl refuse the cell: a 500.
    world.participant.name = "Ilze\x0c Bērziņa\x1b"
    db.session.commit()
    login(client, world.users["admin"])
    response = client.get(f"/events/{world.event.id}/attendance.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.get_data())).active
    assert "Ilze Bērziņa" in [cell.value for cell in sheet["A"]]


@pytest.mark.parametrize("typed", ["NaN", "sNaN", "Infinity", "1e309", "99999999999999999999"])
def test_an_amount_must_be_a_number_the_database_holds(client, world, typed):
    # sNaN raised in NumberRange; Infinity and 20 digits overflowed Numeric(14, 2) in
    # PostgreSQL. Now the form says what to type and keeps what was typed.
    login(client, world.users["admin"])
    url = f"/projects/{world.project.id}/indicators"
    response = client.post(url, data={"new-name-en": "Study visits", "new-target": typed})
    assert response.status_code == 400
    assert typed in response.text and 'id="new-target-error"' in response.text
    assert len(world.project.indicators) == 1


def test_a_headcount_larger_than_any_event_is_refused(client, world):
    # 2147483648 overflowed the integer column in PostgreSQL; 20 digits overflowed SQLite.
    login(client, world.users["admin"])
    for typed in ("2147483648", "99999999999999999999"):
        response = client.post(
            f"/events/{world.event.id}/headcount", data={"unnamed_count": typed}, headers=HTMX
        )
        assert response.status_code == 400 and "Enter a number up to 1,000,000." in response.text


@pytest.mark.parametrize("typed", ["99999999999999999999", "²", "٣"])
def test_a_board_capture_for_a_challenge_id_no_row_can_have_is_refused(client, world, typed):
    # A 20-digit id overflowed SQLite; "²" is a digit to str.isdigit but not to int().
    login(client, world.users["facilitator"])
    response = client.post(
        f"/events/{world.event.id}/board/items",
        data={"kind": "solution", "text": "Shared signage", "challenge_id": typed},
    )
    assert response.status_code == 400
    assert "Choose one of the challenges of this event." in response.text


def test_the_board_poll_takes_any_cursor(client, world):
    login(client, world.users["facilitator"])
    cursors = ("challenge:²", "challenge:2147483648", "solution:99999999999999999999,note:-1", "x")
    for after in cursors:
        response = client.get(f"/events/{world.event.id}/board/items?after={after}", headers=HTMX)
        assert response.status_code == 200


def test_merging_with_an_id_no_row_can_have_is_not_found(client, world):
    login(client, world.users["admin"])
    url = f"/projects/{world.project.id}/participants/merge"
    huge = "99999999999999999999"
    assert client.get(f"{url}?keep={world.participant.id}&merge={huge}").status_code == 404
    assert client.post(url, data={"keep": huge, "merge": world.participant.id}).status_code == 404
