"""Decision-right reads: rights in force, their history, milestones and the power shift."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from workshift.conditions.models import Workgroup
from workshift.engine.decisions import (
    DecisionEvent,
    RightChange,
    WeekShare,
    frontline_share,
    handed_down,
    overall_share,
)
from workshift.leadership.models import Decision, DecisionKind, DecisionRight
from workshift.pilots.models import Pilot


def right_in_force(*, kind: DecisionKind, workgroup: Workgroup | None) -> DecisionRight | None:
    """The workgroup's own current right for the kind, else the pilot-wide one."""
    rights = DecisionRight.objects.filter(kind=kind, current=True).select_related(
        "person", "changed_by"
    )
    if workgroup is not None:
        own = rights.filter(workgroup=workgroup).first()
        if own is not None:
            return own
    return rights.filter(workgroup__isnull=True).first()


@dataclass
class RegisterRow:
    kind: DecisionKind
    right: DecisionRight | None
    inherited: bool
    holder: str


def _holder(right: DecisionRight | None, workgroup: Workgroup | None) -> str:
    if right is None:
        return "not set"
    if right.mode in ("consult", "propose"):
        who = right.person or (workgroup.coach if workgroup is not None else None)
        return str(who) if who else "the workgroup's coach"
    return ""


def register_rows(*, pilot: Pilot, workgroup: Workgroup | None = None) -> list[RegisterRow]:
    """Every kind of decision with the right in force (for the pilot, or one workgroup)."""
    kinds = list(pilot.decision_kinds.all())
    current = list(
        DecisionRight.objects.filter(pilot=pilot, current=True)
        .filter(Q(workgroup__isnull=True) | Q(workgroup=workgroup))
        .select_related("kind", "person", "changed_by")
    )
    pilot_wide = {r.kind_id: r for r in current if r.workgroup_id is None}
    own = {r.kind_id: r for r in current if r.workgroup_id is not None}
    rows = []
    for kind in kinds:
        right = own.get(kind.pk) or pilot_wide.get(kind.pk)
        rows.append(
            RegisterRow(
                kind=kind,
                right=right,
                inherited=workgroup is not None and kind.pk not in own,
                holder=_holder(right, workgroup),
            )
        )
    return rows


def right_history(*, kind: DecisionKind, workgroup: Workgroup | None) -> QuerySet[DecisionRight]:
    """Every version of the right, newest first, with who changed it (and why, in `reason`)."""
    return (
        DecisionRight.objects.filter(kind=kind, workgroup=workgroup)
        .select_related("person", "changed_by")
        .order_by("-number")
    )


@dataclass
class Milestone:
    on: dt.date
    right: DecisionRight
    before: str
    after: str

    @property
    def text(self) -> str:
        where = self.right.workgroup or "every workgroup"
        who = self.right.changed_by
        by = f", by {who.get_full_name() or who.username}" if who else ""
        return (
            f"{self.right.kind} for {where}: from “{self.before}” to “{self.after}”"
            f"{by} ({self.right.reason})"
        )


def milestones(*, pilot: Pilot) -> list[Milestone]:
    """Rights handed down during the pilot (moved toward deciding alone), oldest first."""
    from workshift.leadership.models import Mode

    versions = list(
        DecisionRight.objects.filter(pilot=pilot)
        .select_related("kind", "workgroup", "changed_by")
        .order_by("created_at", "number", "pk")
    )
    labels = dict(Mode.choices)
    chains: dict[tuple[int, int | None], list[DecisionRight]] = {}
    for right in versions:
        chains.setdefault((right.kind_id, right.workgroup_id), []).append(right)
    changes: list[RightChange] = []
    by_id: dict[int, tuple[DecisionRight, str]] = {}
    for (kind_id, workgroup_id), chain in chains.items():
        chain.sort(key=lambda r: r.number)
        pilot_wide = sorted(
            chains.get((kind_id, None), []) if workgroup_id is not None else [],
            key=lambda r: (r.created_at, r.number),
        )
        for index, right in enumerate(chain):
            if index:
                before: DecisionRight | None = chain[index - 1]
            else:  # a workgroup's first own version replaces the pilot-wide right then in force
                earlier = [p for p in pilot_wide if p.created_at <= right.created_at]
                before = earlier[-1] if earlier else (pilot_wide[0] if pilot_wide else None)
            if before is None:
                continue
            changes.append(
                RightChange(
                    right=right.pk, on=right.created_at.date(), before=before.mode, after=right.mode
                )
            )
            by_id[right.pk] = (right, before.mode)
    return [
        Milestone(
            on=c.on, right=by_id[c.right][0], before=labels[c.before or ""], after=labels[c.after]
        )
        for c in handed_down(changes=changes)
        if isinstance(c.right, int)
    ]


def decisions_for(*, workgroup: Workgroup) -> QuerySet[Decision]:
    return Decision.objects.filter(workgroup=workgroup).select_related(
        "kind", "right", "right__person", "decided_by", "metric"
    )


@dataclass
class PowerShift:
    weeks: list[WeekShare]
    overall: float | None
    by_workgroup: list[tuple[Workgroup, list[WeekShare], float | None]] = field(
        default_factory=list
    )


def power_shift(*, pilot: Pilot, workgroups: Any = None) -> PowerShift:
    """The weekly frontline share of the pilot's logged decisions, and of each workgroup."""
    rows = list(
        Decision.objects.filter(workgroup__pilot=pilot).values_list(
            "decided_on", "taken_as", "workgroup_id"
        )
    )
    events = [DecisionEvent(on=on, mode=mode, group=wg) for on, mode, wg in rows]
    if not events:
        return PowerShift(weeks=[], overall=None)
    start, end = min(e.on for e in events), max(e.on for e in events)
    groups = list(workgroups if workgroups is not None else pilot.workgroups.all())
    return PowerShift(
        weeks=frontline_share(decisions=events, start=start, end=end),
        overall=overall_share(decisions=events),
        by_workgroup=[
            (
                wg,
                frontline_share(
                    decisions=[e for e in events if e.group == wg.pk], start=start, end=end
                ),
                overall_share(decisions=[e for e in events if e.group == wg.pk]),
            )
            for wg in groups
        ],
    )
