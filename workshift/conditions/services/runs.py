"""Formation runs: start, execute (in the worker), rescore an edited assignment, confirm."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from workshift.conditions.formation_settings import FormationSettings
from workshift.conditions.models import (
    Cell,
    CellMember,
    Formation,
    FormationKind,
    FormationRun,
    Workgroup,
    WorkgroupMember,
)
from workshift.conditions.services.formation import (
    SIZE_LIMITS,
    _engine_form,
    formation_check,
    formation_explain,
    formation_problem,
    random_baseline,
)
from workshift.core.concurrency import save_versioned
from workshift.engine.grouping import (
    InfeasibleGrouping,
    score_assignment,
)
from workshift.pilots.models import Pilot

logger = logging.getLogger(__name__)


def formation_start(
    *,
    pilot: Pilot,
    kind: str,
    settings: FormationSettings,
    user: Any,
    enqueue: Callable[[int], None] | None = None,
) -> FormationRun:
    """Check the settings with the engine, store a run and queue it (raises InfeasibleGrouping).

    `enqueue` is handed the new run's id inside the transaction that stores it (pages and the
    API pass `conditions.enqueue.formation_run`); without it the run is only stored (the CLI
    runs it in its own process).
    """
    problem = formation_problem(pilot=pilot, kind=kind, settings=settings)
    formation_check(problem=problem)

    with transaction.atomic():
        formation, _ = Formation.objects.get_or_create(pilot=pilot, kind=kind)
        run = FormationRun.objects.create(
            pilot=pilot,
            kind=kind,
            settings=settings.to_json(),
            created_by=user,
            base_version=formation.version,
        )
        if enqueue is not None:
            enqueue(run.pk)
    run.refresh_from_db()
    return run


def _formation_result(*, run: FormationRun, progress: Callable[[float], None]) -> dict[str, Any]:
    settings = run.formation_settings
    problem = formation_problem(pilot=run.pilot, kind=run.kind, settings=settings)
    formation_check(problem=problem)
    found = _engine_form(
        problem=problem, seconds=settings.seconds, seed=settings.seed, progress=progress
    )
    mean, std = random_baseline(problem=problem)
    assignment = [int(g) for g in found.assignment]
    return {
        "people": [p.pk for p in problem.people],
        "assignment": assignment,
        "score": round(float(found.objective), 4),
        "random_mean": round(mean, 4),
        "random_std": round(std, 4),
        "iterations": int(found.iterations),
        "seconds": round(float(found.seconds), 2),
        "groups": formation_explain(problem=problem, assignment=assignment),
    }


def _formation_failed(*, run: FormationRun, message: str) -> FormationRun:
    run.status, run.error, run.result = FormationRun.Status.FAILED, message, {}
    run.save()
    return run


def formation_execute(
    *, run_id: int, progress: Callable[[float], None] | None = None
) -> FormationRun:
    """Run the engine for a stored run and store its result, or mark it failed with a message.

    The engine's own refusal (InfeasibleGrouping) is shown as it is; any other error also
    ends the run as failed, so its page stops waiting and tells the lead what happened.
    """
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
        run.result = _formation_result(run=run, progress=report)
    except InfeasibleGrouping as exc:
        return _formation_failed(run=run, message=str(exc))
    except Exception as exc:
        logger.exception("Formation run %s failed", run.pk)
        return _formation_failed(
            run=run,
            message=(
                f"The search stopped on an unexpected error ({type(exc).__name__}: {exc}). "
                "Nothing was saved. Check the settings and start again; if it happens again, "
                f"tell your administrator (run {run.pk})."
            ),
        )
    run.status, run.progress = FormationRun.Status.DONE, 1.0
    run.save()
    return run


class AssignmentRejected(ValueError):
    pass


def _assignment_from(*, run: FormationRun, proposed: dict[int, int]) -> list[int]:
    people = run.result["people"]
    m = run.formation_settings.groups
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
    problem = formation_problem(pilot=run.pilot, kind=run.kind, settings=run.formation_settings)
    score = score_assignment(assignment=np.asarray(assignment), attributes=problem.attributes)
    sizes = np.bincount(np.asarray(assignment), minlength=run.formation_settings.groups)
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
    m = run.formation_settings.groups
    names = list(names or run.formation_settings.names)
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
