"""The handbook's plan as its editors use it: the page in every role, chapters moved, renamed,
left out and taken back; in a chapter, the records that come and go with their marks, moved
and left out, and the editor's own texts added between them, edited and removed; and two
editors at once, who see a conflict instead of overwriting each other."""

import re
import threading

import pytest
from sqlalchemy import select

from collab.challenges.models import Challenge
from collab.challenges.operations import create_challenge, mark_for_handbook
from collab.extensions import db
from collab.handbook.demo import seed_handbook
from collab.handbook.models import Handbook, HandbookChapter, HandbookSection
from collab.handbook.plan import ensure_handbook, sync_sections
from collab.i18n import Translations
from collab.trash.operations import move_to_trash
from tests.conftest import login, row_counts

HTMX = {"HX-Request": "true"}
KINDS = ["cover", "foreword", "project", "activities", "challenges", "good_practices"]
KINDS += ["workshops", "annexes"]


@pytest.fixture
def editor(client, world):
    login(client, world.users["facilitator"])
    return client


def plan_url(world) -> str:
    return f"/projects/{world.project.id}/handbook"


def chapter_url(world, chapter) -> str:
    return f"{plan_url(world)}/chapters/{chapter.id}"


def section_url(world, section) -> str:
    return f"{plan_url(world)}/sections/{section.id}"


def chapters(world) -> list[HandbookChapter]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(HandbookChapter)
            .where(HandbookChapter.handbook_id == world.handbook.id)
            .order_by(HandbookChapter.position)
        )
    )


def kinds(world) -> list[str]:
    return [chapter.kind for chapter in chapters(world)]


def positions(world) -> list[int]:
    return [chapter.position for chapter in chapters(world)]


def chapter_of(world, kind) -> HandbookChapter:
    return next(chapter for chapter in chapters(world) if chapter.kind == kind)


def sections(chapter) -> list[tuple[str, int | None]]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(HandbookSection)
        .where(HandbookSection.chapter_id == chapter.id)
        .order_by(HandbookSection.position)
    )
    return [(s.source, s.source_id) for s in rows]


def titles_in_order(page: str) -> list[str]:
    return re.findall(r'class="chapter-title"><a href="[^"]+">([^<]+)</a>', page)


# --- The page in every role ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "coordinator", "facilitator"])
def test_editors_see_the_plan_with_its_controls(client, world, role):
    login(client, world.users[role])
    response = client.get(plan_url(world))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Handbook for cross-border planning</h1>" in page
    assert titles_in_order(page) == [
        "Cover",
        "Foreword",
        "About the project",
        "Activities and figures",
        "Challenges and solutions",
        "Good practices",
        "Workshop summaries",
        "Annexes",
    ]
    assert "Edit title and foreword" in page
    assert page.count(">Rename<") == 8 and page.count(">Leave out<") == 8
    # The first chapter cannot go up, the last cannot go down.
    assert re.search(r'id="chapter-\d+-up"[^>]*disabled', page)
    assert len(re.findall(r'id="chapter-\d+-(?:up|down)"[^>]*disabled', page)) == 2
    # The web preview and the translation report are a click away.
    assert f'href="/projects/{world.project.id}/handbook/preview"' in page
    assert f'href="/projects/{world.project.id}/handbook/translations"' in page


def test_a_member_reads_the_plan_without_controls(client, world):
    login(client, world.users["member"])
    response = client.get(plan_url(world))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "About the project" in page and "Workshop summaries" in page
    assert "Edit title and foreword" not in page
    assert ">Rename<" not in page and "Leave out" not in page and "Move up" not in page
    chapter = chapter_of(world, "workshops")
    page = client.get(chapter_url(world, chapter)).get_data(as_text=True)
    assert "Innovation camp in Ventspils" in page
    assert "Add a text" not in page and "Leave out" not in page


def test_a_member_cannot_change_the_plan(client, world):
    login(client, world.users["member"])
    chapter = world.chapter
    before = row_counts()
    for url, data in [
        (f"{chapter_url(world, chapter)}/move", {"to": "up"}),
        (f"{chapter_url(world, chapter)}/include", {"included": "0"}),
        (f"{chapter_url(world, chapter)}/texts", {"new-text-en": "Mine", "new-place": "end"}),
        (f"{section_url(world, world.text_section)}/delete", {}),
    ]:
        assert client.post(url, data=data).status_code == 403
    assert row_counts() == before
    assert kinds(world) == KINDS


def test_an_outsider_gets_no_handbook_at_all(client, world):
    login(client, world.users["outsider"])
    assert client.get(plan_url(world)).status_code == 404
    assert client.get(chapter_url(world, world.chapter)).status_code == 404
    response = client.post(f"{chapter_url(world, world.chapter)}/move", data={"to": "up"})
    assert response.status_code == 404
    assert kinds(world) == KINDS


def test_a_chapter_of_another_project_is_not_found(editor, world):
    other = ensure_handbook(world.other_project)
    db.session.commit()
    response = editor.get(f"{plan_url(world)}/chapters/{other.chapters[0].id}")
    assert response.status_code == 404


def test_the_project_page_links_to_the_handbook(client, world):
    login(client, world.users["member"])
    page = client.get(f"/projects/{world.project.id}").get_data(as_text=True)
    assert f'href="{plan_url(world)}"' in page


def test_the_first_visit_makes_the_handbook_of_a_project(editor, world):
    db.session.delete(world.handbook)
    db.session.commit()
    assert editor.get(plan_url(world)).status_code == 200
    handbook = db.session.scalar(select(Handbook).where(Handbook.project_id == world.project.id))
    assert [c.kind for c in handbook.chapters] == KINDS


# --- Chapters: order, title, inclusion ----------------------------------------------------


def test_moving_a_chapter_up_and_down(editor, world):
    about = chapter_of(world, "project")
    response = editor.post(f"{chapter_url(world, about)}/move", data={"to": "up"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/handbook#chapter-{about.id}")
    assert kinds(world)[:3] == ["cover", "project", "foreword"]
    assert positions(world) == list(range(8))
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "“About the project” is now chapter 2 of 8." in page
    assert titles_in_order(page)[:3] == ["Cover", "About the project", "Foreword"]

    editor.post(f"{chapter_url(world, about)}/move", data={"to": "down"})
    editor.post(f"{chapter_url(world, about)}/move", data={"to": "down"})
    assert kinds(world)[:4] == ["cover", "foreword", "activities", "project"]
    assert positions(world) == list(range(8))


def test_a_chapter_cannot_move_beyond_either_end(editor, world):
    cover, annexes = chapter_of(world, "cover"), chapter_of(world, "annexes")
    response = editor.post(f"{chapter_url(world, cover)}/move", data={"to": "up"}, headers=HTMX)
    assert response.status_code == 200
    assert "“Cover” is already the first chapter." in response.get_data(as_text=True)
    response = editor.post(f"{chapter_url(world, annexes)}/move", data={"to": "down"})
    assert response.status_code == 303
    assert kinds(world) == KINDS and positions(world) == list(range(8))
    response = editor.post(f"{chapter_url(world, cover)}/move", data={"to": "8"})
    assert response.status_code == 303
    assert kinds(world) == KINDS


def test_htmx_gets_the_new_list_with_the_keyboard_kept_on_the_button(editor, world):
    about = chapter_of(world, "project")
    response = editor.post(f"{chapter_url(world, about)}/move", data={"to": "up"}, headers=HTMX)
    assert response.status_code == 200
    assert response.headers["Vary"] == "HX-Request" or "HX-Request" in response.headers["Vary"]
    fragment = response.get_data(as_text=True)
    assert fragment.startswith('<section id="chapters"')
    assert "<html" not in fragment
    assert titles_in_order(fragment)[:3] == ["Cover", "About the project", "Foreword"]
    assert f'data-focus="chapter-{about.id}-up"' in fragment
    # At the top, the button up is disabled: the keyboard goes to the one down.
    response = editor.post(f"{chapter_url(world, about)}/move", data={"to": "up"}, headers=HTMX)
    assert f'data-focus="chapter-{about.id}-down"' in response.get_data(as_text=True)
    assert kinds(world)[0] == "project"


def test_a_chapter_dropped_at_a_place(editor, world):
    annexes = chapter_of(world, "annexes")
    editor.post(f"{chapter_url(world, annexes)}/move", data={"to": "1"}, headers=HTMX)
    assert kinds(world)[:3] == ["cover", "annexes", "foreword"]
    assert positions(world) == list(range(8))


def test_a_move_numbers_the_chapters_afresh(editor, world):
    # Positions written by someone else may collide: the order is still the one shown, and
    # the next move leaves 0, 1, 2, ... behind.
    for chapter in chapters(world):
        chapter.position = 5
    db.session.commit()
    shown = [c.kind for c in sorted(chapters(world), key=lambda c: (c.position, c.id))]
    annexes = chapter_of(world, "annexes")
    editor.post(f"{chapter_url(world, annexes)}/move", data={"to": "up"})
    assert positions(world) == list(range(8))
    assert kinds(world) == shown[:6] + ["annexes", "workshops"]


def test_two_editors_moving_chapters_at_once_leave_a_clean_order(app, world):
    # Each move waits for the other to end (lock_plan): none reads an order the other is
    # changing, so no two chapters end with one position and none is lost.
    clients = []
    for role in ("coordinator", "facilitator"):
        client = app.test_client()
        login(client, world.users[role])
        clients.append(client)
    ids = {chapter.kind: chapter.id for chapter in chapters(world)}
    url = plan_url(world) + "/chapters/{}/move"
    moves = [
        (clients[0], url.format(ids["annexes"]), "up"),
        (clients[1], url.format(ids["cover"]), "down"),
    ]
    statuses = []

    def run(client, move_url, to):
        for _ in range(6):
            statuses.append(client.post(move_url, data={"to": to}, headers=HTMX).status_code)

    threads = [threading.Thread(target=run, args=move) for move in moves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 12
    assert positions(world) == list(range(8))
    order = kinds(world)
    assert sorted(order) == sorted(KINDS)
    # Annexes went up past all but the cover (which may have crossed it on its way down).
    assert order.index("annexes") <= 1 and order.index("cover") >= 6


@pytest.mark.parametrize("to", ["", "sideways", "-1", "99999"])
def test_a_move_nowhere_is_refused(editor, world, to):
    response = editor.post(f"{chapter_url(world, world.chapter)}/move", data={"to": to})
    assert response.status_code == 400
    assert kinds(world) == KINDS


def test_renaming_a_chapter_in_one_language_and_back(editor, world):
    chapter = world.chapter
    url = f"{chapter_url(world, chapter)}/title"
    form = editor.get(url).get_data(as_text=True)
    # Each field shows, until filled, what the chapter is called in that language.
    assert 'placeholder="About the project"' in form
    prefix = f"chapter{chapter.id}"
    response = editor.post(
        url,
        data={f"{prefix}-title-lv": "Par projektu “Viedā plānošana”", f"{prefix}-version": "1"},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(HandbookChapter, chapter.id).title == {
        "lv": "Par projektu “Viedā plānošana”"
    }
    # A reader in Latvian sees the editor's title; one in English the usual title.
    page = editor.get(plan_url(world)).get_data(as_text=True)
    assert "About the project" in titles_in_order(page)
    world.users["facilitator"].language = "lv"
    db.session.commit()
    page = editor.get(plan_url(world)).get_data(as_text=True)
    assert "Par projektu “Viedā plānošana”" in titles_in_order(page)

    # Back to the usual title in every language.
    response = editor.post(
        url,
        data={
            f"{prefix}-title-lv": "Par projektu “Viedā plānošana”",
            f"{prefix}-version": "2",
            "reset": "1",
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(HandbookChapter, chapter.id).title is None


def test_emptying_the_title_gives_the_usual_one_back(editor, world):
    chapter = world.chapter
    chapter.title = Translations({"en": "The project"})
    db.session.commit()
    prefix = f"chapter{chapter.id}"
    response = editor.post(
        f"{chapter_url(world, chapter)}/title",
        data={f"{prefix}-title-en": "  ", f"{prefix}-version": str(chapter.version)},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "About the project" in titles_in_order(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(HandbookChapter, chapter.id).title is None


def test_a_stale_rename_shows_a_conflict_and_keeps_the_other_title(editor, world):
    chapter = world.chapter
    prefix = f"chapter{chapter.id}"
    url = f"{chapter_url(world, chapter)}/title"
    assert editor.post(url, data={f"{prefix}-title-en": "Ours", f"{prefix}-version": "1"})
    response = editor.post(
        url, data={f"{prefix}-title-en": "Theirs", f"{prefix}-version": "1"}, headers=HTMX
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this while you were editing" in page
    assert 'value="Theirs"' in page  # what they typed stays in the form
    db.session.expire_all()
    assert db.session.get(HandbookChapter, chapter.id).title == {"en": "Ours"}


def test_a_title_too_long_is_explained(editor, world):
    chapter = world.chapter
    prefix = f"chapter{chapter.id}"
    response = editor.post(
        f"{chapter_url(world, chapter)}/title",
        data={f"{prefix}-title-en": "x" * 201, f"{prefix}-version": "1"},
    )
    assert response.status_code == 400
    assert "Field cannot be longer than 200 characters." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(HandbookChapter, chapter.id).title is None


def test_leaving_a_chapter_out_and_taking_it_back(editor, world):
    cover = chapter_of(world, "cover")
    response = editor.post(
        f"{chapter_url(world, cover)}/include", data={"included": "0"}, headers=HTMX
    )
    page = response.get_data(as_text=True)
    assert "“Cover” is left out of the handbook." in page
    assert "7 chapters in the handbook, 1 left out" in page
    assert chapter_of(world, "cover").included is False
    # The same click twice (two tabs) changes nothing more.
    editor.post(f"{chapter_url(world, cover)}/include", data={"included": "0"})
    assert chapter_of(world, "cover").included is False
    response = editor.post(f"{chapter_url(world, cover)}/include", data={"included": "1"})
    assert response.status_code == 303
    assert chapter_of(world, "cover").included is True
    assert editor.post(f"{chapter_url(world, cover)}/include", data={}).status_code == 400


def test_the_title_and_foreword_per_language(editor, world):
    url = f"{plan_url(world)}/edit"
    assert editor.get(url, headers=HTMX).get_data(as_text=True).startswith('<section id="details"')
    response = editor.post(
        url,
        data={
            "title-en": "Handbook for cross-border planning",
            "title-lv": "Rokasgrāmata pārrobežu plānošanai",
            "title-lt": "",
            "subtitle-lt": "Kuržemės ir Klaipėdos regiono patirtis",
            "foreword-en": "We *wrote* this together.",
            "version": str(world.handbook.version),
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    handbook = db.session.get(Handbook, world.handbook.id)
    assert handbook.title == {
        "en": "Handbook for cross-border planning",
        "lv": "Rokasgrāmata pārrobežu plānošanai",
    }
    assert handbook.subtitle == {"lt": "Kuržemės ir Klaipėdos regiono patirtis"}
    page = editor.get(plan_url(world)).get_data(as_text=True)
    assert "We <em>wrote</em> this together." in page
    # The subtitle exists only in Lithuanian: shown with the marker of its language.
    assert '<span lang="lt">Kuržemės ir Klaipėdos regiono patirtis</span>' in page


def test_the_title_cannot_be_emptied(editor, world):
    response = editor.post(
        f"{plan_url(world)}/edit",
        data={
            "title-en": "",
            "title-lv": "",
            "title-lt": "",
            "foreword-en": "Kept",
            "version": str(world.handbook.version),
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Fill in at least one language." in page
    assert "Kept</textarea>" in page
    db.session.expire_all()
    assert db.session.get(Handbook, world.handbook.id).foreword is None


def test_a_stale_foreword_shows_a_conflict(editor, world):
    url = f"{plan_url(world)}/edit"
    version = str(world.handbook.version)
    first = {"title-en": "Handbook", "foreword-en": "First words", "version": version}
    assert editor.post(url, data=first).status_code == 303
    second = {"title-en": "Handbook", "foreword-en": "Other words", "version": version}
    response = editor.post(url, data=second, headers=HTMX)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this while you were editing" in page
    assert "First words" in page and "Other words" in page
    db.session.expire_all()
    assert db.session.get(Handbook, world.handbook.id).foreword == {"en": "First words"}


# --- Sections: records that come and go with their marks -----------------------------------


def test_the_plan_follows_the_marks_and_keeps_the_editors_order(editor, world):
    workshops = chapter_of(world, "workshops")
    challenges = chapter_of(world, "challenges")
    editor.get(plan_url(world))
    assert sections(workshops) == [("event", world.event.id), ("event", world.lt_event.id)]
    assert sections(challenges) == []

    # The editor puts the seminar first and leaves the camp out.
    seminar = db.session.scalar(
        select(HandbookSection).where(
            HandbookSection.chapter_id == workshops.id,
            HandbookSection.source_id == world.lt_event.id,
        )
    )
    camp_section_id = db.session.scalar(
        select(HandbookSection.id).where(
            HandbookSection.chapter_id == workshops.id,
            HandbookSection.source_id == world.event.id,
        )
    )
    editor.post(f"{section_url(world, seminar)}/move", data={"to": "up"})
    editor.post(f"{plan_url(world)}/sections/{camp_section_id}/include", data={"included": "0"})

    # Two challenges marked, one after the other: each comes at the end of its chapter.
    mark_for_handbook(world.challenge, True, "challenges")
    second, _ = create_challenge(
        world.project.id,
        Translations({"en": "Bus lines stop at the border"}),
        world.users["coordinator"],
        event=world.event,
        for_handbook=True,
        handbook_chapter="challenges",
    )
    # A held workshop comes into "Workshop summaries" too, after the editor's order.
    workshop = world.event.__class__(
        project_id=world.project.id,
        organiser_id=world.lv.id,
        kind="workshop",
        status="held",
        title=Translations({"en": "Workshop in Liepāja"}),
        start_date=world.event.start_date.replace(year=2020),
        end_date=world.event.start_date.replace(year=2020),
        town="Liepāja",
        country="LV",
    )
    db.session.add(workshop)
    db.session.commit()
    page = editor.get(chapter_url(world, challenges)).get_data(as_text=True)
    assert "Cycling routes stop at the border" in page and "Bus lines stop at the border" in page
    assert f'href="/challenges/{world.challenge.id}"' in page
    assert sections(challenges) == [("challenge", world.challenge.id), ("challenge", second.id)]
    assert sections(workshops) == [
        ("event", world.lt_event.id),
        ("event", world.event.id),
        ("event", workshop.id),
    ]

    # Unmarked: its section goes; the rest keep their order and their inclusion.
    mark_for_handbook(world.challenge, False)
    world.lt_event.status = "cancelled"
    db.session.commit()
    editor.get(plan_url(world))
    assert sections(challenges) == [("challenge", second.id)]
    assert sections(workshops) == [("event", world.event.id), ("event", workshop.id)]
    assert db.session.get(HandbookSection, camp_section_id).included is False


def test_a_record_in_the_trash_keeps_its_place(editor, world):
    mark_for_handbook(world.challenge, True, "challenges")
    db.session.commit()
    challenges = chapter_of(world, "challenges")
    editor.get(plan_url(world))
    assert sections(challenges) == [("challenge", world.challenge.id)]
    move_to_trash(db.session.get(Challenge, world.challenge.id), world.users["coordinator"])
    db.session.commit()
    page = editor.get(chapter_url(world, challenges)).get_data(as_text=True)
    assert sections(challenges) == [("challenge", world.challenge.id)]
    assert "Not found (it may be in the project&#39;s trash)" in page


def test_sync_changes_nothing_when_the_plan_is_up_to_date(app, world):
    sync_sections(world.handbook)
    db.session.commit()
    before = row_counts()
    assert sync_sections(world.handbook) is False
    assert row_counts() == before


def test_each_record_links_back_to_where_it_came_from(editor, world):
    mark_for_handbook(world.solution, True, "good_practices")
    mark_for_handbook(world.output, True, "good_practices")
    db.session.commit()
    page = editor.get(chapter_url(world, chapter_of(world, "good_practices"))).get_data(
        as_text=True
    )
    assert f'href="/challenges/{world.challenge.id}#solution-{world.solution.id}"' in page
    assert "Join the routes to EuroVelo 10" in page
    assert "Solution to: Cycling routes stop at the border" in page
    assert f'href="/events/{world.event.id}/outputs#output-{world.output.id}"' in page
    assert "Notes of table 1" in page
    page = editor.get(chapter_url(world, chapter_of(world, "workshops"))).get_data(as_text=True)
    assert f'href="/events/{world.event.id}"' in page


def test_moving_and_leaving_out_a_section(editor, world):
    workshops = chapter_of(world, "workshops")
    editor.get(plan_url(world))
    first, second = db.session.scalars(
        select(HandbookSection)
        .where(HandbookSection.chapter_id == workshops.id)
        .order_by(HandbookSection.position)
    ).all()
    response = editor.post(f"{section_url(world, first)}/move", data={"to": "up"}, headers=HTMX)
    assert "is already the first in this chapter" in response.get_data(as_text=True)
    response = editor.post(f"{section_url(world, first)}/move", data={"to": "down"}, headers=HTMX)
    fragment = response.get_data(as_text=True)
    assert fragment.startswith('<section id="sections"')
    assert fragment.index(f'id="section-{second.id}"') < fragment.index(f'id="section-{first.id}"')
    assert sections(workshops) == [("event", world.lt_event.id), ("event", world.event.id)]
    response = editor.post(f"{section_url(world, first)}/include", data={"included": "0"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#section-{first.id}")
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 section in the handbook, 1 left out" in page
    plan = editor.get(plan_url(world)).get_data(as_text=True)
    assert "1 section (1 left out)" in plan


# --- The editor's own texts ---------------------------------------------------------------


def test_adding_texts_between_the_sections(editor, world):
    workshops = chapter_of(world, "workshops")
    editor.get(plan_url(world))
    camp = db.session.scalar(
        select(HandbookSection).where(
            HandbookSection.chapter_id == workshops.id,
            HandbookSection.source_id == world.event.id,
        )
    )
    url = f"{chapter_url(world, workshops)}/texts"
    page = editor.get(chapter_url(world, workshops)).get_data(as_text=True)
    assert f'<option value="{camp.id}">After “Innovation camp in Ventspils”</option>' in page

    response = editor.post(
        url,
        data={"new-title-en": "Between", "new-text-en": "Both events", "new-place": str(camp.id)},
    )
    assert response.status_code == 303
    editor.post(url, data={"new-text-lv": "Ievads", "new-place": "start"}, headers=HTMX)
    response = editor.post(url, data={"new-text-en": "Closing", "new-place": "end"}, headers=HTMX)
    assert "Text added." in response.get_data(as_text=True)
    order = sections(workshops)
    texts = [key for key in order if key[0] == "text"]
    assert len(texts) == 3
    assert [source for source, _ in order] == ["text", "event", "text", "event", "text"]
    db.session.expire_all()
    added = db.session.scalars(
        select(HandbookSection)
        .where(HandbookSection.chapter_id == workshops.id)
        .order_by(HandbookSection.position)
    ).all()
    assert [s.position for s in added] == [0, 1, 2, 3, 4]
    assert added[0].text == {"lv": "Ievads"} and added[0].title is None
    assert added[2].title == {"en": "Between"} and added[2].text == {"en": "Both events"}


def test_a_text_needs_its_text(editor, world):
    before = row_counts()
    response = editor.post(
        f"{chapter_url(world, world.chapter)}/texts",
        data={"new-title-en": "A heading alone", "new-place": "end"},
        headers=HTMX,
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Fill in at least one language." in page
    assert 'value="A heading alone"' in page
    assert row_counts() == before


def test_editing_a_text_in_place(editor, world):
    section = world.text_section
    url = f"{section_url(world, section)}/edit"
    form = editor.get(url, headers=HTMX).get_data(as_text=True).strip()
    assert form.startswith(f'<li id="section-{section.id}" class="section-row editing">')
    assert "Each chapter starts with a *summary*." in form
    prefix = f"section{section.id}"
    response = editor.post(
        url,
        data={
            f"{prefix}-title-en": "How to read this handbook",
            f"{prefix}-text-en": "Each chapter starts with a **summary**.",
            f"{prefix}-text-lt": "Kiekvienas skyrius prasideda santrauka.",
            f"{prefix}-version": str(section.version),
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "<strong>summary</strong>" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(HandbookSection, section.id).text == {
        "en": "Each chapter starts with a **summary**.",
        "lt": "Kiekvienas skyrius prasideda santrauka.",
    }


def test_a_stale_text_shows_a_conflict(editor, world):
    section = world.text_section
    url = f"{section_url(world, section)}/edit"
    prefix = f"section{section.id}"
    version = str(section.version)
    mine = {f"{prefix}-text-en": "Mine", f"{prefix}-version": version}
    theirs = {f"{prefix}-text-en": "Theirs", f"{prefix}-version": version}
    assert editor.post(url, data=mine).status_code == 303
    response = editor.post(url, data=theirs)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this while you were editing" in page
    assert "Theirs</textarea>" in page
    db.session.expire_all()
    assert db.session.get(HandbookSection, section.id).text == {"en": "Mine"}


def test_removing_a_text(editor, world):
    chapter = world.chapter
    url = f"{chapter_url(world, chapter)}/texts"
    editor.post(url, data={"new-text-en": "Second", "new-place": "end"})
    delete_url = f"{section_url(world, world.text_section)}/delete"
    response = editor.post(delete_url, headers=HTMX)
    assert response.status_code == 200
    assert "Text removed." in response.get_data(as_text=True)
    db.session.expire_all()
    [left] = db.session.scalars(
        select(HandbookSection).where(HandbookSection.chapter_id == chapter.id)
    ).all()
    assert left.text == {"en": "Second"} and left.position == 0
    # Removed already (another tab): nothing to remove.
    assert editor.post(delete_url).status_code == 404


def test_a_record_is_not_removed_nor_edited_as_a_text(editor, world):
    editor.get(plan_url(world))
    record = db.session.scalar(select(HandbookSection).where(HandbookSection.source == "event"))
    before = row_counts()
    assert editor.post(f"{section_url(world, record)}/delete").status_code == 404
    assert editor.get(f"{section_url(world, record)}/edit").status_code == 404
    assert row_counts() == before


# --- The demo -------------------------------------------------------------------------------


def test_the_demo_handbook_has_a_foreword_and_a_text_in_three_languages(app, world):
    seed_handbook(world.project)
    db.session.commit()
    handbook = db.session.get(Handbook, world.handbook.id)
    assert set(handbook.foreword) == {"en", "lv", "lt"}
    assert set(handbook.subtitle) == {"en", "lv", "lt"}
    assert "Ventspil" in handbook.foreword["lv"] and "Ventspilyje" in handbook.foreword["lt"]
    about = next(c for c in handbook.chapters if c.kind == "project")
    [made] = [s for s in about.sections if s.title and "lv" in s.title]
    assert made.title["lv"] == "Kā tapa šī rokasgrāmata"
    assert made.source == "text" and set(made.text) == {"en", "lv", "lt"}


def test_two_first_visits_in_the_same_instant_make_one_handbook(app, world):
    """Another request makes the handbook between our lookup and our insert: ours meets
    the unique project_id and takes theirs instead of failing."""
    from sqlalchemy import event, func, text

    from tests.conftest import make_project

    project = make_project(code="LLI-999", partners=[(world.lv, "lead")])
    db.session.commit()
    engine = db.engine
    raced = []

    def other_request_inserts(conn, cursor, statement, parameters, context, executemany):
        if (
            raced
            or not statement.lstrip().upper().startswith("SELECT")
            or "handbook" not in statement
        ):
            return
        raced.append(True)
        with engine.connect() as other:
            other.execute(
                text(
                    "INSERT INTO handbook (project_id, title, created_at, updated_at, version)"
                    " VALUES (:p, :t, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
                ),
                {"p": project.id, "t": '{"en": "Theirs"}'},
            )
            other.commit()

    event.listen(engine, "after_cursor_execute", other_request_inserts)
    try:
        handbook = ensure_handbook(project)
    finally:
        event.remove(engine, "after_cursor_execute", other_request_inserts)
    db.session.commit()

    assert raced
    assert handbook.title["en"] == "Theirs"
    count = select(func.count()).select_from(Handbook).where(Handbook.project_id == project.id)
    assert db.session.scalar(count) == 1
