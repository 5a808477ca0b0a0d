"""The tabu step of the matrix search takes the best admissible move, as a full scan would.

The scan skips group pairs and units by bounds kept up to date move by move;
these tests replay many steps and compare each chosen move with the best one
found by looking at every insert and swap.
"""

import numpy as np
import pytest

from workshift.engine import grouping_kernels as gk
from workshift.engine import grouping_tabu as gt
from workshift.engine.grouping_rules import compile_constraints
from workshift.engine.grouping_start import start

EPS = 1e-9


def best_admissible(D, grp, lo, hi, tabu_until, it, cur, best):
    """The largest objective change of any allowed insert or swap (every move looked at)."""
    n, m = grp.shape[0], lo.shape[0]
    size = np.bincount(grp, minlength=m)
    M = np.zeros((n, m))
    for g in range(m):
        M[:, g] = D[:, grp == g].sum(axis=1)
    top = -np.inf
    for u in range(n):
        p = grp[u]
        for q in range(m):
            if q == p or size[p] - 1 < lo[p] or size[q] + 1 > hi[q]:
                continue
            d = M[u, q] - M[u, p]
            if tabu_until[u] > it and cur + d <= best + EPS:
                continue
            top = max(top, d)
        for v in range(u + 1, n):
            q = grp[v]
            if q == p:
                continue
            d = M[u, q] - M[u, p] + M[v, p] - M[v, q] - 2 * D[u, v]
            if (tabu_until[u] > it or tabu_until[v] > it) and cur + d <= best + EPS:
                continue
            top = max(top, d)
    return top


@pytest.mark.parametrize(
    "n, bounds, seed",
    [
        (30, [(10, 10)] * 3, 1),  # equal sizes: swaps only
        (31, [(6, 12), (5, 9), (8, 14)], 2),  # different sizes: inserts and swaps
        (40, [(3, 10)] * 6, 3),
    ],
)
def test_each_step_takes_the_best_allowed_move(n, bounds, seed):
    rng = np.random.default_rng(seed)
    D = np.round(rng.uniform(0, 100, (n, n)), 2)
    D = np.triu(D, 1)
    D = D + D.T
    lo = np.array([a for a, _ in bounds], dtype=np.int64)
    hi = np.array([b for _, b in bounds], dtype=np.int64)
    prob = compile_constraints(n=n, lo=lo, hi=hi, constraints=None)
    un = prob.units()
    gk.seed_kernels(seed)
    st = start(prob)
    gn, cur = gt.gain_matrix(D, st.grp, prob.m)
    movable = np.arange(n, dtype=np.int64)
    prm = gt.TabuParams(max_no_imp=10_000, t_min=2, t_span=3, uniform=True)
    tabu = np.zeros(n, dtype=np.int64)
    best_grp = st.grp.copy()
    best = cur
    it = last = 0
    for _ in range(150):
        expected = best_admissible(D, st.grp.copy(), lo, hi, tabu, it, cur, best)
        before = cur
        cur, best, it, last, stopped = gt.tabu_search(
            un, st, gn, movable, best_grp, tabu, cur, best, it, 1, last, prm
        )
        assert not stopped
        assert cur - before == pytest.approx(expected, abs=1e-6)
        assert cur == pytest.approx(gt.objective_matrix(D, st.grp), abs=1e-6)
        sizes = np.bincount(st.grp, minlength=prob.m)
        assert np.all(sizes >= lo) and np.all(sizes <= hi)
