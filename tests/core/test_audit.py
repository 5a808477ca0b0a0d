"""The audit log records who changed what, field by field."""

from __future__ import annotations

from typing import Any

import pytest

from workshift.core.audit import acting_as
from workshift.core.models import AuditEntry
from workshift.people.models import OrgUnit

pytestmark = pytest.mark.django_db


def _entries(unit: OrgUnit) -> Any:
    return AuditEntry.objects.filter(model="people.OrgUnit", object_id=str(unit.pk)).order_by("id")


def test_creating_a_record_logs_its_filled_fields_and_the_actor(users: dict[str, Any]) -> None:
    # when the lead creates a unit
    with acting_as(users["lead"]):
        unit = OrgUnit.objects.create(code="OPS", name="Operations")
    # then one create entry names the lead and the filled fields, from nothing
    (entry,) = _entries(unit)
    assert entry.action == "create"
    assert entry.actor == users["lead"]
    assert entry.changes["code"] == [None, "OPS"]
    assert entry.changes["name"] == [None, "Operations"]
    assert "parent_id" not in entry.changes  # empty fields are left out


def test_an_update_logs_only_the_changed_fields_with_before_and_after(
    users: dict[str, Any],
) -> None:
    # given a unit
    unit = OrgUnit.objects.create(code="OPS", name="Operations")
    unit = OrgUnit.objects.get(pk=unit.pk)
    # when an administrator renames it
    with acting_as(users["administrator"]):
        unit.name = "Operations and Service"
        unit.save()
    # then the update holds the one changed field, before and after
    entry = _entries(unit).last()
    assert entry.action == "update"
    assert entry.actor == users["administrator"]
    assert entry.changes == {"name": ["Operations", "Operations and Service"]}


def test_saving_without_a_change_writes_no_entry() -> None:
    unit = OrgUnit.objects.create(code="OPS", name="Operations")
    unit = OrgUnit.objects.get(pk=unit.pk)
    before = _entries(unit).count()
    unit.save()
    assert _entries(unit).count() == before


def test_a_delete_is_logged_without_an_actor_outside_a_request() -> None:
    unit = OrgUnit.objects.create(code="OPS", name="Operations")
    pk = unit.pk
    unit.delete()
    entry = (
        AuditEntry.objects.filter(model="people.OrgUnit", object_id=str(pk)).order_by("id").last()
    )
    assert entry.action == "delete"
    assert entry.actor is None
    assert entry.object_repr
