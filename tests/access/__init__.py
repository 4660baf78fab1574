"""The access matrix, one file per feature: every endpoint with who may use it.

A rule's `url` and `data` take the test World (tests/conftest.py). Each feature file holds
`ACCESS = {endpoint: [Rule, ...]}`; all_rules() merges them for tests/test_access_matrix.py.
"""

import importlib
from dataclasses import dataclass, field

EVERYONE = {"anonymous", "admin", "coordinator", "facilitator", "member", "outsider"}
LOGGED_IN = EVERYONE - {"anonymous"}
PROJECT_READERS = {"admin", "coordinator", "facilitator", "member"}
PROJECT_EDITORS = {"admin", "coordinator"}
# The outsider's organisation is not a partner of the project: it does not exist for them.
HIDDEN_PROJECT = {"outsider"}
# The World's event is organised by the Latvian partner (coordinator's and facilitator's
# organisation); the member belongs to the Lithuanian partner.
EVENT_EDITORS = {"admin", "coordinator", "facilitator"}
# Who sees names of participants: the organisers and the partners' coordinators.
ATTENDANCE_READERS = {"admin", "coordinator", "facilitator"}

FEATURES = (
    "foundation",
    "events",
    "event_list",
    "attendance",
    "imports",
    "checkin",
    "challenges",
    "board",
    "votes",
    "outputs",
    "audit",
    "trash",
    "privacy",
    "reporting",
    "handbook",
)


@dataclass
class Rule:
    """Who gets through. `hidden`: roles answered 404 (the object must not leak)."""

    method: str
    url: callable
    allowed: set
    hidden: set = field(default_factory=set)
    data: callable = lambda w: {}
    public: bool = False


def P(w):  # noqa: N802 - short for the shared project id in URLs
    return w.project.id


def E(w):  # noqa: N802 - short for the World's event id in URLs
    return w.event.id


def all_rules() -> dict[str, list[Rule]]:
    merged = {}
    for feature in FEATURES:
        access = importlib.import_module(f"tests.access.{feature}").ACCESS
        overlap = merged.keys() & access.keys()
        assert not overlap, f"endpoints in two access files: {sorted(overlap)}"
        merged.update(access)
    return merged
