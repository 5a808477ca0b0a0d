"""Fixtures of the leadership tests: the impact workgroups (A with cora and max, B without) and a
rights register seeded from the pilot's guardrails."""

from __future__ import annotations

from typing import Any

import pytest

from tests.impact.conftest import groups, metrics  # noqa: F401  (fixtures)


@pytest.fixture
def register(pilot: Any, groups: Any, users: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """Guardrails (may: repayment dates; may not: legal action) and the register they seed."""
    from workshift.conditions.models import Expectations
    from workshift.leadership.services import rights_register_seed

    Expectations.objects.create(
        pilot=pilot,
        new_expectations="Find new value for customers who fall behind.",
        may=["repayment dates"],
        may_not=["legal action"],
    )
    rights = rights_register_seed(pilot=pilot, user=users["lead"])
    kinds = {r.kind.name: r.kind for r in rights}
    return {"rights": rights, "kinds": kinds}


def kind(register: dict[str, Any], name: str) -> Any:
    return register["kinds"][name]


@pytest.fixture
def freed(pilot: Any, groups: Any, org: dict[str, Any]) -> Any:  # noqa: F811
    """Max and two colleagues in group A have 75% of their time freed (tasks handed off)."""
    from workshift.conditions.models import CapacityParticipant, CapacityTask

    for person in (org["people"]["member"], *org["colleagues"][:2]):
        participant = CapacityParticipant.objects.create(pilot=pilot, person=person)
        CapacityTask.objects.create(
            participant=participant, name="Reminder calls", share=75, method="build"
        )
    return groups
