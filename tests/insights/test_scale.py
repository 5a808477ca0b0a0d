"""Scale next: remaining entry points re-ranked with what the pilot learned; opportunities that could seed groups."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from workshift.insights.selectors.scale_next import scale_next

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidates(pilot, org):
    from workshift.people.models import OrgUnit
    from workshift.pilots.models import EntryCandidate

    steady = OrgUnit.objects.create(code="OPS", name="Operations", parent=org["units"]["HQ"])
    # "Finance": weak leadership support; "Operations": strong leadership support, otherwise weaker
    fin = EntryCandidate.objects.create(
        pilot=pilot,
        unit=org["units"]["FIN"],
        pool_size=80,
        freeable_capacity_pct=80,
        leadership_support=2,
        supervisors_motivated=5,
        position="core",
    )
    ops = EntryCandidate.objects.create(
        pilot=pilot,
        unit=steady,
        pool_size=80,
        freeable_capacity_pct=80,
        leadership_support=5,
        supervisors_motivated=1,
        position="core",
    )
    return {"fin": fin, "ops": ops}


def test_management_obstacles_move_the_supportive_unit_up(pilot, crew, candidates, users):
    from workshift.impact.models import Obstacle

    before = [c.candidate.unit.code for c in scale_next(pilot=pilot).candidates]
    for i in range(3):
        Obstacle.objects.create(
            workgroup=crew["north"],
            title=f"Manager pulls people back {i}",
            kind="management",
            due_date=dt.date.today(),
            raised_by=users["member"],
        )
    plan = scale_next(pilot=pilot)
    assert any("supportive leadership now counts" in lesson for lesson in plan.lessons)
    after = [c.candidate.unit.code for c in plan.candidates]
    assert before == ["FIN", "OPS"] and after == ["OPS", "FIN"]
    assert plan.candidates[0].before_rank == 2


def test_high_value_opportunities_not_yet_in_a_slice_seed_new_workgroups(
    pilot, crew, candidates, users
):
    from workshift.impact.models import Opportunity

    Opportunity.objects.create(
        workgroup=crew["north"],
        title="Hardship plans for gig workers",
        value=5,
        status="evaluated",
        raised_by=users["member"],
    )
    Opportunity.objects.create(
        workgroup=crew["north"], title="Minor wording", value=2, status="evaluated"
    )
    Opportunity.objects.create(
        workgroup=crew["north"], title="Already acted on", value=5, status="in_slice"
    )
    assert [o.title for o in scale_next(pilot=pilot).seeds] == ["Hardship plans for gig workers"]


def test_the_scale_page_shows_the_ranking_with_reasons(pilot, candidates, client_for):
    page = client_for("champion").get(reverse("insights:scale", args=[pilot.pk])).content.decode()
    assert "Operations" in page and "Finance" in page and "raises" in page
