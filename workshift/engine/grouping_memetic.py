"""Memetic tabu search on the unit distance matrix (the search for up to ``MATRIX_LIMIT`` units).

A population of local optima, each found by a tabu search from a random
feasible start (see :mod:`workshift.engine.grouping_tabu`), is improved by
group-preserving crossover: the child of two members is improved by the same
tabu search and replaces the worst member when it is better and not a copy.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from workshift.engine import grouping_kernels as gk
from workshift.engine import grouping_tabu as gt
from workshift.engine.grouping_kernels import State
from workshift.engine.grouping_rules import CompiledProblem
from workshift.engine.grouping_start import Limits, size_profile, start

#: search parameters (tenure and depth are fractions / multiples of the number of units)
TUNING = {"population": 8, "depth": 5.0, "tenure_min": 0.01, "tenure_span": 0.04, "profile": True}


def memetic(
    *, DU: np.ndarray, prob: CompiledProblem, limits: Limits, rng: np.random.Generator
) -> tuple[np.ndarray, int]:
    """Memetic tabu search on the unit distance matrix; returns (unit groups, iterations)."""
    nu, m = prob.nu, prob.m
    un = prob.units()
    movable = np.flatnonzero(prob.fixed < 0).astype(np.int64)
    nm = movable.size
    uniform = bool(np.all(prob.w == 1))

    profiled = uniform and bool(np.any(prob.lo != prob.hi)) and TUNING["profile"]

    def fresh() -> State:
        target = size_profile(prob.lo, prob.hi, prob.n, rng) if profiled else None
        return start(prob, target=target)

    st0 = fresh()
    if nm <= 1 or m == 1:
        return st0.grp, 0

    per_iter = max(nm * nm // 2 + nm * m, 1)
    chunk = int(max(1, min(2000, 4e6 // per_iter)))
    prm = gt.TabuParams(
        max_no_imp=int(max(200, TUNING["depth"] * nm)),
        t_min=max(2, int(nm * TUNING["tenure_min"])),
        t_span=max(2, int(nm * TUNING["tenure_span"])),
        uniform=uniform,
    )

    def improve(st: State) -> tuple[npt.NDArray[np.int64], float]:
        gn, cur = gt.gain_matrix(DU, st.grp, m)
        best_grp = st.grp.copy()
        best = cur
        tabu = np.zeros(nu, dtype=np.int64)
        it = 0
        last = 0
        while True:
            n_iter = int(min(chunk, limits.left()))
            if n_iter <= 0:
                break
            cur, best, it2, last, stopped = gt.tabu_search(
                un, st, gn, movable, best_grp, tabu, cur, best, it, n_iter, last, prm
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
    g, obj = improve(st0)
    pop.append(g)
    objs.append(obj)
    while len(pop) < pop_size and not limits.done():
        g, obj = improve(fresh())
        if not any(abs(obj - o) < 1e-9 for o in objs):
            pop.append(g)
            objs.append(obj)
    needs_repair = bool(prob.rules) or prob.a_idx.size > 0 or not uniform
    while not limits.done() and len(pop) >= 2:
        a, b = rng.choice(len(pop), size=2, replace=False)
        child = gt.crossover(un, DU, pop[a], pop[b])
        if needs_repair or np.any(child.size < prob.lo) or np.any(child.size > prob.hi):
            if gk.repair(child, un, 2000 + 20 * nu):
                continue
        g, obj = improve(child)
        worst = int(np.argmin(objs))
        if obj > objs[worst] + 1e-9 and not any(abs(obj - o) < 1e-9 for o in objs):
            pop[worst] = g
            objs[worst] = obj
    best = int(np.argmax(objs))
    return pop[best], limits.iterations
