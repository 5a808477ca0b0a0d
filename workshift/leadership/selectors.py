"""Reads that several leadership pages (and the dashboard, the report and the home page) share."""

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
from workshift.engine.playbook import Progress, StepSpec, StepState, playbook_progress
from workshift.engine.surge import (
    WEEK_HOURS,
    SurgeInfeasible,
    SurgePerson,
    SurgePlan,
    surge_rebalance,
    surge_split,
)
from workshift.leadership.checks import pilot_facts
from workshift.leadership.links import link_url
from workshift.leadership.models import Decision, DecisionKind, DecisionRight, PlaybookStep, Surge
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import Pilot, PilotRole

# ------------------------------------------------------------------ playbooks

ROLE_FOR_PILOT_ROLE = {
    "administrator": PilotRole.LEAD,
    PilotRole.LEAD: PilotRole.LEAD,
    PilotRole.CHAMPION: PilotRole.CHAMPION,
    PilotRole.COACH: PilotRole.COACH,
    PilotRole.MEMBER: PilotRole.MEMBER,
    PilotRole.MANAGER: PilotRole.MANAGER,
}


@dataclass
class StepRow:
    step: PlaybookStep
    state: StepState
    url: str

    @property
    def check_label(self) -> str:
        from workshift.leadership.checks import CHECKS

        check = CHECKS.get(self.step.done_when)
        return check.label if check else ""


@dataclass
class PlaybookView:
    role: str
    version: Any
    progress: Progress
    rows: list[StepRow]

    @property
    def role_label(self) -> str:
        from workshift.leadership.models import PlaybookRole

        return str(dict(PlaybookRole.choices).get(self.role, self.role)).lower()

    @property
    def next_row(self) -> StepRow | None:
        return next((r for r in self.rows if not r.state.done), None)

    def stages(self) -> list[tuple[str, str, list[StepRow]]]:
        from workshift.leadership.models import Stage

        return [
            (value, label, [r for r in self.rows if r.step.stage == value])
            for value, label in Stage.choices
        ]


def viewer_workgroup_id(*, user: Any, pilot: Pilot) -> int | None:
    """The viewer's own workgroup in the pilot: one they coach or belong to, else the pilot's first."""
    workgroups = Workgroup.objects.filter(pilot=pilot).order_by("name", "pk")
    if user is None:  # an export from the command line: the pilot's first workgroup
        return workgroups.values_list("pk", flat=True).first()
    person_id = getattr(user, "person_id", None)
    if person_id:
        own = workgroups.filter(Q(coach_id=person_id) | Q(memberships__person_id=person_id))
        found = own.values_list("pk", flat=True).first()
        if found:
            return found
    from workshift.pilots.access import can_edit_pilot

    if can_edit_pilot(user=user, pilot=pilot):
        return workgroups.values_list("pk", flat=True).first()
    return None


def playbook_view(*, pilot: Pilot, role: str, user: Any) -> PlaybookView:
    """One role's playbook in the pilot, each step with its state and the link to its page."""
    from workshift.leadership.services import pilot_playbook_pin

    pinned = pilot_playbook_pin(pilot=pilot)
    steps = list(pinned.playbook.steps.filter(role=role, retired=False))
    ticked = set(pilot.step_ticks.values_list("key", flat=True))
    facts = pilot_facts(pilot=pilot, keys=[s.done_when for s in steps if s.done_when])
    specs = {
        s.key: StepSpec(
            key=s.key,
            role=s.role,
            stage=s.stage,
            position=s.position,
            title=s.title,
            check=s.done_when,
        )
        for s in steps
    }
    progress = playbook_progress(steps=list(specs.values()), facts=facts, ticked=ticked)
    by_key = {s.key: s for s in steps}
    workgroup_id = viewer_workgroup_id(user=user, pilot=pilot)
    rows = [
        StepRow(
            step=by_key[state.spec.key],
            state=state,
            url=link_url(
                key=by_key[state.spec.key].link, pilot_id=pilot.pk, workgroup_id=workgroup_id
            ),
        )
        for state in progress.steps
    ]
    return PlaybookView(role=role, version=pinned.playbook, progress=progress, rows=rows)


def viewer_playbook_role(*, user: Any, pilot: Pilot) -> str | None:
    from workshift.pilots.access import pilot_role

    role = pilot_role(user=user, pilot=pilot)
    return ROLE_FOR_PILOT_ROLE.get(role) if role else None


@dataclass
class NextStep:
    pilot: Pilot
    view: PlaybookView
    row: StepRow | None


def next_steps_for_user(*, user: Any) -> list[NextStep]:
    """For each pilot the user takes part in (closed ones aside), their next playbook step."""
    from workshift.pilots.selectors import pilots_visible_to

    found = []
    for pilot in pilots_visible_to(user=user).exclude(status=Pilot.Status.CLOSED)[:10]:
        role = viewer_playbook_role(user=user, pilot=pilot)
        if role is None:
            continue
        view = playbook_view(pilot=pilot, role=role, user=user)
        found.append(NextStep(pilot=pilot, view=view, row=view.next_row))
    return found


# ------------------------------------------------------------ decision rights


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
        .select_related("person", "changed_by")
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


# ------------------------------------------------------------------ surges

DEFAULT_LOAD_PERCENT = 85.0  # someone outside the capacity plan: the usual load before a pilot


@dataclass
class SurgePreview:
    surge: Surge
    people: list[SurgePerson]
    plan: SurgePlan | None
    error: SurgeInfeasible | None
    names: dict[int, str]

    def rows(self) -> list[dict[str, Any]]:
        """Per person touched by the surge: load without it, with the naive split, after the plan."""
        if self.plan is None:
            naive = surge_split(
                people=self.people, extra=self.surge.extra_hours, skill=self.surge.skill or None
            )
            final: dict[Any, float] = {}
            touched = {p.key for p in self.people if p.in_scope}
        else:
            naive, final = self.plan.naive, self.plan.final
            touched = set(naive) | set(final)
        result: list[dict[str, Any]] = []
        for p in self.people:
            if p.key not in touched:
                continue
            result.append(
                {
                    "name": p.name,
                    "before": round(p.percent(0)),
                    "naive": round(p.percent(naive.get(p.key, 0.0))),
                    "after": round(p.percent(final.get(p.key, 0.0))) if self.plan else None,
                    "naive_hours": naive.get(p.key, 0.0),
                    "final_hours": final.get(p.key, 0.0),
                    "protected": p.protected,
                    "over": p.percent(naive.get(p.key, 0.0)) > 100.0 + 1e-9,
                }
            )
        result.sort(key=lambda r: (-r["naive"], r["name"]))
        return result


def _unit_ids(unit: OrgUnit) -> set[int]:
    ids, frontier = {unit.pk}, [unit.pk]
    while frontier:
        frontier = list(OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.update(frontier)
    return ids


def surge_people(*, surge: Surge) -> list[SurgePerson]:
    """Everyone the surge could land on: its unit or workgroup, the pilot's entry point, the receivers.

    Loads come from the capacity plan: a participant's freed share is protected,
    a receiver carries their load after taking tasks over, anyone else the usual
    85%. Exceptions recorded on the surge open some freed time.
    """
    from workshift.conditions.models import WorkgroupMember
    from workshift.conditions.selectors import capacity_overview

    pilot = surge.pilot
    overview = capacity_overview(pilot=pilot)
    freed = {r.person.pk: r.freed for r in overview.participants}
    loads = {r.person.pk: r.load for r in overview.receivers}
    allowed = {e.person_id: e.hours for e in surge.exceptions.all()}
    if surge.workgroup_id:
        scope = set(
            WorkgroupMember.objects.filter(workgroup_id=surge.workgroup_id).values_list(
                "person_id", flat=True
            )
        )
    else:
        assert surge.unit is not None
        scope = set(
            Person.objects.filter(active=True, unit_id__in=_unit_ids(surge.unit)).values_list(
                "pk", flat=True
            )
        )
    pool = set(scope) | set(freed) | set(loads)
    if pilot.entry_unit_id:
        pool |= set(
            Person.objects.filter(
                active=True,
                unit_id__in=_unit_ids(pilot.entry_unit),  # type: ignore[arg-type]
            ).values_list("pk", flat=True)
        )
    people = []
    for person in Person.objects.filter(pk__in=pool, active=True).order_by("last_name", "pk"):
        if person.pk in freed:
            share = max(0.0, min(100.0, freed[person.pk]))
            committed, protected = WEEK_HOURS * (100 - share) / 100, WEEK_HOURS * share / 100
        else:
            load = loads.get(person.pk, DEFAULT_LOAD_PERCENT)
            committed, protected = WEEK_HOURS * load / 100, 0.0
        people.append(
            SurgePerson(
                key=person.pk,
                name=person.full_name,
                committed=committed,
                protected=protected,
                allowed=allowed.get(person.pk, 0.0),
                skills=frozenset(str(s) for s in (person.skills or [])),
                in_scope=person.pk in scope,
            )
        )
    return people


def surge_preview(*, surge: Surge) -> SurgePreview:
    """Who would go over 100% before the surge starts, and a rebalancing (or the shortfall)."""
    people = surge_people(surge=surge)
    names = {int(p.key): p.name for p in people}  # type: ignore[call-overload]
    try:
        plan = surge_rebalance(people=people, extra=surge.extra_hours, skill=surge.skill or None)
        return SurgePreview(surge=surge, people=people, plan=plan, error=None, names=names)
    except SurgeInfeasible as error:
        return SurgePreview(surge=surge, people=people, plan=None, error=error, names=names)


def surges_for(*, pilot: Pilot) -> QuerySet[Surge]:
    return pilot.surges.select_related("unit", "workgroup", "created_by")
