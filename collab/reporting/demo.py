"""Demo reporting of Smart Planning (LLI-431): six-month periods from its start, and its
indicators counted from the data.

The bindings follow the seeds: the 9 thematic meetings of the capacity-building programme
are the workshops (the 3 seminars on the public-service quality standard are an activity of
their own in seed 001); "about 200 participants" of those meetings are participations,
since the same planners came to several; camps and study visits are events of their kind;
the final conference counts everyone who came, named or not; the handbook is its compiled
drafts.
"""

from sqlalchemy import select

from collab.extensions import db
from collab.projects.models import Indicator
from collab.reporting.periods import make_six_month_periods

# English name of a demo indicator (collab.demo.SMART_PLANNING_INDICATORS): measure, filters.
BINDINGS = {
    "Thematic workshops and seminars": ("events_held", {"event_kind": "workshop"}),
    "Participants of the workshops": ("participations", {"event_kind": "workshop"}),
    "Innovation camps": ("events_held", {"event_kind": "camp"}),
    "Study visits": ("events_held", {"event_kind": "study_visit"}),
    "Participants of the final conference": ("participations", {"event_kind": "conference"}),
    "Handbook for cross-border planning": ("handbook_drafts", {}),
}


def seed_reporting(project) -> None:
    """Periods and indicator bindings of the project; flushed, committed by the caller."""
    make_six_month_periods(project)
    indicators = db.session.scalars(select(Indicator).where(Indicator.project_id == project.id))
    for indicator in indicators:
        measure, filters = BINDINGS.get(indicator.name.get("en"), (None, {}))
        if measure:
            indicator.measure, indicator.filters = measure, dict(filters)
    db.session.flush()
