"""Erasing a person over the API: an administrator's act, confirmed with the employee id, as on
the person's erase page (what erasing removes is pinned in tests/insights/test_personal_data.py)."""

from __future__ import annotations

import json
from typing import Any


def _erase(client: Any, pk: int, confirm: Any) -> Any:
    return client.post(
        f"/api/people/{pk}/erase", json.dumps({"confirm": confirm}), content_type="application/json"
    )


def test_an_administrator_erases_a_person_after_confirming_their_employee_id(
    client_for: Any, org: dict[str, Any], users: dict[str, Any]
) -> None:
    from workshift.core.models import AuditEntry

    person = org["people"]["member"]
    response = _erase(client_for("administrator"), person.pk, person.employee_id)
    assert response.status_code == 200
    assert response.json()["person_id"] == person.pk
    assert all(isinstance(n, int) and n > 0 for n in response.json()["changed"].values())
    person.refresh_from_db()
    assert (person.first_name, person.active) == ("Erased", False)
    users["member"].refresh_from_db()
    assert not users["member"].is_active
    assert AuditEntry.objects.filter(
        action="erase", object_id=str(person.pk), actor__username="alice"
    ).exists()


def test_no_one_but_an_administrator_erases_a_person(
    client_for: Any, org: dict[str, Any], users: dict[str, Any]
) -> None:
    from workshift.people.models import Person

    person = org["people"]["member"]
    for role in ("lead", "champion", "manager", "member", "outsider"):
        refused = _erase(client_for(role), person.pk, person.employee_id)
        assert refused.status_code == 403, role
        assert refused.json()["code"] == "forbidden"
    assert _erase(client_for("anonymous"), person.pk, person.employee_id).status_code == 401
    assert Person.objects.get(pk=person.pk).first_name == person.first_name
    missing = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert _erase(client_for("administrator"), missing, "x").status_code == 404


def test_a_wrong_confirmation_names_the_field_and_erases_nothing(
    client_for: Any, org: dict[str, Any], users: dict[str, Any]
) -> None:
    from workshift.core.models import AuditEntry
    from workshift.people.models import Person

    person = org["people"]["member"]
    admin = client_for("administrator")
    wrong = _erase(admin, person.pk, "nope")
    assert wrong.status_code == 422 and wrong.json()["code"] == "invalid"
    assert wrong.json()["errors"] == [
        {"field": "confirm", "message": f"Type the employee id {person.employee_id} to confirm."}
    ]
    missing = admin.post(f"/api/people/{person.pk}/erase", "{}", content_type="application/json")
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "confirm"
    assert Person.objects.get(pk=person.pk).first_name == person.first_name
    assert not AuditEntry.objects.filter(action="erase").exists()
