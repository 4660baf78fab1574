"""How long compiling the handbook takes, and how much memory it needs: for the demo project
and for a project ten times larger, with the time of WeasyPrint alone on the same final HTML.
Not a test: run it and read the table.

    .venv/bin/python bench/handbook_compile.py [--copies 10] [--language lv]

It builds a throwaway SQLite instance with the real migrations and the demo data, and a
copy of it where the demo project's events (with their agendas, attendance, themes and
co-organisers), challenges (with their solutions) and outputs are there `--copies` times.
Each instance is measured in a process of its own, so its peak memory is its own.
"""

import argparse
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def app_for(database: Path, uploads: Path):
    from collab import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "UPLOAD_DIR": str(uploads),
            "SECRET_KEY": "bench",
            "REDIS_URL": None,
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
        }
    )


# --- Building the instances ---------------------------------------------------------------


def build_demo(database: Path, uploads: Path) -> None:
    from flask_migrate import upgrade

    from collab.demo import seed_demo
    from collab.extensions import db

    app = app_for(database, uploads)
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.remove()
        db.engine.dispose()


def multiply(database: Path, uploads: Path, copies: int) -> None:
    """Copy the demo project's events, challenges and outputs until there are `copies` of
    each (titles numbered), with everything that hangs on them."""
    from sqlalchemy import insert, select

    from collab.extensions import db
    from collab.i18n import Translations
    from collab.projects.models import Project

    app = app_for(database, uploads)
    with app.app_context():
        tables = db.metadata.tables
        project_id = db.session.scalar(select(Project.id).where(Project.code == "LLI-431"))

        def rows(table, column, ids):
            if not ids:
                return []
            found = db.session.execute(select(table).where(table.c[column].in_(list(ids))))
            return [dict(row._mapping) for row in found]

        def numbered(value, n):
            if not value:
                return value
            return Translations({lang: f"{text} ({n})" for lang, text in value.items()})

        def copy(table, originals, n, remap=None, titles=(), unique=()):
            made = {}
            for row in originals:
                values = {k: v for k, v in row.items() if k != "id"}
                for column, mapping in (remap or {}).items():
                    if values.get(column) is not None:
                        values[column] = mapping.get(values[column], values[column])
                for column in titles:
                    values[column] = numbered(values.get(column), n)
                for column in unique:
                    # A check-in link of its own; no key of an offline client.
                    values[column] = (
                        secrets.token_urlsafe(24) if column == "checkin_token" else None
                    )
                new_id = db.session.execute(
                    insert(table).values(**values).returning(table.c.id)
                ).scalar_one()
                made[row["id"]] = new_id
            return made

        def copy_links(table, left, right, left_map, right_map=None):
            for row in rows(table, left, left_map.keys()):
                values = dict(row)
                values[left] = left_map[row[left]]
                if right_map is not None:
                    values[right] = right_map.get(row[right], row[right])
                db.session.execute(insert(table).values(**values))

        events = [
            dict(row._mapping)
            for row in db.session.execute(
                select(tables["event"]).where(tables["event"].c.project_id == project_id)
            )
        ]
        challenges = [
            dict(row._mapping)
            for row in db.session.execute(
                select(tables["challenge"]).where(tables["challenge"].c.project_id == project_id)
            )
        ]
        event_ids = [e["id"] for e in events]
        agenda = rows(tables["agenda_item"], "event_id", event_ids)
        attendance = rows(tables["attendance"], "event_id", event_ids)
        outputs = rows(tables["output"], "event_id", event_ids)
        solutions = rows(tables["solution"], "challenge_id", [c["id"] for c in challenges])

        for n in range(2, copies + 1):
            event_map = copy(
                tables["event"], events, n, titles=("title",), unique=("checkin_token",)
            )
            copy_links(tables["event_theme"], "event_id", "theme_id", event_map)
            copy_links(tables["event_co_organiser"], "event_id", "organisation_id", event_map)
            agenda_map = copy(tables["agenda_item"], agenda, n, {"event_id": event_map})
            copy(tables["attendance"], attendance, n, {"event_id": event_map})
            challenge_map = copy(
                tables["challenge"],
                challenges,
                n,
                {"identified_at_id": event_map},
                titles=("title",),
                unique=("client_key",),
            )
            copy_links(
                tables["challenge_event"], "challenge_id", "event_id", challenge_map, event_map
            )
            solution_map = copy(
                tables["solution"],
                solutions,
                n,
                {"challenge_id": challenge_map, "event_id": event_map},
                unique=("client_key",),
            )
            copy_links(
                tables["solution_organisation"], "solution_id", "organisation_id", solution_map
            )
            copy(
                tables["output"],
                outputs,
                n,
                {"event_id": event_map, "agenda_item_id": agenda_map},
                titles=("title",),
                unique=("client_key",),
            )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


# --- Measuring one instance (in a process of its own) -------------------------------------


def measure(database: Path, uploads: Path, language: str) -> dict:
    from pypdf import PdfReader
    from sqlalchemy import func, select

    from collab.auth.models import User
    from collab.challenges.models import Challenge
    from collab.events.models import Event
    from collab.extensions import db
    from collab.handbook import html as handbook_html
    from collab.handbook.docx import render_docx
    from collab.handbook.drafts import Edition, collect_edition, request_draft
    from collab.handbook.jobs import wait_for_threads
    from collab.handbook.models import HandbookDraft, HandbookSection
    from collab.handbook.plan import ensure_handbook, sync_sections
    from collab.outputs.models import Output
    from collab.projects.models import Project

    figures = {}
    app = app_for(database, uploads)
    with app.app_context():
        project = db.session.scalar(select(Project).where(Project.code == "LLI-431"))
        user = db.session.scalar(select(User).where(User.role == "coordinator"))
        handbook = ensure_handbook(project)
        sync_sections(handbook)
        db.session.commit()
        count = lambda model, *where: db.session.scalar(  # noqa: E731
            select(func.count(model.id)).where(*where)
        )
        figures["events"] = count(Event, Event.project_id == project.id)
        figures["challenges"] = count(Challenge, Challenge.project_id == project.id)
        figures["outputs"] = count(
            Output, Output.event_id.in_(select(Event.id).where(Event.project_id == project.id))
        )
        figures["sections"] = db.session.scalar(select(func.count(HandbookSection.id)))

        # 1. The compile as the app runs it: the request (plan, collect, hash) answers,
        #    the background thread makes the PDF and the DOCX and stores them.
        started = time.perf_counter()
        draft, _ = request_draft(handbook, user, language, base_url="https://collab.example.org/")
        figures["request_s"] = time.perf_counter() - started
        wait_for_threads()
        figures["compile_s"] = time.perf_counter() - started
        db.session.expire_all()
        draft = db.session.get(HandbookDraft, draft.id)
        if draft.status != "done":
            raise SystemExit(f"the compile failed: {draft.error}")
        from collab.outputs.storage import path_of

        pdf = path_of(draft.pdf_file).read_bytes()
        figures["pdf_pages"] = len(PdfReader(path_of(draft.pdf_file)).pages)
        figures["pdf_kb"] = len(pdf) / 1024
        figures["docx_kb"] = draft.docx_file.size / 1024

        # 2. Its parts, one by one, on the same content.
        edition = Edition.of(language)
        started = time.perf_counter()
        documents = collect_edition(handbook, edition)
        figures["collect_s"] = time.perf_counter() - started
        started = time.perf_counter()
        final_html = handbook_html.render_html(
            documents, None, for_pdf=True, base_url="https://collab.example.org"
        )
        figures["html_s"] = time.perf_counter() - started
        # WeasyPrint alone on that HTML, with the options render_pdf uses.
        started = time.perf_counter()
        handbook_html.laid_out_pdf(final_html)
        figures["weasyprint_s"] = time.perf_counter() - started
        started = time.perf_counter()
        render_docx(documents, None, base_url="https://collab.example.org/")
        figures["docx_s"] = time.perf_counter() - started

        # 3. Peak memory of the compile's work (collect, PDF, DOCX) under tracemalloc.
        del documents, final_html, pdf
        tracemalloc.start()
        documents = collect_edition(handbook, edition)
        handbook_html.render_pdf(documents, None, base_url="https://collab.example.org/")
        render_docx(documents, None, base_url="https://collab.example.org/")
        figures["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        db.session.remove()
        db.engine.dispose()
    # Linux reports kilobytes: the whole process's peak, Python and the C libraries.
    figures["ru_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


ROWS = [
    (
        "events / challenges / outputs",
        lambda f: f"{f['events']} / {f['challenges']} / {f['outputs']}",
    ),
    ("sections in the handbook's plan", lambda f: f"{f['sections']}"),
    ("request: plan, collect, hash (s)", lambda f: f"{f['request_s']:.2f}"),
    ("compile, request to files stored (s)", lambda f: f"{f['compile_s']:.2f}"),
    ("  collect one language (s)", lambda f: f"{f['collect_s']:.2f}"),
    ("  lay out the HTML (s)", lambda f: f"{f['html_s']:.2f}"),
    ("  WeasyPrint alone on that HTML (s)", lambda f: f"{f['weasyprint_s']:.2f}"),
    ("  DOCX (s)", lambda f: f"{f['docx_s']:.2f}"),
    ("PDF pages / size (KB)", lambda f: f"{f['pdf_pages']} / {f['pdf_kb']:.0f}"),
    ("DOCX size (KB)", lambda f: f"{f['docx_kb']:.0f}"),
    ("peak memory, tracemalloc (MB)", lambda f: f"{f['tracemalloc_peak_mb']:.1f}"),
    ("peak memory, ru_maxrss (MB)", lambda f: f"{f['ru_maxrss_mb']:.0f}"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--language", default="lv", choices=("en", "lv", "lt"))
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--uploads", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.pop("REDIS_URL", None)  # the compile runs here, in a thread, never on Redis

    if args.measure:
        print(json.dumps(measure(args.measure, args.uploads, args.language)))
        return

    directory = Path(tempfile.mkdtemp(prefix="collab-bench-handbook-"))
    try:
        uploads = directory / "uploads"
        demo = directory / "demo.db"
        started = time.perf_counter()
        build_demo(demo, uploads)
        larger = directory / f"x{args.copies}.db"
        shutil.copy(demo, larger)
        multiply(larger, uploads, args.copies)
        print(f"instances ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        results = {}
        for name, database in (("demo", demo), (f"×{args.copies}", larger)):
            run = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--measure",
                    str(database),
                    "--uploads",
                    str(uploads),
                    "--language",
                    args.language,
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if run.returncode:
                sys.stderr.write(run.stderr[-4000:])
                raise SystemExit(f"measuring {name} failed")
            results[name] = json.loads(run.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(directory, ignore_errors=True)

    names = list(results)
    width = max(len(label) for label, _ in ROWS)
    print(f"handbook compile, language {args.language}, SQLite, Python {sys.version.split()[0]}")
    print(f"{'':<{width}}  " + "  ".join(f"{name:>12}" for name in names))
    for label, cell in ROWS:
        print(f"{label:<{width}}  " + "  ".join(f"{cell(results[n]):>12}" for n in names))


if __name__ == "__main__":
    main()
