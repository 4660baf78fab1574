"""The demo events, agendas, themes and attendance follow the seed documents."""

from collections import Counter
from datetime import date

from sqlalchemy import select

from collab.attendance.figures import attendance_figures
from collab.attendance.models import Attendance, Participant, name_key
from collab.demo import seed_demo
from collab.events.models import FUNCTIONS, Event, Theme
from collab.extensions import db
from collab.projects.models import Project
from tests.conftest import row_counts

# The presenters of the final conference, as the seed's programme names them.
SEED_SPEAKERS = {
    "A. Meri": "Kurzemes plānošanas reģions",
    "A. Galindoms": "Ventspils valstspilsēta",
    "E. Stonke": "Asociācija - Klaipēdas reģions",
    "M. Virbauskas": "Drevernas osta",
    "K. Rasa": "Kuldīgas novada pašvaldība",
    "J. Ažondenienė": "Skuodas pašvaldības administrācija",
    "I. Tomanoviča Barone": "Saldus novada pašvaldība",
    "V. Jakumiene": "Kretingas novada pašvaldība",
    "K. Beihmanis": "Liepājas valstspilsēta",
    "Z. Mangule": "Vides aizsardzības un reģionālās attīstības ministrija",
}


def _project(code="LLI-431") -> Project:
    return db.session.scalar(select(Project).where(Project.code == code))


def _events(project) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event).where(Event.project_id == project.id).order_by(Event.start_date)
        )
    )


def test_smart_planning_has_the_events_the_seeds_report(app):
    seed_demo()
    project = _project()
    events = _events(project)
    kinds = Counter(e.kind for e in events)
    assert len(events) == 17
    assert kinds == {"workshop": 9, "camp": 2, "study_visit": 2, "seminar": 3, "conference": 1}
    assert {e.status for e in events} == {"held"}
    assert all(e.title.get(lang) for e in events for lang in ("en", "lv", "lt"))
    # Written in the organiser's language first, and in English.
    for event in events:
        assert event.title.original == {"LV": "lv", "LT": "lt"}[event.organiser.country]
        assert event.description.original == event.title.original
        assert event.description.get("en")

    camps = [e for e in events if e.kind == "camp"]
    assert {e.country for e in camps} == {"LV", "LT"}
    assert all((e.end_date - e.start_date).days == 1 for e in camps)

    visits = [e for e in events if e.kind == "study_visit"]
    assert {(e.country, e.town) for e in visits} == {("PL", "Gdańsk"), ("FI", "Turku")}
    assert all(1 <= (e.end_date - e.start_date).days <= 2 for e in visits)
    for visit in visits:
        assert set(visit.target_groups) == {"politician", "planner"}
        assert visit.host_region.endswith(f"({visit.country})")
        assert visit.sites_visited["en"].startswith("- ")
        assert all(visit.sites_visited.get(lang) for lang in ("en", "lv", "lt"))

    seminars = [e for e in events if e.kind == "seminar"]
    assert {(e.organiser.short_name, e.town) for e in seminars} == {
        ("Klaipėdos regionas", "Klaipėda")
    }
    assert all(
        "Viešųjų paslaugų kokybės standarto Klaipėdos regione kūrimas" in e.title["lt"]
        for e in seminars
    )
    assert {e.start_date.year for e in seminars} <= {2021, 2022}

    workshops = [e for e in events if e.kind == "workshop"]
    assert {e.organiser.short_name for e in workshops} == {"KPR", "Klaipėdos regionas"}
    assert any(e.venue == "Online (Zoom)" for e in workshops)
    assert date(2020, 9, 1) <= workshops[0].start_date
    assert workshops[-1].end_date <= date(2022, 5, 31)
    organisers = [e.organiser.short_name for e in workshops]
    assert all(a != b for a, b in zip(organisers, organisers[1:], strict=False))

    # Everything but the final conference (held after the end, as the seed says) falls
    # inside the project's period.
    for event in events:
        if event.kind != "conference":
            assert project.start_date <= event.start_date <= event.end_date <= project.end_date
    assert all(set(e.target_groups) <= set(FUNCTIONS) for e in events)


def test_the_final_conference_keeps_the_programme_of_the_seed(app):
    seed_demo()
    (conference,) = [e for e in _events(_project()) if e.kind == "conference"]
    assert (conference.start_date, conference.end_date) == (date(2022, 10, 12), date(2022, 10, 13))
    assert (conference.venue, conference.town, conference.country) == (
        "Zinātnes centrs VIZIUM",
        "Ventspils",
        "LV",
    )
    assert conference.organiser.short_name == "KPR"
    assert [o.short_name for o in conference.co_organisers] == ["Klaipėdos regionas"]

    day_1 = [item for item in conference.agenda if item.day == conference.start_date]
    day_2 = [item for item in conference.agenda if item.day == conference.end_date]
    assert len(day_1) >= 12
    speakers = {item.speaker: item.speaker_organisation for item in day_1 if item.speaker}
    assert speakers.items() >= SEED_SPEAKERS.items()
    assert any(item.title["en"] == "Handbook for cross-border planning" for item in day_1)
    assert day_1[-1].speaker == "Zinātnes centra VIZIUM pārstāvji"
    times = [item.time for item in day_1]
    assert times == sorted(times)

    visited = " ".join(item.title["lv"] for item in day_2)
    for site in (
        "Koncertzāle „Latvija“",
        "Laivu māja",
        "Gāliņciems",
        "elektroautobusi",
        "Adatu fabrika",
        "Adatu tornis",
    ):
        assert site in visited
        assert site in conference.sites_visited["lv"]

    themes = {t.name["en"] for t in conference.themes}
    assert {"Energy efficiency", "Public participation", "Heritage preservation"} <= themes

    speaker_rows = db.session.scalars(
        select(Participant.name)
        .join(Attendance, Attendance.participant_id == Participant.id)
        .where(Attendance.event_id == conference.id, Attendance.role == "speaker")
    ).all()
    assert set(speaker_rows) == set(SEED_SPEAKERS)


def test_attendance_adds_up_to_the_reported_figures(app):
    seed_demo()
    events = _events(_project())
    workshops = attendance_figures([e.id for e in events if e.kind == "workshop"])
    assert 190 <= workshops.total <= 215
    assert workshops.unnamed > 0 and workshops.participations > workshops.unnamed
    conference = attendance_figures([e.id for e in events if e.kind == "conference"])
    assert conference.total > 80
    assert conference.by_role["speaker"] == len(SEED_SPEAKERS)

    everything = attendance_figures([e.id for e in events])
    assert 100 <= everything.people < everything.participations
    assert set(everything.by_country) == {"LV", "LT"}
    assert {"organiser", "facilitator", "speaker", "participant"} <= set(everything.by_role)
    assert set(everything.by_function) <= set(FUNCTIONS)
    # A camp, a visit and a seminar have people recorded by name too.
    for kind in ("camp", "study_visit", "seminar"):
        assert attendance_figures([e.id for e in events if e.kind == kind]).participations > 0

    recorded = Counter(db.session.scalars(select(Attendance.recorded)))
    assert recorded["hand"] > recorded["import"] > recorded["checkin"] > 0


def test_every_participant_is_one_person_of_the_project_they_attend(app):
    seed_demo()
    rows = db.session.execute(
        select(Participant.project_id, Event.project_id)
        .join(Attendance, Attendance.participant_id == Participant.id)
        .join(Event, Attendance.event_id == Event.id)
    ).all()
    assert rows and all(person == event for person, event in rows)

    project = _project()
    people = db.session.scalars(
        select(Participant).where(Participant.project_id == project.id)
    ).all()
    attended = set(db.session.scalars(select(Attendance.participant_id)))
    assert all(p.id in attended for p in people)  # nobody is listed without coming
    # What find_participant would merge is not in the data twice.
    keys = [(name_key(p.name), p.organisation_id, p.organisation_name) for p in people]
    assert len(keys) == len(set(keys))
    emails = [p.email for p in people if p.email]
    assert len(emails) == len(set(emails))
    assert 0.3 <= len(emails) / len(people) <= 0.7
    assert all(e.endswith(("@lv.example", "@lt.example")) for e in emails)
    # Organisations: the seeded ones, and some as typed (a university, NGOs, businesses).
    assert sum(p.organisation_id is not None for p in people) > len(people) / 3
    typed = {p.organisation_name for p in people if p.organisation_name}
    assert {"Klaipėdos universitetas", "Liepājas Universitāte"} <= typed
    # Consent and gender are recorded for most; about 70% agree to be named.
    assert sum(p.consent_version is not None for p in people) > 0.7 * len(people)
    assert 0.6 <= sum(p.consent_named for p in people) / len(people) <= 0.8
    assert sum(p.gender is not None for p in people) > 0.7 * len(people)
    checked_in = db.session.scalars(
        select(Participant).join(Attendance).where(Attendance.recorded == "checkin")
    ).all()
    assert all(p.consent_version for p in checked_in)


def test_themes_are_named_in_three_languages(app):
    seed_demo()
    project = _project()
    themes = db.session.scalars(select(Theme).where(Theme.project_id == project.id)).all()
    assert all(t.name.get(lang) for t in themes for lang in ("en", "lv", "lt"))
    by_lt = {t.name["lt"]: t.name for t in themes}
    for original in (
        "Jūrinė ekonomika",
        "Bioekonomika",
        "Darnus jūrinis ir pakrančių turizmas",
        "Pažangios pramonės ekonomika",
        "Paslaugų ekonomika",
    ):
        assert by_lt[original].original == "lt"
    english = {t.name["en"] for t in themes}
    assert {
        "Maritime economy",
        "Energy efficiency",
        "Climate adaptation and climate neutrality",
        "Public–private partnership",
        "Public participation",
        "Public services",
    } <= english
    # Events use their own project's themes.
    for event in _events(project):
        assert event.themes and all(t.project_id == project.id for t in event.themes)


def test_the_tourism_center_has_events_of_its_own(app):
    seed_demo()
    project = _project("BSTC")
    events = _events(project)
    assert {e.kind for e in events} == {"forum", "partner_meeting"}
    assert {e.status for e in events} == {"held"}
    assert all(project.start_date <= e.start_date <= e.end_date <= project.end_date for e in events)
    assert any(e.title["en"] == "Baltic Sea Tourism Forum" for e in events)
    assert attendance_figures([e.id for e in events]).participations > 0


def test_seeding_twice_changes_nothing_and_gives_the_same_data(app):
    assert seed_demo() is True
    counts = row_counts()
    assert counts["event"] == 19 and counts["attendance"] > 300
    assert seed_demo() is False
    assert row_counts() == counts

    def snapshot():
        return sorted(
            tuple(str(value) for value in row)
            for row in db.session.execute(
                select(Participant.name, Participant.email, Event.start_date, Attendance.role)
                .join(Attendance, Attendance.participant_id == Participant.id)
                .join(Event, Attendance.event_id == Event.id)
            )
        )

    first = snapshot()
    # The same data on every run: empty the database and load it again.
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
    assert seed_demo() is True
    assert snapshot() == first
