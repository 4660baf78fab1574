"""Reading outputs: an event's or a project's, with their files, in one query."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from collab.events.models import Event
from collab.extensions import db
from collab.outputs.models import Output

# The order an event's outputs are shown and packed in, with the heading of each group.
KIND_ORDER = ("note", "presentation", "photo", "report", "signed_list", "file")
GROUP_HEADINGS = {
    "note": _l("Notes"),
    "presentation": _l("Presentations"),
    "photo": _l("Photos"),
    "report": _l("Reports"),
    "signed_list": _l("Signed attendance lists"),
    "file": _l("Files"),
}


def outputs_query() -> Select:
    """Outputs with what a list shows of them: the file, who added it, the agenda item."""
    return select(Output).options(
        joinedload(Output.file),
        joinedload(Output.created_by),
        joinedload(Output.agenda_item),
    )


def in_order(outputs) -> list[Output]:
    """By kind as KIND_ORDER lists them, then in the order they were added."""
    rank = {kind: position for position, kind in enumerate(KIND_ORDER)}
    return sorted(outputs, key=lambda o: (rank.get(o.kind, len(rank)), o.created_at, o.id))


def event_outputs(event_id: int) -> list[Output]:
    return in_order(db.session.scalars(outputs_query().where(Output.event_id == event_id)))


def project_outputs(project_id: int) -> list[Output]:
    """Every output of the project's events, with the events loaded in the same query."""
    query = (
        outputs_query()
        .join(Output.event)
        .options(joinedload(Output.event))
        .where(Event.project_id == project_id)
    )
    return in_order(db.session.scalars(query).unique())


@dataclass
class Group:
    kind: str
    heading: str
    outputs: list[Output]


def grouped(outputs: list[Output]) -> list[Group]:
    """The groups that have outputs, in KIND_ORDER."""
    return [
        Group(kind, str(GROUP_HEADINGS[kind]), [o for o in outputs if o.kind == kind])
        for kind in KIND_ORDER
        if any(o.kind == kind for o in outputs)
    ]
