"""The demo pilot shows scalable leadership at work."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_pilot_shows_playbooks_rights_decisions_and_a_surge() -> None:
    from workshift.demo import demo_load
    from workshift.engine.playbook import ROLES
    from workshift.impact.models import Notification
    from workshift.leadership.models import Decision, DecisionRight, Surge
    from workshift.leadership.selectors import milestones, playbook_view, power_shift, surge_preview

    ctx = demo_load(seed=2026, today=dt.date(2026, 12, 3))
    pilot = ctx.data["pilot"]
    # a playbook half done, across its roles
    views = [playbook_view(pilot=pilot, role=role, user=None) for role in ROLES]
    done = sum(v.progress.done for v in views)
    total = sum(v.progress.total for v in views)
    assert 0.4 <= done / total <= 0.65, f"{done} of {total}"
    assert all(v.next_row is not None for v in views if v.role in ("lead", "coach"))
    # a rights register, with rights handed down as milestones
    assert (
        DecisionRight.objects.filter(pilot=pilot, workgroup__isnull=True, current=True).count() >= 4
    )
    assert len(milestones(pilot=pilot)) == 2
    # twenty logged decisions whose frontline share rises over six weeks
    assert Decision.objects.filter(workgroup__pilot=pilot).count() == 20
    shares = [w.share for w in power_shift(pilot=pilot).weeks]
    assert len(shares) == 6 and all(s is not None for s in shares)
    assert all(a < b for a, b in zip(shares, shares[1:], strict=False)), shares
    # one decision outside its right, flagged to the coach
    outside = Decision.objects.filter(workgroup__pilot=pilot, outside_right=True)
    assert outside.count() == 1
    assert Notification.objects.filter(kind="decision").exists()
    # one planned surge that a rebalancing can absorb
    surge = Surge.objects.get(pilot=pilot)
    assert surge.starts_on > dt.date(2026, 12, 3)
    preview = surge_preview(surge=surge)
    assert preview.plan is not None and preview.plan.over_naive and preview.plan.moves
