# ruff: noqa: F811  (fixtures imported from tests.leadership.conftest are used as parameters)
"""Surges over the API: declaring one and recording an exception on freed time, with the surge
pages' rules and validation."""

from __future__ import annotations

import datetime as dt
import json

from tests.impact.conftest import groups, metrics  # noqa: F401  (fixtures)


def _post(client, url: str, data: dict):
    return client.post(url, json.dumps(data), content_type="application/json")


def _surge(freed, **changes) -> dict:
    today = dt.date.today()
    return {
        "name": "Year-end peak",
        "starts_on": (today + dt.timedelta(days=14)).isoformat(),
        "ends_on": (today + dt.timedelta(days=42)).isoformat(),
        "extra_hours": 9,
        "workgroup_id": freed["a"].pk,
        **changes,
    }


def test_a_lead_declares_a_surge_and_opens_some_freed_time(client_for, pilot, freed, org) -> None:
    lead = client_for("lead")
    created = _post(lead, f"/api/pilots/{pilot.pk}/surges", _surge(freed))
    assert created.status_code == 201
    surge = created.json()
    assert (surge["name"], surge["workgroup_id"], surge["unit_id"]) == (
        "Year-end peak",
        freed["a"].pk,
        None,
    )
    # 9 h a week are more than the coach's room: no plan without the freed time
    assert lead.get(f"/api/surges/{surge['id']}/plan").json()["feasible"] is False
    max_ = org["people"]["member"]
    exception = _post(
        lead,
        f"/api/surges/{surge['id']}/exceptions",
        {"person_id": max_.pk, "hours": 4, "reason": "Max asked for it."},
    )
    assert exception.status_code == 201
    assert exception.json()["person_id"] == max_.pk and exception.json()["hours"] == 4
    assert lead.get(f"/api/surges/{surge['id']}/plan").json()["feasible"] is True


def test_who_may_declare_a_surge_and_record_an_exception(client_for, pilot, freed, org) -> None:
    from workshift.leadership.models import Surge, SurgeException

    url = f"/api/pilots/{pilot.pk}/surges"
    for role in ("manager", "coach", "member"):
        assert _post(client_for(role), url, _surge(freed)).status_code == 403, role
    assert _post(client_for("outsider"), url, _surge(freed)).status_code == 404
    assert not Surge.objects.exists()
    surge = _post(client_for("champion"), url, _surge(freed)).json()
    exceptions = f"/api/surges/{surge['id']}/exceptions"
    data = {"person_id": org["people"]["member"].pk, "hours": 4, "reason": "x"}
    # a manager reads the surge's plan but records no exception; others do not see the surge
    assert _post(client_for("manager"), exceptions, data).status_code == 403
    for role in ("coach", "member", "outsider"):
        assert _post(client_for(role), exceptions, data).status_code == 404, role
    assert not SurgeException.objects.exists()
    assert _post(client_for("administrator"), exceptions, data).status_code == 201


def test_a_bad_surge_or_exception_is_refused_naming_the_field(
    client_for, pilot, freed, org
) -> None:
    from workshift.leadership.models import Surge, SurgeException

    lead = client_for("lead")
    url = f"/api/pilots/{pilot.pk}/surges"
    today = dt.date.today().isoformat()
    backwards = _post(lead, url, _surge(freed, ends_on="2000-01-01", starts_on=today))
    assert backwards.status_code == 422
    assert [e["field"] for e in backwards.json()["errors"]] == ["ends_on"]
    nowhere = _post(lead, url, _surge(freed, workgroup_id=None))
    assert nowhere.status_code == 422 and nowhere.json()["errors"][0]["field"] == "workgroup_id"
    none = _post(lead, url, _surge(freed, extra_hours=0))
    assert none.status_code == 422 and none.json()["errors"][0]["field"] == "extra_hours"
    assert not Surge.objects.exists()
    surge = _post(lead, url, _surge(freed)).json()
    exceptions = f"/api/surges/{surge['id']}/exceptions"
    no_reason = _post(
        lead, exceptions, {"person_id": org["people"]["member"].pk, "hours": 4, "reason": ""}
    )
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    # the coach has no freed pilot time to open
    coach = _post(
        lead, exceptions, {"person_id": org["people"]["coach"].pk, "hours": 4, "reason": "x"}
    )
    assert coach.status_code == 422 and coach.json()["errors"][0]["field"] == "person_id"
    assert not SurgeException.objects.exists()
