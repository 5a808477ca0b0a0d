# ruff: noqa: F811  (fixtures imported from tests.leadership.conftest are used as parameters)
"""The rights register over the API: starting it from the guardrails, adding a kind of decision,
with the register page's rules and validation."""

from __future__ import annotations

import json

from tests.impact.conftest import groups, metrics  # noqa: F401  (fixtures)
from tests.leadership.conftest import kind

SPEND = "Spend up to EUR 500"


def _post(client, url: str, data: dict | None = None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def _kind(org, **changes) -> dict:
    return {
        "name": "Change the opening hours",
        "description": "When the team answers the phone.",
        "mode": "consult",
        "person_id": org["people"]["coach"].pk,
        "reason": "Customers call early.",
        **changes,
    }


def test_the_lead_starts_the_register_from_the_guardrails_over_the_api(
    client_for, pilot, groups
) -> None:
    from workshift.conditions.models import Expectations
    from workshift.leadership.models import DecisionRight

    Expectations.objects.create(
        pilot=pilot, new_expectations="New value.", may=["due dates"], may_not=["fees"]
    )
    url = f"/api/pilots/{pilot.pk}/rights/seed"
    assert _post(client_for("member"), url).status_code == 403
    assert _post(client_for("outsider"), url).status_code == 404
    assert not DecisionRight.objects.exists()
    seeded = _post(client_for("lead"), url)
    assert seeded.status_code == 200
    modes = {r["kind"]: r["mode"] for r in seeded.json()}
    assert modes["Act on due dates"] == "alone" and modes["Touch fees"] == "escalate"
    # starting it again changes nothing and answers the register as it is
    again = _post(client_for("champion"), url)
    assert again.status_code == 200 and len(again.json()) == len(modes)
    assert DecisionRight.objects.count() == len(modes)


def test_the_lead_adds_a_kind_of_decision_with_its_right(client_for, pilot, register, org) -> None:
    url = f"/api/pilots/{pilot.pk}/rights"
    added = _post(client_for("lead"), url, _kind(org))
    assert added.status_code == 201
    right = added.json()
    assert (right["kind"], right["mode"], right["number"]) == (
        "Change the opening hours",
        "consult",
        1,
    )
    assert right["person_id"] == org["people"]["coach"].pk and right["changed_by"] == "lena"
    assert "Change the opening hours" in {r["kind"] for r in client_for("member").get(url).json()}
    # administrators change rights too
    by_admin = _post(client_for("administrator"), url, _kind(org, name="Swap shifts"))
    assert by_admin.status_code == 201 and by_admin.json()["changed_by"] == "alice"


def test_a_member_or_an_outsider_cannot_add_a_kind(client_for, pilot, register, org) -> None:
    from workshift.leadership.models import DecisionKind

    kinds = DecisionKind.objects.count()
    url = f"/api/pilots/{pilot.pk}/rights"
    for role in ("member", "coach", "manager"):
        refused = _post(client_for(role), url, _kind(org))
        assert refused.status_code == 403, role
        assert "the lead, the champion and administrators" in refused.json()["message"]
    assert _post(client_for("outsider"), url, _kind(org)).status_code == 404
    assert DecisionKind.objects.count() == kinds


def test_a_bad_kind_is_refused_naming_the_field_and_nothing_is_written(
    client_for, pilot, register, org
) -> None:
    from workshift.leadership.models import DecisionKind, DecisionRight

    counts = (DecisionKind.objects.count(), DecisionRight.objects.count())
    url = f"/api/pilots/{pilot.pk}/rights"
    lead = client_for("lead")
    cases = {
        "name": _kind(org, name=SPEND.upper()),  # the register has it already
        "mode": _kind(org, mode="vote"),
        "reason": _kind(org, reason=" "),
        "person_id": _kind(org, person_id=org["people"]["outsider"].pk),  # not in the pilot
    }
    for field, data in cases.items():
        response = _post(lead, url, data)
        assert response.status_code == 422, field
        assert [e["field"] for e in response.json()["errors"]] == [field]
    assert (DecisionKind.objects.count(), DecisionRight.objects.count()) == counts


def test_a_right_names_only_someone_in_the_pilot_as_on_the_page(
    client_for, groups, register, org
) -> None:
    from workshift.leadership.models import DecisionRight

    spend = kind(register, SPEND)
    response = client_for("lead").put(
        f"/api/workgroups/{groups['a'].pk}/rights/{spend.pk}",
        json.dumps({"mode": "consult", "person_id": org["people"]["outsider"].pk, "reason": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "person_id"
    assert not DecisionRight.objects.filter(workgroup=groups["a"]).exists()
