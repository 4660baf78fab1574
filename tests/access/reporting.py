"""Access rules of reporting: the periods and their report (with its XLSX, PDF and evidence
pack), the records behind an indicator's number, the dashboard and the ecosystem map.

Figures hold no names: every partner reads them (report.view); the partners' coordinators
(and the admin) keep the periods (report.manage). The outsider does not see the project.
Lists of people inside them follow attendance.view per event.
"""

from tests.access import HIDDEN_PROJECT, PROJECT_EDITORS, PROJECT_READERS, P, Rule


def R(w):  # noqa: N802 - short for the World's reporting period id in URLs
    return w.period.id


def I(w):  # noqa: E743, N802 - short for the World's indicator id in URLs
    return w.project.indicators[0].id


def _reader(method, url, **kwargs):
    return Rule(method, url, PROJECT_READERS, hidden=HIDDEN_PROJECT, **kwargs)


def _manager(method, url, **kwargs):
    return Rule(method, url, PROJECT_EDITORS, hidden=HIDDEN_PROJECT, **kwargs)


def new_period(w):
    return {
        "new-name-en": "Period 2",
        "new-start_date": "2020-12-01",
        "new-end_date": "2021-05-31",
    }


def edited_period(w):
    return {
        "name-en": "Period 1 (June–November 2020)",
        "start_date": "2020-06-01",
        "end_date": "2020-11-30",
        "version": w.period.version,
    }


ACCESS: dict[str, list[Rule]] = {
    "reporting.periods": [
        _reader("GET", lambda w: f"/projects/{P(w)}/periods"),
        _manager("POST", lambda w: f"/projects/{P(w)}/periods", data=new_period),
    ],
    "reporting.make_periods": [
        _manager("POST", lambda w: f"/projects/{P(w)}/periods/six-months"),
    ],
    "reporting.edit_period": [
        _manager("GET", lambda w: f"/projects/{P(w)}/periods/{R(w)}/edit"),
        _manager("POST", lambda w: f"/projects/{P(w)}/periods/{R(w)}/edit", data=edited_period),
    ],
    "reporting.delete_period": [
        _manager("POST", lambda w: f"/projects/{P(w)}/periods/{R(w)}/delete"),
    ],
    "reporting.period": [_reader("GET", lambda w: f"/projects/{P(w)}/periods/{R(w)}")],
    "reporting.period_xlsx": [
        _reader("GET", lambda w: f"/projects/{P(w)}/periods/{R(w)}/report.xlsx")
    ],
    "reporting.period_pdf": [
        _reader("GET", lambda w: f"/projects/{P(w)}/periods/{R(w)}/report.pdf")
    ],
    "reporting.evidence_pack": [
        _reader("GET", lambda w: f"/projects/{P(w)}/periods/{R(w)}/evidence.zip")
    ],
    "reporting.indicator_rows": [
        _reader("GET", lambda w: f"/projects/{P(w)}/indicators/{I(w)}/rows"),
        _reader("GET", lambda w: f"/projects/{P(w)}/indicators/{I(w)}/rows?period={R(w)}"),
    ],
    "reporting.dashboard": [
        _reader("GET", lambda w: f"/projects/{P(w)}/dashboard"),
        _reader("GET", lambda w: f"/projects/{P(w)}/dashboard?period={R(w)}"),
    ],
    "reporting.ecosystem_map": [
        _reader("GET", lambda w: f"/projects/{P(w)}/map"),
        _reader("GET", lambda w: f"/projects/{P(w)}/map?period={R(w)}&kind=camp"),
    ],
    "reporting.ecosystem_map_csv": [_reader("GET", lambda w: f"/projects/{P(w)}/map.csv")],
    # The Latvian partner organised the World's event: it is on the project's map.
    "reporting.organisation_events": [
        _reader("GET", lambda w: f"/projects/{P(w)}/map/organisations/{w.lv.id}")
    ],
}
