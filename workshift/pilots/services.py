"""Pilot services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workshift.pilots.models import Pilot

# Later phases register checks that a status change must pass (dependencies point one way:
# the conditions app registers "every participant has 75% freed capacity" for "running").
# A guard returns a list of plain-words reasons that block the change (empty list: allowed).
StatusGuard = Callable[[Pilot, str], list[str]]
STATUS_GUARDS: list[StatusGuard] = []


def register_status_guard(guard: StatusGuard) -> StatusGuard:
    if guard not in STATUS_GUARDS:
        STATUS_GUARDS.append(guard)
    return guard


def pilot_status_blockers(*, pilot: Pilot, status: str) -> list[str]:
    """Why the pilot cannot move to `status` now (empty when it can)."""
    reasons: list[str] = []
    for guard in STATUS_GUARDS:
        reasons.extend(guard(pilot, status))
    return reasons


class StatusChangeBlocked(Exception):
    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


def pilot_set_status(*, pilot: Pilot, status: str, user: Any = None) -> Pilot:
    if status not in Pilot.Status.values:
        raise ValueError(f"Unknown status {status!r}")
    reasons = pilot_status_blockers(pilot=pilot, status=status)
    if reasons:
        raise StatusChangeBlocked(reasons)
    pilot.status = status
    pilot.save()
    return pilot
