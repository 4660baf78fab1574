"""End-to-end fixtures: the real app with the demo data on a live server, driven by headless
Chromium; every page a test reaches is checked with axe-core and photographed.

Helpers for the tests (import them with `from tests.e2e.conftest import ...`):
visit(page, path) goes to a page and runs look(page); look(page) checks accessibility and
takes a screenshot; check_a11y(page) only runs axe; log_in(page, email, password) and
log_in_as(page, role) use the real login form; translation(lang, msgid) reads the catalogue.
"""

import gettext
import itertools
import os
import re
import shutil
import threading
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_migrate import upgrade
from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from collab import create_app
from collab.config import LANGUAGES, ROOT
from collab.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo
from collab.extensions import db
from tests.conftest import fast_tmp_dir

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
AXE = HERE / "vendor" / "axe-4.14.1.min.js"
# axe is served at this path of the app's own origin by a Playwright route (see open_page).
AXE_PATH = "/__e2e__/axe-4.14.1.min.js"
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = "chromium is missing: apt-get install chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
# How long a page, a click or an expectation may take. Playwright's 30 s default failed in
# CI on a machine so loaded that the whole suite ran ten times slower than here: a slow
# machine must make the suite slow, not red. A real fault still fails, only later.
TIMEOUT_MS = int(os.environ.get("E2E_TIMEOUT_MS", "120000"))
PHONE = {"width": 390, "height": 844}

# Statuses the app answers on purpose (a form with mistakes, a conflict); Chromium logs
# them as console errors, but they are not faults of the page.
EXPECTED_STATUS_LOG = re.compile(r"Failed to load resource: .* status of (400|409|422)\b")


# A browser that navigates away while a static file (the favicon, a font) is still being
# sent drops the connection; Werkzeug's development server then leaves that file for the
# garbage collector, whose ResourceWarning would fail whichever test is running. Only files
# under static/ are let through; a leak of the app's own files still fails.
DROPPED_STATIC_FILE = (
    r"ignore:unclosed file <_io\.BufferedReader name='[^']*/static/:ResourceWarning",
    r"ignore:Exception ignored in. <_io\.FileIO name='[^']*/static/"
    ":pytest.PytestUnraisableExceptionWarning",
)


def pytest_collection_modifyitems(config, items):
    # The hook sees every test of the run: mark only the ones in this folder.
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            for warning in DROPPED_STATIC_FILE:
                item.add_marker(pytest.mark.filterwarnings(warning))


# --- Translations -------------------------------------------------------------------------


@cache
def _catalogue(language: str):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def translation(language: str, msgid: str) -> str | None:
    """The msgstr the app will show for `msgid`, or None while it is not translated yet."""
    if language == "en":
        return msgid
    message = _catalogue(language).get(msgid)
    # pybabel compile leaves fuzzy entries out, so the app shows the English for them.
    if message is None or not message.string or message.fuzzy:
        return None
    return message.string


def ui_text(language: str, msgid: str, **values) -> str:
    """What a reader of `language` sees for `msgid`: the translation, else the English."""
    text = translation(language, msgid) or msgid
    return text % values if values else text


def ui_plural(language: str, singular: str, plural: str, num: int, **values) -> str:
    """What a reader of `language` sees for ngettext(singular, plural, num)."""
    values = {"num": num, **values}
    if language != "en":
        catalogue = _catalogue(language)
        message = catalogue.get(singular)
        if message is not None and not message.fuzzy and all(message.string):
            form = gettext.c2py(catalogue.plural_expr)(num)
            return message.string[form] % values
    return (singular if num == 1 else plural) % values


def _compile_translations(directory: Path) -> str:
    """Compile today's catalogues (the .mo files are not in git) for the live server."""
    for language in LANGUAGES:
        if language == "en":
            continue
        target = directory / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        with open(target / "messages.mo", "wb") as mo:
            write_mo(mo, _catalogue(language))
    return str(directory)


# --- The live server ----------------------------------------------------------------------


class _QuietRequestHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-"):
        # One line per request buries the test output; errors are still logged.
        pass


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app the live server runs, with its URL in config["LIVE_URL"]: fresh SQLite with
    the real migrations and the demo data. Tests may add rows in `live_app.app_context()`."""
    directory = tmp_path_factory.mktemp("e2e")
    with fast_tmp_dir(tmp_path_factory) as database_directory:
        yield from _serve(directory, database_directory)


@pytest.fixture(scope="session")
def live_server(live_app):
    """The URL of the live server."""
    return live_app.config["LIVE_URL"]


@pytest.fixture
def demo_event(live_app):
    """A new event of the demo project, organised by the demo partners' Latvian partner (so
    the demo coordinator and the admin may edit it): make(title, **fields) returns its id."""
    from collab.events.models import Event
    from collab.i18n import Translations
    from collab.organisations.models import Organisation
    from collab.projects.models import Project

    def make(title: str, **fields) -> int:
        with live_app.app_context():
            project = db.session.scalar(select(Project).where(Project.code == "LLI-431"))
            organiser = db.session.scalar(
                select(Organisation).where(Organisation.short_name == "KPR")
            )
            values = {
                "kind": "workshop",
                "status": "planned",
                "start_date": date(2022, 3, 10),
                "end_date": date(2022, 3, 10),
                "town": "Liepāja",
                "country": "LV",
            }
            values.update(fields)
            event = Event(
                project_id=project.id,
                organiser_id=organiser.id,
                title=Translations({"en": title}),
                **values,
            )
            db.session.add(event)
            db.session.commit()
            event_id = event.id
            db.session.remove()
        return event_id

    return make


def _serve(directory, database_directory):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database_directory / 'collab.db'}",
            "SECRET_KEY": "e2e-secret-key",
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
            "RATELIMIT_ENABLED": False,
            "UPLOAD_DIR": str(directory / "uploads"),
            "BABEL_TRANSLATION_DIRECTORIES": _compile_translations(directory / "translations"),
        }
    )
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    # Answer one request before the first test, so the first test does not pay for the
    # server's (and on a slow machine, Python's) warm-up inside its own time limit.
    with urlopen(f"{url}/login", timeout=TIMEOUT_MS / 1000) as response:
        assert response.status == 200
    app.config["LIVE_URL"] = url
    yield app
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


# --- The browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        # CI sets E2E_REQUIRED=1: there a missing browser must fail the run, not skip it.
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(CHROMIUM_MISSING, pytrace=False)
        pytest.skip(CHROMIUM_MISSING)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir()
    expect.set_options(timeout=TIMEOUT_MS)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except BaseException:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def open_page(browser, live_server):
    """Open a page in a new browser context: open_page() on a desktop, open_page(PHONE)."""
    contexts = []
    problems = []

    def open_page(viewport: dict = DESKTOP, **options) -> Page:
        if viewport == PHONE:
            options = {"is_mobile": True, "has_touch": True, **options}
        context = browser.new_context(
            base_url=live_server,
            viewport=viewport,
            locale="en-GB",
            timezone_id="Europe/Riga",
            **options,
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        # The app's CSP is script-src 'self' with no inline script, and Playwright's
        # add_script_tag(path=...) injects inline script, which the CSP blocks. Rather than
        # bypass_csp (which would also hide a CSP breakage of the app itself), axe is served
        # from the app's own origin by this route, and loaded as an ordinary external script.
        context.route(
            f"**{AXE_PATH}",
            lambda route: route.fulfill(path=AXE, content_type="text/javascript"),
        )
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and not EXPECTED_STATUS_LOG.search(message.text)
                and problems.append(f"console error on {page.url}: {message.text}")
            ),
        )
        page.on(
            "response",
            lambda response: (
                response.status >= 500
                and problems.append(f"server error {response.status} for {response.url}")
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def page(open_page) -> Page:
    """A desktop page (1280x800) in a new context."""
    return open_page()


@pytest.fixture
def phone_page(open_page) -> Page:
    """A phone-sized page (390x844, touch) in a new context."""
    return open_page(PHONE)


# --- Helpers ------------------------------------------------------------------------------


def check_a11y(page: Page) -> None:
    """Run axe-core on the page as it is now; fail with a readable list of violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_PATH)
    violations = page.evaluate(
        """async (options) => {
            const results = await axe.run(document, options);
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({
                    target: n.target.join(" "),
                    summary: (n.failureSummary || "").split("\\n").slice(0, 2).join(" "),
                })),
            }));
        }""",
        AXE_OPTIONS,
    )
    if violations:
        lines = [f"axe found {len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(
                f"- {violation['id']} [{violation['impact']}] {violation['help']} "
                f"({violation['helpUrl']})"
            )
            lines.extend(f"    {n['target']}: {n['summary']}" for n in violation["nodes"])
        pytest.fail("\n".join(lines), pytrace=False)


_shots = itertools.count(1)


def screenshot(page: Page, name: str | None = None) -> Path:
    """Save a full-page screenshot in tests/e2e/artifacts/, numbered in the order taken."""
    if name is None:
        name = urlsplit(page.url).path.strip("/") or "home"
    width = page.viewport_size["width"] if page.viewport_size else 0
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    path = ARTIFACTS / f"{next(_shots):02d}-{slug}-{width}.png"
    page.screenshot(path=path, full_page=True)
    return path


def look(page: Page, name: str | None = None) -> None:
    """What every page state a test reaches gets: an axe check and a screenshot."""
    check_a11y(page)
    screenshot(page, name)


def visit(page: Page, path: str, name: str | None = None):
    """Go to `path` (relative to the live server), check it with axe, photograph it."""
    response = page.goto(path)
    assert response is not None and response.ok, f"GET {path} answered {response.status}"
    look(page, name)
    return response


def demo_login(role: str) -> tuple[str, str]:
    """(e-mail, password) of the demo account with `role`."""
    email = next(email for demo_role, email, *_ in DEMO_USERS if demo_role == role)
    return email, DEMO_PASSWORD.format(role=role)


def log_in(page: Page, email: str, password: str) -> None:
    """Log in through the login form (an English browser: the form is in English)."""
    visit(page, "/login", "login")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def log_in_as(page: Page, role: str) -> None:
    log_in(page, *demo_login(role))
