"""Compiled kernels of the matrix search: gain matrix, tabu search, crossover.

The objective is the sum of ``D[u, v]`` over pairs of units in the same group,
where ``D`` is the contracted distance matrix (sum of the person distances
between two units, zero diagonal).  The gain matrix
``M[u, g] = sum of D[u, v] for v in g`` gives O(1) move evaluation:
insert ``u: p -> q`` changes the objective by ``M[u, q] - M[u, p]``, swapping
``u`` (in ``p``) with ``v`` (in ``q``) by
``M[u, q] - M[u, p] + M[v, p] - M[v, q] - 2 D[u, v]``.

Neither scan looks at every move.  The search keeps, for every pair of
groups ``(p, q)``, the most a unit of ``q`` gains by moving to ``p``
(``bmax[p, q]``).  A move changes the gain columns of its two groups only, so
after it just those rows and columns of ``bmax`` are recomputed, O(n + (|p| +
|q|) m) instead of O(n m).  An insert from ``p`` to ``q`` is looked at only if
``bmax[q, p]`` beats the best move found so far; a swap between ``p`` and
``q`` only if ``bmax[q, p] + bmax[p, q] - 2 min D`` does, and a unit ``u`` of
``p`` is then compared with the units of ``q`` only if
``M[u, q] - M[u, p] + bmax[p, q] - 2 min_v D[u, v]`` (an upper bound of every
such swap) does.  The move chosen is the same as with a full scan (up to
ties), at a fraction of the cost once the search is near a local optimum.
``D``, ``M`` and its
transpose travel together as one :class:`Gains` record; units, rules and
states are the records of :mod:`workshift.engine.grouping_kernels`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from workshift.engine.grouping_kernels import (
    FloatArray,
    IntArray,
    State,
    Units,
    empty_state,
    insert_ok,
    move_unit,
    swap_ok,
)

EPS = 1e-9


class Gains(NamedTuple):
    """The unit distances and the gain matrix of the current state (and its transpose)."""

    D: FloatArray
    M: FloatArray
    MT: FloatArray
    row_min: FloatArray  # smallest distance from each unit to another


class TabuParams(NamedTuple):
    """Tenure ``t_min .. t_min + t_span`` and the stall limit of one tabu run."""

    max_no_imp: int
    t_min: int
    t_span: int
    uniform: bool  # every unit holds one person (swaps keep sizes)


@njit(cache=True)
def gain_matrix(D: FloatArray, grp: IntArray, m: int) -> tuple[Gains, float]:
    """The gain record of assignment ``grp`` and its objective."""
    nu = grp.shape[0]
    M = np.zeros((nu, m))
    for u in range(nu):
        row = D[u]
        for v in range(nu):
            M[u, grp[v]] += row[v]
    MT = np.ascontiguousarray(M.T)
    row_min = np.zeros(nu)
    obj = 0.0
    for u in range(nu):
        obj += M[u, grp[u]]
        low = 1e300
        for v in range(nu):
            if v != u and D[u, v] < low:
                low = D[u, v]
        row_min[u] = low if nu > 1 else 0.0
    return Gains(D, M, MT, row_min), obj / 2.0


@njit(cache=True)
def _apply_gain(u: int, p: int, q: int, gn: Gains) -> None:
    row = gn.D[u]
    M = gn.M
    nu = row.shape[0]
    mp = gn.MT[p]
    mq = gn.MT[q]
    for v in range(nu):
        d = row[v]
        mp[v] -= d
        mq[v] += d
        M[v, p] -= d
        M[v, q] += d


@njit(cache=True)
def _move(u: int, q: int, st: State, un: Units, gn: Gains) -> None:
    """Move ``u`` to ``q`` and update the gains."""
    p = st.grp[u]
    move_unit(u, q, st, un)
    _apply_gain(u, p, q, gn)


@njit(cache=True)
def _bucket(movable: IntArray, grp: IntArray, gstart: IntArray, gmem: IntArray) -> None:
    """Movable units grouped by group: group ``g`` holds ``gmem[gstart[g]:gstart[g + 1]]``."""
    m = gstart.shape[0] - 1
    gstart[:] = 0
    for t in range(movable.shape[0]):
        gstart[grp[movable[t]] + 1] += 1
    for g in range(m):
        gstart[g + 1] += gstart[g]
    fill = gstart[:m].copy()
    for t in range(movable.shape[0]):
        u = movable[t]
        gmem[fill[grp[u]]] = u
        fill[grp[u]] += 1


@njit(cache=True, inline="always")
def _unit_bounds(v: int, g: int, M: FloatArray, own: FloatArray, bmax: FloatArray) -> None:
    """Raise ``bmax[r, g]`` to what unit ``v`` of group ``g`` gains by moving to each group ``r``."""
    mv = M[v]
    for r in range(bmax.shape[0]):
        x = mv[r] - own[v]
        if x > bmax[r, g]:
            bmax[r, g] = x


@njit(cache=True)
def _pair_bounds(
    M: FloatArray, grp: IntArray, movable: IntArray, own: FloatArray, bmax: FloatArray
) -> None:
    """``bmax[p, q]``: the most any movable unit of ``q`` gains by moving to ``p`` (and ``own``)."""
    bmax[:, :] = -1e300
    for t in range(movable.shape[0]):
        v = movable[t]
        own[v] = M[v, grp[v]]
        _unit_bounds(v, grp[v], M, own, bmax)


@njit(cache=True)
def _pair_bounds_after(
    p: int,
    q: int,
    M: FloatArray,
    grp: IntArray,
    movable: IntArray,
    own: FloatArray,
    bmax: FloatArray,
) -> None:
    """Bring ``bmax`` up to date after moves between groups ``p`` and ``q`` only.

    Such moves change the gain columns ``p`` and ``q`` of every unit and the
    own column of the units of ``p`` and ``q``: rows ``p``, ``q`` and columns
    ``p``, ``q`` of ``bmax`` are recomputed, O(n + (|p| + |q|) m) instead of O(n m).
    """
    bmax[p, :] = -1e300
    bmax[q, :] = -1e300
    bmax[:, p] = -1e300
    bmax[:, q] = -1e300
    for t in range(movable.shape[0]):
        v = movable[t]
        g = grp[v]
        mv = M[v]
        own[v] = mv[g]
        if g == p or g == q:
            _unit_bounds(v, g, M, own, bmax)
        else:
            bmax[p, g] = max(bmax[p, g], mv[p] - own[v])
            bmax[q, g] = max(bmax[q, g], mv[q] - own[v])


@njit(cache=True)
def tabu_search(
    un: Units,
    st: State,
    gn: Gains,
    movable: IntArray,
    best_grp: IntArray,
    tabu_until: IntArray,
    cur: float,
    best: float,
    it: int,
    n_iter: int,
    last_imp: int,
    prm: TabuParams,
) -> tuple[float, float, int, int, bool]:
    """Run up to ``n_iter`` tabu iterations (best insert or swap move each).

    A moved unit may not move again for a random tenure of
    ``t_min .. t_min + t_span`` iterations unless the move beats the best.
    Stops early after ``max_no_imp`` iterations without a new best.
    Returns ``(cur, best, it, last_imp, stopped)``.
    """
    grp, size = st.grp, st.size
    w, lo, hi = un.w, un.lo, un.hi
    D, M, MT = gn.D, gn.M, gn.MT
    has_cons = un.has_cons
    m = lo.shape[0]
    nm = movable.shape[0]
    own = np.empty(grp.shape[0])
    gstart = np.empty(m + 1, dtype=np.int64)
    gmem = np.empty(nm, dtype=np.int64)
    bmax = np.empty((m, m))
    _pair_bounds(M, grp, movable, own, bmax)
    two_gmin = 1e300
    for t in range(nm):
        two_gmin = min(two_gmin, 2.0 * gn.row_min[movable[t]])
    stop_it = it + n_iter
    stopped = False
    while it < stop_it:
        if it - last_imp > prm.max_no_imp:
            stopped = True
            break
        bd = -1e300
        bu = -1
        bv = -1
        bq = -1
        _bucket(movable, grp, gstart, gmem)
        # insert moves, group pair by group pair: bmax[q, p] bounds every move from p to q
        for p in range(m):
            if prm.uniform and size[p] - 1 < lo[p]:
                continue
            for q in range(m):
                if q == p or bmax[q, p] <= bd or (prm.uniform and size[q] + 1 > hi[q]):
                    continue
                for t in range(gstart[p], gstart[p + 1]):
                    u = gmem[t]
                    if size[p] - w[u] < lo[p] or size[q] + w[u] > hi[q]:
                        continue
                    d = M[u, q] - own[u]
                    if d <= bd:
                        continue
                    if tabu_until[u] > it and cur + d <= best + EPS:
                        continue
                    if has_cons and not insert_ok(u, q, st, un):
                        continue
                    bd = d
                    bu = u
                    bv = -1
                    bq = q
        # swap moves, group pair by group pair, skipping pairs and units that cannot beat the best
        for p in range(m):
            bp = bmax[p]
            mtp = MT[p]
            for q in range(p + 1, m):
                if bmax[q, p] + bp[q] - two_gmin <= bd:
                    continue
                for t in range(gstart[p], gstart[p + 1]):
                    u = gmem[t]
                    aq = M[u, q] - own[u]
                    row = D[u]
                    if aq + bp[q] - 2.0 * gn.row_min[u] <= bd:
                        continue
                    tu = tabu_until[u] > it
                    for s in range(gstart[q], gstart[q + 1]):
                        v = gmem[s]
                        d = aq + mtp[v] - own[v] - 2.0 * row[v]
                        if d <= bd:
                            continue
                        if (tu or tabu_until[v] > it) and cur + d <= best + EPS:
                            continue
                        if not prm.uniform:
                            sp = size[p] - w[u] + w[v]
                            sq = size[q] - w[v] + w[u]
                            if sp < lo[p] or sp > hi[p] or sq < lo[q] or sq > hi[q]:
                                continue
                        if has_cons and not swap_ok(u, v, st, un):
                            continue
                        bd = d
                        bu = u
                        bv = v
                        bq = q
        if bu < 0:
            stopped = True
            break
        p = grp[bu]
        _move(bu, bq, st, un, gn)
        tabu_until[bu] = it + prm.t_min + np.random.randint(prm.t_span + 1)
        if bv >= 0:
            _move(bv, p, st, un, gn)
            tabu_until[bv] = it + prm.t_min + np.random.randint(prm.t_span + 1)
        _pair_bounds_after(p, bq, M, grp, movable, own, bmax)
        cur += bd
        it += 1
        if cur > best + EPS:
            best = cur
            best_grp[:] = grp
            last_imp = it
    return cur, best, it, last_imp, stopped


@njit(cache=True)
def _take_group(
    par: IntArray, child: State, taken: IntArray, members: IntArray, D: FloatArray
) -> int:
    """Among the groups not taken, the one of ``par`` whose unplaced units are most diverse per unit."""
    nu = par.shape[0]
    best_score = -1.0
    best_g = -1
    for g in range(taken.shape[0]):
        if taken[g]:
            continue
        k = 0
        for u in range(nu):
            if par[u] == g and child.grp[u] < 0:
                members[k] = u
                k += 1
        score = 0.0
        if k > 0:
            s = 0.0
            for x in range(k):
                row = D[members[x]]
                for y in range(x + 1, k):
                    s += row[members[y]]
            score = s / k
        if score > best_score:
            best_score = score
            best_g = g
    return best_g


@njit(cache=True)
def _place_left(child: State, un: Units, D: FloatArray, members: IntArray, left: int) -> None:
    """Place the unplaced ``members[:left]`` greedily where they add most, minimums first."""
    nu = child.grp.shape[0]
    lo, hi, w, size = un.lo, un.hi, un.w, child.size
    m = lo.shape[0]
    M = np.zeros((nu, m))
    for u in range(nu):
        if child.grp[u] < 0:
            continue
        for x in range(left):
            v = members[x]
            M[v, child.grp[u]] += D[v, u]
    order = np.random.permutation(left)
    remaining = 0
    for x in range(left):
        remaining += w[members[x]]
    for t in range(left):
        u = members[order[t]]
        deficit = 0
        for g in range(m):
            if size[g] < lo[g]:
                deficit += lo[g] - size[g]
        must_fill = remaining <= deficit
        bg = -1
        bs = -1e300
        for g in range(m):
            if size[g] + w[u] > hi[g]:
                continue
            if must_fill and size[g] >= lo[g]:
                continue
            if M[u, g] > bs:
                bs = M[u, g]
                bg = g
        if bg < 0:
            for g in range(m):
                if size[g] + w[u] <= hi[g] and M[u, g] > bs:
                    bs = M[u, g]
                    bg = g
        if bg < 0:
            bg = np.random.randint(m)
        move_unit(u, bg, child, un)
        remaining -= w[u]
        for x in range(left):
            v = members[x]
            if child.grp[v] < 0:
                M[v, bg] += D[v, u]


@njit(cache=True)
def _fill_minimums(child: State, un: Units, D: FloatArray) -> None:
    """Groups still below their minimum take the units that cost least to move."""
    lo, hi, w, size, grp = un.lo, un.hi, un.w, child.size, child.grp
    m = lo.shape[0]
    gn, _obj = gain_matrix(D, grp, m)
    for g in range(m):
        while size[g] < lo[g]:
            bu = -1
            bs = -1e300
            for u in range(grp.shape[0]):
                p = grp[u]
                if p == g or un.fixed[u] >= 0 or size[p] - w[u] < lo[p] or size[g] + w[u] > hi[g]:
                    continue
                d = gn.M[u, g] - gn.M[u, p]
                if d > bs:
                    bs = d
                    bu = u
            if bu < 0:
                break
            _move(bu, g, child, un, gn)


@njit(cache=True)
def crossover(un: Units, D: FloatArray, pa: IntArray, pb: IntArray) -> State:
    """Group-preserving crossover.

    Group indices are taken one by one, alternating between the parents: the
    parent gives, among the indices not taken yet, the group whose not yet
    placed units have the largest sum of distances per unit; those units go to
    the child's group of the same index (so per-group bounds and fixed units
    stay valid).  Units left over are placed greedily where they add most,
    filling groups below their minimum first.
    """
    nu = un.w.shape[0]
    m = un.lo.shape[0]
    child = empty_state(nu, m, un.n_rules)
    taken = np.zeros(m, dtype=np.int64)
    members = np.empty(nu, dtype=np.int64)
    first = np.random.randint(2)
    for step in range(m):
        par = pa if (step + first) % 2 == 0 else pb
        best_g = _take_group(par, child, taken, members, D)
        taken[best_g] = 1
        for u in range(nu):
            if par[u] == best_g and child.grp[u] < 0:
                move_unit(u, best_g, child, un)
    # fixed units are always placed (both parents hold them in their group)
    left = 0
    for u in range(nu):
        if child.grp[u] < 0:
            members[left] = u
            left += 1
    if left == 0:
        return child
    _place_left(child, un, D, members, left)
    for g in range(m):
        if child.size[g] < un.lo[g]:
            _fill_minimums(child, un, D)
            break
    return child


@njit(cache=True)
def objective_matrix(D: FloatArray, grp: IntArray) -> float:
    n = grp.shape[0]
    s = 0.0
    for i in range(n):
        gi = grp[i]
        row = D[i]
        for j in range(i + 1, n):
            if grp[j] == gi:
                s += row[j]
    return s
