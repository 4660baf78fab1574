"""How long the dashboard and the ecosystem map take at the demo's size and at ten and a
hundred times it, and how many SQL statements they send. Not a test: run it and read.

    .venv/bin/python bench/dashboard_map.py [--scales 1,10,100] [--runs 5] [--db URL]

For each scale it builds the app on a throwaway SQLite database (the real migrations, or an
empty PostgreSQL database you name with --db, which it empties again), loads the demo data,
and copies the Smart Planning project's events (with their co-organisers), participants and
attendances until there are `scale` times as many. Copies keep their kind, status, organisers
and dates (spread over the project's years), and each copy of a person is a new person, so
unique participants grow too. Then, logged in as the demo coordinator through the test
client, it asks for the dashboard (cumulative, and for one period) and the map (all, and
one kind of event) `--runs` times each after one warm-up, and prints the median time and
the number of statements of one request.
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event as sqlalchemy_event  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from collab import create_app  # noqa: E402
from collab.attendance.models import Attendance, Participant, name_key  # noqa: E402
from collab.demo import seed_demo  # noqa: E402
from collab.events.models import Event, event_co_organiser, new_token  # noqa: E402
from collab.extensions import db  # noqa: E402
from collab.projects.models import Project  # noqa: E402
from collab.reporting.periods import make_six_month_periods, project_periods  # noqa: E402

PAGES = (
    ("dashboard", "/projects/{p}/dashboard"),
    ("dashboard, one period", "/projects/{p}/dashboard?period={period}"),
    ("map", "/projects/{p}/map"),
    ("map, workshops", "/projects/{p}/map?kind=workshop"),
    ("map.csv", "/projects/{p}/map.csv"),
)
EVENT_COLUMNS = (
    *("project_id", "kind", "status", "title", "description", "start_date", "end_date"),
    *("venue", "town", "country", "organiser_id", "target_groups", "host_region"),
    *("sites_visited", "unnamed_count", "search_text"),
)
PERSON_COLUMNS = (
    *("project_id", "organisation_id", "organisation_name", "country", "function", "gender"),
    *("consent_named", "consent_photos"),
)


def multiply(project: Project, scale: int) -> None:
    """Copy the project's events, people and attendances until there are `scale` times as
    many (Core inserts in bulk: the copies need no audit trail)."""
    events = list(db.session.scalars(select(Event).where(Event.project_id == project.id)))
    people = list(
        db.session.scalars(select(Participant).where(Participant.project_id == project.id))
    )
    co_organisers = db.session.execute(
        select(event_co_organiser).where(event_co_organiser.c.event_id.in_([e.id for e in events]))
    ).all()
    attendances = db.session.execute(
        select(Attendance.event_id, Attendance.participant_id, Attendance.role, Attendance.recorded)
        .join(Event, Attendance.event_id == Event.id)
        .where(Event.project_id == project.id)
    ).all()
    years = max((project.end_date - project.start_date).days, 1)
    for copy in range(1, scale):
        # Spread the copies over the project's span, so time charts and periods fill up.
        shift = timedelta(days=(copy * 37) % years)
        event_ids = {}
        for event in events:
            row = {column: getattr(event, column) for column in EVENT_COLUMNS}
            row["start_date"] = min(event.start_date + shift, project.end_date)
            row["end_date"] = row["start_date"] + (event.end_date - event.start_date)
            row["checkin_token"] = new_token()
            new_id = db.session.execute(insert(Event).values(**row).returning(Event.id)).scalar()
            event_ids[event.id] = new_id
        if co_organisers:
            db.session.execute(
                insert(event_co_organiser),
                [
                    {"event_id": event_ids[event_id], "organisation_id": organisation_id}
                    for event_id, organisation_id in co_organisers
                ],
            )
        person_ids = {}
        for person in people:
            row = {column: getattr(person, column) for column in PERSON_COLUMNS}
            row["name"] = f"{person.name} ({copy})"
            row["name_key"] = name_key(row["name"])
            person_ids[person.id] = db.session.execute(
                insert(Participant).values(**row).returning(Participant.id)
            ).scalar()
        if attendances:
            db.session.execute(
                insert(Attendance),
                [
                    {
                        "event_id": event_ids[event_id],
                        "participant_id": person_ids[person_id],
                        "role": role,
                        "recorded": recorded,
                    }
                    for event_id, person_id, role, recorded in attendances
                ],
            )
    db.session.commit()


def sizes(project: Project) -> tuple[int, int, int]:
    events = db.session.scalar(select(func.count(Event.id)).where(Event.project_id == project.id))
    people = db.session.scalar(
        select(func.count(Participant.id)).where(Participant.project_id == project.id)
    )
    attendances = db.session.scalar(
        select(func.count(Attendance.id))
        .join(Event, Attendance.event_id == Event.id)
        .where(Event.project_id == project.id)
    )
    return events, people, attendances


def measure(app, url: str, runs: int) -> tuple[float, int, int]:
    """(median seconds, statements of one request, bytes) of GET `url`."""
    client = app.test_client()
    form = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', form)
    client.post(
        "/login",
        data={
            "email": "coordinator@collab.example",
            "password": "coordinator-demo-Kurzeme",
            "csrf_token": token.group(1) if token else "",
        },
    )
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    response = client.get(url)  # warm-up: templates compiled, caches filled
    assert response.status_code == 200, (url, response.status_code)
    times = []
    with app.app_context():
        sqlalchemy_event.listen(db.engine, "before_cursor_execute", count)
        try:
            for _run in range(runs):
                statements.clear()
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200
        finally:
            sqlalchemy_event.remove(db.engine, "before_cursor_execute", count)
    return statistics.median(times), len(statements), len(response.get_data())


def run_scale(scale: int, runs: int, database_url: str | None) -> list[tuple]:
    with tempfile.TemporaryDirectory(prefix="collab-bench-") as directory:
        url = database_url or f"sqlite:///{directory}/bench.db"
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench",
                "UPLOAD_DIR": f"{directory}/uploads",
                "LOGIN_RATE_LIMIT": "1000 per minute",
                "LOGIN_ACCOUNT_RATE_LIMIT": "1000 per minute",
            }
        )
        with app.app_context():
            upgrade()
            seed_demo()
            project = db.session.scalar(select(Project).where(Project.code == "LLI-431"))
            started = time.perf_counter()
            multiply(project, scale)
            make_six_month_periods(project)  # none when the demo has its periods already
            db.session.commit()
            periods = project_periods(project)
            made = time.perf_counter() - started
            counts = sizes(project)
            project_id, period_id = project.id, periods[2].id if len(periods) > 2 else periods[0].id
        print(
            f"×{scale}: {counts[0]} events, {counts[1]} participants, {counts[2]} attendances "
            f"(made in {made:.1f} s)",
            flush=True,
        )
        rows = []
        for name, pattern in PAGES:
            seconds, statements, size = measure(
                app, pattern.format(p=project_id, period=period_id), runs
            )
            rows.append((scale, *counts, name, seconds, statements, size))
            print(f"    {name:24} {seconds * 1000:8.0f} ms {statements:4d} statements", flush=True)
        if database_url:
            with app.app_context():
                db.session.remove()
                db.drop_all()
                with db.engine.begin() as connection:
                    connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
                db.engine.dispose()
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="an empty PostgreSQL database (emptied again afterwards)")
    args = parser.parse_args()
    if args.db and args.db.rsplit("/", 1)[-1] in {"test", "postgres", "template0", "template1"}:
        parser.error("never on the CI's database or a system one: name a database of its own")
    results = []
    for scale in (int(s) for s in args.scales.split(",")):
        results += run_scale(scale, args.runs, args.db)
    print()
    print(f"{'scale':>5} {'events':>6} {'people':>6} {'attend.':>7}  {'page':24} "
          f"{'median':>9} {'SQL':>4} {'size':>9}")  # fmt: skip
    for scale, events, people, attendances, name, seconds, statements, size in results:
        print(
            f"{'×' + str(scale):>5} {events:6d} {people:6d} {attendances:7d}  {name:24} "
            f"{seconds * 1000:7.0f} ms {statements:4d} {size / 1024:7.0f} kB"
        )


if __name__ == "__main__":
    main()
