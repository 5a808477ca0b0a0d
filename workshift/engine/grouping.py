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
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from workshift.engine import grouping_attributes as ga
from workshift.engine import grouping_kernels as gk
from workshift.engine.grouping_rules import (
    CompiledProblem,
    Constraints,
    GroupBounds,
    InfeasibleGrouping,
    check_bounds,
    compile_constraints,
    contract,
)

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

#: search parameters (tenure and depth are fractions / multiples of the number of units)
TUNING = {"population": 8, "depth": 5.0, "tenure_min": 0.01, "tenure_span": 0.04, "profile": True}


@dataclass(frozen=True)
class Attribute:
    """One attribute of every person.

    ``values`` holds one value per person: ``str | None`` for categorical,
    ``float | None`` for numeric, an iterable of strings (or ``None``) for
    multi-valued attributes such as skills.
    """

    name: str
    kind: Literal["categorical", "numeric", "multi"]
    values: Sequence[Any]
    weight: float = 1.0


@dataclass
class GroupExplanation:
    """Why a group looks the way it does.

    ``contribution`` is the sum of distances of the pairs inside the group;
    ``mix`` maps attribute name to category counts (categorical, multi) or to
    ``{"mean": ..., "known": ...}`` (numeric); ``constraints`` maps each given
    constraint (and ``size``) to whether this group meets it.
    """

    index: int
    size: int
    contribution: float
    mix: dict[str, dict[str, float]]
    constraints: dict[str, bool]


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


def _categorical_values(attributes: Sequence[Attribute] | None) -> dict[str, Sequence[Any]]:
    if not attributes:
        return {}
    return {a.name: a.values for a in attributes if a.kind == "categorical"}


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
        return float(gk.objective_matrix(D, grp))
    assert attributes is not None
    enc = ga.encode_attributes(attributes=attributes, n=int(grp.shape[0]))
    m = int(grp.max()) + 1 if grp.size else 1
    return float(
        ga.objective_attributes(grp, m, enc.n_categories, enc.n_skills, *ga.kernel_args(enc))
    )


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
        n=n, lo=lo, hi=hi, constraints=constraints, categorical=_categorical_values(attributes)
    )
    gk.seed_kernels(int(seed))
    grp, _size, _cnt = _start(prob)
    return prob.units_to_people(grp)


def explain_groups(
    *,
    assignment: Sequence[int] | np.ndarray,
    groups: Sequence[GroupBounds],
    distances: np.ndarray | None = None,
    attributes: Sequence[Attribute] | None = None,
    constraints: Constraints | None = None,
) -> list[GroupExplanation]:
    """Size, objective contribution, attribute mix and constraints met, per group."""
    grp = np.asarray(assignment, dtype=np.int64)
    m = len(groups)
    n = grp.shape[0]
    if n and (grp.min() < 0 or grp.max() >= m):
        raise ValueError("assignment holds a group index outside the groups")
    sizes = np.bincount(grp, minlength=m)
    contrib = np.zeros(m)
    mix: list[dict[str, dict[str, float]]] = [{} for _ in range(m)]
    if distances is not None:
        D = np.asarray(distances, dtype=np.float64)
        order = np.argsort(grp, kind="stable")
        bounds = np.concatenate([[0], np.cumsum(sizes)])
        for g in range(m):
            idx = order[bounds[g] : bounds[g + 1]]
            contrib[g] = float(np.triu(D[np.ix_(idx, idx)], 1).sum())
    elif attributes:
        enc = ga.encode_attributes(attributes=attributes, n=n)
        contrib = ga.group_contributions(
            np.ascontiguousarray(grp), m, enc.n_categories, enc.n_skills, *ga.kernel_args(enc)
        )
        for k_cat, (a_name, labels) in enumerate(
            (a.name, enc.cat_labels[enc.names[a.name][1]])
            for a in attributes
            if a.kind == "categorical"
        ):
            codes = enc.cat_codes[:, k_cat]
            known = codes >= 0
            table = np.bincount(
                grp[known] * max(len(labels), 1) + codes[known], minlength=m * max(len(labels), 1)
            ).reshape(m, max(len(labels), 1))
            for g in range(m):
                mix[g][a_name] = {labels[c]: float(table[g, c]) for c in np.flatnonzero(table[g])}
        for a in attributes:
            if a.kind == "numeric":
                x = np.array(
                    [np.nan if v is None else float(v) for v in a.values], dtype=np.float64
                )
                ok = np.isfinite(x)
                cnt = np.bincount(grp[ok], minlength=m).astype(np.float64)
                tot = np.bincount(grp[ok], weights=x[ok], minlength=m)
                with np.errstate(invalid="ignore", divide="ignore"):
                    mean = np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan)
                for g in range(m):
                    mix[g][a.name] = {"mean": float(mean[g]), "known": float(cnt[g])}
        am = enc.multi_size.shape[1]
        for a in attributes:
            if a.kind != "multi":
                continue
            k = enc.names[a.name][1]
            labels = enc.multi_labels[k]
            width = max(len(labels), 1)
            starts = enc.multi_ptr[np.arange(n) * am + k]
            ends = enc.multi_ptr[np.arange(n) * am + k + 1]
            person = np.repeat(np.arange(n), ends - starts)
            pos = (
                np.concatenate([np.arange(a_, b_) for a_, b_ in zip(starts, ends, strict=True)])
                if n
                else np.zeros(0, int)
            )
            skill = enc.multi_idx[pos.astype(np.int64)] - enc.multi_offset[k] if pos.size else pos
            table = np.bincount(grp[person] * width + skill, minlength=m * width).reshape(m, width)
            for g in range(m):
                mix[g][a.name] = {labels[c]: float(table[g, c]) for c in np.flatnonzero(table[g])}
    checks = _constraint_checks(
        grp=grp, groups=groups, constraints=constraints, categorical=_categorical_values(attributes)
    )
    return [
        GroupExplanation(
            index=g,
            size=int(sizes[g]),
            contribution=float(contrib[g]),
            mix=mix[g],
            constraints={k: bool(v[g]) for k, v in checks.items()},
        )
        for g in range(m)
    ]


def _constraint_checks(
    *,
    grp: np.ndarray,
    groups: Sequence[GroupBounds],
    constraints: Constraints | None,
    categorical: Mapping[str, Sequence[Any]],
) -> dict[str, np.ndarray]:
    """Per constraint, a boolean per group: is it met in that group."""
    m = len(groups)
    sizes = np.bincount(grp, minlength=m)
    out = {
        "size": np.array([groups[g].min_size <= sizes[g] <= groups[g].max_size for g in range(m)])
    }
    c = constraints
    if c is None:
        return out
    if c.fixed:
        ok = np.ones(m, dtype=bool)
        for person, g in c.fixed.items():
            if grp[person] != g:
                ok[g] = False
                ok[grp[person]] = False
        out["fixed"] = ok
    if c.together:
        ok = np.ones(m, dtype=bool)
        for i, j in c.together:
            if grp[i] != grp[j]:
                ok[grp[i]] = ok[grp[j]] = False
        out["together"] = ok
    if c.apart:
        ok = np.ones(m, dtype=bool)
        for i, j in c.apart:
            if grp[i] == grp[j]:
                ok[grp[i]] = False
        out["apart"] = ok
    if c.max_per_category:
        ok = np.ones(m, dtype=bool)
        for name, value, k in c.max_per_category:
            vals = categorical[name]
            counts = np.zeros(m, dtype=np.int64)
            for i, v in enumerate(vals):
                if v is not None and str(v) == str(value):
                    counts[grp[i]] += 1
            ok &= counts <= k
        out["max_per_category"] = ok
    if c.two_or_none:
        ok = np.ones(m, dtype=bool)
        for name in c.two_or_none:
            label_counts: dict[tuple[int, str], int] = {}
            for i, v in enumerate(categorical[name]):
                if v is not None:
                    key = (int(grp[i]), str(v))
                    label_counts[key] = label_counts.get(key, 0) + 1
            for (g, _v), k in label_counts.items():
                if k == 1:
                    ok[g] = False
        out["two_or_none"] = ok
    if c.spread is not None:
        ok = np.ones(m, dtype=bool)
        labels = [(-1 if v is None else int(v)) for v in c.spread]
        totals: dict[int, int] = {}
        for lab in labels:
            if lab >= 0:
                totals[lab] = totals.get(lab, 0) + 1
        per: dict[tuple[int, int], int] = {}
        for i, lab in enumerate(labels):
            if lab >= 0:
                per[(int(grp[i]), lab)] = per.get((int(grp[i]), lab), 0) + 1
        for (g, lab), k in per.items():
            if k > -(-totals[lab] // m):
                ok[g] = False
        out["spread"] = ok
    return out


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
        n=n, lo=lo, hi=hi, constraints=constraints, categorical=_categorical_values(attributes)
    )
    limits = _Limits(
        t0=t0, seconds=float(seconds), max_iterations=max_iterations, progress=progress, timer=timer
    )
    gk.seed_kernels(int(seed))
    rng = np.random.default_rng(seed)
    if mode == "matrix":
        assert distances is not None
        D = _check_distances(distances)
        DU, const = contract(D, prob)
        grp_u, iterations = _memetic(DU=DU, prob=prob, limits=limits, rng=rng)
        assignment = prob.units_to_people(grp_u)
        objective = float(gk.objective_matrix(D, assignment))
    else:
        assert attributes is not None
        enc = ga.encode_attributes(attributes=attributes, n=n)
        if prob.nu <= MATRIX_LIMIT:
            D = ga.distance_matrix(*ga.kernel_args(enc))
            DU, const = contract(D, prob)
            grp_u, iterations = _memetic(DU=DU, prob=prob, limits=limits, rng=rng)
        else:
            from workshift.engine.grouping_large import search_attributes

            grp_u, iterations = search_attributes(enc=enc, prob=prob, limits=limits)
        assignment = prob.units_to_people(grp_u)
        objective = float(
            ga.objective_attributes(
                assignment, prob.m, enc.n_categories, enc.n_skills, *ga.kernel_args(enc)
            )
        )
    checks = _constraint_checks(
        grp=assignment,
        groups=groups,
        constraints=constraints,
        categorical=_categorical_values(attributes),
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


# ---------------------------------------------------------------------------
# search drivers
# ---------------------------------------------------------------------------


@dataclass
class _Limits:
    t0: float
    seconds: float
    max_iterations: int | None
    progress: Callable[[float], None] | None
    timer: Callable[[], float] = time.perf_counter
    iterations: int = 0
    last_report: float = -1.0

    def elapsed(self) -> float:
        return self.timer() - self.t0

    def fraction(self) -> float:
        f = self.elapsed() / self.seconds if self.seconds > 0 else 1.0
        if self.max_iterations is not None:
            f = max(f, self.iterations / max(self.max_iterations, 1))
        return min(f, 1.0)

    def done(self) -> bool:
        if self.max_iterations is not None and self.iterations >= self.max_iterations:
            return True
        return self.elapsed() >= self.seconds

    def left(self) -> int:
        if self.max_iterations is None:
            return 1 << 60
        return max(self.max_iterations - self.iterations, 0)

    def report(self) -> None:
        if self.progress is None:
            return
        now = self.elapsed()
        if now - self.last_report >= 0.05:
            self.last_report = now
            self.progress(self.fraction())


def _violations_message(
    prob: CompiledProblem, grp: np.ndarray, size: np.ndarray, cnt: np.ndarray
) -> InfeasibleGrouping:
    """Describe what is left broken after repair gave up."""
    lo, hi = prob.lo, prob.hi
    under = int(np.maximum(lo - size, 0).sum())
    over = int(np.maximum(size - hi, 0).sum())
    per: dict[str, float] = {}
    if under:
        per["min_size"] = under
    if over:
        per["max_size"] = over
    for r, rule in enumerate(prob.rules):
        col = cnt[:, r]
        bad = float(np.maximum(col - rule.cap, 0).sum() + (rule.two and 1 or 0) * (col == 1).sum())
        if bad:
            per[rule.constraint] = per.get(rule.constraint, 0.0) + bad
    apart = 0
    for u in range(prob.nu):
        for k in range(prob.a_ptr[u], prob.a_ptr[u + 1]):
            v = prob.a_idx[k]
            if v > u and grp[v] == grp[u]:
                apart += 1
    if apart:
        per["apart"] = apart
    if not per:
        per["min_size"] = 1.0
    name, amount = max(per.items(), key=lambda kv: kv[1])
    words = {
        "min_size": "groups stay below their minimum size",
        "max_size": "groups stay above their maximum size",
        "apart": "pairs that must be apart stay together",
        "max_per_category": "people exceed a per-category limit",
        "two_or_none": "people stay the only one of their category in a group",
        "spread": "people of the same label exceed the spread limit",
    }[name]
    return InfeasibleGrouping(
        f"the constraints could not all be met together; in the closest grouping found, "
        f"{int(amount)} {words} (shortfall {int(amount)})",
        constraint=name,
        shortfall=float(amount),
    )


def _size_profile(
    lo: np.ndarray, hi: np.ndarray, n: int, rng: np.random.Generator
) -> np.ndarray | None:
    """Group sizes within the bounds, summing to ``n``, with the largest sum of squares.

    With distances of similar magnitude the objective grows with the number of
    pairs, sum of s(s-1)/2, so good groupings (and the best known solutions of
    the benchmark library) use such size profiles.  Ties are broken at random.
    """
    m = lo.shape[0]
    if int(lo.sum()) > n or int(hi.sum()) < n or (hi - lo).sum() * n > 5_000_000:
        return None
    neg = -(1 << 60)
    table = np.full((m + 1, n + 1), neg, dtype=np.int64)
    table[0, 0] = 0
    for g in range(m):
        for s in range(int(lo[g]), int(hi[g]) + 1):
            prev = table[g, : n + 1 - s]
            ok = prev > neg
            cand = np.where(ok, prev + s * s, neg)
            table[g + 1, s:] = np.maximum(table[g + 1, s:], cand)
    if table[m, n] <= neg:
        return None
    sizes = np.zeros(m, dtype=np.int64)
    left = n
    for g in range(m - 1, -1, -1):
        options = [
            s
            for s in range(int(lo[g]), int(hi[g]) + 1)
            if s <= left
            and table[g, left - s] > neg
            and table[g, left - s] + s * s == table[g + 1, left]
        ]
        s = int(rng.choice(options))
        sizes[g] = s
        left -= s
    return sizes


def _start(
    prob: CompiledProblem,
    attempts: int = 5,
    target: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A feasible random start (group sizes ``target`` if given and possible), or InfeasibleGrouping."""
    cons = prob.kernel_cons()
    best = None
    for attempt in range(attempts):
        lo, hi = (prob.lo, prob.hi) if target is None or attempt > 0 else (target, target)
        grp, size, cnt = gk.construct(
            prob.w,
            prob.fixed,
            lo,
            hi,
            prob.r_ptr,
            prob.r_idx,
            prob.r_cnt,
            prob.r_cap,
            prob.r_two,
            prob.a_ptr,
            prob.a_idx,
            max(len(prob.rules), 1),
        )
        left = gk.repair(
            grp,
            size,
            cnt,
            prob.w,
            prob.fixed,
            prob.lo,
            prob.hi,
            *_cons_no_a(cons),
            prob.a_ptr,
            prob.a_idx,
            20000 + 200 * prob.nu * (attempt + 1),
        )
        if left == 0:
            return grp, size, cnt
        if best is None or left < best[0]:
            best = (left, grp, size, cnt)
    assert best is not None  # the loop ran at least once
    raise _violations_message(prob, best[1], best[2], best[3])


_I64 = npt.NDArray[np.int64]


def _cons_no_a(
    cons: tuple[_I64, _I64, _I64, _I64, _I64, _I64, _I64],
) -> tuple[_I64, _I64, _I64, _I64, _I64]:
    r_ptr, r_idx, r_cnt, r_cap, r_two, _a_ptr, _a_idx = cons
    return r_ptr, r_idx, r_cnt, r_cap, r_two


def _memetic(
    *, DU: np.ndarray, prob: CompiledProblem, limits: _Limits, rng: np.random.Generator
) -> tuple[np.ndarray, int]:
    """Memetic tabu search on the unit distance matrix; returns (unit groups, iterations)."""
    nu, m = prob.nu, prob.m
    cons = prob.kernel_cons()
    movable = np.flatnonzero(prob.fixed < 0).astype(np.int64)
    nm = movable.size
    uniform = bool(np.all(prob.w == 1))
    has_cons = prob.has_cons
    n_rules = max(len(prob.rules), 1)

    profiled = uniform and bool(np.any(prob.lo != prob.hi)) and TUNING["profile"]
    grp0, size0, cnt0 = _start(
        prob, target=_size_profile(prob.lo, prob.hi, prob.n, rng) if profiled else None
    )
    if nm <= 1 or m == 1:
        return grp0, 0

    per_iter = max(nm * nm // 2 + nm * m, 1)
    chunk = int(max(1, min(2000, 4e6 // per_iter)))
    t_min = max(2, int(nm * TUNING["tenure_min"]))
    t_span = max(2, int(nm * TUNING["tenure_span"]))
    max_no_imp = int(max(200, TUNING["depth"] * nm))

    def improve(
        grp: npt.NDArray[np.int64], size: npt.NDArray[np.int64], cnt: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], float]:
        M, MT, cur = gk.gain_matrix(DU, grp, m)
        best_grp = grp.copy()
        best = cur
        tabu = np.zeros(nu, dtype=np.int64)
        it = 0
        last = 0
        while True:
            n_iter = int(min(chunk, limits.left()))
            if n_iter <= 0:
                break
            cur, best, it2, last, stopped = gk.tabu_search(
                DU,
                prob.w,
                prob.lo,
                prob.hi,
                movable,
                grp,
                size,
                cnt,
                M,
                MT,
                cur,
                best_grp,
                best,
                tabu,
                it,
                n_iter,
                last,
                max_no_imp,
                t_min,
                t_span,
                uniform,
                has_cons,
                *cons,
            )
            limits.iterations += it2 - it
            it = it2
            limits.report()
            if stopped or limits.done():
                break
        return best_grp, best

    pop_size = int(TUNING["population"]) if nm >= 20 else 2
    pop: list[np.ndarray] = []
    objs: list[float] = []
    g, obj = improve(grp0, size0, cnt0)
    pop.append(g)
    objs.append(obj)
    while len(pop) < pop_size and not limits.done():
        target = _size_profile(prob.lo, prob.hi, prob.n, rng) if profiled else None
        grp, size, cnt = _start(prob, target=target)
        g, obj = improve(grp, size, cnt)
        if not any(abs(obj - o) < 1e-9 for o in objs):
            pop.append(g)
            objs.append(obj)
    while not limits.done() and len(pop) >= 2:
        a, b = rng.choice(len(pop), size=2, replace=False)
        child, size, cnt = gk.crossover(
            DU,
            prob.w,
            prob.fixed,
            prob.lo,
            prob.hi,
            pop[a],
            pop[b],
            prob.r_ptr,
            prob.r_idx,
            prob.r_cnt,
            n_rules,
        )
        if (
            prob.rules
            or prob.a_idx.size
            or not uniform
            or np.any(size < prob.lo)
            or np.any(size > prob.hi)
        ):
            left = gk.repair(
                child,
                size,
                cnt,
                prob.w,
                prob.fixed,
                prob.lo,
                prob.hi,
                *_cons_no_a(cons),
                prob.a_ptr,
                prob.a_idx,
                2000 + 20 * nu,
            )
            if left:
                continue
        g, obj = improve(child, size, cnt)
        worst = int(np.argmin(objs))
        if obj > objs[worst] + 1e-9 and not any(abs(obj - o) < 1e-9 for o in objs):
            pop[worst] = g
            objs[worst] = obj
    best = int(np.argmax(objs))
    return pop[best], limits.iterations
