"""How long importing a file of 5 000 people takes: reading the file, checking every row,
adding them to an event. Not a test: run it and read the seconds.

    .venv/bin/python bench/import_5000.py [number-of-rows]

It builds the app on a throwaway SQLite database (the real migrations), seeds a project with
an event and a few hundred participants from earlier events, and goes through the same
functions the import pages use.
"""

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event as sqlalchemy_event  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from collab import create_app  # noqa: E402
from collab.attendance.models import Attendance, Participant  # noqa: E402
from collab.events.models import Event  # noqa: E402
from collab.extensions import db  # noqa: E402
from collab.i18n import Translations  # noqa: E402
from collab.imports.rows import counts, import_all_at_once  # noqa: E402
from collab.imports.spreadsheets import guess_columns, people_in_table, read_table  # noqa: E402
from collab.organisations.models import Organisation  # noqa: E402
from collab.projects.models import Partner, Project  # noqa: E402

COUNTRIES = ("LV", "Lietuva", "Latvija", "EE", "Lithuania")
FUNCTIONS = ("planner", "", "business", "NGO", "politician", "science")


def seed() -> Event:
    kpr = Organisation(
        name="Kurzemes plānošanas reģions",
        short_name="KPR",
        country="LV",
        kind="regional_public_authority",
    )
    klaipeda = Organisation(
        name="Asociacija „Klaipėdos regionas“", country="LT", kind="regional_public_authority"
    )
    project = Project(
        code="LLI-431",
        acronym="Smart Planning",
        title=Translations({"en": "Smart planning"}),
        programme=Translations({"en": "Interreg V-A Latvia–Lithuania"}),
        start_date=date(2020, 6, 1),
        end_date=date(2022, 5, 31),
    )
    project.partners = [
        Partner(organisation=kpr, role="lead"),
        Partner(organisation=klaipeda, role="partner", position=1),
    ]
    db.session.add(project)
    db.session.flush()
    earlier = Event(
        project_id=project.id,
        organiser=kpr,
        kind="workshop",
        title=Translations({"en": "Earlier workshop"}),
        start_date=date(2021, 3, 1),
        end_date=date(2021, 3, 1),
        country="LV",
    )
    camp = Event(
        project_id=project.id,
        organiser=kpr,
        kind="camp",
        title=Translations({"en": "Innovation camp"}),
        start_date=date(2021, 9, 15),
        end_date=date(2021, 9, 16),
        country="LV",
    )
    db.session.add_all([earlier, camp])
    db.session.flush()
    # People who came to an earlier event: the file names some of them again.
    for number in range(0, 5000, 10):
        person = Participant(
            project_id=project.id,
            name=f"Person {number:05d} Paraugs",
            country="LV",
            email=f"person{number}@example.org",
        )
        db.session.add(Attendance(event_id=earlier.id, participant=person))
    db.session.commit()
    return camp


def generated_file(rows: int) -> bytes:
    lines = ["Vārds, uzvārds;Organizācija;Valsts;Funkcija;E-pasts;Loma"]
    for number in range(rows):
        lines.append(
            f"Person {number:05d} Paraugs;Organisation {number % 60};"
            f"{COUNTRIES[number % len(COUNTRIES)]};{FUNCTIONS[number % len(FUNCTIONS)]};"
            f"person{number}@example.org;{'speaker' if number % 100 == 0 else ''}"
        )
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def main(rows: int) -> None:
    with tempfile.TemporaryDirectory(prefix="collab-bench-") as directory:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory}/bench.db",
                "SECRET_KEY": "bench",
                "UPLOAD_DIR": f"{directory}/uploads",
            }
        )
        with app.app_context():
            upgrade()
            camp = seed()
            data = generated_file(rows)
            statements = []
            sqlalchemy_event.listen(
                db.engine, "before_cursor_execute", lambda *args: statements.append(args[2])
            )
            with app.test_request_context():
                started = time.perf_counter()
                table = read_table(data)
                read = time.perf_counter()
                people = people_in_table(camp, table.rows, guess_columns(table.columns))
                checked = time.perf_counter()
                added = import_all_at_once(camp, people)
                db.session.commit()
                done = time.perf_counter()
            summary = counts(people)
            attending = db.session.scalar(
                select(func.count(Attendance.id)).where(Attendance.event_id == camp.id)
            )
            db.session.remove()
            db.engine.dispose()
    print(f"rows in the file:      {rows}")
    print(f"added to the event:    {added} ({summary.invalid} with mistakes, {attending} now)")
    print(f"reading the file:      {read - started:.2f} s")
    print(f"checking the rows:     {checked - read:.2f} s")
    print(f"importing:             {done - checked:.2f} s")
    print(f"total:                 {done - started:.2f} s")
    print(f"SQL statements:        {len(statements)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
