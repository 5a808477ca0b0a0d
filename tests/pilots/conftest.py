"""Recognize-phase records on the shared test pilot."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def recognized(pilot: Any, org: dict[str, Any]) -> dict[str, Any]:
    """The shared pilot with a catalyst, a champion, two candidates and a three-level metrics tree."""
    from workshift.pilots.models import CatalystAssessment, Champion, EntryCandidate, Metric

    catalyst = CatalystAssessment.objects.create(
        pilot=pilot,
        kind="automation_capacity",
        description="The dialer frees capacity.",
        must_break=True,
        urgent=True,
        beyond_optimization=True,
        capacity=True,
        must_break_note="SECRET-NOTE-A",
    )
    champion = Champion.objects.create(
        pilot=pilot,
        person=org["people"]["champion"],
        is_c_level=True,
        commit_note="SECRET-COMMIT",
        vision="Frontline specialists get time to learn.",
        vision_frontline_gain=True,
    )
    col = EntryCandidate.objects.create(
        pilot=pilot,
        unit=org["units"]["CC-COL"],
        supervisors_motivated=5,
        freeable_capacity_pct=80,
        pool_size=40,
        notes="SECRET-RATING",
    )
    fin = EntryCandidate.objects.create(
        pilot=pilot,
        unit=org["units"]["FIN"],
        unit_type="function",
        freeable_capacity_pct=50,
        pool_size=10,
        in_champion_influence=False,
    )
    business = Metric.objects.create(
        pilot=pilot,
        level="business",
        name="Revenue from existing customers",
        unit="EUR",
        direction="up",
        cadence="monthly",
    )
    operating = Metric.objects.create(
        pilot=pilot,
        parent=business,
        level="operating",
        name="Retention after collection",
        unit="%",
        direction="up",
        cadence="monthly",
    )
    frontline = Metric.objects.create(
        pilot=pilot,
        parent=operating,
        level="frontline",
        name="Promise-to-pay kept rate",
        unit="%",
        direction="up",
        cadence="weekly",
    )
    return {
        "pilot": pilot,
        "catalyst": catalyst,
        "champion": champion,
        "col": col,
        "fin": fin,
        "business": business,
        "operating": operating,
        "frontline": frontline,
    }
