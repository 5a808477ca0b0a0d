"""What the dashboard, the workload view and the report show from the leadership app."""

from __future__ import annotations

from typing import Any

from workshift.pilots.models import Pilot


def surge_context(*, user: Any, pilot: Pilot) -> dict[str, Any]:
    """Planned surges for the workload view, each with who it would overload before it starts."""
    from workshift.leadership.access import may_change_rights, may_see_workload
    from workshift.leadership.selectors import surge_preview, surges_for

    if not may_see_workload(user=user, pilot=pilot):
        return {}
    return {
        "surges": [surge_preview(surge=s) for s in surges_for(pilot=pilot)],
        "may_plan_surge": may_change_rights(user=user, pilot=pilot),
    }


def power_shift_context(*, pilot: Pilot, workgroups: Any = None) -> dict[str, Any]:
    """The power-shift chart (the pilot and each of `workgroups`, default all) and the decision
    rights handed down, from the leadership app."""
    from workshift.leadership.charts import power_shift_svg
    from workshift.leadership.selectors import milestones, power_shift

    shift = power_shift(pilot=pilot, workgroups=workgroups)
    total = sum(w.total for w in shift.weeks)
    return {
        "power_shift_svg": power_shift_svg(shift=shift),
        "power_shift": {
            "total": total,
            "percent": round(100 * shift.overall) if shift.overall is not None else 0,
        },
        "decision_milestones": milestones(pilot=pilot),
    }
