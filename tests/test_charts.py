"""The SVG charts: valid, self-describing, styled by attributes only, escaped and stable."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from collab.charts import (
    MapEdge,
    MapNode,
    TimelineItem,
    bar_chart,
    columns_over_time,
    network_layout,
    network_map,
    stacked_bar,
    timeline,
    weakest_drawn,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert('x')</script> & \"Ventspils\""


def nodes():
    return [
        MapNode(1, "KPR", "LV", "Regional public authority", 9, "/o/1"),
        MapNode(2, "Klaipėdos regionas", "LT", "Regional public authority", 7, "/o/2"),
        MapNode(3, "Ventspils", "LV", "Local public authority", 3, "/o/3"),
        MapNode(4, "Hochschule Stralsund", "DE", "Higher education", 2, "/o/4"),
        MapNode("typed-x", HOSTILE, "LT", "", 1),
    ]


def edges():
    return [MapEdge(1, 2, 4), MapEdge(1, 3, 2), MapEdge(2, 4, 1), MapEdge(3, "typed-x", 1)]


def every_chart():
    return [
        bar_chart("by-country", "By country", [("Latvija", 12), (HOSTILE, 3)], "participations"),
        columns_over_time("over-time", "Over time", [("2021-09", 4), ("2021-10", 0)], "people"),
        stacked_bar(
            "repeat", "Once or again", [("All", [5, 2]), (HOSTILE, [1, 0])], ["1", "2"], "x"
        ),
        timeline(
            "events",
            "Events",
            [
                TimelineItem(date(2021, 9, 15), "Camp", "held"),
                TimelineItem(date(2022, 3, 1), HOSTILE, "planned"),
                TimelineItem(date(2021, 11, 5), "Seminar", "cancelled"),
            ],
            today=date(2022, 1, 10),
        ),
        network_map("map", "Map", nodes(), edges(), country_names={"LV": "Latvia"}),
    ]


@pytest.fixture
def charts(app):
    with app.test_request_context():
        yield every_chart()


def parsed(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))


def test_every_chart_is_valid_svg_with_its_title_and_description_first(charts):
    for chart in charts:
        root = parsed(chart)
        assert root.tag == f"{SVG}svg"
        assert root.get("viewBox").startswith("0 0 ")
        assert root.get("role") in ("img", "group")
        assert root.get("font-family").startswith("Noto Sans")
        first, second = list(root)[:2]
        assert first.tag == f"{SVG}title" and first.text == chart.title
        assert second.tag == f"{SVG}desc" and second.text
        # The title and description name the chart for screen readers.
        assert root.get("aria-labelledby") == f"{first.get('id')} {second.get('id')}"


def test_no_chart_needs_inline_css(charts):
    # The Content Security Policy forbids style attributes; the PDF has no app CSS.
    for chart in charts:
        root = parsed(chart)
        assert root.find(f".//{SVG}style") is None
        assert all("style" not in element.attrib for element in root.iter())
        assert "style=" not in str(chart.svg)


def test_labels_are_escaped(charts):
    for chart in charts:
        text = str(chart.svg)
        assert "<script>" not in text
        assert "&lt;script&gt;" in text or chart.key == "over-time"
    # and they come back as typed once parsed
    bar = parsed(charts[0])
    assert any(HOSTILE in (t.text or "") for t in bar.iter(f"{SVG}title"))


def test_the_same_input_gives_the_same_bytes(app):
    with app.test_request_context():
        first = [str(chart.svg) for chart in every_chart()]
        again = [str(chart.svg) for chart in every_chart()]
    assert first == again


def test_ids_inside_a_chart_carry_its_key(charts):
    # Several charts on one page must not share ids (titles, patterns).
    ids = [e.get("id") for chart in charts for e in parsed(chart).iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert all(ident.startswith("chart-") for ident in ids)


def test_a_bar_chart_prints_each_value_and_gives_the_table(charts):
    bar = charts[0]
    texts = [t.text for t in parsed(bar).iter(f"{SVG}text")]
    assert "12" in texts and "3" in texts and "Latvija" in texts
    assert bar.head == ["Category", "participations"]
    assert bar.rows == [["Latvija", "12"], [HOSTILE, "3"]]


def test_columns_show_every_point_in_the_table(charts):
    columns = charts[1]
    assert columns.rows == [["2021-09", "4"], ["2021-10", "0"]]
    assert len(parsed(columns).findall(f".//{SVG}rect")) == 2


def test_stacked_parts_differ_by_pattern_not_only_colour(charts):
    stacked = charts[2]
    fills = {
        r.get("fill")
        for r in parsed(stacked).iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    }
    assert "url(#chart-repeat-hatch)" in fills and "#1d3b6f" in fills
    assert stacked.head == ["Category", "1", "2", "Total"]
    assert stacked.rows[0] == ["All", "5", "2", "7"]


def test_timeline_tells_the_statuses_apart_by_shape(charts):
    root = parsed(charts[3])
    marks = {}
    for element in root.iter():
        tip = element.find(f"{SVG}title")
        if tip is not None and tip.text and tip.text.startswith("20"):
            marks[tip.text] = element
    held = marks["2021-09-15 Camp (Held)"]
    planned = marks[f"2022-03-01 {HOSTILE} (Planned)"]
    cancelled = marks["2021-11-05 Seminar (Cancelled)"]
    assert held.tag == f"{SVG}circle" and held.get("fill") != "#ffffff"
    assert planned.tag == f"{SVG}circle" and planned.get("fill") == "#ffffff"
    assert cancelled.tag == f"{SVG}path"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Held (1)" in texts and "Planned (1)" in texts and "Cancelled (1)" in texts
    assert "today" in texts
    # The table lists the events by date.
    assert [row[0] for row in charts[3].rows] == ["2021-09-15", "2021-11-05", "2022-03-01"]


def test_the_map_marks_cross_border_links_and_links_its_nodes(charts):
    chart = charts[4]
    root = parsed(chart)
    assert root.get("role") == "group"  # it holds links
    paths = [p for p in root.iter(f"{SVG}path") if p.get("data-cross-border")]
    cross = [p for p in paths if p.get("data-cross-border") == "true"]
    domestic = [p for p in paths if p.get("data-cross-border") == "false"]
    # KPR–Klaipėdos regionas (LV–LT), Klaipėdos regionas–Stralsund (LT–DE), Ventspils–typed (LV–LT)
    assert len(cross) == 3 and len(domestic) == 1  # KPR–Ventspils
    assert all(p.get("stroke-dasharray") for p in cross)
    assert not any(p.get("stroke-dasharray") for p in domestic)
    assert min(float(p.get("stroke-width")) for p in cross) > min(
        float(p.get("stroke-width")) for p in domestic
    )
    anchors = root.findall(f".//{SVG}a")
    assert sorted(a.get("href") for a in anchors) == ["/o/1", "/o/2", "/o/3", "/o/4"]
    assert len(root.findall(f".//{SVG}g[@data-node]")) == 1  # the typed one: no page
    head, rows = chart.head, chart.rows
    assert head[0] == "Organisation" and head[-2:] == ["Partners met", "Cross-border links"]
    by_name = {row[0]: row for row in rows}
    assert by_name["KPR"][1:] == ["Latvia", "Regional public authority", "9", "2", "1"]
    assert by_name["Klaipėdos regionas"][4:] == ["2", "2"]
    assert by_name[HOSTILE][4:] == ["1", "1"]
    assert [row[0] for row in rows][:2] == ["KPR", "Klaipėdos regionas"]  # most first


def test_the_map_layout_puts_one_country_left_the_other_right(app):
    positions, radius, _height = network_layout(nodes(), ("LV", "LT"))
    assert positions[1][0] == positions[3][0] < positions[4][0] < positions[2][0]
    # Ordered by participations in a column, and bigger with more of them.
    assert positions[1][1] < positions[3][1]
    assert radius[1] > radius[3]
    # Swapping the sides swaps the picture.
    swapped, _r, _h = network_layout(nodes(), ("LT", "LV"))
    assert swapped[2][0] < swapped[4][0] < swapped[1][0]


def test_a_crowded_map_draws_its_strongest_links_and_says_so(app):
    many = [MapNode(n, f"Org {n}", "LV" if n % 2 else "LT", "", 1) for n in range(30)]
    links = [MapEdge(a, b, 1 + (a + b) % 10) for a in range(30) for b in range(a + 1, 30)]
    assert weakest_drawn(links, 1000) == 1
    least = weakest_drawn(links, 80)
    assert 0 < sum(edge.weight >= least for edge in links) <= 80
    # When even the strongest are too many, those are drawn.
    assert weakest_drawn([MapEdge(a, a + 1, 2) for a in range(90)], 80) == 2
    with app.test_request_context():
        chart = network_map("crowded", "Crowded", many, links, most_lines=80)
    root = parsed(chart)
    drawn = [p for p in root.iter(f"{SVG}path") if p.get("data-cross-border")]
    assert len(drawn) == sum(edge.weight >= least for edge in links)
    assert f"met at {least} or more events" in str(chart.svg)
    # The table still counts every link.
    assert {row[4] for row in chart.rows} == {"29"}


def test_an_empty_chart_says_there_is_nothing_yet(app):
    with app.test_request_context():
        for chart in (
            bar_chart("a", "A", [], "x"),
            columns_over_time("b", "B", [], "x"),
            stacked_bar("c", "C", [], ["1", "2"], "x"),
            timeline("d", "D", []),
            network_map("e", "E", [], []),
        ):
            root = parsed(chart)
            assert [t.text for t in root.iter(f"{SVG}text")] == ["No figures yet."]
            assert chart.rows == []


def test_charts_speak_the_readers_language(app, client):
    with app.test_request_context(headers={"Accept-Language": "lv"}):
        chart = timeline("t", "T", [TimelineItem(date(2021, 9, 15), "Camp", "held")])
    assert chart.head != ["Date", "Event", "Status"]
