"""Formation of workgroups and cells: settings, the engine's problem, its check and explanation.

The grouping engine is called from exactly one place, `_engine_form` (plus the
baseline and rescoring helpers next to it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils import timezone

from workshift.conditions.formation_settings import FormationSettings
from workshift.conditions.models import (
    FormationKind,
    WorkgroupMember,
)
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


def formation_problem(*, pilot: Pilot, kind: str, settings: FormationSettings) -> FormationProblem:
    """Turn the settings into the engine's input (people in the settings' order)."""
    people = _people_in_order(settings.people)
    index = {p.pk: i for i, p in enumerate(people)}
    bounds = [GroupBounds(min_size=settings.min_size, max_size=settings.max_size)] * settings.groups
    attributes = formation_attributes(people=people, weights=dict(settings.weights))
    pairs = {
        name: [(index[a], index[b]) for a, b in chosen if a in index and b in index]
        for name, chosen in (("together", settings.together), ("apart", settings.apart))
    }
    fixed = {index[pid]: g for pid, g in settings.locked.items() if pid in index}
    categorical = {a.name for a in attributes if a.kind == "categorical"}
    two_or_none = [k for k in settings.two_or_none if k in categorical]
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


def formation_defaults(*, kind: str, people: Sequence[Person]) -> FormationSettings:
    """Sensible first settings: 4 workgroups (or cells of about 8), balanced sizes, the usual attributes."""
    n = len(people)
    lo, hi = SIZE_LIMITS[kind]
    groups = 4 if kind == FormationKind.WORKGROUPS else max(1, round(n / 8))
    groups = max(1, min(groups, n // lo or 1))
    keys = [k for k, _ in attribute_choices(people=people) if k in DEFAULT_WEIGHTED]
    return FormationSettings(
        people=tuple(p.pk for p in people),
        groups=groups,
        min_size=max(lo, min(hi, n // groups)),
        max_size=min(hi, max(lo, -(-n // groups))),
        weights={k: 1.0 for k in keys},
    )
