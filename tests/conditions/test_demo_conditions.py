"""The demo's Create phase is what later phases and the tour rely on."""

from __future__ import annotations

import datetime as dt

import pytest

from workshift.conditions import selectors
from workshift.conditions.models import Application, Cell, CellMember, Community, WorkgroupMember


@pytest.mark.django_db
def test_the_demo_prepares_capacity_volunteers_workgroups_and_cells() -> None:
    from workshift.demo import demo_load

    ctx = demo_load(seed=2026, today=dt.date(2026, 11, 23))
    pilot, cast = ctx.data["pilot"], ctx.data["cast"]
    # capacity: most participants freed at least 75%, one receiver flagged above 100%
    overview = selectors.capacity_overview(pilot=pilot)
    assert len(overview.participants) == 24 and len(overview.below) <= 2
    assert all(r.exception for r in overview.below)
    assert len(overview.overloaded) == 1
    # a closed call with about 40 applications, 24 selected
    call = ctx.data["volunteer_call"]
    assert call.deadline < ctx.today and call.applications.count() == 40
    assert call.applications.filter(status=Application.Status.SELECTED).count() == 24
    # 4 workgroups of 6; the demo coach coaches the demo member's group
    workgroups = ctx.data["workgroups"]
    assert [wg.memberships.count() for wg in workgroups] == [6, 6, 6, 6]
    assert workgroups[0].coach == cast["coach"]
    assert WorkgroupMember.objects.filter(workgroup=workgroups[0], person=cast["member"]).exists()
    # 3 cells holding everyone, two of each workgroup per cell
    assert len(ctx.data["cells"]) == 3 == Cell.objects.filter(pilot=pilot).count()
    assert CellMember.objects.filter(cell__pilot=pilot).count() == 24
    wg_of = dict(
        WorkgroupMember.objects.filter(workgroup__pilot=pilot).values_list(
            "person_id", "workgroup_id"
        )
    )
    for cell in ctx.data["cells"]:
        per = [wg_of[p] for p in cell.memberships.values_list("person_id", flat=True)]
        assert max(per.count(w) for w in set(per)) == 2
    # expectations partly acknowledged, one community
    assert 0 < ctx.data["expectations"].acknowledgements.count() < 24
    assert Community.objects.filter(pilot=pilot).count() == 1
    # and the pilot may run: nobody is left below 75% without an exception
    from workshift.pilots.services import pilot_status_blockers

    assert pilot_status_blockers(pilot=pilot, status="running") == []
