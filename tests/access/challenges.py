"""Access rules of challenges and solutions: the table, the board, a challenge's page and
the forms that record them.

Challenges belong to the whole project: every partner's coordinators and facilitators
record and move them (the admin, the Latvian coordinator and facilitator; the member of
the Lithuanian partner reads only); the outsider's organisation is no partner, so the
project and its challenges do not exist for them.
"""

from tests.access import HIDDEN_PROJECT, PROJECT_READERS, P, Rule

# Coordinators and facilitators of the project's partners.
CHALLENGE_EDITORS = {"admin", "coordinator", "facilitator"}


def C(w):  # noqa: N802 - short for the World's challenge id in URLs
    return w.challenge.id


def S(w):  # noqa: N802 - short for the World's solution id in URLs
    return w.solution.id


def _reader(method, url, **kwargs):
    return Rule(method, url, PROJECT_READERS, hidden=HIDDEN_PROJECT, **kwargs)


def _editor(method, url, **kwargs):
    return Rule(method, url, CHALLENGE_EDITORS, hidden=HIDDEN_PROJECT, **kwargs)


def challenge_data(w):
    return {
        "title-en": "Bus lines stop at the border",
        "regions": "both",
        "theme_id": w.theme.id,
        "identified_at_id": w.event.id,
        "version": w.challenge.version,
    }


def solution_data(w):
    return {
        "text-en": "A joint timetable",
        "kind": "measure",
        "version": w.solution.version,
    }


ACCESS: dict[str, list[Rule]] = {
    "challenges.index": [_reader("GET", lambda w: f"/projects/{P(w)}/challenges")],
    "challenges.board": [_reader("GET", lambda w: f"/projects/{P(w)}/challenges/board")],
    "challenges.create": [
        _editor("GET", lambda w: f"/projects/{P(w)}/challenges/new"),
        _editor("POST", lambda w: f"/projects/{P(w)}/challenges/new", data=challenge_data),
    ],
    "challenges.show": [_reader("GET", lambda w: f"/challenges/{C(w)}")],
    "challenges.edit": [
        _editor("GET", lambda w: f"/challenges/{C(w)}/edit"),
        _editor("POST", lambda w: f"/challenges/{C(w)}/edit", data=challenge_data),
    ],
    "challenges.move": [
        _editor(
            "POST",
            lambda w: f"/challenges/{C(w)}/status",
            data=lambda w: {"status": "in_handbook"},
        )
    ],
    "challenges.delete": [_editor("POST", lambda w: f"/challenges/{C(w)}/delete")],
    "challenges.toggle_handbook": [
        _editor(
            "POST",
            lambda w: f"/challenges/{C(w)}/handbook",
            data=lambda w: {"for_handbook": "1", "handbook_chapter": "challenges"},
        )
    ],
    "challenges.add_solution": [
        _editor(
            "POST",
            lambda w: f"/challenges/{C(w)}/solutions",
            data=lambda w: {"new-text-en": "Share the bike counters", "new-kind": "tool"},
        )
    ],
    "challenges.edit_solution": [
        _editor("GET", lambda w: f"/challenges/{C(w)}/solutions/{S(w)}"),
        _editor(
            "POST",
            lambda w: f"/challenges/{C(w)}/solutions/{S(w)}",
            data=lambda w: {f"solution{S(w)}-{k}": v for k, v in solution_data(w).items()},
        ),
    ],
    # The saved solution (Cancel in the inline editor): nothing more than the page shows.
    "challenges.solution_row": [
        _reader("GET", lambda w: f"/challenges/{C(w)}/solutions/{S(w)}/row")
    ],
    "challenges.delete_solution": [
        _editor("POST", lambda w: f"/challenges/{C(w)}/solutions/{S(w)}/delete")
    ],
}
