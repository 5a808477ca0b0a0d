"""Create the conditions: services that change records (each one transaction).

The grouping engine is called from exactly one place, `_engine_form` (plus the
baseline and rescoring helpers next to it).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from workshift.conditions.models import (
    FREED_TARGET_PERCENT,
    Acknowledgement,
    Application,
    CapacityParticipant,
    CapacityReceiver,
    CapacityTask,
    Cell,
    CellMember,
    Expectations,
    Formation,
    FormationKind,
    FormationRun,
    VolunteerCall,
    Workgroup,
    WorkgroupMember,
)
from workshift.core.concurrency import save_versioned
from workshift.engine.grouping import (
    Attribute,
    Constraints,
    GroupBounds,
    InfeasibleGrouping,
    explain_groups,
    form_groups,
    random_assignment,
    score_assignment,
)
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import Pilot

RANDOM_SPLITS = 100
SIZE_LIMITS: dict[str, tuple[int, int]] = {
    FormationKind.WORKGROUPS: (3, 15),
    FormationKind.CELLS: (5, 15),
}


# ---------------------------------------------------------------------------
# Freed capacity
# ---------------------------------------------------------------------------


def capacity_participant_add(*, pilot: Pilot, person: Person) -> CapacityParticipant:
    participant, _ = CapacityParticipant.objects.get_or_create(pilot=pilot, person=person)
    return participant


@transaction.atomic
def capacity_task_add(
    *,
    participant: CapacityParticipant,
    name: str,
    share: int,
    method: str,
    receiver: Person | None = None,
    note: str = "",
) -> CapacityTask:
    """Record a handed-off task; a new receiver gets a load row with the default baseline."""
    if receiver is not None:
        CapacityReceiver.objects.get_or_create(pilot=participant.pilot, person=receiver)
    return CapacityTask.objects.create(
        participant=participant, name=name, share=share, method=method, receiver=receiver, note=note
    )


def capacity_receiver_set(*, pilot: Pilot, person: Person, baseline_load: int) -> CapacityReceiver:
    receiver, _ = CapacityReceiver.objects.get_or_create(pilot=pilot, person=person)
    receiver.baseline_load = baseline_load
    receiver.save()
    return receiver


def capacity_exception_record(
    *, participant: CapacityParticipant, reason: str, user: Any
) -> CapacityParticipant:
    """Let a participant start below 75% freed; the reason is shown to everyone in the pilot."""
    participant.exception_reason = reason.strip()
    participant.exception_by = user if reason.strip() else None
    participant.exception_at = timezone.now() if reason.strip() else None
    participant.save()
    return participant


def capacity_status_guard(pilot: Pilot, status: str) -> list[str]:
    """Registered with the pilots app: a pilot runs only when every participant has 75% freed (or an exception)."""
    if status != Pilot.Status.RUNNING:
        return []
    from workshift.conditions.selectors import capacity_overview

    overview = capacity_overview(pilot=pilot)
    blocked = [
        row.person.full_name
        for row in overview.participants
        if row.below_target and not row.exception
    ]
    if not blocked:
        return []
    names = ", ".join(blocked[:5]) + (f" and {len(blocked) - 5} more" if len(blocked) > 5 else "")
    return [
        f"{len(blocked)} participant(s) have less than {FREED_TARGET_PERCENT}% of their time freed ({names}). "
        "Free more of their time in the capacity plan, or record an exception for each."
    ]


# ---------------------------------------------------------------------------
# Volunteer call
# ---------------------------------------------------------------------------


def volunteer_call_create(
    *,
    pilot: Pilot,
    title: str,
    message: str,
    places: int,
    deadline: dt.date,
    ask_attributes: Sequence[str] = (),
) -> VolunteerCall:
    return VolunteerCall.objects.create(
        pilot=pilot,
        title=title,
        message=message,
        places=places,
        deadline=deadline,
        ask_attributes=list(ask_attributes),
        token=secrets.token_urlsafe(24),
    )


def volunteer_call_is_open(*, call: VolunteerCall, today: dt.date | None = None) -> bool:
    return (today or timezone.localdate()) <= call.deadline


class ApplicationRefused(Exception):
    def __init__(self, field: str | None, message: str) -> None:
        self.field = field
        super().__init__(message)


def volunteer_identify(*, call: VolunteerCall, employee_id: str, email: str) -> Person:
    """The applicant: a person of the organization whose employee id and e-mail both match."""
    person = Person.objects.filter(employee_id__iexact=employee_id.strip(), active=True).first()
    if person is None or not person.email or person.email.lower() != email.strip().lower():
        raise ApplicationRefused(
            "employee_id",
            "This employee id and e-mail do not match anyone in the organization. "
            "Check both against your payslip or HR profile.",
        )
    return person


@transaction.atomic
def application_submit(
    *,
    call: VolunteerCall,
    person: Person,
    why: str,
    problem: str,
    availability: str,
    answers: dict[str, str],
) -> Application:
    """Apply (or update an application still under review). Refused after the deadline."""
    if not volunteer_call_is_open(call=call):
        raise ApplicationRefused(None, f"This call closed on {call.deadline:%d %B %Y}.")
    application = Application.objects.filter(call=call, person=person).first()
    if application is not None and application.status != Application.Status.SUBMITTED:
        raise ApplicationRefused(
            None, "Your application has already been decided; it can no longer be changed."
        )
    if application is None:
        application = Application(call=call, person=person)
    application.why, application.problem, application.availability = why, problem, availability
    application.answers = answers
    application.save()
    return application


def application_decide(
    *, application: Application, status: str, reason: str, user: Any
) -> Application:
    if status not in (
        Application.Status.SELECTED,
        Application.Status.NOT_SELECTED,
        Application.Status.SUBMITTED,
    ):
        raise ValueError(f"Unknown status {status!r}")
    application.status = status
    application.decision_reason = reason.strip()
    application.decided_by = user
    application.decided_at = timezone.now()
    application.save()
    return application


# ---------------------------------------------------------------------------
# Formation of workgroups and cells
# ---------------------------------------------------------------------------

BUILTIN_ATTRIBUTES = {
    "skills": "Skills",
    "tenure": "Tenure (years)",
    "unit": "Team",
    "location": "Location",
    "job_title": "Job title",
}


def attribute_choices(*, people: Sequence[Person]) -> list[tuple[str, str]]:
    """The attributes a formation can mix on: people's free attributes plus skills, tenure, team, location."""
    keys: set[str] = set()
    for person in people:
        keys.update(str(k) for k in (person.attributes or {}))
    free = [(k, k.replace("_", " ").capitalize()) for k in sorted(keys)]
    return free + list(BUILTIN_ATTRIBUTES.items())


def _attribute_values(
    *, people: Sequence[Person], key: str, today: dt.date
) -> tuple[str, list[Any]]:
    if key == "skills":
        return "multi", [list(p.skills or []) for p in people]
    if key == "tenure":
        return "numeric", [
            ((today - p.start_date).days / 365.25) if p.start_date else None for p in people
        ]
    if key == "unit":
        return "categorical", [str(p.unit_id) if p.unit_id else None for p in people]
    if key in ("location", "job_title"):
        return "categorical", [getattr(p, key) or None for p in people]
    raw = [(p.attributes or {}).get(key) for p in people]
    known = [v for v in raw if v not in (None, "")]
    if known and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in known):
        return "numeric", [float(v) if v not in (None, "") else None for v in raw]
    if any(isinstance(v, list) or (isinstance(v, str) and ";" in v) for v in known):
        return "multi", [
            (v if isinstance(v, list) else [s.strip() for s in str(v).split(";") if s.strip()])
            if v not in (None, "")
            else None
            for v in raw
        ]
    return "categorical", [str(v) if v not in (None, "") else None for v in raw]


def formation_attributes(
    *, people: Sequence[Person], weights: dict[str, float], today: dt.date | None = None
) -> list[Attribute]:
    today = today or timezone.localdate()
    attributes = []
    for key, weight in sorted(weights.items()):
        if float(weight) <= 0:
            continue
        kind, values = _attribute_values(people=people, key=key, today=today)
        attributes.append(Attribute(name=key, kind=kind, values=values, weight=float(weight)))  # type: ignore[arg-type]
    return attributes


@dataclass
class FormationProblem:
    people: list[Person]
    bounds: list[GroupBounds]
    attributes: list[Attribute]
    constraints: Constraints


def _people_in_order(ids: Sequence[int]) -> list[Person]:
    by_id = Person.objects.select_related("unit").in_bulk(list(ids))
    return [by_id[i] for i in ids if i in by_id]


def formation_problem(*, pilot: Pilot, kind: str, settings: dict[str, Any]) -> FormationProblem:
    """Turn stored settings into the engine's input (people in the stored order)."""
    people = _people_in_order(settings["people"])
    index = {p.pk: i for i, p in enumerate(people)}
    m = int(settings["groups"])
    bounds = [
        GroupBounds(min_size=int(settings["min_size"]), max_size=int(settings["max_size"]))
    ] * m
    attributes = formation_attributes(people=people, weights=settings.get("weights", {}))
    pairs = {
        name: [(index[a], index[b]) for a, b in settings.get(name, []) if a in index and b in index]
        for name in ("together", "apart")
    }
    fixed = {
        index[int(pid)]: int(g)
        for pid, g in settings.get("locked", {}).items()
        if int(pid) in index
    }
    categorical = {a.name for a in attributes if a.kind == "categorical"}
    two_or_none = [k for k in settings.get("two_or_none", []) if k in categorical]
    spread = None
    if kind == FormationKind.CELLS:
        label_of: dict[int, int] = {}
        wg_index = {
            wg: i
            for i, wg in enumerate(
                sorted(
                    {
                        wm.workgroup_id
                        for wm in WorkgroupMember.objects.filter(workgroup__pilot=pilot)
                    }
                )
            )
        }
        for wm in WorkgroupMember.objects.filter(workgroup__pilot=pilot).only(
            "person_id", "workgroup_id"
        ):
            label_of.setdefault(wm.person_id, wg_index[wm.workgroup_id])
        spread = [label_of.get(p.pk, -1) for p in people]
    constraints = Constraints(
        fixed=fixed,
        together=pairs["together"],
        apart=pairs["apart"],
        two_or_none=two_or_none,
        spread=spread,
    )
    return FormationProblem(
        people=people, bounds=bounds, attributes=attributes, constraints=constraints
    )


def formation_check(*, problem: FormationProblem) -> None:
    """Raise the engine's InfeasibleGrouping at once when the settings cannot be met (before queueing)."""
    if not problem.attributes:
        raise InfeasibleGrouping(
            "Give at least one attribute a weight above 0: the groups are mixed on them.",
            constraint="attributes",
            shortfall=1.0,
        )
    random_assignment(
        groups=problem.bounds,
        n=len(problem.people),
        seed=0,
        constraints=problem.constraints,
        attributes=problem.attributes,
    )


def _engine_form(
    *,
    problem: FormationProblem,
    seconds: float,
    seed: int,
    progress: Callable[[float], None] | None,
    max_iterations: int | None = None,
) -> Any:
    """The one call into the grouping engine (with `max_iterations`, the same seed gives the same groups)."""
    return form_groups(
        groups=problem.bounds,
        attributes=problem.attributes,
        constraints=problem.constraints,
        seconds=seconds,
        seed=seed,
        progress=progress,
        max_iterations=max_iterations,
    )


def random_baseline(
    *, problem: FormationProblem, splits: int = RANDOM_SPLITS
) -> tuple[float, float]:
    """Mean and standard deviation of the diversity score over random feasible splits."""
    scores = [
        score_assignment(
            assignment=random_assignment(
                groups=problem.bounds,
                n=len(problem.people),
                seed=seed,
                constraints=problem.constraints,
                attributes=problem.attributes,
            ),
            attributes=problem.attributes,
        )
        for seed in range(splits)
    ]
    return float(np.mean(scores)), float(np.std(scores))


def _mix_text(mix: dict[str, dict[str, float]]) -> dict[str, str]:
    out = {}
    for name, counts in mix.items():
        if "mean" in counts and "known" in counts:
            mean = counts["mean"]
            unit = " years" if name == "tenure" else ""
            out[name] = f"average {mean:.1f}{unit}" if mean == mean else "unknown"
        else:
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
            out[name] = ", ".join(f"{k} {int(v)}" for k, v in top) + (
                " …" if len(counts) > 6 else ""
            )
    return out


def _unit_names(problem: FormationProblem) -> dict[str, str]:
    ids = {p.unit_id for p in problem.people if p.unit_id}
    return {str(k): v for k, v in OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name")}


def formation_explain(
    *, problem: FormationProblem, assignment: Sequence[int]
) -> list[dict[str, Any]]:
    explanation = explain_groups(
        assignment=np.asarray(assignment),
        groups=problem.bounds,
        attributes=problem.attributes,
        constraints=problem.constraints,
    )
    units = _unit_names(problem)
    out = []
    for g in explanation:
        mix = g.mix
        if "unit" in mix:
            mix = {**mix, "unit": {units.get(k, k): v for k, v in mix["unit"].items()}}
        out.append(
            {
                "size": g.size,
                "contribution": round(g.contribution, 2),
                "mix": _mix_text(mix),
                "ok": all(g.constraints.values()),
            }
        )
    return out


DEFAULT_WEIGHTED = ("discipline", "tenure", "skills", "unit", "shift", "tenure_band")


def formation_defaults(*, kind: str, people: Sequence[Person]) -> dict[str, Any]:
    """Sensible first settings: 4 workgroups (or cells of about 8), balanced sizes, the usual attributes."""
    n = len(people)
    lo, hi = SIZE_LIMITS[kind]
    groups = 4 if kind == FormationKind.WORKGROUPS else max(1, round(n / 8))
    groups = max(1, min(groups, n // lo or 1))
    keys = [k for k, _ in attribute_choices(people=people) if k in DEFAULT_WEIGHTED]
    return {
        "people": [p.pk for p in people],
        "groups": groups,
        "min_size": max(lo, min(hi, n // groups)),
        "max_size": min(hi, max(lo, -(-n // groups))),
        "weights": {k: 1.0 for k in keys},
        "coaches": [],
        "together": [],
        "apart": [],
        "locked": {},
        "two_or_none": [],
        "names": [],
        "seconds": 2.0,
        "seed": 0,
    }


def formation_start(
    *, pilot: Pilot, kind: str, settings: dict[str, Any], user: Any, enqueue: bool = True
) -> FormationRun:
    """Check the settings with the engine, store a run and queue it (raises InfeasibleGrouping).

    With `enqueue=False` the run is only stored (the CLI runs it in its own process).
    """
    problem = formation_problem(pilot=pilot, kind=kind, settings=settings)
    formation_check(problem=problem)
    from workshift.conditions.tasks import formation_run_task

    with transaction.atomic():
        formation, _ = Formation.objects.get_or_create(pilot=pilot, kind=kind)
        run = FormationRun.objects.create(
            pilot=pilot,
            kind=kind,
            settings=settings,
            created_by=user,
            base_version=formation.version,
        )
        if enqueue:
            formation_run_task.enqueue(run_id=run.pk)
    run.refresh_from_db()
    return run


def formation_execute(
    *, run_id: int, progress: Callable[[float], None] | None = None
) -> FormationRun:
    """Run the engine for a stored run and store its result or the engine's message."""
    run = FormationRun.objects.select_related("pilot").get(pk=run_id)
    FormationRun.objects.filter(pk=run.pk).update(status=FormationRun.Status.RUNNING, progress=0.0)
    last = [0.0]

    def report(fraction: float) -> None:
        if fraction - last[0] >= 0.05 or fraction >= 1.0:
            last[0] = fraction
            FormationRun.objects.filter(pk=run.pk).update(progress=round(fraction, 3))
        if progress is not None:
            progress(fraction)

    try:
        problem = formation_problem(pilot=run.pilot, kind=run.kind, settings=run.settings)
        formation_check(problem=problem)
        found = _engine_form(
            problem=problem,
            seconds=float(run.settings.get("seconds", 2.0)),
            seed=int(run.settings.get("seed", 0)),
            progress=report,
        )
        mean, std = random_baseline(problem=problem)
    except InfeasibleGrouping as exc:
        run.status, run.error = FormationRun.Status.FAILED, str(exc)
        run.save()
        return run
    assignment = [int(g) for g in found.assignment]
    run.result = {
        "people": [p.pk for p in problem.people],
        "assignment": assignment,
        "score": round(float(found.objective), 4),
        "random_mean": round(mean, 4),
        "random_std": round(std, 4),
        "iterations": int(found.iterations),
        "seconds": round(float(found.seconds), 2),
        "groups": formation_explain(problem=problem, assignment=assignment),
    }
    run.status, run.progress = FormationRun.Status.DONE, 1.0
    run.save()
    return run


class AssignmentRejected(ValueError):
    pass


def _assignment_from(*, run: FormationRun, proposed: dict[int, int]) -> list[int]:
    people = run.result["people"]
    m = int(run.settings["groups"])
    assignment = []
    for pid in people:
        g = proposed.get(pid, None)
        if g is None:
            raise AssignmentRejected("Every person needs a group.")
        if not 0 <= int(g) < m:
            raise AssignmentRejected(f"Group {int(g) + 1} does not exist.")
        assignment.append(int(g))
    return assignment


def formation_rescore(*, run: FormationRun, proposed: dict[int, int]) -> dict[str, Any]:
    """The diversity score of an edited assignment, and what breaks the size rules (nothing saved)."""
    assignment = _assignment_from(run=run, proposed=proposed)
    problem = formation_problem(pilot=run.pilot, kind=run.kind, settings=run.settings)
    score = score_assignment(assignment=np.asarray(assignment), attributes=problem.attributes)
    sizes = np.bincount(np.asarray(assignment), minlength=int(run.settings["groups"]))
    lo, hi = SIZE_LIMITS[run.kind]
    problems = [
        f"Group {g + 1} has {int(s)} people (allowed {lo}-{hi})."
        for g, s in enumerate(sizes)
        if not lo <= s <= hi
    ]
    return {
        "score": score,
        "random_mean": run.result.get("random_mean", 0.0),
        "sizes": [int(s) for s in sizes],
        "problems": problems,
        "groups": formation_explain(problem=problem, assignment=assignment),
    }


def formation_confirm(
    *,
    run: FormationRun,
    proposed: dict[int, int],
    expected_version: int,
    user: Any,
    names: Sequence[str] | None = None,
    coaches: Sequence[int | None] | None = None,
) -> Formation:
    """Save the (possibly edited) assignment as the pilot's workgroups or cells.

    Refused with EditConflict when someone confirmed another version since
    `expected_version`; nothing is overwritten then.
    """
    assignment = _assignment_from(run=run, proposed=proposed)
    scored = formation_rescore(run=run, proposed=proposed)
    if scored["problems"]:
        raise AssignmentRejected(" ".join(scored["problems"]))
    m = int(run.settings["groups"])
    names = list(names or run.settings.get("names") or [])
    default = "Workgroup" if run.kind == FormationKind.WORKGROUPS else "Cell"
    names = [
        (names[g] if g < len(names) and names[g].strip() else f"{default} {g + 1}").strip()
        for g in range(m)
    ]
    with transaction.atomic():
        formation = Formation.objects.select_for_update().get(pilot=run.pilot, kind=run.kind)
        formation.confirmed_run, formation.confirmed_by, formation.confirmed_at = (
            run,
            user,
            timezone.now(),
        )
        save_versioned(instance=formation, expected_version=expected_version)
        people = run.result["people"]
        if run.kind == FormationKind.WORKGROUPS:
            group_model, member_model, fk = Workgroup, WorkgroupMember, "workgroup"
        else:
            group_model, member_model, fk = Cell, CellMember, "cell"  # type: ignore[assignment]
        existing = {
            g.pk: g for g in group_model.objects.filter(pilot=run.pilot, pk__in=formation.group_ids)
        }
        previous = [existing[i] for i in formation.group_ids if i in existing]
        groups = []
        for g in range(m):
            group = previous[g] if g < len(previous) else group_model(pilot=run.pilot)
            group.name = names[g]
            if run.kind == FormationKind.WORKGROUPS and coaches is not None:
                group.coach_id = coaches[g] if g < len(coaches) else None
            group.save()
            groups.append(group)
        for stale in previous[m:]:
            stale.delete()
        for g, group in enumerate(groups):
            wanted = {pid for pid, a in zip(people, assignment, strict=True) if a == g}
            current = set(
                member_model.objects.filter(**{fk: group}).values_list("person_id", flat=True)
            )
            member_model.objects.filter(**{fk: group}, person_id__in=current - wanted).delete()
            for pid in sorted(wanted - current):
                member_model.objects.create(**{fk: group}, person_id=pid)
        formation.group_ids = [g.pk for g in groups]
        formation.save(update_fields=["group_ids"])
    return formation


@transaction.atomic
def workgroup_from_team(
    *, pilot: Pilot, unit: OrgUnit, name: str = "", coach: Person | None = None
) -> Workgroup:
    """Repurpose an existing team as a workgroup: its active people become members, its head the coach."""
    coach = coach or unit.head
    group = Workgroup.objects.create(pilot=pilot, name=name or unit.name, coach=coach)
    for person in Person.objects.filter(unit=unit, active=True).exclude(  # type: ignore[misc]
        pk=getattr(coach, "pk", None)
    ):
        WorkgroupMember.objects.create(workgroup=group, person=person)
    return group


# ---------------------------------------------------------------------------
# Expectations
# ---------------------------------------------------------------------------


def expectations_acknowledge(
    *, expectations: Expectations, person: Person, on: dt.date | None = None
) -> Acknowledgement:
    ack, created = Acknowledgement.objects.get_or_create(
        expectations=expectations,
        person=person,
        defaults={
            "acknowledged_on": on or timezone.localdate(),
            "acknowledged_version": expectations.version,
        },
    )
    if not created and ack.acknowledged_version != expectations.version:
        ack.acknowledged_on, ack.acknowledged_version = (
            on or timezone.localdate(),
            expectations.version,
        )
        ack.save()
    return ack
