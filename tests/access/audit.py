"""Access rules of audit: an object's history for those who may edit it, the admin's log.

The World's event is edited by the Latvian partner's coordinator and facilitator; challenges
and outputs by every partner's coordinators and facilitators; the project by its partners'
coordinators. The member reads the project but edits nothing; the outsider does not see it.
"""

from tests.access import EVENT_EDITORS, HIDDEN_PROJECT, PROJECT_EDITORS, P, Rule

ADMINS = {"admin"}
# Coordinators and facilitators of the project's partners (challenge.edit, output.edit).
PROJECT_WORKERS = {"admin", "coordinator", "facilitator"}


def history(kind, object_id):
    return lambda w: f"/history/{kind}/{object_id(w)}"


ACCESS: dict[str, list[Rule]] = {
    "audit.history": [
        Rule("GET", history("event", lambda w: w.event.id), EVENT_EDITORS, hidden=HIDDEN_PROJECT),
        Rule(
            "GET",
            history("challenge", lambda w: w.challenge.id),
            PROJECT_WORKERS,
            hidden=HIDDEN_PROJECT,
        ),
        Rule(
            "GET", history("output", lambda w: w.output.id), PROJECT_WORKERS, hidden=HIDDEN_PROJECT
        ),
        Rule("GET", history("project", P), PROJECT_EDITORS, hidden=HIDDEN_PROJECT),
    ],
    "audit.log": [Rule("GET", lambda w: "/admin/log", ADMINS)],
    "audit.log_csv": [Rule("GET", lambda w: "/admin/log.csv", ADMINS)],
}
