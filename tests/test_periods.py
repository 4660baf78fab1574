"""Reporting periods: the list, adding, editing (with locking), deleting, six-month periods
made from the start date, and the rules that keep them apart."""

from datetime import date

from sqlalchemy import select

from collab.extensions import db
from collab.reporting.models import ReportingPeriod
from collab.reporting.periods import add_months, six_month_spans
from tests.conftest import login


def _periods(world) -> list[ReportingPeriod]:
    db.session.expire_all()
    return db.session.scalars(
        select(ReportingPeriod)
        .where(ReportingPeriod.project_id == world.project.id)
        .order_by(ReportingPeriod.start_date)
    ).all()


def _url(world, suffix="") -> str:
    return f"/projects/{world.project.id}/periods{suffix}"


def _new(name="Period 2", start="2020-12-01", end="2021-05-31") -> dict:
    return {"new-name-en": name, "new-start_date": start, "new-end_date": end}


def test_six_month_spans_keep_the_day_and_stop_at_the_end():
    assert six_month_spans(date(2020, 6, 1), date(2022, 5, 31)) == [
        (date(2020, 6, 1), date(2020, 11, 30)),
        (date(2020, 12, 1), date(2021, 5, 31)),
        (date(2021, 6, 1), date(2021, 11, 30)),
        (date(2021, 12, 1), date(2022, 5, 31)),
    ]
    # A start on the 31st: the months without one end a day earlier; the last is cut.
    assert add_months(date(2020, 8, 31), 6) == date(2021, 2, 28)
    assert six_month_spans(date(2020, 8, 31), date(2021, 6, 30)) == [
        (date(2020, 8, 31), date(2021, 2, 27)),
        (date(2021, 2, 28), date(2021, 6, 30)),
    ]
    assert six_month_spans(date(2021, 1, 1), date(2020, 1, 1)) == []


def test_everyone_of_the_project_sees_the_periods(client, world):
    login(client, world.users["member"])
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Period 1" in page
    assert f'href="{_url(world, f"/{world.period.id}")}"' in page
    # Reading only: no form to add, edit or delete.
    assert "Add a period" not in page and "/edit" not in page
    assert client.post(_url(world), data=_new()).status_code == 403
    assert len(_periods(world)) == 1


def test_a_coordinator_adds_a_period(client, world):
    login(client, world.users["coordinator"])
    assert "Add a period" in client.get(_url(world)).get_data(as_text=True)
    response = client.post(_url(world), data=_new())
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Reporting period “Period 2” added." in page
    added = _periods(world)[1]
    assert (added.name["en"], added.start_date, added.end_date) == (
        "Period 2",
        date(2020, 12, 1),
        date(2021, 5, 31),
    )


def test_a_period_cannot_end_before_it_starts(client, world):
    login(client, world.users["coordinator"])
    response = client.post(_url(world), data=_new(start="2021-05-31", end="2020-12-01"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The last day cannot be before the first day." in page
    # What was typed is still there.
    assert 'value="2021-05-31"' in page and 'value="Period 2"' in page
    assert len(_periods(world)) == 1


def test_periods_may_not_share_a_day(client, world):
    login(client, world.users["coordinator"])
    # The World's first period runs to 30 Nov 2020: 30 Nov is one day too early.
    response = client.post(_url(world), data=_new(start="2020-11-30"))
    assert response.status_code == 400
    assert "These dates overlap the period Period 1" in response.get_data(as_text=True)
    assert len(_periods(world)) == 1
    # One inside another overlaps too.
    response = client.post(_url(world), data=_new(start="2020-07-01", end="2020-07-31"))
    assert response.status_code == 400
    # The next day is fine.
    assert client.post(_url(world), data=_new(start="2020-12-01")).status_code == 303


def test_an_htmx_add_gets_the_list_back(client, world):
    login(client, world.users["coordinator"])
    response = client.post(_url(world), data=_new(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="periods"')
    assert "Period 2" in fragment and "<html" not in fragment
    bad = client.post(_url(world), data=_new(end="2020-01-01"), headers={"HX-Request": "true"})
    assert bad.status_code == 400
    assert "The last day cannot be before the first day." in bad.get_data(as_text=True)


def test_six_month_periods_are_made_from_the_start_date(client, world):
    login(client, world.users["coordinator"])
    response = client.post(_url(world, "/six-months"))
    assert response.status_code == 303
    periods = _periods(world)
    # The World's project runs 1 Jun 2020 – 31 May 2022, and has its first period already.
    assert [(p.start_date, p.end_date) for p in periods] == [
        (date(2020, 6, 1), date(2020, 11, 30)),
        (date(2020, 12, 1), date(2021, 5, 31)),
        (date(2021, 6, 1), date(2021, 11, 30)),
        (date(2021, 12, 1), date(2022, 5, 31)),
    ]
    assert [p.name["en"] for p in periods] == ["Period 1", "Period 2", "Period 3", "Period 4"]
    assert periods[3].name["lt"] == "4 laikotarpis"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 six-month periods made." in page
    # Again: nothing to make.
    client.post(_url(world, "/six-months"))
    assert len(_periods(world)) == 4
    page = client.get(_url(world)).get_data(as_text=True)
    assert "No period made: every six months of the project already have one." in page


def test_a_coordinator_edits_a_period(client, world):
    login(client, world.users["coordinator"])
    url = _url(world, f"/{world.period.id}/edit")
    page = client.get(url).get_data(as_text=True)
    assert 'value="Period 1"' in page
    data = {
        "name-en": "First period",
        "name-lv": "Pirmais periods",
        "start_date": "2020-06-01",
        "end_date": "2020-12-31",
        "version": world.period.version,
    }
    assert client.post(url, data=data).status_code == 303
    (period,) = _periods(world)
    assert (period.name["en"], period.name["lv"], period.end_date) == (
        "First period",
        "Pirmais periods",
        date(2020, 12, 31),
    )


def test_a_stale_edit_shows_the_conflict(client, world):
    login(client, world.users["coordinator"])
    url = _url(world, f"/{world.period.id}/edit")
    stale = world.period.version
    world.period.name = {"en": "Renamed meanwhile"}
    world.period.version += 1
    db.session.commit()
    data = {
        "name-en": "Mine",
        "start_date": "2020-06-01",
        "end_date": "2020-11-30",
        "version": stale,
    }
    response = client.post(url, data=data)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this while you were editing" in page
    assert "Renamed meanwhile" in page and 'value="Mine"' in page
    assert _periods(world)[0].name["en"] == "Renamed meanwhile"


def test_an_edit_may_not_overlap_another_period(client, world):
    login(client, world.users["coordinator"])
    client.post(_url(world), data=_new())
    second = _periods(world)[1]
    data = {
        "name-en": "Period 2",
        "start_date": "2020-11-01",
        "end_date": "2021-05-31",
        "version": second.version,
    }
    response = client.post(_url(world, f"/{second.id}/edit"), data=data)
    assert response.status_code == 400
    assert "These dates overlap the period Period 1" in response.get_data(as_text=True)
    # Its own dates are no overlap.
    data["start_date"] = "2020-12-01"
    assert client.post(_url(world, f"/{second.id}/edit"), data=data).status_code == 303


def test_a_coordinator_deletes_a_period(client, world):
    login(client, world.users["coordinator"])
    page = client.get(_url(world)).get_data(as_text=True)
    assert 'data-confirm="Delete the period Period 1?' in page
    response = client.post(_url(world, f"/{world.period.id}/delete"))
    assert response.status_code == 303
    assert _periods(world) == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Reporting period “Period 1” deleted" in page
    assert "No reporting periods yet." in page


def test_a_period_of_another_project_is_not_found(client, world):
    login(client, world.users["coordinator"])
    other = ReportingPeriod(
        project_id=world.other_project.id,
        name={"en": "Elsewhere"},
        start_date=date(2020, 1, 1),
        end_date=date(2020, 6, 30),
    )
    db.session.add(other)
    db.session.commit()
    assert client.get(_url(world, f"/{other.id}")).status_code == 404
    assert client.get(_url(world, f"/{other.id}/edit")).status_code == 404
    assert client.post(_url(world, f"/{other.id}/delete")).status_code == 404
