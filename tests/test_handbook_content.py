"""What the handbook says: the collected chapters in each language, the fallback markers, the
consent rules, the links back to the sources; the web preview and the translation report."""

from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event as sql_event
from sqlalchemy import select

from collab.database import utcnow
from collab.demo import seed_demo
from collab.events.models import AgendaItem
from collab.extensions import db
from collab.handbook.collect import collect
from collab.handbook.document import Figure, Image, Paragraph, Record, Table, Text
from collab.handbook.html import render_html
from collab.handbook.plan import ensure_handbook, sync_sections
from collab.i18n import Translations
from collab.outputs.models import Output
from collab.outputs.storage import store
from collab.projects.models import Project
from tests.conftest import attend, login, make_event, make_participant, row_counts

PNG = (Path(__file__).resolve().parent / "fixtures" / "outputs" / "photo.png").read_bytes()
NAME = "Ilze Bērziņa"  # the World's participant


def compiled(world, language="en"):
    """The World's handbook in `language`, its plan brought up to date as a compile does."""
    sync_sections(world.handbook)
    db.session.commit()
    return collect(world.handbook, language)


def chapter(document, kind):
    return next((c for c in document.chapters if c.kind == kind), None)


def records(blocks):
    for block in blocks:
        if isinstance(block, Record):
            yield block
            yield from records(block.blocks)


def all_records(document):
    for c in document.chapters:
        yield from records(c.blocks)


def everything_said(document) -> str:
    """Every word of the document, as the web preview shows it."""
    return render_html([document], for_pdf=False)


def mark(record, chapter_kind):
    record.for_handbook = True
    record.handbook_chapter = chapter_kind
    db.session.commit()


def photo(world, consent: bool, chapter_kind="workshops", title="Group work at table 3"):
    output = Output(
        event_id=world.event.id,
        kind="photo",
        title=Translations({"en": title}),
        file=store(PNG, "image/png"),
        filename="table-3.png",
        publication_consent=consent,
        for_handbook=True,
        handbook_chapter=chapter_kind,
    )
    db.session.add(output)
    db.session.commit()
    return output


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


# --- Chapters and languages -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("en", ["About the project", "Activities and figures", "Workshop summaries", "Annexes"]),
        ("lv", ["Par projektu", "Aktivitātes un skaitļi", "Darbnīcu kopsavilkumi", "Pielikumi"]),
        ("lt", ["Apie projektą", "Veiklos ir skaičiai", "Dirbtuvių santraukos", "Priedai"]),
    ],
)
def test_chapter_titles_are_in_the_editions_language(world, language, titles):
    document = compiled(world, language)
    shown = [c.title for c in document.chapters if c.number]
    assert shown[:2] == titles[:2]
    assert titles[2] in shown and titles[3] in shown
    assert [c.number for c in document.chapters if c.number] == list(range(1, len(shown) + 1))
    assert document.language == language
    assert (
        document.title.value
        == {
            "en": "Handbook for cross-border planning",
            "lv": "Rokasgrāmata pārrobežu plānošanai",
            "lt": "Tarpvalstybinio planavimo gidas",
        }[language]
    )


def test_chapters_follow_the_plan_and_leave_out_what_the_editor_excluded(world):
    chapters = {c.kind: c for c in world.handbook.chapters}
    chapters["annexes"].position, chapters["project"].position = 2, 7
    chapters["activities"].included = False
    chapters["project"].title = Translations({"en": "About Smart Planning", "lv": "Par projektu"})
    document = compiled(world, "en")
    kinds = [c.kind for c in document.chapters]
    assert "activities" not in kinds
    assert kinds.index("annexes") < kinds.index("workshops") < kinds.index("project")
    assert chapter(document, "project").title == "About Smart Planning"
    # Renamed in English only: the Lithuanian edition keeps the kind's title in Lithuanian.
    assert chapter(compiled(world, "lt"), "project").title == "Apie projektą"


def test_an_empty_chapter_is_left_out(world):
    # The World's handbook has no foreword yet and nothing marked for the good practices.
    kinds = [c.kind for c in compiled(world).chapters]
    assert "foreword" not in kinds and "good_practices" not in kinds
    world.handbook.foreword = Translations({"en": "Written by the **partners**."})
    document = compiled(world)
    foreword = chapter(document, "foreword")
    assert foreword.number == 0  # front matter: no number
    assert foreword.blocks[0].text == Text(
        "Written by the **partners**.", "en", markdown=True, origin=f"handbook:{world.handbook.id}"
    )


def test_labels_dates_and_numbers_are_written_the_editions_way(world):
    lv = compiled(world, "lv")
    about = next(r for r in records(chapter(lv, "project").blocks) if r.key.startswith("project:"))
    facts = dict(about.facts)
    assert facts["Kopējais budžets"] == "363\xa0237,51\xa0€"
    assert facts["ES finansējums"] == "308\xa0751,88\xa0€ (85%)"
    en = compiled(world, "en")
    facts = dict(next(r for r in all_records(en) if r.key.startswith("project:")).facts)
    assert facts["Total budget"] == "€363,237.51"
    summary = next(r for r in all_records(en) if r.key == f"event:{world.event.id}")
    assert dict(summary.facts)["Date"] == "Sep 15\u2009–\u200916, 2021"
    summary = next(r for r in all_records(lv) if r.key == f"event:{world.event.id}")
    assert dict(summary.facts)["Datums"] == "2021. gada 15.–16. sept."


def test_content_in_another_language_is_marked_as_a_fallback(world):
    document = compiled(world, "lv")
    summary = next(r for r in all_records(document) if r.key == f"event:{world.event.id}")
    # The camp's title exists in English only.
    assert summary.title == Text(
        "Innovation camp in Ventspils", "en", fallback=True, origin=f"event:{world.event.id}"
    )
    # The project's title has a Latvian version: no marker.
    about = next(r for r in all_records(document) if r.key.startswith("project:"))
    assert about.title.value == "Viedā plānošana" and not about.title.fallback
    html = everything_said(document)
    assert '<span lang="en">Innovation camp in Ventspils</span>' in html
    assert '<span class="hb-fallback" title="Vēl nav iztulkots; rādīts angļu valodā">' in html
    assert '<span aria-hidden="true">[</span>EN<span aria-hidden="true">]</span>' in html
    # Every fallback is listed, with where it is filled in.
    origins = {text.origin for _block, text in document.fallbacks()}
    assert f"event:{world.event.id}" in origins
    assert f"text:{world.text_section.id}" in origins


def test_challenges_are_grouped_by_theme_with_their_solutions_and_who_proposed_them(world):
    mark(world.challenge, "challenges")
    mark(world.solution, "challenges")
    document = compiled(world, "en")
    challenges = chapter(document, "challenges")
    (record,) = challenges.blocks
    assert record.group == Text("Climate adaptation", "en", origin=f"theme:{world.theme.id}")
    assert record.title.value == "Cycling routes stop at the border"
    facts = dict(record.facts)
    assert (
        facts["Identified at"].value == "Innovation camp in Ventspils, Sep 15\u2009–\u200916, 2021"
    )
    (solution,) = [b for b in record.blocks if isinstance(b, Record)]
    assert solution.title.value == "Solution 1: Joint project"
    assert dict(solution.facts)["Proposed by"] == (
        "Asociacija „Klaipėdos regionas“, Kurzemes plānošanas reģions"
    )
    assert solution.blocks[0].text.value == "Join the routes to EuroVelo 10"


def test_a_solution_told_in_the_good_practices_is_referred_to_under_its_challenge(world):
    mark(world.challenge, "challenges")
    mark(world.solution, "good_practices")
    world.solution.where_it_works = "Pomerania"
    db.session.commit()
    document = compiled(world, "en")
    (good_practice,) = chapter(document, "good_practices").blocks
    assert good_practice.key == f"solution:{world.solution.id}"
    assert good_practice.title.value == "Pomerania"
    (reference,) = [
        b for b in chapter(document, "challenges").blocks[0].blocks if isinstance(b, Record)
    ]
    assert reference.link == good_practice.key
    assert dict(reference.facts)["See"] == "Good practices"
    assert reference.blocks == []
    html = everything_said(document)
    assert f'href="#hb-en-solution-{world.solution.id}"' in html
    assert f'id="hb-en-solution-{world.solution.id}"' in html


def test_workshop_summaries_tell_date_place_participants_and_marked_notes(world):
    world.event.unnamed_count = 5
    mark(world.output, "workshops")
    document = compiled(world, "en")
    summaries = chapter(document, "workshops").blocks
    assert [r.key for r in summaries] == [f"event:{world.event.id}", f"event:{world.lt_event.id}"]
    camp = summaries[0]
    facts = dict(camp.facts)
    assert facts["Place"] == "Zinātnes centrs VIZIUM, Ventspils, Latvia"
    assert facts["Participants"] == "6 (1 registered by name, 5 counted only)"
    assert facts["Speakers and facilitators"] == "A. Meri (KPR)"  # the published programme
    (note,) = [b for b in camp.blocks if isinstance(b, Record)]
    assert note.key == f"output:{world.output.id}"
    assert note.blocks[0].text == Text(
        "Cycling *matters*.", "en", markdown=True, origin=f"output:{world.output.id}"
    )


def test_activities_have_the_timeline_figures_and_indicators(world):
    document = compiled(world, "en")
    blocks = {b.key: b for b in chapter(document, "activities").blocks}
    timeline = blocks["table:timeline"]
    assert isinstance(timeline, Table)
    assert [row[1].value for row in timeline.rows] == [
        "Innovation camp in Ventspils",
        "Seminar on the public-service quality standard",
    ]
    by_country = blocks["figure:participants-by-country"]
    assert isinstance(by_country, Figure)
    assert by_country.rows == [["Latvia", "1"]]
    assert "<svg" in by_country.svg and "<title" in by_country.svg
    indicators = blocks["table:indicators"]
    assert indicators.rows[0][0].value == "Thematic workshops"
    assert indicators.rows[0][2:] == ["9", "4", "44%"]


def test_annexes_list_events_organisations_and_indicators(world):
    document = compiled(world, "lt")
    blocks = {b.key: b for b in chapter(document, "annexes").blocks}
    assert len(blocks["table:events"].rows) == 2
    organisations = [row[0] for row in blocks["table:organisations"].rows]
    # By country, then name: the partners and whoever organised or came.
    assert organisations == ["Asociacija „Klaipėdos regionas“", "Kurzemes plānošanas reģions"]
    assert blocks["table:annex-indicators"].rows[0][0].value == "Thematic workshops"


# --- Privacy --------------------------------------------------------------------------------


def test_a_participant_is_named_only_with_consent_to_be_named(world):
    attendance = world.participant.attendances[0]
    attendance.role = "facilitator"
    db.session.commit()
    assert NAME not in everything_said(compiled(world))

    world.participant.record_consent(named=True, photos=False)
    db.session.commit()
    document = compiled(world)
    assert NAME in everything_said(document)
    summary = next(r for r in all_records(document) if r.key == f"event:{world.event.id}")
    assert NAME in dict(summary.facts)["Speakers and facilitators"]
    people = next(b for b in chapter(document, "annexes").blocks if b.key == "table:people")
    assert people.rows == [[NAME, "Kurzemes plānošanas reģions", "Latvia"]]

    world.participant.consent_withdrawn_at = utcnow()
    db.session.commit()
    assert NAME not in everything_said(compiled(world))


def test_an_erased_participant_is_never_named(world):
    world.participant.record_consent(named=True, photos=True)
    world.participant.erased_at = utcnow()
    db.session.commit()
    assert NAME not in everything_said(compiled(world))


def test_a_photo_appears_only_with_consent_to_its_publication(world):
    without = photo(world, consent=False, title="Passers-by in the old town")
    document = compiled(world)
    assert not [b for b in document.blocks() if isinstance(b, Image)]
    assert "Passers-by" not in everything_said(document)

    with_consent = photo(world, consent=True)
    document = compiled(world)
    (image,) = [b for b in document.blocks() if isinstance(b, Image)]
    assert image.key == f"output:{with_consent.id}:image"
    assert image.alt == "Group work at table 3"
    assert image.path.read_bytes() == PNG
    html = everything_said(document)
    assert f'src="/outputs/{with_consent.id}/download"' in html
    assert f"/outputs/{without.id}/" not in html


def test_a_photo_marked_for_another_chapter_is_a_record_of_its_own(world):
    shown = photo(world, consent=True, chapter_kind="activities")
    hidden = photo(world, consent=False, chapter_kind="activities", title="Not to publish")
    document = compiled(world)
    keys = [b.key for b in chapter(document, "activities").blocks]
    assert f"output:{shown.id}" in keys and f"output:{hidden.id}" not in keys


# --- Sources ----------------------------------------------------------------------------------


def test_every_record_links_back_to_where_it_came_from(world):
    mark(world.challenge, "challenges")
    mark(world.solution, "challenges")
    mark(world.output, "annexes")
    document = compiled(world)
    sources = {r.key: r.source for r in all_records(document)}
    assert sources[f"challenge:{world.challenge.id}"].url == f"/challenges/{world.challenge.id}"
    assert sources[f"solution:{world.solution.id}"].url == (
        f"/challenges/{world.challenge.id}#solution-{world.solution.id}"
    )
    assert sources[f"event:{world.event.id}"].url == f"/events/{world.event.id}"
    assert sources[f"output:{world.output.id}"].url == (
        f"/events/{world.event.id}/outputs#output-{world.output.id}"
    )
    assert sources[f"event:{world.event.id}"].label == (
        "Innovation camp in Ventspils, Sep 15\u2009–\u200916, 2021"
    )
    # Only the editor's own texts have none.
    assert [k for k, s in sources.items() if s is None] == [f"text:{world.text_section.id}"]
    html = everything_said(document)
    for source in sources.values():
        if source is not None:
            assert f'href="{source.url}"' in html


# --- Safety and cost --------------------------------------------------------------------------


def test_collecting_writes_nothing(world):
    sync_sections(world.handbook)
    db.session.commit()
    before = row_counts()
    for language in ("en", "lv", "lt"):
        collect(world.handbook, language)
    db.session.commit()
    assert row_counts() == before


def test_markdown_is_sanitised(world):
    world.text_section.text = Translations(
        {"en": 'Safe *text*<script>alert(1)</script><img src=x onerror="alert(2)">'}
    )
    db.session.commit()
    html = everything_said(compiled(world))
    assert "<em>text</em>" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_progress_is_reported_after_each_chapter(world):
    sync_sections(world.handbook)
    db.session.commit()
    calls = []
    collect(world.handbook, "en", on_chapter=lambda done, total: calls.append((done, total)))
    total = len(world.handbook.chapters)
    assert calls == [(n, total) for n in range(1, total + 1)]


def test_the_queries_do_not_grow_with_the_records(world):
    def queries():
        sync_sections(world.handbook)
        db.session.commit()
        db.session.expire_all()
        with counted_statements() as statements:
            collect(world.handbook, "en")
        return len(statements)

    mark(world.challenge, "challenges")
    few = queries()
    for n in range(6):
        event = make_event(world.project, world.lv, f"Workshop {n}", kind="workshop")
        event.agenda.append(AgendaItem(day=event.start_date, title=Translations({"en": "Talk"})))
        attend(event, make_participant(world.project, f"Person {n}", "LT"))
        db.session.add(
            Output(
                event_id=event.id,
                kind="note",
                title=Translations({"en": f"Notes {n}"}),
                for_handbook=True,
                handbook_chapter="workshops",
            )
        )
    db.session.commit()
    assert queries() == few


# --- Bilingual -------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["side", "sequence"])
def test_a_bilingual_edition_shows_both_languages(world, layout):
    documents = [compiled(world, "lv"), compiled(world, "lt")]
    html = render_html(documents, layout, for_pdf=False)
    assert "Par projektu" in html and "Apie projektą" in html
    assert ('class="hb-side"' in html) == (layout == "side")
    # Every block has an id of its own in each language.
    assert 'id="hb-lv-chapter-project"' in html and 'id="hb-lt-chapter-project-title"' not in html
    assert html.count('id="hb-lv-table-timeline"') == 1
    assert html.count('id="hb-lt-table-timeline"') == 1


# --- The pages --------------------------------------------------------------------------------


def test_the_preview_shows_the_handbook_with_its_sources(client, world):
    mark(world.challenge, "challenges")
    login(client, world.users["member"])
    response = client.get(f"/projects/{world.project.id}/handbook/preview?language=lv")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert 'hx-history="false"' in page
    assert "Aktivitātes un skaitļi" in page
    assert f'href="/challenges/{world.challenge.id}"' in page
    assert f'href="/events/{world.event.id}"' in page
    # Chapter navigation.
    assert 'href="#hb-lv-chapter-challenges"' in page
    # What falls back is counted, with a way to the report.
    assert f"/projects/{world.project.id}/handbook/translations?language=lv" in page


def test_the_preview_refuses_an_unknown_language_clearly(client, world):
    login(client, world.users["coordinator"])
    page = client.get(f"/projects/{world.project.id}/handbook/preview?language=xx").get_data(
        as_text=True
    )
    assert "There is no edition in the language “xx”." in page
    assert "About the project" in page  # the coordinator's own language instead


def test_the_preview_lays_out_a_bilingual_edition(client, world):
    login(client, world.users["coordinator"])
    url = f"/projects/{world.project.id}/handbook/preview?language=lv&second=lt&layout=sequence"
    page = client.get(url).get_data(as_text=True)
    assert "Par projektu" in page and "Apie projektą" in page
    assert 'class="hb-second-language" lang="lt"' in page


def test_the_translation_report_lists_what_falls_back_with_links(client, world):
    mark(world.challenge, "challenges")
    login(client, world.users["coordinator"])
    response = client.get(f"/projects/{world.project.id}/handbook/translations?language=lt")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # English only: the camp, the seminar, the editor's text, the challenge, the solution...
    assert f'href="/events/{world.event.id}/edit"' in page
    assert f'href="/challenges/{world.challenge.id}/edit"' in page
    assert (
        f'href="/projects/{world.project.id}/handbook/sections/{world.text_section.id}/edit"'
        in page
    )
    assert "Innovation camp in Ventspils" in page
    # Grouped by chapter, with a count and a switch to the other languages.
    assert "Iššūkiai ir sprendimai" in page
    assert 'id="translation-count"' in page
    assert f'href="/projects/{world.project.id}/handbook/translations?language=lv"' in page
    assert 'aria-current="page">LT' in page


def test_the_translation_report_says_when_everything_is_translated(client, world):
    # Every text of the World has an English version.
    login(client, world.users["coordinator"])
    page = client.get(f"/projects/{world.project.id}/handbook/translations?language=en")
    assert "Everything in the English edition is translated." in page.get_data(as_text=True)


# --- The demo project ---------------------------------------------------------------------------


@pytest.fixture
def demo(app):
    assert seed_demo() is True
    project = db.session.scalar(select(Project).where(Project.code == "LLI-431"))
    handbook = ensure_handbook(project)
    sync_sections(handbook)
    db.session.commit()
    return handbook


def test_the_demo_handbook_in_three_languages(demo):
    for language, title in (
        ("lv", "Labās prakses piemēri"),
        ("lt", "Gerosios praktikos pavyzdžiai"),
        ("en", "Good practices"),
    ):
        document = collect(demo, language)
        assert title in [c.title for c in document.chapters]
        html = everything_said(document)
        assert "Kurzemes plānošanas reģions" in html
        # The photo of the old town walk has no consent to publication; the group work has.
        assert "Kuldīga" not in [i.alt for i in document.blocks() if isinstance(i, Image)]
        images = [b for b in document.blocks() if isinstance(b, Image)]
        assert len(images) == 1
        assert "old town" not in images[0].alt.casefold()
    paragraphs = [b for b in collect(demo, "lt").blocks() if isinstance(b, Paragraph)]
    assert any(p.heading for p in paragraphs)  # the sites seen on the study visits
