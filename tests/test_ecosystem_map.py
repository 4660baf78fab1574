"""The ecosystem map: organisations that met at held events, counted by hand on the World;
cross-border links, filters, the table, the CSV, an organisation's events, few queries."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from collab.extensions import db
from tests.conftest import attend, login, make_event, make_organisation, make_participant
from tests.test_dashboard import counted_statements

SVG = "{http://www.w3.org/2000/svg}"
TYPED = "Ventspils novada pašvaldība"


@pytest.fixture
def met(world):
    """Besides the World's camp (LV partner, Ilze from LV) and seminar (LT partner, nobody):

    - E1, a held camp in Latvia in 2021, organised by the LV partner with the LT partner;
      there came someone from the LV partner, someone from Hochschule Stralsund (DE) and
      someone from "Ventspils novada pašvaldība", typed (LV);
    - E2, a held seminar in Lithuania inside the first period (2020-10-01), of the LT
      partner; there came the same person from Stralsund and another from Ventspils, who
      typed the name differently;
    - E3, a planned workshop of the LV partner with Stralsund: not held, not counted.

    By hand: LV partner in 2 events (camp, E1); LT partner in 3 (seminar, E1, E2);
    Stralsund in 2 (E1, E2); Ventspils (typed) in 2 (E1, E2). Links: E1 joins all four
    (6 pairs), E2 joins LT, DE and Ventspils (3 pairs): LV–LT 1, LV–DE 1, LV–Ventspils 1,
    LT–DE 2, LT–Ventspils 2, DE–Ventspils 2. Across a border: all but LV–Ventspils.
    """
    e1 = make_event(world.project, world.lv, "Joint camp", start_date=date(2021, 5, 5),
                    end_date=date(2021, 5, 6))  # fmt: skip
    e1.co_organisers.append(world.lt)
    e2 = make_event(world.project, world.lt, "Autumn seminar", kind="seminar", country="LT",
                    start_date=date(2020, 10, 1), end_date=date(2020, 10, 1))  # fmt: skip
    e3 = make_event(
        world.project,
        world.lv,
        "Planned workshop",
        kind="workshop",
        status="planned",
        start_date=date(2022, 3, 3),
        end_date=date(2022, 3, 3),
    )
    e3.co_organisers.append(world.de)
    lv_person = make_participant(world.project, "Anna Ozola", "LV", organisation=world.lv)
    de_person = make_participant(world.project, "Jens Müller", "DE", organisation=world.de)
    typed = make_participant(world.project, "Pēteris Kalns", "LV", organisation_name=TYPED)
    typed_again = make_participant(
        world.project, "Inese Lāce", "LV", organisation_name="VENTSPILS novada pasvaldiba"
    )
    for person in (lv_person, de_person, typed):
        attend(e1, person)
    for person in (de_person, typed_again):
        attend(e2, person)
    db.session.commit()
    return {"e1": e1, "e2": e2, "e3": e3}


def the_map(client, world, **params) -> str:
    response = client.get(f"/projects/{world.project.id}/map", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def svg(page: str) -> ET.Element:
    found = re.search(r'<svg [^>]*data-chart="ecosystem-map".*?</svg>', page, re.S)
    assert found
    return ET.fromstring(found.group(0))


def table(page: str) -> dict[str, list[str]]:
    """Rows of the map's table: organisation → [country, kind, events, participations,
    partners met, cross-border links]."""
    body = re.search(r'<table class="table map-table">.*?</table>', page, re.S).group(0)
    rows = {}
    for name, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', body, re.S):
        name = re.sub(r"<[^>]+>", "", name).strip()
        values = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
        ]
        rows[name] = values
    return rows


def links(root: ET.Element) -> dict[tuple[str, str], tuple[str, bool]]:
    """Drawn links: (name, name) sorted → (shared events, across a border)."""
    found = {}
    for path in root.iter(f"{SVG}path"):
        if not path.get("data-cross-border"):
            continue
        names, weight = path.find(f"{SVG}title").text.rsplit(": ", 1)
        pair = tuple(sorted(names.split(" – ")))
        found[pair] = (weight, path.get("data-cross-border") == "true")
    return found


def test_the_map_counts_organisations_and_links_as_by_hand(client, world, met):
    login(client, world.users["member"])
    page = the_map(client, world)
    assert "<h1>Ecosystem map</h1>" in page
    assert "3 held events" not in page and "4 held events" in page
    assert "4 organisations" in page and "6 links" in page and "5 across a border" in page
    rows = table(page)
    lt = "Asociacija „Klaipėdos regionas“"
    assert rows == {
        lt: ["Lithuania", "Regional public authority", "3", "0", "3", "3"],
        "KPR": ["Latvia", "Regional public authority", "2", "2", "3", "2"],
        "Hochschule Stralsund": ["Germany", "Higher education and research", "2", "2", "3", "3"],
        TYPED: ["Latvia", "Not known", "2", "2", "3", "2"],
    }
    assert list(rows)[0] == lt  # most events first
    root = svg(page)
    assert links(root) == {
        tuple(sorted(("KPR", lt))): ("1", True),
        tuple(sorted(("KPR", "Hochschule Stralsund"))): ("1", True),
        tuple(sorted(("KPR", TYPED))): ("1", False),
        tuple(sorted((lt, "Hochschule Stralsund"))): ("2", True),
        tuple(sorted((lt, TYPED))): ("2", True),
        tuple(sorted(("Hochschule Stralsund", TYPED))): ("2", True),
    }
    # Cross-border links are dashed and wider, not only another colour.
    paths = [p for p in root.iter(f"{SVG}path") if p.get("data-cross-border")]
    for path in paths:
        assert bool(path.get("stroke-dasharray")) == (path.get("data-cross-border") == "true")
    # Known organisations link to their events; the typed one cannot.
    hrefs = sorted(a.get("href") for a in root.iter(f"{SVG}a"))
    assert hrefs == sorted(
        f"/projects/{world.project.id}/map/organisations/{org.id}"
        for org in (world.lv, world.lt, world.de)
    )
    assert [g.get("data-node") for g in root.iter(f"{SVG}g") if g.get("data-node")] == [
        f"typed-{'ventspils novada pasvaldiba'}"
    ]
    # Latvia left, Lithuania right, Germany between.
    assert 'style="' not in page


def node_x(root: ET.Element, data_node: str) -> float:
    for element in root.iter():
        if element.get("data-node") == data_node:
            shape = element[1]
            return float(shape.get("cx") or shape.get("x") or shape.get("points").split(",")[0])
    raise AssertionError(data_node)


def test_the_layout_is_stable_latvia_left_lithuania_right(client, world, met):
    login(client, world.users["coordinator"])
    first = the_map(client, world)
    root = svg(first)
    assert (
        node_x(root, str(world.lv.id))
        < node_x(root, str(world.de.id))
        < node_x(root, str(world.lt.id))
    )
    again = the_map(client, world)
    assert svg_text(first) == svg_text(again)


def svg_text(page: str) -> str:
    return re.search(r'<svg [^>]*data-chart="ecosystem-map".*?</svg>', page, re.S).group(0)


def test_the_kind_of_event_filters_the_map(client, world, met):
    login(client, world.users["coordinator"])
    page = the_map(client, world, kind="seminar")
    # The World's seminar (LT partner alone) and E2: LT, Stralsund, Ventspils.
    assert "2 held events" in page
    rows = table(page)
    assert {name: row[2] for name, row in rows.items()} == {
        "Asociacija „Klaipėdos regionas“": "2",
        "Hochschule Stralsund": "1",
        TYPED: "1",
    }
    assert len(links(svg(page))) == 3
    assert (
        '<option selected value="seminar">' in page or '<option value="seminar" selected>' in page
    )


def test_the_period_filters_the_map(client, world, met):
    login(client, world.users["coordinator"])
    page = the_map(client, world, period=world.period.id)
    assert "1 held event" in page
    assert set(table(page)) == {"Asociacija „Klaipėdos regionas“", "Hochschule Stralsund", TYPED}
    # A period with no events: the map says so.
    page = the_map(client, world, period=world.period.id, kind="camp")
    assert "No held events with these filters" in page


def test_filters_not_understood_are_ignored_and_said_so(client, world, met):
    login(client, world.users["coordinator"])
    page = the_map(client, world, kind="picnic", period="x")
    assert "“picnic” was not understood, so this filter is ignored." in page
    assert "“x” was not understood, so this filter is ignored." in page
    assert "4 held events" in page


def test_htmx_gets_the_results_only(client, world, met):
    login(client, world.users["coordinator"])
    response = client.get(
        f"/projects/{world.project.id}/map",
        query_string={"kind": "camp"},
        headers={"HX-Request": "true"},
    )
    page = response.get_data(as_text=True)
    assert "<html" not in page and page.lstrip().startswith('<div id="results"')


def read_csv(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode())  # Excel reads UTF-8 with the BOM
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_holds_the_table_and_the_links(client, world, met):
    login(client, world.users["member"])
    response = client.get(f"/projects/{world.project.id}/map.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="LLI-431-map.csv"' in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == [
        "Organisation",
        "Country",
        "Kind",
        "Events taken part in",
        "Participations of its people",
        "Partners met",
        "Cross-border links",
    ]
    assert rows[1] == [
        "Asociacija „Klaipėdos regionas“",
        "LT",
        "Regional public authority",
        "3",
        "0",
        "3",
        "3",
    ]
    assert len(rows) == 1 + 4 + 1 + 1 + 6  # header, organisations, blank, header, links
    assert rows[6] == ["Organisation", "Organisation", "Shared events", "Across the border"]
    link_rows = rows[7:]
    assert sorted(row[2] for row in link_rows) == ["1", "1", "1", "2", "2", "2"]
    assert [row[3] for row in link_rows].count("yes") == 5
    # Filters reach the CSV and its name.
    filtered = client.get(
        f"/projects/{world.project.id}/map.csv?kind=seminar&period={world.period.id}"
    )
    assert (
        'filename="LLI-431-map-2020-06-01-seminar.csv"' in filtered.headers["Content-Disposition"]
    )
    assert len(read_csv(filtered)) == 1 + 3 + 1 + 1 + 3


def test_the_csv_guards_against_formulas(client, world, met):
    person = make_participant(world.project, "Eve", "LV", organisation_name='=HYPERLINK("x")')
    attend(world.event, person)
    db.session.commit()
    login(client, world.users["coordinator"])
    rows = read_csv(client.get(f"/projects/{world.project.id}/map.csv"))
    assert [row[0] for row in rows if row and "HYPERLINK" in row[0]][:1] == ['\'=HYPERLINK("x")']


def test_an_organisations_events_in_the_project(client, world, met):
    login(client, world.users["member"])
    response = client.get(f"/projects/{world.project.id}/map/organisations/{world.de.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Hochschule Stralsund</h1>" in page
    rows = re.findall(r"<tr>\s*<td[^>]*>.*?</tr>", page, re.S)
    described = [
        (re.search(r'href="/events/\d+">(?:<span[^>]*>)?([^<]+)', row).group(1), row)
        for row in rows
    ]
    assert [title for title, _row in described] == [
        "Autumn seminar",
        "Joint camp",
        "Planned workshop",
    ]
    assert "Its people took part" in described[0][1] and ">1</td>" in described[0][1]
    assert "Co-organiser" in described[2][1] and "Planned" in described[2][1]
    assert "2 events held" in page and "3 events in all" in page
    # No names of people on it.
    assert "Jens" not in page


def test_an_organisation_not_in_the_project_is_not_found(app, client, world, met):
    stranger = make_organisation("Nowhere GmbH", "DE")
    db.session.commit()
    login(client, world.users["coordinator"])
    assert (
        client.get(f"/projects/{world.project.id}/map/organisations/{stranger.id}").status_code
        == 404
    )
    assert client.get(f"/projects/{world.project.id}/map/organisations/999999").status_code == 404
    # The outsider does not see the project at all.
    outsider = app.test_client()
    login(outsider, world.users["outsider"])
    assert (
        outsider.get(f"/projects/{world.project.id}/map/organisations/{world.de.id}").status_code
        == 404
    )


def test_the_map_takes_the_same_few_queries_for_more_data(client, world, met):
    login(client, world.users["coordinator"])
    url = f"/projects/{world.project.id}/map"

    def statements(path=url) -> int:
        with counted_statements() as sent:
            assert client.get(path).status_code == 200
        return len(sent)

    few, few_csv = statements(), statements(url + ".csv")
    organisations = [
        make_organisation(f"Organisation {n}", ("LV", "LT", "EE")[n % 3]) for n in range(20)
    ]
    for n in range(40):
        day = date(2021, 1 + n % 12, 1)
        event = make_event(
            world.project, organisations[n % 20], f"Workshop {n}", start_date=day, end_date=day
        )
        event.co_organisers.append(organisations[(n + 3) % 20])
        for k in range(8):
            person = make_participant(world.project, f"Person {n}-{k}", "LV",
                                      organisation=organisations[(n + k) % 20])  # fmt: skip
            attend(event, person)
    db.session.commit()
    many, many_csv = statements(), statements(url + ".csv")
    assert few < 20 and few_csv < 20
    assert many == few and many_csv == few_csv
    assert "24 organisations" in client.get(url).get_data(as_text=True)


def test_the_map_as_a_figure_for_the_handbook(app, world, met):
    from collab.reporting.ecosystem import project_map_figure

    with app.test_request_context():
        figure = project_map_figure(world.project)
        in_period = project_map_figure(world.project, world.period)
    root = ET.fromstring(str(figure.svg))
    assert root.get("role") == "img"  # no links in a document
    assert root.find(f".//{SVG}a") is None
    assert len([g for g in root.iter(f"{SVG}g") if g.get("data-node")]) == 4
    assert len(links(root)) == 6
    assert [row[0] for row in figure.rows][0] == "Asociacija „Klaipėdos regionas“"
    assert len(in_period.rows) == 3
    assert 'id="chart-handbook-ecosystem-map-title"' in str(figure.svg)
