"""Compiled kernels of the grouping engine (numba, nopython, cached).

Everything here works on *units*: people who must stay together are merged
into one unit with a weight (its number of people), so the search only ever
sees units.  A state is made of

* ``grp[u]``   group of unit ``u``;
* ``size[g]``  number of people in group ``g``;
* ``cnt[g, r]`` number of people of counting rule ``r`` in group ``g``.

Counting rules express the side constraints that count people per group
(at most ``k`` of a category, at least two or none of a category, spread of a
label).  Rule ``r`` has a cap ``r_cap[r]`` and a flag ``r_two[r]`` (the count
must be 0 or at least 2).  The rules of unit ``u`` are the CSR slice
``r_idx[r_ptr[u]:r_ptr[u+1]]`` with counts ``r_cnt``.  Keep-apart pairs are the
CSR adjacency ``a_idx[a_ptr[u]:a_ptr[u+1]]``.

The objective of the matrix kernels is the sum of ``D[u, v]`` over pairs of
units in the same group, where ``D`` is the contracted distance matrix (sum of
the person distances between two units, zero diagonal).  The gain matrix
``M[u, g] = sum of D[u, v] for v in g`` gives O(1) move evaluation:
insert ``u: p -> q`` changes the objective by ``M[u, q] - M[u, p]``, swapping
``u`` (in ``p``) with ``v`` (in ``q``) by
``M[u, q] - M[u, p] + M[v, p] - M[v, q] - 2 D[u, v]``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

EPS = 1e-9


@njit(cache=True)
def seed_kernels(seed: int) -> None:
    np.random.seed(seed)


# ---------------------------------------------------------------------------
# constraint bookkeeping
# ---------------------------------------------------------------------------


@njit(cache=True, inline="always")
def _size_pen(g: int, size: IntArray, lo: IntArray, hi: IntArray) -> int:
    s = size[g]
    if s < lo[g]:
        return int(lo[g] - s)
    if s > hi[g]:
        return int(s - hi[g])
    return 0


@njit(cache=True, inline="always")
def _rule_pen(g: int, r: int, cnt: IntArray, r_cap: IntArray, r_two: IntArray) -> int:
    c = cnt[g, r]
    pen = 0
    if c > r_cap[r]:
        pen += c - r_cap[r]
    if r_two[r] != 0 and c == 1:
        pen += 1
    return pen


@njit(cache=True)
def _apart_pen(u: int, grp: IntArray, a_ptr: IntArray, a_idx: IntArray) -> int:
    g = grp[u]
    pen = 0
    for k in range(a_ptr[u], a_ptr[u + 1]):
        if grp[a_idx[k]] == g:
            pen += 1
    return pen


@njit(cache=True)
def local_pen(
    u: int,
    v: int,
    p: int,
    q: int,
    grp: IntArray,
    size: IntArray,
    cnt: IntArray,
    lo: IntArray,
    hi: IntArray,
    r_ptr: IntArray,
    r_idx: IntArray,
    r_cap: IntArray,
    r_two: IntArray,
    a_ptr: IntArray,
    a_idx: IntArray,
) -> int:
    """Violations touching units ``u`` (and ``v`` if >= 0) and groups ``p``, ``q``."""
    pen = _size_pen(p, size, lo, hi) + _size_pen(q, size, lo, hi)
    for k in range(r_ptr[u], r_ptr[u + 1]):
        r = r_idx[k]
        pen += _rule_pen(p, r, cnt, r_cap, r_two) + _rule_pen(q, r, cnt, r_cap, r_two)
    pen += _apart_pen(u, grp, a_ptr, a_idx)
    if v >= 0:
        for k in range(r_ptr[v], r_ptr[v + 1]):
            r = r_idx[k]
            pen += _rule_pen(p, r, cnt, r_cap, r_two) + _rule_pen(q, r, cnt, r_cap, r_two)
        pen += _apart_pen(v, grp, a_ptr, a_idx)
    return pen


@njit(cache=True)
def full_pen(
    grp: IntArray,
    size: IntArray,
    cnt: IntArray,
    lo: IntArray,
    hi: IntArray,
    r_cap: IntArray,
    r_two: IntArray,
    a_ptr: IntArray,
    a_idx: IntArray,
) -> int:
    m = size.shape[0]
    pen = 0
    for g in range(m):
        pen += _size_pen(g, size, lo, hi)
        for r in range(cnt.shape[1]):
            pen += _rule_pen(g, r, cnt, r_cap, r_two)
    nu = grp.shape[0]
    for u in range(nu):
        for k in range(a_ptr[u], a_ptr[u + 1]):
            v = a_idx[k]
            if v > u and grp[v] == grp[u]:
                pen += 1
    return pen


@njit(cache=True, inline="always")
def move_unit(
    u: int,
    q: int,
    grp: IntArray,
    size: IntArray,
    cnt: IntArray,
    w: IntArray,
    r_ptr: IntArray,
    r_idx: IntArray,
    r_cnt: IntArray,
) -> None:
    p = grp[u]
    if p >= 0:
        size[p] -= w[u]
        for k in range(r_ptr[u], r_ptr[u + 1]):
            cnt[p, r_idx[k]] -= r_cnt[k]
    size[q] += w[u]
    for k in range(r_ptr[u], r_ptr[u + 1]):
        cnt[q, r_idx[k]] += r_cnt[k]
    grp[u] = q


@njit(cache=True)
def insert_ok(
    u: int,
    q: int,
    grp: IntArray,
    size: IntArray,
    cnt: IntArray,
    w: IntArray,
    lo: IntArray,
    hi: IntArray,
    r_ptr: IntArray,
    r_idx: IntArray,
    r_cnt: IntArray,
    r_cap: IntArray,
    r_two: IntArray,
    a_ptr: IntArray,
    a_idx: IntArray,
) -> bool:
    """Whether moving ``u`` to ``q`` keeps the touched constraints met."""
    p = grp[u]
    move_unit(u, q, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
    pen = local_pen(u, -1, p, q, grp, size, cnt, lo, hi, r_ptr, r_idx, r_cap, r_two, a_ptr, a_idx)
    move_unit(u, p, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
    return pen == 0


@njit(cache=True)
def swap_ok(
    u: int,
    v: int,
    grp: IntArray,
    size: IntArray,
    cnt: IntArray,
    w: IntArray,
    lo: IntArray,
    hi: IntArray,
    r_ptr: IntArray,
    r_idx: IntArray,
    r_cnt: IntArray,
    r_cap: IntArray,
    r_two: IntArray,
    a_ptr: IntArray,
    a_idx: IntArray,
) -> bool:
    p = grp[u]
    q = grp[v]
    move_unit(u, q, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
    move_unit(v, p, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
    pen = local_pen(u, v, p, q, grp, size, cnt, lo, hi, r_ptr, r_idx, r_cap, r_two, a_ptr, a_idx)
    move_unit(v, q, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
    move_unit(u, p, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
    return pen == 0


# ---------------------------------------------------------------------------
# construction and repair
# ---------------------------------------------------------------------------


@njit(cache=True)
def construct(
    w: IntArray,
    fixed: IntArray,
    lo: IntArray,
    hi: IntArray,
    r_ptr: IntArray,
    r_idx: IntArray,
    r_cnt: IntArray,
    r_cap: IntArray,
    r_two: IntArray,
    a_ptr: IntArray,
    a_idx: IntArray,
    n_rules: int,
) -> tuple[IntArray, IntArray, IntArray]:
    """A random assignment that respects sizes, caps and apart pairs when it can.

    Fixed units go first; the other units are placed in random order, each in
    a random group with room whose caps and apart pairs it does not break.
    When the people left are just enough to bring groups up to their minimum,
    only groups below their minimum are considered.  Whatever remains broken
    (rare) is left to ``repair``.
    """
    nu = w.shape[0]
    m = lo.shape[0]
    grp = -np.ones(nu, dtype=np.int64)
    size = np.zeros(m, dtype=np.int64)
    cnt = np.zeros((m, n_rules), dtype=np.int64)
    remaining = 0
    for u in range(nu):
        if fixed[u] >= 0:
            move_unit(u, fixed[u], grp, size, cnt, w, r_ptr, r_idx, r_cnt)
        else:
            remaining += w[u]
    order = np.random.permutation(nu)
    # heavier units first so that they still find room
    heavy = np.empty(nu, dtype=np.int64)
    k = 0
    for t in range(nu):
        u = order[t]
        if fixed[u] < 0 and w[u] > 1:
            heavy[k] = u
            k += 1
    for t in range(nu):
        u = order[t]
        if fixed[u] < 0 and w[u] == 1:
            heavy[k] = u
            k += 1
    deficit = 0
    for g in range(m):
        if size[g] < lo[g]:
            deficit += lo[g] - size[g]
    for t in range(k):
        u = heavy[t]
        must_fill = remaining <= deficit
        start = np.random.randint(m)
        chosen = -1
        fallback = -1
        for s in range(m):
            g = (start + s) % m
            if size[g] + w[u] > hi[g]:
                continue
            if must_fill and size[g] >= lo[g]:
                continue
            if fallback < 0:
                fallback = g
            clean = True
            for kk in range(r_ptr[u], r_ptr[u + 1]):
                r = r_idx[kk]
                if cnt[g, r] + r_cnt[kk] > r_cap[r]:
                    clean = False
                    break
            if clean:
                for kk in range(a_ptr[u], a_ptr[u + 1]):
                    if grp[a_idx[kk]] == g:
                        clean = False
                        break
            if clean:
                chosen = g
                break
        if chosen < 0:
            chosen = fallback
        if chosen < 0:
            best_room = -(1 << 60)
            for g in range(m):
                room = hi[g] - size[g]
                if room > best_room:
                    best_room = room
                    chosen = g
        before = size[chosen]
        move_unit(u, chosen, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
        remaining -= w[u]
        if before < lo[chosen]:
            deficit -= min(lo[chosen], size[chosen]) - before
    return grp, size, cnt


@njit(cache=True)
def _unit_conflicted(
    u: int,
    grp: IntArray,
    size: IntArray,
    cnt: IntArray,
    lo: IntArray,
    hi: IntArray,
    r_ptr: IntArray,
    r_idx: IntArray,
    r_cap: IntArray,
    r_two: IntArray,
    a_ptr: IntArray,
    a_idx: IntArray,
) -> bool:
    g = grp[u]
    if size[g] > hi[g]:
        return True
    for k in range(r_ptr[u], r_ptr[u + 1]):
        if _rule_pen(g, r_idx[k], cnt, r_cap, r_two) > 0:
            return True
    return _apart_pen(u, grp, a_ptr, a_idx) > 0


@njit(cache=True)
def repair(
    grp: IntArray,
    size: IntArray,
    cnt: IntArray,
    w: IntArray,
    fixed: IntArray,
    lo: IntArray,
    hi: IntArray,
    r_ptr: IntArray,
    r_idx: IntArray,
    r_cnt: IntArray,
    r_cap: IntArray,
    r_two: IntArray,
    a_ptr: IntArray,
    a_idx: IntArray,
    max_steps: int,
) -> int:
    """Min-conflicts local search on the violation count; returns what is left."""
    nu = grp.shape[0]
    m = lo.shape[0]
    total = full_pen(grp, size, cnt, lo, hi, r_cap, r_two, a_ptr, a_idx)
    movable = np.empty(nu, dtype=np.int64)
    nm = 0
    for u in range(nu):
        if fixed[u] < 0:
            movable[nm] = u
            nm += 1
    if nm == 0:
        return total
    n_swaps = min(nm, 64)
    step = 0
    while total > 0 and step < max_steps:
        step += 1
        u = movable[np.random.randint(nm)]
        for _ in range(64):
            if _unit_conflicted(
                u, grp, size, cnt, lo, hi, r_ptr, r_idx, r_cap, r_two, a_ptr, a_idx
            ):
                break
            u = movable[np.random.randint(nm)]
        p = grp[u]
        best = 1 << 60
        best_q = -1
        best_v = -1
        ties = 0
        for q in range(m):
            if q == p:
                continue
            before = local_pen(
                u, -1, p, q, grp, size, cnt, lo, hi, r_ptr, r_idx, r_cap, r_two, a_ptr, a_idx
            )
            move_unit(u, q, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            after = local_pen(
                u, -1, p, q, grp, size, cnt, lo, hi, r_ptr, r_idx, r_cap, r_two, a_ptr, a_idx
            )
            move_unit(u, p, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            d = after - before
            if d < best:
                best = d
                best_q = q
                best_v = -1
                ties = 1
            elif d == best:
                ties += 1
                if np.random.randint(ties) == 0:
                    best_q = q
                    best_v = -1
        for _ in range(n_swaps):
            v = movable[np.random.randint(nm)]
            q = grp[v]
            if q == p:
                continue
            before = local_pen(
                u, v, p, q, grp, size, cnt, lo, hi, r_ptr, r_idx, r_cap, r_two, a_ptr, a_idx
            )
            move_unit(u, q, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            move_unit(v, p, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            after = local_pen(
                u, v, p, q, grp, size, cnt, lo, hi, r_ptr, r_idx, r_cap, r_two, a_ptr, a_idx
            )
            move_unit(v, q, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            move_unit(u, p, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            d = after - before
            if d < best:
                best = d
                best_q = q
                best_v = v
                ties = 1
            elif d == best:
                ties += 1
                if np.random.randint(ties) == 0:
                    best_q = q
                    best_v = v
        if best_q < 0:
            continue
        if best <= 0 or np.random.random() < 0.1:
            move_unit(u, best_q, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            if best_v >= 0:
                move_unit(best_v, p, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            total += best
    return full_pen(grp, size, cnt, lo, hi, r_cap, r_two, a_ptr, a_idx)


# ---------------------------------------------------------------------------
# matrix mode: gain matrix, tabu search, crossover
# ---------------------------------------------------------------------------


@njit(cache=True)
def gain_matrix(D: FloatArray, grp: IntArray, m: int) -> tuple[FloatArray, FloatArray, float]:
    nu = grp.shape[0]
    M = np.zeros((nu, m))
    for u in range(nu):
        row = D[u]
        for v in range(nu):
            M[u, grp[v]] += row[v]
    MT = np.ascontiguousarray(M.T)
    obj = 0.0
    for u in range(nu):
        obj += M[u, grp[u]]
    return M, MT, obj / 2.0


@njit(cache=True)
def _apply_gain(D: FloatArray, u: int, p: int, q: int, M: FloatArray, MT: FloatArray) -> None:
    row = D[u]
    nu = row.shape[0]
    mp = MT[p]
    mq = MT[q]
    for v in range(nu):
        d = row[v]
        mp[v] -= d
        mq[v] += d
        M[v, p] -= d
        M[v, q] += d


@njit(cache=True)
def tabu_search(
    D: FloatArray,
    w: IntArray,
    lo: IntArray,
    hi: IntArray,
    movable: IntArray,
    grp: IntArray,
    size: IntArray,
    cnt: IntArray,
    M: FloatArray,
    MT: FloatArray,
    cur: float,
    best_grp: IntArray,
    best: float,
    tabu_until: IntArray,
    it: int,
    n_iter: int,
    last_imp: int,
    max_no_imp: int,
    t_min: int,
    t_span: int,
    uniform: bool,
    has_cons: bool,
    r_ptr: IntArray,
    r_idx: IntArray,
    r_cnt: IntArray,
    r_cap: IntArray,
    r_two: IntArray,
    a_ptr: IntArray,
    a_idx: IntArray,
) -> tuple[float, float, int, int, bool]:
    """Run up to ``n_iter`` tabu iterations (best insert or swap move each).

    A moved unit may not move again for a random tenure of
    ``t_min .. t_min + t_span`` iterations unless the move beats the best.
    Stops early after ``max_no_imp`` iterations without a new best.
    Returns ``(cur, best, it, last_imp, stopped)``.
    """
    m = lo.shape[0]
    nm = movable.shape[0]
    own = np.empty(grp.shape[0])
    a = np.empty(m)
    stop_it = it + n_iter
    stopped = False
    while it < stop_it:
        if it - last_imp > max_no_imp:
            stopped = True
            break
        for t in range(nm):
            u = movable[t]
            own[u] = M[u, grp[u]]
        bd = -1e300
        bu = -1
        bv = -1
        bq = -1
        # insert moves
        for t in range(nm):
            u = movable[t]
            p = grp[u]
            if size[p] - w[u] < lo[p]:
                continue
            is_tabu = tabu_until[u] > it
            mu = M[u]
            base = own[u]
            for q in range(m):
                if q == p or size[q] + w[u] > hi[q]:
                    continue
                d = mu[q] - base
                if d <= bd:
                    continue
                if is_tabu and cur + d <= best + EPS:
                    continue
                if has_cons and not insert_ok(
                    u, q, grp, size, cnt, w, lo, hi, r_ptr, r_idx, r_cnt, r_cap, r_two, a_ptr, a_idx
                ):
                    continue
                bd = d
                bu = u
                bv = -1
                bq = q
        # swap moves
        for t in range(nm):
            u = movable[t]
            p = grp[u]
            mu = M[u]
            base = own[u]
            for g in range(m):
                a[g] = mu[g] - base
            tu = tabu_until[u] > it
            mtp = MT[p]
            row = D[u]
            for s in range(t + 1, nm):
                v = movable[s]
                q = grp[v]
                if q == p:
                    continue
                d = a[q] + mtp[v] - own[v] - 2.0 * row[v]
                if d <= bd:
                    continue
                if (tu or tabu_until[v] > it) and cur + d <= best + EPS:
                    continue
                if not uniform:
                    sp = size[p] - w[u] + w[v]
                    sq = size[q] - w[v] + w[u]
                    if sp < lo[p] or sp > hi[p] or sq < lo[q] or sq > hi[q]:
                        continue
                if has_cons and not swap_ok(
                    u, v, grp, size, cnt, w, lo, hi, r_ptr, r_idx, r_cnt, r_cap, r_two, a_ptr, a_idx
                ):
                    continue
                bd = d
                bu = u
                bv = v
                bq = q
        if bu < 0:
            stopped = True
            break
        p = grp[bu]
        move_unit(bu, bq, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
        _apply_gain(D, bu, p, bq, M, MT)
        tabu_until[bu] = it + t_min + np.random.randint(t_span + 1)
        if bv >= 0:
            move_unit(bv, p, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            _apply_gain(D, bv, bq, p, M, MT)
            tabu_until[bv] = it + t_min + np.random.randint(t_span + 1)
        cur += bd
        it += 1
        if cur > best + EPS:
            best = cur
            best_grp[:] = grp
            last_imp = it
    return cur, best, it, last_imp, stopped


@njit(cache=True)
def perturb(
    D: FloatArray,
    w: IntArray,
    lo: IntArray,
    hi: IntArray,
    movable: IntArray,
    grp: IntArray,
    size: IntArray,
    cnt: IntArray,
    M: FloatArray,
    MT: FloatArray,
    cur: float,
    strength: int,
    has_cons: bool,
    r_ptr: IntArray,
    r_idx: IntArray,
    r_cnt: IntArray,
    r_cap: IntArray,
    r_two: IntArray,
    a_ptr: IntArray,
    a_idx: IntArray,
) -> float:
    """Apply ``strength`` random feasible swaps (or inserts); returns the new objective."""
    nm = movable.shape[0]
    m = lo.shape[0]
    if nm < 2:
        return cur
    done = 0
    tries = 0
    while done < strength and tries < strength * 50:
        tries += 1
        u = movable[np.random.randint(nm)]
        p = grp[u]
        if np.random.random() < 0.5:
            v = movable[np.random.randint(nm)]
            q = grp[v]
            if q == p:
                continue
            sp = size[p] - w[u] + w[v]
            sq = size[q] - w[v] + w[u]
            if sp < lo[p] or sp > hi[p] or sq < lo[q] or sq > hi[q]:
                continue
            if has_cons and not swap_ok(
                u, v, grp, size, cnt, w, lo, hi, r_ptr, r_idx, r_cnt, r_cap, r_two, a_ptr, a_idx
            ):
                continue
            d = M[u, q] - M[u, p] + M[v, p] - M[v, q] - 2.0 * D[u, v]
            move_unit(u, q, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            _apply_gain(D, u, p, q, M, MT)
            move_unit(v, p, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            _apply_gain(D, v, q, p, M, MT)
            cur += d
        else:
            q = np.random.randint(m)
            if q == p or size[p] - w[u] < lo[p] or size[q] + w[u] > hi[q]:
                continue
            if has_cons and not insert_ok(
                u, q, grp, size, cnt, w, lo, hi, r_ptr, r_idx, r_cnt, r_cap, r_two, a_ptr, a_idx
            ):
                continue
            d = M[u, q] - M[u, p]
            move_unit(u, q, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            _apply_gain(D, u, p, q, M, MT)
            cur += d
        done += 1
    return cur


@njit(cache=True)
def crossover(
    D: FloatArray,
    w: IntArray,
    fixed: IntArray,
    lo: IntArray,
    hi: IntArray,
    pa: IntArray,
    pb: IntArray,
    r_ptr: IntArray,
    r_idx: IntArray,
    r_cnt: IntArray,
    n_rules: int,
) -> tuple[IntArray, IntArray, IntArray]:
    """Group-preserving crossover.

    Group indices are taken one by one, alternating between the parents: the
    parent gives, among the indices not taken yet, the group whose not yet
    placed units have the largest sum of distances per unit; those units go to
    the child's group of the same index (so per-group bounds and fixed units
    stay valid).  Units left over are placed greedily where they add most,
    filling groups below their minimum first.
    """
    nu = w.shape[0]
    m = lo.shape[0]
    child = -np.ones(nu, dtype=np.int64)
    size = np.zeros(m, dtype=np.int64)
    cnt = np.zeros((m, n_rules), dtype=np.int64)
    taken = np.zeros(m, dtype=np.bool_)
    members = np.empty(nu, dtype=np.int64)
    first = np.random.randint(2)
    for step in range(m):
        par = pa if (step + first) % 2 == 0 else pb
        best_score = -1.0
        best_g = -1
        for g in range(m):
            if taken[g]:
                continue
            k = 0
            for u in range(nu):
                if par[u] == g and child[u] < 0:
                    members[k] = u
                    k += 1
            if k == 0:
                score = 0.0
            else:
                s = 0.0
                for x in range(k):
                    row = D[members[x]]
                    for y in range(x + 1, k):
                        s += row[members[y]]
                score = s / k
            if score > best_score:
                best_score = score
                best_g = g
        taken[best_g] = True
        for u in range(nu):
            if par[u] == best_g and child[u] < 0:
                move_unit(u, best_g, child, size, cnt, w, r_ptr, r_idx, r_cnt)
    # fixed units are always placed (both parents hold them in their group)
    left = 0
    for u in range(nu):
        if child[u] < 0:
            members[left] = u
            left += 1
    if left == 0:
        return child, size, cnt
    M = np.zeros((nu, m))
    for u in range(nu):
        if child[u] < 0:
            continue
        for x in range(left):
            v = members[x]
            M[v, child[u]] += D[v, u]
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
        move_unit(u, bg, child, size, cnt, w, r_ptr, r_idx, r_cnt)
        remaining -= w[u]
        for x in range(left):
            v = members[x]
            if child[v] < 0:
                M[v, bg] += D[v, u]
    # groups still below their minimum take the units that cost least to move
    short = False
    for g in range(m):
        if size[g] < lo[g]:
            short = True
    if short:
        M, MT, _obj = gain_matrix(D, child, m)
        for g in range(m):
            while size[g] < lo[g]:
                bu = -1
                bs = -1e300
                for u in range(nu):
                    p = child[u]
                    if p == g or fixed[u] >= 0 or size[p] - w[u] < lo[p] or size[g] + w[u] > hi[g]:
                        continue
                    d = M[u, g] - M[u, p]
                    if d > bs:
                        bs = d
                        bu = u
                if bu < 0:
                    break
                p = child[bu]
                move_unit(bu, g, child, size, cnt, w, r_ptr, r_idx, r_cnt)
                _apply_gain(D, bu, p, g, M, MT)
    return child, size, cnt


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
