"""Fifty phones checking in at once while five facilitators edit: does every check-in arrive
exactly once, and does any request fail? Not a test: run it and read the figures.

    .venv/bin/python bench/load_checkin.py [--db sqlite|postgresql|both] [--phones 50] ...

For each database it prepares a throwaway instance (a temporary directory; for PostgreSQL also
a database `collab_load` it creates and drops, never any other), loads the demo data, opens
check-in for the demo event with the longest agenda, and starts gunicorn with 3 workers on a
free port of 127.0.0.1. Then, from this process (threads and http.client, nothing to install):

- every phone opens the check-in form (GET), waits until all have it, and sends it (POST) at
  the same moment, then follows the redirect to the thank-you page, as a phone does;
- `--twins` of those people check in from a second phone at the same moment (two devices,
  a double tap on a slow network): the race that could make one person two participants;
- `--again` other people check in a second time afterwards (the thank-you page says so);
- the facilitators (the demo admin, coordinator and facilitator accounts) log in and, until
  the phones are done, open the attendance page, poll the live counts, add people by hand,
  edit rows, the event and agenda items. A 409 (someone saved first) and a 400 are answers
  the app gives on purpose: counted apart, not as failures.

Afterwards it asks the database (through the app's models, in a child process) whether every
person is there exactly once, and scans gunicorn's log for tracebacks. Figures go to stdout
and to a JSON file (`--output`, by default in the temporary directory of the system).

Load comes from one address (127.0.0.1), so the check-in and login rate limits are raised for
the run through the environment (CHECKIN_RATE_LIMIT, LOGIN_RATE_LIMIT); REDIS_URL is unset, so
nothing is written to Redis.
"""

import argparse
import contextlib
import http.client
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PYTHON = str(VENV / "python") if (VENV / "python").exists() else sys.executable
PG_DATABASE = "collab_load"
# The CI's database on the same server: this script must never touch it.
FORBIDDEN_DATABASES = {"test", "postgres", "template0", "template1"}
REQUEST_TIMEOUT = 60

# Kinds of request reported, in this order; facilitator actions are also summed as one kind.
PHONE_KINDS = ("checkin GET", "checkin POST", "checkin thanks")
FACILITATOR_KINDS = (
    "login",
    "attendance page",
    "live poll",
    "add row",
    "edit row",
    "edit event",
    "edit agenda item",
)
FACILITATOR_ALL = "facilitator actions (all)"

# --- In the app (run in a child process with the instance's environment) --------------------


def setup_in_app() -> dict:
    """Open check-in for the demo event with the longest agenda that the demo coordinator and
    facilitator both edit; say what the load needs to know about it."""
    from sqlalchemy import select

    from collab import create_app
    from collab.attendance.models import Attendance
    from collab.auth.models import User
    from collab.checkin.operations import open_checkin
    from collab.demo import demo_logins
    from collab.events.models import Event
    from collab.extensions import db
    from collab.policy import can

    app = create_app()
    with app.app_context():
        logins = {role: (email, password) for role, email, password in demo_logins()}
        users = [
            db.session.scalar(select(User).where(User.email == logins[role][0]))
            for role in ("coordinator", "facilitator")
        ]
        events = [
            event
            for event in db.session.scalars(select(Event).order_by(Event.id))
            if event.status != "cancelled" and all(can(u, "event.edit", event) for u in users)
        ]
        event = max(events, key=lambda e: (len(e.agenda), -e.id))
        open_checkin(event)
        db.session.commit()
        attendances = db.session.scalars(
            select(Attendance.id).where(Attendance.event_id == event.id).order_by(Attendance.id)
        ).all()
        return {
            "event_id": event.id,
            "project_id": event.project_id,
            "title": str(event.title),
            "token": event.checkin_token,
            "agenda_item_ids": sorted(item.id for item in event.agenda),
            "attendance_ids": list(attendances),
            "logins": logins,
        }


def verify_in_app(expected: dict) -> dict:
    """What the database holds about the people the load sent, person by person."""
    from sqlalchemy import func, select, text

    from collab import create_app
    from collab.attendance.models import Attendance, Participant
    from collab.extensions import db

    app = create_app()
    with app.app_context():
        event_id, project_id = expected["event_id"], expected["project_id"]

        def person(name: str) -> dict:
            ids = db.session.scalars(
                select(Participant.id).where(
                    Participant.project_id == project_id, Participant.name == name
                )
            ).all()
            recorded = db.session.scalars(
                select(Attendance.recorded).where(
                    Attendance.event_id == event_id, Attendance.participant_id.in_(ids)
                )
            ).all()
            return {"participants": len(ids), "attendances": len(recorded), "recorded": recorded}

        found = {
            "phones": {name: person(name) for name in expected["phone_names"]},
            "hand": {name: person(name) for name in expected["hand_names"]},
            "checkin_attendances": db.session.scalar(
                select(func.count(Attendance.id)).where(
                    Attendance.event_id == event_id, Attendance.recorded == "checkin"
                )
            ),
            "attendances": db.session.scalar(
                select(func.count(Attendance.id)).where(Attendance.event_id == event_id)
            ),
            "dialect": db.engine.dialect.name,
        }
        if found["dialect"] == "sqlite":
            found["journal_mode"] = db.session.execute(text("PRAGMA journal_mode")).scalar()
            found["integrity_check"] = db.session.execute(text("PRAGMA integrity_check")).scalar()
        return found


def in_app(command: str, env: dict, payload: dict | None = None) -> dict:
    """Run setup_in_app or verify_in_app in a child process of the instance's environment."""
    done = subprocess.run(
        [PYTHON, __file__, command],
        input=json.dumps(payload or {}),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- HTTP: one client per phone or facilitator ----------------------------------------------


class FormParser(HTMLParser):
    """The forms of a page: action, and the (name, value) pairs a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "fields": [], "selects": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form["fields"].append([a["name"], a.get("value", default)])
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["options"].append(value)
            if "selected" in a:
                self._select["selected"].append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            chosen = self._select["selected"] or self._select["options"][:1]
            for value in chosen:
                self._form["fields"].append([self._select["name"], value])
            self._form["selects"][self._select["name"]] = self._select["options"]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline that follows <textarea>.
            name, value = self._textarea
            self._form["fields"].append([name, value[1:] if value.startswith("\n") else value])
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms_of(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def form_with(html: str, field_suffix: str, action: str | None = None) -> dict | None:
    """The first form of the page with a field whose name ends with `field_suffix`."""
    for form in forms_of(html):
        if action is not None and form["action"].split("?")[0] != action:
            continue
        if any(name.endswith(field_suffix) for name, _value in form["fields"]):
            return form
    return None


def set_field(form: dict, suffix: str, value) -> None:
    """Replace every value of the field whose name ends with `suffix` (one per language of a
    translated field gets each its own suffix, so this changes one input)."""
    name = next(n for n, _v in form["fields"] if n.endswith(suffix))
    form["fields"] = [f for f in form["fields"] if f[0] != name]
    if value is not None:
        form["fields"].append([name, value])


def select_options(form: dict, suffix: str) -> list[str]:
    return next(options for name, options in form["selects"].items() if name.endswith(suffix))


class Answer:
    def __init__(self, status: int, headers, body: str):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def location(self) -> str | None:
        target = self.headers.get("Location")
        return urlsplit(target)._replace(scheme="", netloc="").geturl() if target else None


class Recorder:
    """Every request: its kind, outcome and time. Thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rows: list[tuple[str, str, float, int | None, str]] = []

    def add(self, kind: str, outcome: str, seconds: float, status: int | None, note: str = ""):
        with self.lock:
            self.rows.append((kind, outcome, seconds, status, note))


def outcome_of(status: int) -> str:
    if status >= 500:
        return "server error"
    if status == 409:
        return "conflict"
    if status == 400:
        return "bad request"
    if status >= 400:
        return "other 4xx"
    return "ok"


class Client:
    """One browser: its own cookies, a fresh connection per request (gunicorn's sync workers
    close them anyway), every request timed and recorded."""

    def __init__(self, port: int, recorder: Recorder):
        self.port = port
        self.recorder = recorder
        self.cookies: dict[str, str] = {}

    def request(
        self, kind: str, method: str, path: str, form=None, htmx=False, expect=()
    ) -> Answer | None:
        headers = {"User-Agent": "collab-load/1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if form is not None:
            pairs = form.items() if isinstance(form, dict) else form
            body = urlencode([(name, value) for name, value in pairs]).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            seconds = time.perf_counter() - started
            self.recorder.add(kind, "connection error", seconds, None, f"{path}: {error!r}")
            return None
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or ():
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                gone = morsel["max-age"] == "0" or "1970" in morsel["expires"]
                if gone or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        outcome = outcome_of(response.status)
        if response.status in expect:
            outcome = "ok"
        note = "" if outcome == "ok" else f"{method} {path} -> {response.status}"
        self.recorder.add(kind, outcome, seconds, response.status, note)
        return Answer(response.status, response.headers, text)


# --- The phones -------------------------------------------------------------------------------

ORGANISATIONS = (
    "KPR",  # a known short name
    "Klaipėdos regionas",  # a known short name, with its letters
    "kuldīgas novada pašvaldība",  # a known name, typed in lower case
    "Slodzes testa biedrība",  # not known: kept as typed
    "",  # nobody
)
COUNTRIES = ("LV", "LT", "LV", "LT", "EE", "PL")
FUNCTIONS = ("planner", "politician", "business", "ngo", "science", "community", "other")


def phone_person(number: int) -> dict:
    """An invented person (clearly fictitious); every other one leaves an e-mail."""
    if number % 2:
        name = f"Bandomoji Dalyvė Nr. {number:03d}"
    else:
        name = f"Testa Dalībniece Nr. {number:03d}"
    return {
        "name": name,
        "organisation": ORGANISATIONS[number % len(ORGANISATIONS)],
        "country": COUNTRIES[number % len(COUNTRIES)],
        "function": FUNCTIONS[number % len(FUNCTIONS)],
        "email": f"load-{number:03d}@example.org" if number % 2 == 0 else "",
        "consent_reporting": "y",
        **({"consent_named": "y"} if number % 3 == 0 else {}),
        **({"consent_photos": "y"} if number % 4 == 0 else {}),
    }


class Phone(threading.Thread):
    """One phone: the form, everyone's send at the same instant, the thank-you page; a phone
    of a person who checks in again does it all a second time."""

    def __init__(self, port, recorder, token, person, barrier, again=False):
        super().__init__(daemon=True)
        self.client = Client(port, recorder)
        self.path = f"/checkin/{token}"
        self.person = person
        self.barrier = barrier
        self.again = again
        self.thanks: list[str] = []  # "new", "again" or "?" per check-in
        self.crash: str | None = None

    def check_in(self, wait: bool) -> None:
        answer = self.client.request("checkin GET", "GET", self.path)
        form = form_with(answer.body, "csrf_token") if answer and answer.status == 200 else None
        if wait:
            # A phone whose form did not come still waits: the others must not wait for it.
            with contextlib.suppress(threading.BrokenBarrierError):
                self.barrier.wait(timeout=REQUEST_TIMEOUT)
        if form is None:
            return
        data = {**dict(form["fields"]), **self.person}
        sent = self.client.request("checkin POST", "POST", self.path, form=data)
        if sent is None or sent.status != 303:
            return
        page = self.client.request("checkin thanks", "GET", sent.location)
        if page is None or page.status != 200:
            self.thanks.append("?")
        elif "already on the list" in page.body:
            self.thanks.append("again")
        else:
            self.thanks.append("new")

    def run(self):
        try:
            self.check_in(wait=True)
            if self.again:
                self.check_in(wait=False)
        except Exception as error:  # a mistake of this script, not of the app: say so
            self.crash = repr(error)


# --- The facilitators -------------------------------------------------------------------------


class Facilitator(threading.Thread):
    """A logged-in editor working on the event while people check in."""

    def __init__(self, number, role, login, setup, port, recorder, phones_done, deadline, minimum):
        super().__init__(daemon=True)
        self.client = Client(port, recorder)
        self.number = number
        self.role = role
        self.login = login
        self.setup = setup
        self.event = setup["event_id"]
        self.phones_done = phones_done
        self.deadline = deadline
        self.min_actions = minimum
        self.random = random.Random(number)
        self.logged_in = threading.Event()
        self.added: list[str] = []  # names added by hand (answer 303 or 200)
        self.actions = 0
        self.crash: str | None = None

    def log_in(self) -> bool:
        page = self.client.request("login", "GET", "/login")
        form = form_with(page.body, "password") if page else None
        if form is None:
            return False
        email, password = self.login
        data = {**dict(form["fields"]), "email": email, "password": password}
        answer = self.client.request("login", "POST", "/login", form=data, expect=(302, 303))
        return answer is not None and answer.status in (302, 303)

    def attendance_page(self):
        return self.client.request("attendance page", "GET", f"/events/{self.event}/attendance")

    def live_poll(self):
        if self.random.random() < 0.5:
            path = f"/events/{self.event}/checkin/count"
        else:
            path = f"/events/{self.event}/attendance/live"
        self.client.request("live poll", "GET", path, htmx=True, expect=(286,))

    def add_row(self):
        page = self.attendance_page()
        path = f"/events/{self.event}/attendance"
        form = page and form_with(page.body, "new-name", action=path)
        if not form:
            return
        name = f"Rokas Ievadīts Nr. {self.number}-{len(self.added) + 1:03d}"
        set_field(form, "new-name", name)
        set_field(form, "new-organisation", self.random.choice(ORGANISATIONS))
        set_field(form, "new-function", self.random.choice(FUNCTIONS))
        htmx = self.random.random() < 0.7
        answer = self.client.request("add row", "POST", path, form=form["fields"], htmx=htmx)
        if answer is not None and answer.status in (200, 303):
            self.added.append(name)

    def edit_row(self):
        # Only people who were on the list before the load: editing a checked-in person's
        # name would rightly make their second check-in a new person.
        attendance = self.random.choice(self.setup["attendance_ids"])
        path = f"/events/{self.event}/attendance/{attendance}"
        page = self.client.request("edit row", "GET", path, htmx=True)
        form = page and page.status == 200 and form_with(page.body, "-version", action=path)
        if not form:
            return
        time.sleep(self.random.uniform(0.1, 0.6))  # typing: someone else may save meanwhile
        genders = [g for g in select_options(form, "-gender") if g]
        set_field(form, "-gender", self.random.choice(genders))
        self.client.request("edit row", "POST", path, form=form["fields"], htmx=True)

    def edit_event(self):
        path = f"/events/{self.event}/edit"
        page = self.client.request("edit event", "GET", path)
        form = page and page.status == 200 and form_with(page.body, "version")
        if not form:
            return
        time.sleep(self.random.uniform(0.1, 0.6))
        set_field(form, "venue", f"Zinātnes centrs VIZIUM, zāle {self.random.randint(1, 99)}")
        self.client.request("edit event", "POST", path, form=form["fields"], expect=(303,))

    def edit_agenda_item(self):
        item = self.random.choice(self.setup["agenda_item_ids"])
        path = f"/events/{self.event}/agenda/{item}"
        page = self.client.request("edit agenda item", "GET", path, htmx=True)
        form = page and page.status == 200 and form_with(page.body, "-speaker", action=path)
        if not form:
            return
        time.sleep(self.random.uniform(0.1, 0.6))
        set_field(form, "-speaker", f"A. Paraugs ({self.role}, {self.actions})")
        self.client.request("edit agenda item", "POST", path, form=form["fields"], htmx=True)

    def run(self):
        try:
            self.work()
        except Exception as error:  # a mistake of this script, not of the app: say so
            self.crash = repr(error)
        finally:
            self.logged_in.set()

    def work(self):
        if not self.log_in():
            self.crash = "could not log in"
            return
        self.logged_in.set()
        actions = (
            (self.attendance_page, 15),
            (self.live_poll, 25),
            (self.add_row, 15),
            (self.edit_row, 15),
            (self.edit_event, 15),
            (self.edit_agenda_item, 15),
        )
        while time.monotonic() < self.deadline:
            if self.phones_done.is_set() and self.actions >= self.min_actions:
                break
            action = self.random.choices([a for a, _w in actions], [w for _a, w in actions])[0]
            action()
            self.actions += 1
            time.sleep(self.random.uniform(0.05, 0.3))


# --- One run: prepare, load, verify -----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(server: str, sql: str) -> None:
    subprocess.run(
        ["psql", f"{server}/postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )


def flask(env: dict, *args: str) -> None:
    done = subprocess.run(
        [str(VENV / "flask"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}")


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(VENV / "gunicorn"), "-w", "3", "-b", f"127.0.0.1:{port}", "collab:create_app()"],
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped by its id, workers included
    )
    started = time.monotonic()
    while time.monotonic() - started < 60:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/login")
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            time.sleep(0.3)
    stop_gunicorn(process)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def errors_logged(text: str) -> list[str]:
    """Each error gunicorn logged: its first line, the app's frames and the exception."""
    found, lines = [], text.splitlines()
    for number, line in enumerate(lines):
        if re.search(r"\bERROR\b|\bCRITICAL\b|WORKER TIMEOUT", line):
            block = [line]
            for following in lines[number + 1 : number + 200]:
                if following.startswith("[") or not following.strip():
                    break
                block.append(following)
            # Our own frames tell where; the last line tells what.
            ours = [
                f"{frame.strip()} | {code.strip()}"
                for frame, code in zip(block, [*block[1:], ""], strict=True)
                if frame.lstrip().startswith('File "/') and "site-packages" not in frame
            ]
            found.append("\n".join([block[0], *ours, block[-1]]))
    return found


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(rows) -> dict:
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row[0]].append(row)
        if row[0] in FACILITATOR_KINDS and row[0] != "login":
            by_kind[FACILITATOR_ALL].append(row)
    summary = {}
    for kind in (*PHONE_KINDS, FACILITATOR_ALL, *FACILITATOR_KINDS):
        found = by_kind.get(kind)
        if not found:
            continue
        outcomes = defaultdict(int)
        for row in found:
            outcomes[row[1]] += 1
        times = [row[2] for row in found]
        summary[kind] = {
            "requests": len(found),
            "failures": outcomes["server error"] + outcomes["connection error"],
            **{k: outcomes[k] for k in ("ok", "conflict", "bad request", "other 4xx")},
            "server errors": outcomes["server error"],
            "connection errors": outcomes["connection error"],
            "p50 ms": round(percentile(times, 0.50) * 1000),
            "p95 ms": round(percentile(times, 0.95) * 1000),
            "max ms": round(max(times) * 1000),
        }
    return summary


def check(found: dict, phones: list[Phone], facilitators: list[Facilitator], twins, again):
    """Every person once; the answers the phones saw agree with the database."""
    problems = []
    for name, person in found["phones"].items():
        if person["participants"] != 1 or person["attendances"] != 1:
            problems.append(
                f"{name}: {person['participants']} participants, "
                f"{person['attendances']} attendances (expected 1 and 1)"
            )
    for name, person in found["hand"].items():
        if person["participants"] != 1 or person["attendances"] != 1:
            problems.append(f"added by hand {name}: {person}")
    expected = len(found["phones"])
    if found["checkin_attendances"] != expected:
        problems.append(
            f"{found['checkin_attendances']} self check-ins at the event, expected {expected}"
        )
    if found.get("integrity_check", "ok") != "ok":
        problems.append(f"SQLite integrity_check: {found['integrity_check']}")
    duplicated = [n for n in twins if found["phones"][n]["participants"] > 1]
    told_new = defaultdict(int)
    for phone in phones:
        told_new[phone.person["name"]] += phone.thanks.count("new")
    both_new = [name for name in twins if told_new[name] > 1]
    for client in [*phones, *facilitators]:
        if client.crash:
            problems.append(f"{client.name} stopped: {client.crash}")
    repeats_seen = sum(p.thanks == ["new", "again"] for p in phones if p.again)
    return {
        "problems": problems,
        "twin people duplicated": sorted(duplicated),
        "twin phones both told 'checked in' (not 'already')": sorted(set(both_new)),
        "people checking in again told 'already on the list'": f"{repeats_seen} of {len(again)}",
        "added by hand": sum(len(f.added) for f in facilitators),
    }


def run_once(kind: str, args) -> dict:
    print(f"\n=== {kind}: preparing", flush=True)
    directory = Path(tempfile.mkdtemp(prefix=f"collab-load-{kind}-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "TEST_DATABASE_URL", "DATABASE_URL", "COLLAB_ENV")
    }
    if kind == "postgresql":
        if PG_DATABASE in FORBIDDEN_DATABASES:
            raise SystemExit("refusing to use that database")
        server = args.pg_server.rstrip("/")
        psql(server, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        psql(server, f'CREATE DATABASE "{PG_DATABASE}"')
        database_url = f"{server}/{PG_DATABASE}"
    else:
        database_url = f"sqlite:///{directory}/collab.db"
    env.update(
        FLASK_APP="collab",
        DATABASE_URL=database_url,
        SECRET_KEY="load-test-" + os.urandom(8).hex(),
        UPLOAD_DIR=str(directory / "uploads"),
        # All the load comes from 127.0.0.1: the per-address limits would refuse it.
        CHECKIN_RATE_LIMIT="100000 per minute",
        LOGIN_RATE_LIMIT="1000 per minute",
    )
    process = None
    log = directory / "gunicorn.log"
    try:
        flask(env, "db", "upgrade")
        flask(env, "collab", "seed-demo")
        setup = in_app("_setup", env)
        print(
            f"event {setup['event_id']} ({setup['title'][:60]}): "
            f"{len(setup['agenda_item_ids'])} agenda items, "
            f"{len(setup['attendance_ids'])} people on the list",
            flush=True,
        )
        port = free_port()
        process = start_gunicorn(env, port, log)
        recorder = Recorder()
        deadline = time.monotonic() + args.max_seconds
        phones_done = threading.Event()
        roles = ("coordinator", "facilitator", "admin", "coordinator", "facilitator")
        facilitators = [
            Facilitator(
                n + 1,
                roles[n % len(roles)],
                setup["logins"][roles[n % len(roles)]],
                setup,
                port,
                recorder,
                phones_done,
                deadline,
                args.min_actions,
            )
            for n in range(args.facilitators)
        ]
        people = [phone_person(n) for n in range(args.phones)]
        twins = [p["name"] for p in people[: args.twins]]
        again = [p["name"] for p in people[args.twins : args.twins + args.again]]
        barrier = threading.Barrier(args.phones + args.twins)
        phones = [
            Phone(port, recorder, setup["token"], p, barrier, again=p["name"] in again)
            for p in people
        ]
        phones += [Phone(port, recorder, setup["token"], p, barrier) for p in people[: args.twins]]

        print(
            f"=== {kind}: gunicorn -w 3 on 127.0.0.1:{port}; {args.facilitators} facilitators, "
            f"{args.phones} phones (+{args.twins} second phones at once, "
            f"{args.again} people checking in again)",
            flush=True,
        )
        started = time.perf_counter()
        for facilitator in facilitators:
            facilitator.start()
        for facilitator in facilitators:
            facilitator.logged_in.wait(timeout=REQUEST_TIMEOUT)
        for phone in phones:
            phone.start()
        for phone in phones:
            phone.join(timeout=max(1, deadline - time.monotonic()))
        phones_done.set()
        phones_seconds = time.perf_counter() - started
        for facilitator in facilitators:
            facilitator.join(timeout=max(1, deadline - time.monotonic() + REQUEST_TIMEOUT))
        seconds = time.perf_counter() - started
        stop_gunicorn(process)
        unfinished = sum(t.is_alive() for t in [*phones, *facilitators])

        found = in_app(
            "_verify",
            env,
            {
                "event_id": setup["event_id"],
                "project_id": setup["project_id"],
                "phone_names": [p["name"] for p in people],
                "hand_names": [n for f in facilitators for n in f.added],
            },
        )
        errors_in_log = errors_logged(log.read_text(errors="replace"))
        summary = summarise(recorder.rows)
        checks = check(found, phones, facilitators, twins, again)
        if unfinished:
            checks["problems"].append(f"{unfinished} phones or facilitators did not finish")
        result = {
            "database": kind,
            "dialect": found["dialect"],
            "journal_mode": found.get("journal_mode"),
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "cpus": os.cpu_count(),
            "phones": args.phones,
            "twins": args.twins,
            "again": args.again,
            "facilitators": args.facilitators,
            "seconds until every phone was done": round(phones_seconds, 2),
            "seconds in all": round(seconds, 2),
            "requests": len(recorder.rows),
            "failures": sum(r[1] in ("server error", "connection error") for r in recorder.rows),
            "by kind": summary,
            "checks": checks,
            "self check-ins at the event": found["checkin_attendances"],
            "attendances at the event": found["attendances"],
            "not ok": sorted({r[4] for r in recorder.rows if r[1] != "ok"})[:40],
            "errors in the gunicorn log": errors_in_log[:10],
        }
        if args.keep:
            result["directory"] = str(directory)
        return result
    finally:
        if process is not None:
            stop_gunicorn(process)
        if kind == "postgresql":
            try:
                psql(args.pg_server.rstrip("/"), f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
            except subprocess.CalledProcessError as error:
                print(f"could not drop {PG_DATABASE}: {error.stderr}", file=sys.stderr)
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)


def report(result: dict) -> None:
    print(f"\n=== {result['database']} ({result['dialect']}", end="")
    print(f", journal_mode={result['journal_mode']})" if result["journal_mode"] else ")")
    print(
        f"{result['requests']} requests, {result['failures']} failures; every phone done in "
        f"{result['seconds until every phone was done']} s, all in {result['seconds in all']} s"
    )
    columns = ("requests", "failures", "ok", "conflict", "bad request", "other 4xx")
    print(f"| {'kind':<26} | " + " | ".join(columns) + " | p50 ms | p95 ms | max ms |")
    print("|" + "---|" * (len(columns) + 4))
    for kind, row in result["by kind"].items():
        cells = " | ".join(str(row[c]) for c in columns)
        print(f"| {kind:<26} | {cells} | {row['p50 ms']} | {row['p95 ms']} | {row['max ms']} |")
    print(f"self check-ins at the event: {result['self check-ins at the event']}")
    for name, value in result["checks"].items():
        if name != "problems":
            print(f"{name}: {value}")
    for problem in result["checks"]["problems"]:
        print(f"PROBLEM: {problem}")
    for line in result["not ok"]:
        print(f"not ok: {line}")
    for error in result["errors in the gunicorn log"]:
        print(f"gunicorn log: {error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--phones", type=int, default=50, help="people checking in at once")
    parser.add_argument(
        "--twins", type=int, default=5, help="of them, checking in from a second phone at once"
    )
    parser.add_argument("--again", type=int, default=5, help="of them, checking in again later")
    parser.add_argument("--facilitators", type=int, default=5)
    parser.add_argument(
        "--min-actions", type=int, default=20, help="each facilitator does at least this many"
    )
    parser.add_argument("--max-seconds", type=float, default=150, help="time bound of one run")
    parser.add_argument(
        "--pg-server",
        default=os.environ.get("LOAD_PG_SERVER", "postgresql://postgres@127.0.0.1:5432"),
        help=f"PostgreSQL server (no database): {PG_DATABASE} is created there and dropped",
    )
    parser.add_argument("--output", help="JSON file for the figures")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    if args.twins + args.again > args.phones:
        parser.error("--twins + --again must not exceed --phones")
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    results = [run_once(kind, args) for kind in kinds]
    for result in results:
        report(result)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    output = Path(args.output or Path(tempfile.gettempdir()) / f"collab-load-{stamp}.json")
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nfigures written to {output}")
    failed = any(r["failures"] or r["checks"]["problems"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] in ("_setup", "_verify"):
        sys.path.insert(0, str(ROOT))
        payload = json.loads(sys.stdin.read() or "{}")
        found = setup_in_app() if sys.argv[1] == "_setup" else verify_in_app(payload)
        print(json.dumps(found, ensure_ascii=False))
        sys.exit(0)
    sys.exit(main())
