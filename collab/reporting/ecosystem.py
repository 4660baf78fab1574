"""The partners' ecosystem map: which organisations met at the project's events.

An organisation took part in a held event when it organised or co-organised it, or when
one of its people came (a known organisation, or the name a participant typed, compared
as the measures compare it). Two organisations met when they took part in the same event;
the link's weight is the number of events they shared. A link is cross-border when the
two are from different countries. Counted from the project's facts (`ProjectFacts`) in a
fixed number of queries, whatever the data size.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from flask import url_for
from flask_babel import gettext as _

from collab.charts import Chart, MapEdge, MapNode, network_map
from collab.organisations.models import KINDS as ORGANISATION_KINDS
from collab.reporting.measures import EventFacts, Org, ProjectFacts
from collab.templating import country_name


@dataclass
class MapOrganisation:
    """A node of the map with its figures."""

    key: tuple  # ("org", id) or ("typed", name key)
    label: str
    country: str
    kind: str | None
    events: set[int] = field(default_factory=set)
    attendances: int = 0  # named attendances of its people
    partners: set[tuple] = field(default_factory=set)
    cross_border: set[tuple] = field(default_factory=set)

    @property
    def organisation_id(self) -> int | None:
        return self.key[1] if self.key[0] == "org" else None

    @property
    def kind_label(self) -> str:
        if self.kind in ORGANISATION_KINDS:
            return str(ORGANISATION_KINDS[self.kind])
        return "" if self.organisation_id else _("Not known")

    @property
    def node_id(self) -> int | str:
        return self.organisation_id or f"typed-{self.key[1]}"


@dataclass
class Ecosystem:
    organisations: list[MapOrganisation]  # most events first, then by name
    links: dict[tuple[tuple, tuple], int]  # (key, key) → shared events
    events: int  # held events counted
    sides: tuple[str, str]

    @property
    def cross_border_links(self) -> int:
        by_key = {o.key: o for o in self.organisations}
        return sum(by_key[a].country != by_key[b].country for a, b in self.links)


def partner_sides(facts: ProjectFacts) -> tuple[str, str]:
    """The countries drawn left and right: the lead partner's, then the next partner's."""
    countries = []
    for partner in sorted(facts.project.partners, key=lambda p: (p.role != "lead", p.position)):
        if partner.organisation.country not in countries:
            countries.append(partner.organisation.country)
    countries += ["", ""]
    return countries[0], countries[1]


def _present(facts: ProjectFacts, event: EventFacts) -> dict[tuple, Org]:
    present = {org.key: org for org in event.organisers}
    for attendance in facts.attendances_by_event.get(event.id, []):
        if attendance.org is not None:
            present.setdefault(attendance.org.key, attendance.org)
    return present


def ecosystem(
    facts: ProjectFacts,
    start: date | None = None,
    end: date | None = None,
    event_kind: str | None = None,
) -> Ecosystem:
    """The organisations and their links over held events in a span (ends inclusive) and of
    a kind (None: all)."""
    organisations: dict[tuple, MapOrganisation] = {}
    links: dict[tuple[tuple, tuple], int] = defaultdict(int)
    counted = 0
    for event in facts.events.values():
        if event_kind and event.kind != event_kind:
            continue
        if (start and event.day < start) or (end and event.day > end):
            continue
        counted += 1
        present = _present(facts, event)
        for org in present.values():
            node = organisations.get(org.key)
            if node is None:
                node = organisations[org.key] = MapOrganisation(
                    org.key, org.label, org.country or "", org.kind
                )
            node.events.add(event.id)
        for attendance in facts.attendances_by_event.get(event.id, []):
            if attendance.org is not None:
                organisations[attendance.org.key].attendances += 1
        for a, b in combinations(sorted(present, key=str), 2):
            links[(a, b)] += 1
    for a, b in links:
        first, second = organisations[a], organisations[b]
        first.partners.add(b)
        second.partners.add(a)
        if first.country != second.country:
            first.cross_border.add(b)
            second.cross_border.add(a)
    ordered = sorted(
        organisations.values(), key=lambda o: (-len(o.events), o.label.casefold(), str(o.key))
    )
    return Ecosystem(ordered, dict(links), counted, partner_sides(facts))


def map_chart(
    project_id: int,
    found: Ecosystem,
    key: str = "ecosystem-map",
    title: str | None = None,
    links: bool = True,
) -> Chart:
    """The map as an SVG chart; with `links`, each known organisation links to its events in
    the project (the page); a document passes False."""
    nodes = []
    for org in found.organisations:
        href = None
        if links and org.organisation_id:
            href = url_for(
                "reporting.organisation_events",
                project_id=project_id,
                organisation_id=org.organisation_id,
            )
        nodes.append(
            MapNode(
                org.node_id,
                org.label,
                org.country,
                org.kind_label,
                len(org.events),
                href,
            )
        )
        # `name` stays the label: the map names organisations as their short name.
    by_key = {org.key: org for org in found.organisations}
    edges = [
        MapEdge(by_key[a].node_id, by_key[b].node_id, weight)
        for (a, b), weight in found.links.items()
    ]
    countries = {org.country for org in found.organisations}
    return network_map(
        key,
        title or _("Ecosystem map"),
        nodes,
        edges,
        sides=found.sides,
        country_names={code: country_name(code) for code in countries if code},
        size_label=_("Events taken part in"),
    )


def project_map_figure(project, period=None, key: str = "handbook-ecosystem-map") -> Chart:
    """The ecosystem map of a project (of a period, or so far) as a figure for a document:
    no links, its own key. For the handbook's "Activities and figures"."""
    found = ecosystem(
        ProjectFacts(project),
        period.start_date if period else None,
        period.end_date if period else None,
    )
    return map_chart(project.id, found, key=key, links=False)


# Cells a spreadsheet would run as a formula start with one of these.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def map_csv(found: Ecosystem) -> str:
    """The map as CSV for Excel: a BOM, one row per organisation, then one per link."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            _("Organisation"),
            _("Country"),
            _("Kind"),
            _("Events taken part in"),
            _("Participations of its people"),
            _("Partners met"),
            _("Cross-border links"),
        ]
    )
    for org in found.organisations:
        writer.writerow(
            [
                _cell(org.label),
                _cell(org.country),
                _cell(org.kind_label),
                len(org.events),
                org.attendances,
                len(org.partners),
                len(org.cross_border),
            ]
        )
    writer.writerow([])
    writer.writerow(
        [_("Organisation"), _("Organisation"), _("Shared events"), _("Across the border")]
    )
    by_key = {org.key: org for org in found.organisations}
    rank = {org.key: index for index, org in enumerate(found.organisations)}
    for (a, b), weight in sorted(
        found.links.items(),
        key=lambda item: (-item[1], *sorted((rank[item[0][0]], rank[item[0][1]]))),
    ):
        first, second = sorted((by_key[a], by_key[b]), key=lambda o: rank[o.key])
        writer.writerow(
            [
                _cell(first.label),
                _cell(second.label),
                weight,
                _("yes") if first.country != second.country else _("no"),
            ]
        )
    return "\ufeff" + out.getvalue()
