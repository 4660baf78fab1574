"""Measures counted from the data: every measure on the demo data against numbers counted
by hand from the demo's definitions (collab/events/demo.py, collab/challenges/demo.py),
period boundaries, spans that add up, the records behind a number, manual indicators."""

from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import event as sql_event
from sqlalchemy import select

from collab.demo import seed_demo
from collab.extensions import db
from collab.handbook.models import HandbookDraft
from collab.handbook.plan import ensure_handbook
from collab.i18n import Translations
from collab.projects.models import Indicator, Project
from collab.reporting.measures import (
    APPLIES,
    MEASURES,
    ProjectFacts,
    indicator_progress,
    measure_rows,
    measure_value,
)
from collab.reporting.models import ReportingPeriod
from tests.conftest import attend, make_event, make_participant


@contextmanager
def counted_statements():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sql_event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sql_event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture
def demo(app):
    assert seed_demo() is True
    return db.session.scalar(select(Project).where(Project.code == "LLI-431"))


# ---------------------------------------------------------------------------------------------
# The demo data, counted by hand from the plans of collab/events/demo.py and the seeds of
# collab/challenges/demo.py. Every event there is held.


def test_events_held_on_the_demo(demo):
    # Plans: WORKSHOPS 9, CAMPS 2, STUDY_VISITS 2, SEMINARS 3 (_SEMINAR_PARTS), CONFERENCE 1.
    assert measure_value(demo, "events_held") == 17
    assert measure_value(demo, "events_held", {"event_kind": "workshop"}) == 9
    assert measure_value(demo, "events_held", {"event_kind": "camp"}) == 2
    assert measure_value(demo, "events_held", {"event_kind": "study_visit"}) == 2
    assert measure_value(demo, "events_held", {"event_kind": "seminar"}) == 3
    assert measure_value(demo, "events_held", {"event_kind": "conference"}) == 1
    # The event's country is the organiser's unless the plan gives one. In Latvia (KPR
    # organises): workshops of 24 Sep 2020, 18 Feb, 17 Jun, 14 Oct 2021, 21 Apr 2022, the
    # camp in Ventspils and the conference = 7. In Lithuania: workshops of 19 Nov 2020,
    # 15 Apr, 26 Aug 2021, 17 Feb 2022, the camp in Klaipėda, 3 seminars = 8. Poland 1,
    # Finland 1 (the study visits).
    assert measure_value(demo, "events_held", {"country": "LV"}) == 7
    assert measure_value(demo, "events_held", {"country": "LT"}) == 8
    assert measure_value(demo, "events_held", {"country": "PL"}) == 1
    # A filter that does not apply to a measure is ignored (function is a person's).
    assert measure_value(demo, "events_held", {"function": "planner"}) == 17


def test_participations_on_the_demo(demo):
    # Named + unnamed of each plan. Workshops: named 20+22+24+19+14+18+16+15+20 = 168,
    # unnamed 4+6+5+7+6+5 = 33, so 201 ("about 200" in the seed).
    assert measure_value(demo, "participations", {"event_kind": "workshop"}) == 201
    # Camps 26 + (24+3) = 53; visits 16 + 18 = 34; seminars 17 + (15+4) + 18 = 54; the
    # conference: the plan's 62 + 26 = 88 (the seeder keeps the total, named or not).
    assert measure_value(demo, "participations", {"event_kind": "camp"}) == 53
    assert measure_value(demo, "participations", {"event_kind": "study_visit"}) == 34
    assert measure_value(demo, "participations", {"event_kind": "seminar"}) == 54
    assert measure_value(demo, "participations", {"event_kind": "conference"}) == 88
    # 201 + 53 + 34 + 54 + 88.
    assert measure_value(demo, "participations") == 430
    # Seminars are for Lithuanian guests only (home_share 1.0), run by Klaipėda staff: every
    # named person there is from Lithuania, and the 4 unnamed are not counted by country.
    assert measure_value(demo, "participations", {"event_kind": "seminar", "country": "LT"}) == 50
    assert measure_value(demo, "participations", {"event_kind": "seminar", "country": "LV"}) == 0
    # The staff of the partners: KPR and Klaipėda region work for regional public
    # authorities; study visits take 2 organisers' staff + 1 helper each (3 + 3).
    assert (
        measure_value(
            demo,
            "participations",
            {"event_kind": "study_visit", "function": "regional_staff"},
        )
        == 6
    )


def test_people_and_organisations_on_the_demo(demo):
    # Staff: 3 of KPR + 4 of the Klaipėda region; PEOPLE: 103 (the sum of its counts);
    # the 10 CONFERENCE_SPEAKERS. Everyone comes at least once (the conference takes all
    # who had not come yet), so 7 + 103 + 10.
    assert measure_value(demo, "unique_participants") == 120
    # Organisations: the 11 seeded ones of the two regions in ORGANISATIONS (KPR, Klaipėdos
    # regionas, Ventspils, Kuldīga, Saldus, Liepāja, VARAM, VIZIUM, Dreverna, Skuodas,
    # Kretinga) and the 19 names typed in PEOPLE (8 Latvian, 11 Lithuanian; the community
    # members name none).
    assert measure_value(demo, "organisations_involved") == 30
    # Latvia: 7 seeded + 8 typed; Lithuania: 4 seeded + 11 typed.
    assert measure_value(demo, "organisations_involved", {"country": "LV"}) == 15
    assert measure_value(demo, "organisations_involved", {"country": "LT"}) == 15
    # Only the seeded ones have a kind: the municipalities of Ventspils, Kuldīga, Saldus,
    # Liepāja, Skuodas and Kretinga.
    kind = {"organisation_kind": "local_public_authority"}
    assert measure_value(demo, "organisations_involved", kind) == 6
    # Seminars: the Klaipėda region's staff and Lithuanian guests only.
    seminars = {"event_kind": "seminar"}
    assert measure_value(demo, "cross_border_organisations", seminars) == 0
    # Every other event had both countries (joint events, and the other workshops had
    # guests from the other region, see below); the seminars' attendance lists show no
    # organisation that came only to seminars: all 30 cooperated across the border.
    assert measure_value(demo, "cross_border_organisations") == 30


def test_cross_border_participations_on_the_demo(demo):
    # Joint events (organiser and co-organiser from both countries), everyone counts:
    # workshops of 24 Sep 2020 (24), 26 Aug 2021 (23), 21 Apr 2022 (25); camps 26 and 27;
    # study visits 16 and 18; the conference 88 = 247.
    # Other workshops: the guests from the other region, n - round(n * home_share) with
    # n = named - 2 staff: 19 Nov 2020 20-11 = 9; 18 Feb 2021 22-12 = 10; 15 Apr 2021
    # 17-9 = 8; 17 Jun 2021 12-8 = 4; 14 Oct 2021 14-9 = 5; 17 Feb 2022 13-8 = 5 → 41.
    # Seminars: none. 247 + 41.
    assert measure_value(demo, "cross_border_participations") == 288
    # Workshops only: 24 + 23 + 25 (joint) + 41.
    assert measure_value(demo, "cross_border_participations", {"event_kind": "workshop"}) == 113


def test_challenges_and_solutions_on_the_demo(demo):
    # CHALLENGES: 12; identified at camp 1 (6) and camp 2 (offshore wind, heritage) = 8,
    # at workshops 4 (functional zones, school food, tourism organisation, public buildings).
    assert measure_value(demo, "challenges_identified") == 12
    assert measure_value(demo, "challenges_identified", {"event_kind": "camp"}) == 8
    assert measure_value(demo, "challenges_identified", {"event_kind": "workshop"}) == 4
    # SOLUTIONS: 15; 6 at the conference, 5 at workshops (w2, w3, w5, w6, w7), and camp 2,
    # two study visits and seminar 3 one each.
    assert measure_value(demo, "solutions_proposed") == 15
    assert measure_value(demo, "solutions_proposed", {"event_kind": "conference"}) == 6
    assert measure_value(demo, "solutions_proposed", {"event_kind": "workshop"}) == 5


def test_handbook_drafts_count_the_finished_ones(demo):
    before = measure_value(demo, "handbook_drafts")
    handbook = ensure_handbook(demo)
    finished = datetime(2022, 5, 20, 21, 30, tzinfo=UTC)  # 21 May in Riga
    for number, status in ((90, "done"), (91, "failed"), (92, "running")):
        db.session.add(
            HandbookDraft(
                handbook_id=handbook.id,
                number=number,
                language="lv",
                content_hash=f"hash-{number}",
                status=status,
                finished_at=finished,
            )
        )
    db.session.commit()
    assert measure_value(demo, "handbook_drafts") == before + 1
    # Dated by the day it finished, in the project's time zone.
    assert measure_value(demo, "handbook_drafts", start=date(2022, 5, 21)) == 1
    assert measure_value(demo, "handbook_drafts", start=date(2022, 5, 22)) == 0


def test_the_demo_indicators_are_bound_and_count_the_seeds(demo):
    progress = {p.indicator.name["en"]: p for p in indicator_progress(demo)}
    assert all(p.bound for p in progress.values())
    assert progress["Thematic workshops and seminars"].achieved == 9
    assert progress["Participants of the workshops"].achieved == 201
    assert progress["Innovation camps"].achieved == 2
    assert progress["Study visits"].achieved == 2
    assert progress["Participants of the final conference"].achieved == 88
    assert progress["Participants of the final conference"].share == Decimal("1.10")
    assert progress["Handbook for cross-border planning"].indicator.measure == "handbook_drafts"


def test_the_demo_has_six_month_periods_and_their_figures(demo):
    periods = db.session.scalars(
        select(ReportingPeriod)
        .where(ReportingPeriod.project_id == demo.id)
        .order_by(ReportingPeriod.start_date)
    ).all()
    assert [(p.start_date, p.end_date) for p in periods] == [
        (date(2020, 6, 1), date(2020, 11, 30)),
        (date(2020, 12, 1), date(2021, 5, 31)),
        (date(2021, 6, 1), date(2021, 11, 30)),
        (date(2021, 12, 1), date(2022, 5, 31)),
    ]
    assert [p.name["en"] for p in periods] == ["Period 1", "Period 2", "Period 3", "Period 4"]
    assert periods[0].name["lv"] == "1. periods"
    third = {p.indicator.name["en"]: p for p in indicator_progress(demo, periods[2])}
    # Workshops before 1 Jun 2021: 24 Sep, 19 Nov 2020, 18 Feb, 15 Apr 2021 = 4; in
    # June–November 2021: 17 Jun, 26 Aug, 14 Oct = 3.
    workshops = third["Thematic workshops and seminars"]
    assert (workshops.previous, workshops.this_period, workshops.achieved) == (4, 3, 7)
    # Their participants: 24 + 22 + 24 + 19 = 89 before; 20 + 23 + 23 = 66 in it.
    people = third["Participants of the workshops"]
    assert (people.previous, people.this_period, people.achieved) == (89, 66, 155)
    # The final conference (12 Oct 2022) came after the project's end: in no period.
    conference = third["Participants of the final conference"]
    assert (conference.previous, conference.this_period, conference.achieved) == (0, 0, 0)
    # The first period: workshops of 24 Sep (24) and 19 Nov (22), camp 1 (26).
    first = (date(2020, 6, 1), date(2020, 11, 30))
    assert measure_value(demo, "events_held", {}, *first) == 3
    assert measure_value(demo, "participations", {}, *first) == 72
    # Challenges of camp 1 (7 Oct 2020: 6) and workshop 1 (functional zones).
    assert measure_value(demo, "challenges_identified", {}, *first) == 7
    # Solutions: the functional-zones study at the workshop of 19 Nov 2020.
    assert measure_value(demo, "solutions_proposed", {}, *first) == 1


def test_previous_and_this_period_add_up_for_every_measure(demo):
    periods = db.session.scalars(
        select(ReportingPeriod).where(ReportingPeriod.project_id == demo.id)
    ).all()
    facts = ProjectFacts(demo)
    for measure in MEASURES:
        whole = measure_value(demo, measure, facts=facts)
        parts = [
            measure_value(demo, measure, start=p.start_date, end=p.end_date, facts=facts)
            for p in periods
        ]
        after = measure_value(demo, measure, start=date(2022, 6, 1), facts=facts)
        # Distinct things count once, in the period where they were first reached.
        assert sum(parts) + after == whole, measure


def test_the_rows_behind_a_number_match_it(app, demo):
    facts = ProjectFacts(demo)
    spans = [(None, None), (date(2020, 12, 1), date(2021, 5, 31))]
    with app.test_request_context():
        for measure in MEASURES:
            filters = {"event_kind": "workshop"} if "event_kind" in APPLIES[measure] else {}
            for start, end in spans:
                value = measure_value(demo, measure, filters, start, end, facts)
                head, rows, links = measure_rows(demo, measure, filters, start, end, facts)
                assert len(links) == len(rows)
                if head[-1] == "Number":
                    assert sum(row[-1] for row in rows) == value, measure
                else:
                    assert len(rows) == value, measure
                assert all(len(row) == len(head) for row in rows)
        # A headcount is one row, named people one row each; no names unless allowed.
        head, rows, _ = measure_rows(demo, "participations", {"event_kind": "workshop"})
        assert "Person" not in head
        headcounts = [row for row in rows if row[-1] > 1]
        assert sum(row[-1] for row in headcounts) == 33
        head, rows, _ = measure_rows(
            demo, "participations", {"event_kind": "workshop"}, names=lambda event_id: True
        )
        assert "Person" in head
        names = {row[head.index("Person")] for row in rows}
        assert "Ilze Paraudziņa" in names or "Jānis Ozols" in names


def test_the_indicators_take_the_same_few_queries_whatever_the_data(demo):
    def statements(code: str) -> int:
        project = db.session.scalar(select(Project).where(Project.code == code))
        # One indicator bound to every measure, and a period.
        project.indicators = [
            Indicator(name=Translations({"en": m}), target=Decimal(1), measure=m, filters={})
            for m in MEASURES
        ]
        period = ReportingPeriod(
            project_id=project.id,
            name=Translations({"en": "A period"}),
            start_date=date(2019, 1, 1),
            end_date=date(2021, 12, 31),
        )
        db.session.add(period)
        db.session.commit()
        db.session.expire_all()
        project = db.session.get(Project, project.id)
        period = db.session.get(ReportingPeriod, period.id)
        with counted_statements() as seen:
            progress = indicator_progress(project, period)
        assert len(progress) == len(MEASURES)
        return len(seen)

    # The Baltic Sea Tourism Center has 2 events and 19 people; Smart Planning 17 and 120.
    small, large = statements("BSTC"), statements("LLI-431")
    assert large <= 8
    assert small == large


# ---------------------------------------------------------------------------------------------
# The rules, on the small World


def _bind(world, measure, filters=None) -> Indicator:
    indicator = world.project.indicators[0]
    indicator.measure, indicator.filters = measure, filters or {}
    db.session.commit()
    return indicator


def _progress(world, period=None):
    (progress,) = indicator_progress(world.project, period)
    return progress


def test_period_boundaries_count_the_last_day_and_not_the_next(world):
    for day in (date(2020, 5, 31), date(2020, 6, 1), date(2020, 11, 30), date(2020, 12, 1)):
        make_event(
            world.project,
            world.lv,
            f"Workshop {day}",
            kind="workshop",
            start_date=day,
            end_date=day,
        )
    make_event(
        world.project,
        world.lv,
        "Planned",
        kind="workshop",
        status="planned",
        start_date=date(2020, 7, 1),
        end_date=date(2020, 7, 1),
    )
    _bind(world, "events_held", {"event_kind": "workshop"})
    progress = _progress(world, world.period)  # 1 Jun – 30 Nov 2020
    # 31 May is before; 1 Jun and 30 Nov are in; 1 Dec is after; a planned one never counts.
    assert (progress.previous, progress.this_period, progress.achieved) == (1, 2, 3)
    assert progress.previous + progress.this_period == progress.achieved
    assert _progress(world).achieved == 4
    assert progress.share == Decimal("0.33")  # 3 of the target 9


def test_a_manual_indicator_stays_manual(world):
    progress = _progress(world, world.period)
    assert progress.bound is False
    assert progress.achieved == Decimal(4)  # as typed in
    assert progress.previous is None and progress.this_period is None
    # An unknown measure (a name from an older version) is not guessed at.
    _bind(world, "no_such_measure")
    assert _progress(world).bound is False


def test_unnamed_people_count_unless_a_person_filter_is_set(world):
    world.event.unnamed_count = 5
    lt_person = make_participant(world.project, "Jonas Pavyzdys", "LT", gender="male")
    attend(world.event, lt_person)
    db.session.commit()
    # Ilze (LV) and Jonas (LT) by name, and 5 not named.
    assert measure_value(world.project, "participations") == 7
    assert measure_value(world.project, "participations", {"country": "LT"}) == 1
    assert measure_value(world.project, "participations", {"gender": "male"}) == 1
    assert measure_value(world.project, "participations", {"function": "planner"}) == 1
    assert measure_value(world.project, "unique_participants") == 2


def test_cross_border_participations_follow_the_definition(world):
    lt_person = make_participant(world.project, "Jonas Pavyzdys", "LT")
    attend(world.event, lt_person)  # a Lithuanian at an event in Latvia: across the border
    world.event.unnamed_count = 3
    db.session.commit()
    # Ilze (LV) at home does not count, nor do the 3 not named (country unknown).
    assert measure_value(world.project, "cross_border_participations") == 1
    # Organised jointly by partners of both countries: everyone who came, named or not.
    world.event.co_organisers.append(world.lt)
    db.session.commit()
    assert measure_value(world.project, "cross_border_participations") == 5
    # A partner from a third country does not make an event joint of LV and LT.
    world.lt_event.co_organisers.append(world.de)
    attend(world.lt_event, make_participant(world.project, "Anna Muster", "DE"))
    db.session.commit()
    assert measure_value(world.project, "cross_border_participations") == 5


def test_cross_border_organisations_met_the_other_country(world):
    # KPR (LV) organised the camp, where Ilze of KPR came; the Klaipėda region (LT) the
    # seminar, where nobody came: two organisations, never at one event.
    assert measure_value(world.project, "organisations_involved") == 2
    assert measure_value(world.project, "cross_border_organisations") == 0
    lt_person = make_participant(world.project, "Jonas Pavyzdys", "LT")
    lt_person.organisation_name = "Klaipėdos universitetas"
    attend(world.event, lt_person)
    # A name typed twice with other accents and case is one organisation.
    typed_again = make_participant(world.project, "Eglė Pavyzdė", "LT")
    typed_again.organisation_name = "KLAIPEDOS  universitetas"
    attend(world.lt_event, typed_again)
    db.session.commit()
    # KPR and the university met at the event: both cooperate across the border; the
    # Klaipėda region organised the seminar, where only the university's people came.
    assert measure_value(world.project, "organisations_involved") == 3
    assert measure_value(world.project, "cross_border_organisations") == 2
    assert measure_value(world.project, "cross_border_organisations", {"country": "LT"}) == 1


def test_distinct_things_count_where_they_were_first_reached(world):
    # Ilze came to the camp of 15 Sep 2021; she comes again to the seminar of 5 Nov 2021.
    attend(world.lt_event, world.participant)
    db.session.commit()
    assert measure_value(world.project, "unique_participants") == 1
    assert measure_value(world.project, "unique_participants", start=date(2021, 9, 16)) == 0
    assert measure_value(world.project, "participations", start=date(2021, 9, 16)) == 1
    assert measure_value(world.project, "unique_participants", {"event_kind": "seminar"}) == 1
