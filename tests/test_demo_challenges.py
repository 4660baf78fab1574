"""The demo challenges, solutions, dot-votes and outputs follow the seeds' events."""

import hashlib
import io
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import current_app
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from collab.auth.models import User
from collab.challenges.models import (
    HANDBOOK_CHAPTERS,
    REGIONS,
    SOLUTION_KINDS,
    STATUSES,
    Challenge,
    Solution,
    Vote,
)
from collab.demo import seed_demo
from collab.events.models import Event
from collab.extensions import db
from collab.outputs.models import Output, StoredFile
from collab.outputs.storage import path_of, store
from collab.projects.models import Project
from tests.conftest import row_counts

RIGA = ZoneInfo("Europe/Riga")


@pytest.fixture
def project(app):
    assert seed_demo() is True
    return db.session.scalar(select(Project).where(Project.code == "LLI-431"))


def _challenges(project) -> list[Challenge]:
    return list(db.session.scalars(select(Challenge).where(Challenge.project_id == project.id)))


def _local_day(instant):
    return instant.astimezone(RIGA).date()


def test_challenges_go_through_every_status_of_the_lifecycle(project):
    challenges = _challenges(project)
    assert 10 <= len(challenges) <= 14
    assert Counter(c.status for c in challenges) == {
        "identified": 2,
        "analysed": 2,
        "solution_proposed": 3,
        "in_handbook": 4,
        "set_aside": 1,
    }
    assert set(STATUSES) == {c.status for c in challenges}
    (set_aside,) = [c for c in challenges if c.status == "set_aside"]
    assert "national level" in set_aside.set_aside_reason
    assert set_aside.history[-1].reason == set_aside.set_aside_reason
    for challenge in challenges:
        assert {"lv", "lt", "en"} <= set(challenge.title) and all(challenge.title.values())
        assert {"lv", "lt", "en"} <= set(challenge.description)
        assert challenge.theme.project_id == project.id
        assert challenge.regions in REGIONS
        assert challenge.for_handbook == (challenge.status == "in_handbook")
    assert {c.regions for c in challenges} == set(REGIONS)
    # Recorded through the operations: the search finds them in every language.
    cycling = next(c for c in challenges if "EuroVelo 10" in c.description["en"])
    assert "velomaršruts" in cycling.search_text and "dviračių" in cycling.search_text


def test_challenges_were_identified_and_analysed_at_events_of_their_project(project):
    challenges = _challenges(project)
    kinds = Counter(c.identified_at.kind for c in challenges)
    assert set(kinds) == {"camp", "workshop"} and kinds["camp"] > kinds["workshop"]
    assert len({c.identified_at_id for c in challenges if c.identified_at.kind == "camp"}) == 2
    for challenge in challenges:
        assert challenge.identified_at.project_id == challenge.project_id
        assert len(challenge.analysed_at) <= 3
        for event in challenge.analysed_at:
            assert event.project_id == challenge.project_id
            assert event.start_date > challenge.identified_at.end_date
        analysed = challenge.status not in ("identified",)
        assert bool(challenge.analysed_at) == analysed, challenge.title["en"]


def test_history_is_in_time_order_and_ends_with_the_current_status(project):
    demo_users = set(
        db.session.scalars(
            select(User.id).where(
                User.email.in_(["coordinator@collab.example", "facilitator@collab.example"])
            )
        )
    )
    days = {
        (event.start_date.toordinal() + offset)
        for event in db.session.scalars(select(Event).where(Event.project_id == project.id))
        for offset in range((event.end_date - event.start_date).days + 1)
    }
    for challenge in _challenges(project):
        history = challenge.history
        assert history[0].from_status is None and history[0].to_status == "identified"
        assert _local_day(history[0].at) == challenge.identified_at.start_date
        for earlier, later in zip(history, history[1:], strict=False):
            assert earlier.at < later.at
            assert later.from_status == earlier.to_status
        assert history[-1].to_status == challenge.status
        for change in history:
            assert change.at.tzinfo is not None
            assert _local_day(change.at).toordinal() in days  # at one of the project's events
            assert change.user_id in demo_users
        if challenge.status == "analysed":
            analysed = next(h for h in history if h.to_status == "analysed")
            assert _local_day(analysed.at) == challenge.analysed_at[0].end_date
    users = {h.user.role for c in _challenges(project) for h in c.history}
    assert users == {"coordinator", "facilitator"}


def test_solutions_were_proposed_at_events_of_the_same_project(project):
    solutions = list(
        db.session.scalars(
            select(Solution).join(Challenge).where(Challenge.project_id == project.id)
        )
    )
    assert 13 <= len(solutions) <= 17
    assert {s.kind for s in solutions} == set(SOLUTION_KINDS)
    for solution in solutions:
        challenge = solution.challenge
        assert solution.event.project_id == challenge.project_id
        assert solution.event.start_date >= challenge.identified_at.start_date
        assert solution.proposed_by
        assert {"lv", "lt", "en"} <= set(solution.text)
        assert (solution.where_it_works is not None) == (solution.kind == "good_practice")
        assert solution.for_handbook == (solution.handbook_chapter in HANDBOOK_CHAPTERS)
        # A challenge with a solution has moved past analysis.
        assert challenge.status in ("solution_proposed", "in_handbook")
    practices = {s.where_it_works: s for s in solutions if s.kind == "good_practice"}
    for where in (
        "Ventspils: electric buses and charging stations",
        "Kuldīga: Adatu fabrika creative cluster",
        "Saldus: public participation",
        "Kretinga district: residents' initiatives (participatory budget)",
        "Liepāja: climate-neutral city 2030 plan",
        "Dreverna port: municipality and business cooperation",
    ):
        assert practices[where].event.kind == "conference", where
        assert practices[where].handbook_chapter == "good_practices"
    assert {o.short_name for o in practices["Saldus: public participation"].proposed_by} == {
        "Saldus"
    }
    assert {s.handbook_chapter for s in solutions if s.for_handbook} == {
        "challenges",
        "good_practices",
    }


def test_votes_are_closed_and_priorities_are_the_sums_of_their_dots(project):
    votes = list(
        db.session.scalars(
            select(Vote).join(Event).where(Event.project_id == project.id).order_by(Vote.id)
        )
    )
    assert [v.event.kind for v in votes] == ["camp", "workshop"]
    camps = sorted(
        db.session.scalars(
            select(Event.start_date).where(Event.project_id == project.id, Event.kind == "camp")
        )
    )
    assert votes[0].event.start_date == camps[1]  # the second innovation camp
    assert votes[1].event.start_date > camps[1]
    dots_per_challenge = Counter()
    for vote in votes:
        assert vote.is_open is False and vote.closed_at is not None
        ballot = {option.challenge_id for option in vote.options}
        assert 4 <= len(ballot) <= 6
        tables = Counter(dot.table_label for dot in vote.dots)
        assert tables == {f"Table {n}": vote.dots_per_voter for n in range(1, 6)}
        assert vote.dots_per_voter == 3
        for dot in vote.dots:
            assert dot.challenge_id in ballot
            assert dot.voter_id is None and dot.placed_by_id is not None
            assert _local_day(dot.at) == vote.event.start_date
        dots_per_challenge.update(dot.challenge_id for dot in vote.dots)
    challenges = _challenges(project)
    assert {c.id: c.priority for c in challenges} == {
        c.id: dots_per_challenge[c.id] for c in challenges
    }
    assert max(c.priority for c in challenges) > 0
    assert any(c.priority == 0 for c in challenges)
    # No dot on a challenge identified after the vote.
    for vote in votes:
        for option in vote.options:
            assert option.challenge.identified_at.start_date <= vote.event.start_date


def test_outputs_files_are_on_disk_and_stored_once(project):
    outputs = list(
        db.session.scalars(
            select(Output).join(Event).where(Event.project_id == project.id).order_by(Output.id)
        )
    )
    kinds = Counter(o.kind for o in outputs)
    assert kinds["note"] >= 4 and kinds["report"] == 1 and kinds["presentation"] == 1
    assert kinds["photo"] == 2
    upload_dir = Path(current_app.config["UPLOAD_DIR"]).resolve()
    for output in outputs:
        assert output.created_by.role in ("coordinator", "facilitator")
        assert output.for_handbook == (output.handbook_chapter in HANDBOOK_CHAPTERS)
        if output.kind == "note":
            assert output.file_id is None
            language = "lv" if output.event.organiser.country == "LV" else "lt"
            assert list(output.text) == [language, "en"] and list(output.title) == [language, "en"]
            continue
        data = path_of(output.file).read_bytes()
        assert path_of(output.file).resolve().is_relative_to(upload_dir)
        assert hashlib.sha256(data).hexdigest() == output.file.sha256
        assert len(data) == output.file.size and output.filename
        if output.file.content_type == "application/pdf":
            assert data.startswith(b"%PDF-") and output.filename.endswith(".pdf")
            PdfReader(io.BytesIO(data), strict=True)
        else:
            assert output.file.content_type == "image/png"
            with Image.open(io.BytesIO(data)) as image:
                assert (image.format, image.size) == ("PNG", (640, 400))
    photos = [o for o in outputs if o.kind == "photo"]
    assert sorted(o.publication_consent for o in photos) == [False, True]
    (presentation,) = [o for o in outputs if o.kind == "presentation"]
    assert presentation.agenda_item.speaker == "A. Meri"
    assert presentation.agenda_item.event_id == presentation.event_id
    (report,) = [o for o in outputs if o.kind == "report"]
    assert report.event.kind == "conference" and report.handbook_chapter == "annexes"
    programme = PdfReader(io.BytesIO(path_of(report.file).read_bytes()))
    text = "".join(page.extract_text() for page in programme.pages)
    # The Latvian and Lithuanian letters survive, and the whole programme is there.
    assert "Kuldīgas vecpilsēta" in text and "Klaipėda region specialisation strategy" in text
    assert "Atjaunotais Adatu tornis" in text
    # The same bytes are one stored file: storing them again adds nothing.
    stored = db.session.scalar(select(func.count(StoredFile.id)))
    assert stored == db.session.scalar(select(func.count(func.distinct(StoredFile.sha256))))
    again = store(path_of(report.file).read_bytes(), "application/pdf")
    assert again.id == report.file_id
    assert db.session.scalar(select(func.count(StoredFile.id))) == stored


def test_seeding_twice_changes_nothing_and_gives_the_same_story(project):
    upload_dir = Path(current_app.config["UPLOAD_DIR"])

    def files():
        return sorted(str(p.relative_to(upload_dir)) for p in upload_dir.rglob("*") if p.is_file())

    def story():
        db.session.expire_all()
        return sorted(
            (
                c.title["en"],
                c.status,
                c.priority,
                tuple(h.at.isoformat() for h in c.history),
                tuple(s.text["en"] for s in c.solutions),
            )
            for c in db.session.scalars(select(Challenge))
        ), sorted(db.session.scalars(select(StoredFile.sha256)))

    counts, on_disk, first = row_counts(), files(), story()
    assert counts["challenge"] and counts["dot"] and counts["output"]
    assert len(on_disk) == counts["stored_file"]
    assert seed_demo() is False
    assert row_counts() == counts and files() == on_disk
    # The same data on every run: empty the database and load it again.
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
    assert seed_demo() is True
    assert story() == first and files() == on_disk
