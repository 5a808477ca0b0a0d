"""Diverse grouping: workgroups and cells under side constraints.

Solves the Maximally Diverse Grouping Problem (MDGP): split ``n`` people into
``m`` groups, group ``g`` holding between ``min_size`` and ``max_size``
people, maximizing the sum of pairwise distances of people placed in the same
group, subject to the side constraints of :class:`Constraints`.

Distances come either from a given symmetric matrix or from people's
attributes (see :mod:`workshift.engine.grouping_attributes` for the exact
decomposable distance).  The objective is always

    sum over groups g, over pairs i < j both in g, of d(i, j).

The search keeps every intermediate assignment feasible.  For up to
``MATRIX_LIMIT`` units it is a memetic tabu search on the gain matrix
``M[i, g] = sum_{j in g} d(i, j)`` (insert and swap moves, O(1) evaluation,
O(n) update) with a group-preserving crossover; beyond that (attribute mode
only) it is a sampled local search evaluated from per-group attribute counts
and sums, which needs no n x n matrix.

Where the parts live: ``grouping_rules`` (constraints compiled to units),
``grouping_kernels`` (states, constraint checks, construction, repair),
``grouping_start`` (run limits and a feasible start, shared by both searches),
``grouping_tabu`` and ``grouping_memetic`` (the matrix search),
``grouping_attributes`` and ``grouping_large`` (attribute distances and the
search without a matrix), ``grouping_explain`` (per-group explanations).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from workshift.engine import grouping_attributes as ga
from workshift.engine import grouping_kernels as gk
from workshift.engine import grouping_tabu as gt
from workshift.engine.grouping_attributes import Attribute
from workshift.engine.grouping_explain import (
    GroupExplanation,
    categorical_values,
    constraint_checks,
    explain_groups,
)
from workshift.engine.grouping_large import search_attributes
from workshift.engine.grouping_memetic import memetic
from workshift.engine.grouping_rules import (
    Constraints,
    GroupBounds,
    InfeasibleGrouping,
    check_bounds,
    compile_constraints,
    contract,
)
from workshift.engine.grouping_start import Limits, start

__all__ = [
    "Attribute",
    "Constraints",
    "GroupBounds",
    "GroupExplanation",
    "GroupingResult",
    "InfeasibleGrouping",
    "explain_groups",
    "form_groups",
    "random_assignment",
    "score_assignment",
]

#: largest number of units for which the n x n matrix search is used in attribute mode
MATRIX_LIMIT = 4000


@dataclass
class GroupingResult:
    assignment: np.ndarray
    objective: float
    seconds: float
    iterations: int
    groups: list[GroupExplanation]


# ---------------------------------------------------------------------------
# input handling
# ---------------------------------------------------------------------------


def _check_distances(distances: np.ndarray) -> np.ndarray:
    D = np.asarray(distances, dtype=np.float64)
    if D.ndim != 2 or D.shape[0] != D.shape[1]:
        raise ValueError("distances must be a square matrix")
    if not np.all(np.isfinite(D)):
        raise ValueError("distances must be finite")
    if not np.allclose(D, D.T):
        raise ValueError("distances must be symmetric")
    D = (D + D.T) / 2.0
    np.fill_diagonal(D, 0.0)
    return np.ascontiguousarray(D)


def _mode(distances: npt.ArrayLike | None, attributes: Sequence[Attribute] | None) -> str:
    if (distances is None) == (attributes is None or len(attributes) == 0):
        raise ValueError("give exactly one of distances or attributes")
    return "matrix" if distances is not None else "attributes"


def _n_people(distances: npt.ArrayLike | None, attributes: Sequence[Attribute] | None) -> int:
    if distances is not None:
        return int(np.asarray(distances).shape[0])
    assert attributes is not None
    return len(attributes[0].values)


# ---------------------------------------------------------------------------
# public functions
# ---------------------------------------------------------------------------


def score_assignment(
    *,
    assignment: Sequence[int] | np.ndarray,
    distances: np.ndarray | None = None,
    attributes: Sequence[Attribute] | None = None,
) -> float:
    """Sum of distances over pairs of people in the same group."""
    _mode(distances, attributes)
    grp = np.ascontiguousarray(np.asarray(assignment, dtype=np.int64))
    if grp.size and grp.min() < 0:
        raise ValueError("assignment holds a negative group index")
    if distances is not None:
        D = _check_distances(distances)
        if grp.shape[0] != D.shape[0]:
            raise ValueError("assignment and distances disagree on the number of people")
        return float(gt.objective_matrix(D, grp))
    assert attributes is not None
    enc = ga.encode_attributes(attributes=attributes, n=int(grp.shape[0]))
    m = int(grp.max()) + 1 if grp.size else 1
    return float(ga.objective_attributes(grp, m, ga.kernel_args(enc)))


def random_assignment(
    *,
    groups: Sequence[GroupBounds],
    n: int,
    seed: int,
    constraints: Constraints | None = None,
    attributes: Sequence[Attribute] | None = None,
) -> np.ndarray:
    """A random split that meets the sizes and constraints (a baseline).

    ``attributes`` is only needed when the constraints refer to categorical
    attributes.  Raises :class:`InfeasibleGrouping` when no split is found.
    """
    lo, hi = check_bounds(groups=groups, n=n)
    prob = compile_constraints(
        n=n, lo=lo, hi=hi, constraints=constraints, categorical=categorical_values(attributes)
    )
    gk.seed_kernels(int(seed))
    return prob.units_to_people(start(prob).grp)


def form_groups(
    *,
    groups: Sequence[GroupBounds],
    distances: np.ndarray | None = None,
    attributes: Sequence[Attribute] | None = None,
    constraints: Constraints | None = None,
    seconds: float = 1.0,
    max_iterations: int | None = None,
    seed: int = 0,
    progress: Callable[[float], None] | None = None,
    clock: Literal["wall", "cpu"] = "wall",
) -> GroupingResult:
    """Form groups that maximize the sum of within-group distances.

    Exactly one of ``distances`` (symmetric n x n matrix) or ``attributes``
    is given.  The search stops after ``seconds`` or ``max_iterations`` search
    iterations (tabu moves, or local-search passes over the people in the
    large attribute mode), whichever comes first, and returns the best
    assignment found.  With the same seed and an iteration limit reached
    before the time limit the result is identical from run to run.
    ``progress`` is called with the fraction done (0..1) between compiled
    chunks of work.  ``clock="cpu"`` measures the time limit in CPU seconds
    of this process (as benchmarks in the literature do) instead of wall-clock
    seconds.  Raises :class:`InfeasibleGrouping` when the sizes and
    constraints cannot all be met.
    """
    timer = time.process_time if clock == "cpu" else time.perf_counter
    t0 = timer()
    mode = _mode(distances, attributes)
    n = _n_people(distances, attributes)
    lo, hi = check_bounds(groups=groups, n=n)
    prob = compile_constraints(
        n=n, lo=lo, hi=hi, constraints=constraints, categorical=categorical_values(attributes)
    )
    limits = Limits(
        t0=t0, seconds=float(seconds), max_iterations=max_iterations, progress=progress, timer=timer
    )
    gk.seed_kernels(int(seed))
    rng = np.random.default_rng(seed)
    if mode == "matrix":
        assert distances is not None
        D = _check_distances(distances)
        DU, const = contract(D, prob)
        grp_u, iterations = memetic(DU=DU, prob=prob, limits=limits, rng=rng)
        assignment = prob.units_to_people(grp_u)
        objective = float(gt.objective_matrix(D, assignment))
    else:
        assert attributes is not None
        enc = ga.encode_attributes(attributes=attributes, n=n)
        if prob.nu <= MATRIX_LIMIT:
            D = ga.distance_matrix(ga.kernel_args(enc))
            DU, const = contract(D, prob)
            grp_u, iterations = memetic(DU=DU, prob=prob, limits=limits, rng=rng)
        else:
            grp_u, iterations = search_attributes(enc=enc, prob=prob, limits=limits)
        assignment = prob.units_to_people(grp_u)
        objective = float(ga.objective_attributes(assignment, prob.m, ga.kernel_args(enc)))
    checks = constraint_checks(
        grp=assignment,
        groups=groups,
        constraints=constraints,
        categorical=categorical_values(attributes),
    )
    for name, ok in checks.items():
        if not ok.all():  # never hand back a broken assignment
            raise InfeasibleGrouping(
                f"no grouping was found that meets the {name} constraint in {int((~ok).sum())} group(s)",
                constraint="min_size" if name == "size" else name,
                shortfall=float((~ok).sum()),
            )
    if progress is not None:
        progress(1.0)
    explanation = explain_groups(
        assignment=assignment,
        groups=groups,
        distances=distances,
        attributes=attributes,
        constraints=constraints,
    )
    return GroupingResult(
        assignment=assignment,
        objective=objective,
        seconds=timer() - t0,
        iterations=int(iterations),
        groups=explanation,
    )
