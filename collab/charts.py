"""Server-rendered SVG charts, shared by the dashboard, the ecosystem map and the handbook.

Each chart is self-contained: a viewBox, `<title>` and `<desc>`, presentation attributes
only (the Content Security Policy forbids inline styles, and the PDF has no app CSS), the
Noto Sans font the PDF embeds, and escaped labels. Values are printed beside the marks
and series differ by shape or pattern as well as colour, so a chart reads in black and
white. The same input always gives the same bytes: the handbook's drafts compare them.
Every chart carries its numbers as a table (`head`, `rows`) for screen readers.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from markupsafe import Markup, escape

FONT = "Noto Sans, DejaVu Sans, sans-serif"
WIDTH = 560
INK = "#1b2330"
MUTED = "#5a6472"
LINE = "#d8dde5"
BAR = "#1d3b6f"
SECOND = "#0f6e63"
PAPER = "#ffffff"
# The two partner countries have their own colour (and shape); the rest share a blue.
SIDE_COLOURS = ("#9e3039", "#1e6b34")
OTHER_COLOUR = "#1a56a8"
DOMESTIC_EDGE = "#8a94a3"
CROSS_BORDER_EDGE = "#b35900"


@dataclass
class Chart:
    """A rendered chart: its SVG and the same numbers as a table."""

    key: str
    title: str
    svg: Markup
    head: list[str]
    rows: list[list[str]]

    def __html__(self) -> str:
        return str(self.svg)


@dataclass(frozen=True)
class TimelineItem:
    """One event on a timeline; status is held, planned or cancelled."""

    day: date
    label: str
    status: str


@dataclass(frozen=True)
class MapNode:
    """An organisation on the ecosystem map (label short, name full)."""

    id: int | str
    label: str
    country: str
    kind: str = ""
    participations: int = 0
    href: str | None = None
    name: str = ""


@dataclass(frozen=True)
class MapEdge:
    """Two organisations that met at `weight` events."""

    a: int | str
    b: int | str
    weight: int


# --- SVG writing -------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate with at most one decimal, no trailing zero: stable across platforms."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _attrs(attrs: dict) -> str:
    out = []
    for name, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = _n(value)
        out.append(f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"')
    return "".join(out)


def _el(tag: str, content: str = "", **attrs) -> str:
    """One element; `content` is markup already (escape text with `escape`)."""
    if content:
        return f"<{tag}{_attrs(attrs)}>{content}</{tag}>"
    return f"<{tag}{_attrs(attrs)}/>"


def _tip(text: str) -> str:
    """A tooltip: a `<title>` child, which screen readers and browsers show."""
    return f"<title>{escape(text)}</title>"


def _text(x: float, y: float, text: str, anchor: str = "start", size: float = 12, **attrs) -> str:
    return _el("text", str(escape(text)), x=x, y=y, text_anchor=anchor, font_size=size, **attrs)


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = LINE, width=1, **attrs):
    return _el("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=stroke, stroke_width=width, **attrs)


def _ident(key: str) -> str:
    return "chart-" + ("".join(c if c.isalnum() or c in "-_" else "-" for c in key) or "x")


def _svg(key: str, parts: list[str], width, height, title: str, desc: str, role="img") -> Markup:
    ident = _ident(key)
    head = _attrs(
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {_n(width)} {_n(height)}",
            "width": width,
            "height": height,
            "role": role,
            "aria-labelledby": f"{ident}-title {ident}-desc",
            "font-family": FONT,
            "font-size": 12,
            "fill": INK,
            "class": "chart",
            "data-chart": key,
        }
    )
    return Markup(
        f"<svg{head}>"
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


def number(value: float) -> str:
    """A figure as printed on a chart and in its table."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return str(int(value))


def _text_width(text: str, size: float = 12) -> float:
    """Approximate width of Noto Sans text: enough to lay labels out without a font engine."""
    narrow, wide = "iljtfr.,:;'|!() ", "mwMW"
    return size * sum(
        0.32 if c in narrow else 0.9 if c in wide else 0.7 if c.isupper() else 0.6 for c in text
    )


def _clip(text: str, width: float, size: float = 12) -> str:
    if _text_width(text, size) <= width:
        return text
    while text and _text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _empty(key: str, title: str) -> Chart:
    message = _("No figures yet.")
    parts = [_text(WIDTH / 2, 36, message, anchor="middle", fill=MUTED)]
    return Chart(key, title, _svg(key, parts, WIDTH, 56, title, message), [], [])


def _nice_step(top: float) -> float:
    """A round gridline step giving about four lines up to `top`."""
    raw = max(top, 1) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(f * power for f in (1, 2, 2.5, 5, 10) if raw <= f * power)
    return max(step, 1)


# --- charts ------------------------------------------------------------------------------


def bar_chart(
    key: str,
    title: str,
    rows: list[tuple[str, int | float]],
    value_label: str,
    category: str | None = None,
) -> Chart:
    """Horizontal bars, one per row, the value printed at the end of each bar. `category`
    heads the table's first column (what the rows are: countries, kinds)."""
    if not rows:
        return _empty(key, title)
    top = max(value for _label, value in rows) or 1
    label_w = min(max(_text_width(label) for label, _v in rows) + 20, 230)
    value_w = max(_text_width(number(v)) for _l, v in rows) + 16
    plot_w = WIDTH - label_w - value_w
    row_h, bar_h, pad = 26, 16, 8
    parts = []
    for index, (label, value) in enumerate(rows):
        y = pad + index * row_h
        length = max(plot_w * value / top, 1)
        tip = _tip(f"{label}: {number(value)} {value_label}")
        parts += [
            _text(label_w - 8, y + bar_h - 4, _clip(label, label_w - 12), anchor="end"),
            _el("rect", tip, x=label_w, y=y, width=length, height=bar_h, fill=BAR),
            _text(label_w + length + 6, y + bar_h - 4, number(value), font_weight="bold"),
        ]
    bottom = pad + len(rows) * row_h
    parts.append(_line(label_w, pad - 4, label_w, bottom - 6, stroke=MUTED))
    height = bottom + 20
    parts.append(_text(label_w, height - 6, value_label, fill=MUTED, size=11))
    desc = "; ".join(f"{label}: {number(value)}" for label, value in rows)
    return Chart(
        key,
        title,
        _svg(key, parts, WIDTH, height, title, f"{value_label}. {desc}"),
        [category or _("Category"), value_label],
        [[label, number(value)] for label, value in rows],
    )


def columns_over_time(
    key: str,
    title: str,
    points: list[tuple[str, int | float]],
    value_label: str,
    category: str | None = None,
) -> Chart:
    """Vertical columns along time (months, quarters), each with its value on top."""
    if not points:
        return _empty(key, title)
    top = max(value for _label, value in points) or 1
    step = _nice_step(top)
    axis_top = math.ceil(top / step) * step
    label_w = max(_text_width(label, 11) for label, _v in points)
    left, right, head, plot_h = 44, 12, 24, 200
    slot = (WIDTH - left - right) / len(points)
    rotate = label_w + 6 > slot
    foot = (label_w * 0.72 + 16) if rotate else 24
    height = head + plot_h + foot + 8
    base = head + plot_h
    parts = [_text(4, 14, value_label, fill=MUTED, size=11)]
    for index in range(int(axis_top / step) + 1):
        tick = index * step
        y = base - plot_h * tick / axis_top
        parts += [
            _line(left, y, WIDTH - right, y),
            _text(left - 6, y + 4, number(tick), anchor="end", size=11, fill=MUTED),
        ]
    bar_w = max(min(slot * 0.7, 48), 2)
    show_values = slot >= _text_width(number(top), 10) + 2
    for index, (label, value) in enumerate(points):
        cx = left + slot * (index + 0.5)
        length = plot_h * value / axis_top
        tip = _tip(f"{label}: {number(value)} {value_label}")
        parts.append(
            _el(
                "rect", tip, x=cx - bar_w / 2, y=base - length, width=bar_w, height=length, fill=BAR
            )
        )
        if show_values and value:
            parts.append(
                _text(cx, base - length - 4, number(value), "middle", 10, font_weight="bold")
            )
        if rotate:
            parts.append(
                _text(
                    cx, base + 12, label, "end", 11, transform=f"rotate(-45 {_n(cx)} {base + 12})"
                )
            )
        else:
            parts.append(_text(cx, base + 16, label, "middle", 11))
    parts.append(_line(left, base, WIDTH - right, base, stroke=MUTED))
    desc = "; ".join(f"{label}: {number(value)}" for label, value in points)
    return Chart(
        key,
        title,
        _svg(key, parts, WIDTH, height, title, f"{value_label}. {desc}"),
        [category or _("Category"), value_label],
        [[label, number(value)] for label, value in points],
    )


def _series_fills(key: str, count: int) -> tuple[str, list[str]]:
    """Solid, hatched and dotted fills; the patterns' ids carry the chart's key."""
    ident = _ident(key)
    hatch = _el(
        "pattern",
        _el("rect", width=6, height=6, fill="#cfe6e2") + _line(0, 0, 0, 6, stroke=SECOND, width=3),
        id=f"{ident}-hatch",
        width=6,
        height=6,
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    dots = _el(
        "pattern",
        _el("rect", width=6, height=6, fill=PAPER) + _el("circle", cx=3, cy=3, r=1.5, fill=INK),
        id=f"{ident}-dots",
        width=6,
        height=6,
        patternUnits="userSpaceOnUse",
    )
    fills = [BAR, f"url(#{ident}-hatch)", f"url(#{ident}-dots)"]
    return _el("defs", hatch + dots), [fills[i % len(fills)] for i in range(count)]


def stacked_bar(
    key: str,
    title: str,
    rows: list[tuple[str, list[int | float]]],
    series: list[str],
    value_label: str,
    category: str | None = None,
) -> Chart:
    """Horizontal bars split into series (e.g. participants who came once, and again).

    The first series is solid, the second hatched, the third dotted: told apart without
    colour; a legend names them, and each part prints its value when it has room.
    """
    if not rows:
        return _empty(key, title)
    defs, fills = _series_fills(key, len(series))
    parts = [defs]
    top = max(sum(values) for _label, values in rows) or 1
    label_w = min(max(_text_width(label) for label, _v in rows) + 20, 210)
    value_w = max(_text_width(number(sum(v))) for _l, v in rows) + 16
    plot_w = WIDTH - label_w - value_w
    row_h, bar_h, pad = 30, 20, 34
    x = label_w
    for index, name in enumerate(series):
        parts += [
            _el(
                "rect",
                x=x,
                y=8,
                width=14,
                height=14,
                fill=fills[index],
                stroke=INK,
                stroke_width=0.5,
            ),
            _text(x + 20, 19, name),
        ]
        x += 40 + _text_width(name)
    for index, (label, values) in enumerate(rows):
        y = pad + index * row_h
        parts.append(_text(label_w - 8, y + bar_h - 5, _clip(label, label_w - 12), anchor="end"))
        x = label_w
        for part, value in enumerate(values):
            length = plot_w * value / top
            if length <= 0:
                continue
            tip = _tip(f"{label}, {series[part]}: {number(value)}")
            parts.append(
                _el("rect", tip, x=x, y=y, width=length, height=bar_h, fill=fills[part],
                    stroke=INK, stroke_width=0.5)
            )  # fmt: skip
            text = number(value)
            text_w = _text_width(text, 11)
            if length >= text_w + 10:
                # A white label box keeps the figure readable on the pattern.
                mid = x + length / 2
                parts += [
                    _el("rect", x=mid - text_w / 2 - 3, y=y + 3, width=text_w + 6, height=14,
                        rx=2, fill=PAPER),
                    _text(mid, y + 14, text, anchor="middle", size=11),
                ]  # fmt: skip
            x += length
        parts.append(_text(x + 6, y + bar_h - 5, number(sum(values)), font_weight="bold"))
    height = pad + len(rows) * row_h + 18
    parts.append(_text(label_w, height - 6, value_label, fill=MUTED, size=11))
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{series[i]} {number(v)}" for i, v in enumerate(values))
        for label, values in rows
    )
    return Chart(
        key,
        title,
        _svg(key, parts, WIDTH, height, title, f"{value_label}. {desc}"),
        [category or _("Category"), *series, _("Total")],
        [[label, *(number(v) for v in values), number(sum(values))] for label, values in rows],
    )


TIMELINE_STATUSES = ("held", "planned", "cancelled")


def status_labels() -> dict[str, str]:
    return {"held": _("Held"), "planned": _("Planned"), "cancelled": _("Cancelled")}


def _marker(status: str, x: float, y: float, content: str = "") -> str:
    """Held: a filled circle; planned: a hollow circle; cancelled: a cross."""
    if status == "held":
        return _el("circle", content, cx=x, cy=y, r=5, fill=BAR, stroke=PAPER, stroke_width=1)
    if status == "planned":
        return _el("circle", content, cx=x, cy=y, r=4.5, fill=PAPER, stroke=SECOND, stroke_width=2)
    cross = f"M{_n(x - 4)} {_n(y - 4)}l8 8m-8 0l8 -8"
    return _el("path", content, d=cross, stroke=MUTED, stroke_width=2.5, fill="none")


def _month_after(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def timeline(
    key: str,
    title: str,
    items: list[TimelineItem],
    today: date | None = None,
    width: float = WIDTH,
) -> Chart:
    """Events along a time axis, one lane per status (held, planned, cancelled).

    Lanes are labelled with their count and markers differ by shape, so the statuses read
    without colour; each marker's tooltip names its event, the table lists them all.
    """
    if not items:
        return _empty(key, title)
    labels = status_labels()
    items = sorted(items, key=lambda item: (item.day, item.label))
    first, last = items[0].day, items[-1].day
    if today:
        first, last = min(first, today), max(last, today)
    start, end = date(first.year, first.month, 1), _month_after(last)
    span = (end - start).days
    counts = {status: sum(item.status == status for item in items) for status in TIMELINE_STATUSES}
    lanes = [status for status in TIMELINE_STATUSES if counts[status]]
    left = max(_text_width(f"{labels[s]} ({counts[s]})") for s in lanes) + 34
    right, lane_h, top = 16, 30, 14
    plot_w = width - left - right

    def x_of(day: date) -> float:
        return left + plot_w * (day - start).days / span

    bottom = top + lane_h * len(lanes)
    months = (end.year - start.year) * 12 + end.month - start.month
    every = next(n for n in (1, 2, 3, 6, 12, 24, 60, 120) if months / n <= width / 80)
    parts = []
    month = start
    while month <= end:
        if (month.year * 12 + month.month - 1) % every == 0:
            x = x_of(month)
            text = str(month.year) if every >= 12 else f"{month.year}-{month.month:02d}"
            # The last label ends at the edge rather than being cut by it.
            anchor = "end" if x + _text_width(text, 11) / 2 > width - 2 else "middle"
            parts += [
                _line(x, top - 4, x, bottom + 4),
                _text(x if anchor == "middle" else width - 2, bottom + 18, text, anchor, 11,
                      fill=MUTED),
            ]  # fmt: skip
        month = _month_after(month)
    for lane, status in enumerate(lanes):
        y = top + lane_h * lane + lane_h / 2
        parts += [
            _marker(status, 10, y),
            _text(22, y + 4, f"{labels[status]} ({counts[status]})"),
            _line(left, y, width - right, y, stroke_dasharray="2 3"),
        ]
        for item in items:
            if item.status == status:
                tip = _tip(f"{item.day.isoformat()} {item.label} ({labels[status]})")
                parts.append(_marker(status, x_of(item.day), y, tip))
    if today:
        x = x_of(today)
        parts += [
            _line(x, top - 8, x, bottom, stroke=INK, width=1.5),
            _text(x + 3, top - 2, _("today"), size=10),
        ]
    desc = "; ".join(f"{labels[s]}: {counts[s]}" for s in lanes)
    return Chart(
        key,
        title,
        _svg(key, parts, width, bottom + 26, title, desc),
        [_("Date"), _("Event"), _("Status")],
        [
            [item.day.isoformat(), item.label, labels.get(item.status, item.status)]
            for item in items
        ],
    )


# --- the ecosystem map -------------------------------------------------------------------


def node_colour(country: str, sides: tuple[str, str]) -> str:
    return SIDE_COLOURS[sides.index(country)] if country in sides else OTHER_COLOUR


def _node_shape(country: str, sides: tuple[str, str], x: float, y: float, r: float) -> str:
    """The left country a circle, the right one a square, any other a diamond."""
    look = {"fill": node_colour(country, sides), "stroke": PAPER, "stroke_width": 1.5}
    if country == sides[0]:
        return _el("circle", cx=x, cy=y, r=r, **look)
    if country == sides[1]:
        side = r * 1.8
        return _el("rect", x=x - side / 2, y=y - side / 2, width=side, height=side, **look)
    d = r * 1.3
    points = f"{_n(x)},{_n(y - d)} {_n(x + d)},{_n(y)} {_n(x)},{_n(y + d)} {_n(x - d)},{_n(y)}"
    return _el("polygon", points=points, **look)


MAP_WIDTH = 820
MAP_TOP = 72


def weakest_drawn(edges: list[MapEdge], most: int) -> int:
    """The fewest shared events a link needs to be drawn, so at most `most` are drawn (all
    of the strongest when even they are more)."""
    weights = sorted((edge.weight for edge in edges), reverse=True)
    if len(weights) <= most:
        return min(weights, default=1)
    return min(weights[most] + 1, weights[0])


def _map_order(node: MapNode):
    return (-node.participations, node.label.casefold(), str(node.id))


def network_layout(nodes: list[MapNode], sides: tuple[str, str] = ("LV", "LT")):
    """Positions and radii: one country on the left, the other on the right, the rest in
    the middle; each column ordered by participations, then name. Deterministic."""
    columns: dict[int, list[MapNode]] = defaultdict(list)
    for node in nodes:
        columns[sides.index(node.country) * 2 if node.country in sides else 1].append(node)
    top_p = max((node.participations for node in nodes), default=0) or 1
    radius = {node.id: 5 + 13 * math.sqrt(max(node.participations, 0) / top_p) for node in nodes}
    xs = {0: MAP_WIDTH * 0.27, 1: MAP_WIDTH * 0.5, 2: MAP_WIDTH * 0.73}
    positions: dict[int, tuple[float, float]] = {}
    height = MAP_TOP
    for column, members in sorted(columns.items()):
        members.sort(key=_map_order)
        # The middle column starts lower, off the straight lines between the top nodes.
        y = MAP_TOP + (36.0 if column == 1 else 8.0)
        for node in members:
            y += radius[node.id]
            positions[node.id] = (xs[column], y)
            y += radius[node.id] + 12
        height = max(height, y)
    return positions, radius, height + 12


def network_map(
    key: str,
    title: str,
    nodes: list[MapNode],
    edges: list[MapEdge],
    sides: tuple[str, str] = ("LV", "LT"),
    country_names: dict[str, str] | None = None,
    size_label: str | None = None,
    most_lines: int = 80,
) -> Chart:
    """Organisations as a network: the two partner countries left and right, others between.

    A node's shape and colour tell its country, its size the participations; an edge joins
    two organisations that met at events, wider the more events they shared. Edges across
    a border are dashed, wider and orange, so they stand out without colour. A node with
    an `href` is a link (to its events). Where more than `most_lines` pairs met, only the
    strongest links are drawn (the key says from how many shared events). The table:
    organisation, country, kind, participations (or what `size_label` names), partners met,
    cross-border links.
    """
    if not nodes:
        return _empty(key, title)
    names = country_names or {}
    size_label = size_label or _("Participations")
    positions, radius, height = network_layout(nodes, sides)
    by_id = {node.id: node for node in nodes}
    edges = sorted(
        (e for e in edges if e.a in by_id and e.b in by_id and e.a != e.b),
        key=lambda e: sorted((str(e.a), str(e.b))),
    )
    top_w = max((edge.weight for edge in edges), default=1) or 1
    parts = []
    # The legend: a shape per country, then the two kinds of link.
    x = 12.0
    order = {country: index for index, country in enumerate(sides)}
    for country in sorted({n.country for n in nodes}, key=lambda c: (order.get(c, 2), c)):
        name = names.get(country, country)
        parts += [_node_shape(country, sides, x + 6, 18, 6), _text(x + 16, 22, name)]
        x += 34 + _text_width(name)
    for label, look in (
        (_("met at events"), {"stroke": DOMESTIC_EDGE, "width": 2}),
        (
            _("across the border"),
            {"stroke": CROSS_BORDER_EDGE, "width": 3.5, "stroke_dasharray": "7 3"},
        ),
    ):
        parts += [_line(x, 18, x + 28, 18, **look), _text(x + 34, 22, label)]
        x += 52 + _text_width(label)
    key_text = _("Size: %(what)s. Line width: shared events.", what=size_label.lower())
    parts.append(_text(12, 42, key_text, size=11, fill=MUTED))
    least = weakest_drawn(edges, most_lines)
    drawn = [edge for edge in edges if edge.weight >= least]
    if len(drawn) < len(edges):
        note = _(
            "Lines: organisations that met at %(least)s or more events (%(drawn)s of %(all)s "
            "links; the table counts all).",
            least=least,
            drawn=len(drawn),
            all=len(edges),
        )
        parts.append(_text(12, 58, note, size=11, fill=MUTED))
    partners: dict[int, set[int]] = defaultdict(set)
    cross: dict[int, int] = defaultdict(int)
    for edge in edges:
        a, b = by_id[edge.a], by_id[edge.b]
        partners[a.id].add(b.id)
        partners[b.id].add(a.id)
        if a.country != b.country:
            cross[a.id] += 1
            cross[b.id] += 1
    lines = []
    # The weak first, so the strong links lie on top.
    for edge in sorted(drawn, key=lambda e: e.weight):
        a, b = by_id[edge.a], by_id[edge.b]
        is_cross = a.country != b.country
        (x1, y1), (x2, y2) = positions[a.id], positions[b.id]
        stroke = 1 + 5 * math.sqrt(edge.weight / top_w)
        if x1 == x2:
            # Same column: an arc bowing towards the middle keeps it clear of the nodes.
            bow = 30 + abs(y2 - y1) * 0.25
            cx = x1 + (bow if x1 <= MAP_WIDTH / 2 else -bow)
            path = f"M{_n(x1)} {_n(y1)}Q{_n(cx)} {_n((y1 + y2) / 2)} {_n(x2)} {_n(y2)}"
        else:
            path = f"M{_n(x1)} {_n(y1)}L{_n(x2)} {_n(y2)}"
        look = (
            {"stroke": CROSS_BORDER_EDGE, "stroke_width": stroke + 1.5, "stroke_dasharray": "7 3"}
            if is_cross
            else {"stroke": DOMESTIC_EDGE, "stroke_width": stroke}
        )
        tip = _tip(f"{a.label} – {b.label}: {edge.weight}")
        opacity = 0.85 if len(drawn) <= 30 else 0.6
        lines.append(
            _el("path", tip, d=path, fill="none", stroke_opacity=opacity, data_cross_border=(
                "true" if is_cross else "false"), **look)
        )  # fmt: skip
    parts.append(_el("g", "".join(lines), class_="edges"))
    for node in sorted(nodes, key=_map_order):
        x, y = positions[node.id]
        r = radius[node.id]
        text = _clip(node.label, 110 if abs(x - MAP_WIDTH / 2) < 1 else 190)
        text_w = _text_width(text)
        # A pale box under the label keeps it readable where lines cross it.
        start = x - r - 6 - text_w if x < MAP_WIDTH * 0.4 else x + r + 6
        label = _el(
            "rect", x=start - 2, y=y - 9, width=text_w + 4, height=17, rx=3, fill=PAPER,
            fill_opacity=0.85,
        ) + _text(start, y + 4, text)  # fmt: skip
        tip = f"{node.name or node.label} ({names.get(node.country, node.country)}"
        tip += f", {node.kind}): " if node.kind else "): "
        tip += f"{size_label} {node.participations}"
        inner = _tip(tip) + _node_shape(node.country, sides, x, y, r) + label
        if node.href:
            parts.append(_el("a", inner, href=node.href, data_node=node.id))
        else:
            parts.append(_el("g", inner, data_node=node.id))
    ordered = sorted(nodes, key=_map_order)
    desc = _(
        "%(nodes)s organisations, %(edges)s links, %(cross)s of them across a border.",
        nodes=len(nodes),
        edges=len(edges),
        cross=sum(by_id[e.a].country != by_id[e.b].country for e in edges),
    )
    linked = any(node.href for node in nodes)
    return Chart(
        key,
        title,
        # With links inside, the map is a group: an image's children are hidden from readers.
        _svg(key, parts, MAP_WIDTH, height, title, desc, role="group" if linked else "img"),
        [
            _("Organisation"),
            _("Country"),
            _("Kind"),
            size_label,
            _("Partners met"),
            _("Cross-border links"),
        ],
        [
            [
                node.name or node.label,
                names.get(node.country, node.country),
                node.kind,
                str(node.participations),
                str(len(partners[node.id])),
                str(cross[node.id]),
            ]
            for node in ordered
        ],
    )
