"""Compiled kernels of the grouping engine: states, constraints, construction, repair.

Everything here works on *units*: people who must stay together are merged
into one unit with a weight (its number of people), so the search only ever
sees units.  The problem's arrays travel together as one :class:`Units`
record, and a search state as one :class:`State` record:

* ``State.grp[u]``   group of unit ``u``;
* ``State.size[g]``  number of people in group ``g``;
* ``State.cnt[g, r]`` number of people of counting rule ``r`` in group ``g``.

Counting rules express the side constraints that count people per group
(at most ``k`` of a category, at least two or none of a category, spread of a
label).  Rule ``r`` has a cap ``r_cap[r]`` and a flag ``r_two[r]`` (the count
must be 0 or at least 2).  The rules of unit ``u`` are the CSR slice
``r_idx[r_ptr[u]:r_ptr[u+1]]`` with counts ``r_cnt``.  Keep-apart pairs are the
CSR adjacency ``a_idx[a_ptr[u]:a_ptr[u+1]]``.  The matrix search lives in
:mod:`workshift.engine.grouping_tabu`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from numba import njit

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class Units(NamedTuple):
    """The units of a problem and the rules every state must meet (read only)."""

    w: IntArray  # people per unit
    fixed: IntArray  # unit -> group, or -1
    lo: IntArray  # smallest size of each group
    hi: IntArray  # largest size of each group
    r_ptr: IntArray  # counting rules of each unit (CSR)
    r_idx: IntArray
    r_cnt: IntArray
    r_cap: IntArray  # cap of each rule
    r_two: IntArray  # 1 where a rule's count must be 0 or at least 2
    a_ptr: IntArray  # keep-apart adjacency (CSR)
    a_idx: IntArray
    unit_start: IntArray  # people of unit u: order[unit_start[u]:unit_start[u + 1]]
    order: IntArray
    n_rules: int  # columns of State.cnt (at least 1)
    has_cons: bool  # any counting rule or apart pair


class State(NamedTuple):
    """A (partial) assignment of units and the counts that follow from it."""

    grp: IntArray
    size: IntArray
    cnt: IntArray


@njit(cache=True)
def seed_kernels(seed: int) -> None:
    np.random.seed(seed)


# ---------------------------------------------------------------------------
# constraint bookkeeping
# ---------------------------------------------------------------------------


@njit(cache=True, inline="always")
def _size_pen(g: int, size: IntArray, un: Units) -> int:
    s = size[g]
    if s < un.lo[g]:
        return int(un.lo[g] - s)
    if s > un.hi[g]:
        return int(s - un.hi[g])
    return 0


@njit(cache=True, inline="always")
def _rule_pen(g: int, r: int, cnt: IntArray, un: Units) -> int:
    c = cnt[g, r]
    pen = 0
    if c > un.r_cap[r]:
        pen += c - un.r_cap[r]
    if un.r_two[r] != 0 and c == 1:
        pen += 1
    return pen


@njit(cache=True)
def _apart_pen(u: int, grp: IntArray, un: Units) -> int:
    g = grp[u]
    pen = 0
    for k in range(un.a_ptr[u], un.a_ptr[u + 1]):
        if grp[un.a_idx[k]] == g:
            pen += 1
    return pen


@njit(cache=True)
def _unit_pen(u: int, p: int, q: int, st: State, un: Units) -> int:
    """Rule and apart violations of unit ``u`` in groups ``p`` and ``q``."""
    pen = 0
    for k in range(un.r_ptr[u], un.r_ptr[u + 1]):
        r = un.r_idx[k]
        pen += _rule_pen(p, r, st.cnt, un) + _rule_pen(q, r, st.cnt, un)
    return pen + _apart_pen(u, st.grp, un)


@njit(cache=True)
def local_pen(u: int, v: int, p: int, q: int, st: State, un: Units) -> int:
    """Violations touching units ``u`` (and ``v`` if >= 0) and groups ``p``, ``q``."""
    pen = _size_pen(p, st.size, un) + _size_pen(q, st.size, un) + _unit_pen(u, p, q, st, un)
    if v >= 0:
        pen += _unit_pen(v, p, q, st, un)
    return pen


@njit(cache=True)
def full_pen(st: State, un: Units) -> int:
    m = st.size.shape[0]
    pen = 0
    for g in range(m):
        pen += _size_pen(g, st.size, un)
        for r in range(st.cnt.shape[1]):
            pen += _rule_pen(g, r, st.cnt, un)
    grp = st.grp
    for u in range(grp.shape[0]):
        for k in range(un.a_ptr[u], un.a_ptr[u + 1]):
            v = un.a_idx[k]
            if v > u and grp[v] == grp[u]:
                pen += 1
    return pen


@njit(cache=True, inline="always")
def move_unit(u: int, q: int, st: State, un: Units) -> None:
    p = st.grp[u]
    if p >= 0:
        st.size[p] -= un.w[u]
        for k in range(un.r_ptr[u], un.r_ptr[u + 1]):
            st.cnt[p, un.r_idx[k]] -= un.r_cnt[k]
    st.size[q] += un.w[u]
    for k in range(un.r_ptr[u], un.r_ptr[u + 1]):
        st.cnt[q, un.r_idx[k]] += un.r_cnt[k]
    st.grp[u] = q


@njit(cache=True)
def insert_ok(u: int, q: int, st: State, un: Units) -> bool:
    """Whether moving ``u`` to ``q`` keeps the touched constraints met."""
    p = st.grp[u]
    move_unit(u, q, st, un)
    pen = local_pen(u, -1, p, q, st, un)
    move_unit(u, p, st, un)
    return pen == 0


@njit(cache=True)
def swap_ok(u: int, v: int, st: State, un: Units) -> bool:
    """Whether swapping ``u`` and ``v`` keeps the touched constraints met."""
    p = st.grp[u]
    q = st.grp[v]
    move_unit(u, q, st, un)
    move_unit(v, p, st, un)
    pen = local_pen(u, v, p, q, st, un)
    move_unit(v, q, st, un)
    move_unit(u, p, st, un)
    return pen == 0


@njit(cache=True)
def empty_state(nu: int, m: int, n_rules: int) -> State:
    return State(
        -np.ones(nu, dtype=np.int64),
        np.zeros(m, dtype=np.int64),
        np.zeros((m, n_rules), dtype=np.int64),
    )


# ---------------------------------------------------------------------------
# construction and repair
# ---------------------------------------------------------------------------


@njit(cache=True)
def _fits_cleanly(u: int, g: int, st: State, un: Units) -> bool:
    """Whether ``u`` can join ``g`` without passing a cap or meeting an apart partner."""
    for kk in range(un.r_ptr[u], un.r_ptr[u + 1]):
        r = un.r_idx[kk]
        if st.cnt[g, r] + un.r_cnt[kk] > un.r_cap[r]:
            return False
    for kk in range(un.a_ptr[u], un.a_ptr[u + 1]):
        if st.grp[un.a_idx[kk]] == g:
            return False
    return True


@njit(cache=True)
def construct(un: Units) -> State:
    """A random assignment that respects sizes, caps and apart pairs when it can.

    Fixed units go first; the other units are placed in random order, each in
    a random group with room whose caps and apart pairs it does not break.
    When the people left are just enough to bring groups up to their minimum,
    only groups below their minimum are considered.  Whatever remains broken
    (rare) is left to ``repair``.
    """
    w, fixed, lo, hi = un.w, un.fixed, un.lo, un.hi
    nu = w.shape[0]
    m = lo.shape[0]
    st = empty_state(nu, m, un.n_rules)
    size = st.size
    remaining = 0
    for u in range(nu):
        if fixed[u] >= 0:
            move_unit(u, fixed[u], st, un)
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
            if _fits_cleanly(u, g, st, un):
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
        move_unit(u, chosen, st, un)
        remaining -= w[u]
        if before < lo[chosen]:
            deficit -= min(lo[chosen], size[chosen]) - before
    return st


@njit(cache=True)
def _unit_conflicted(u: int, st: State, un: Units) -> bool:
    g = st.grp[u]
    if st.size[g] > un.hi[g]:
        return True
    for k in range(un.r_ptr[u], un.r_ptr[u + 1]):
        if _rule_pen(g, un.r_idx[k], st.cnt, un) > 0:
            return True
    return _apart_pen(u, st.grp, un) > 0


@njit(cache=True)
def _move_delta(u: int, v: int, q: int, st: State, un: Units) -> int:
    """Change of the local violation count if ``u`` goes to ``q`` (and ``v`` to u's group)."""
    p = st.grp[u]
    before = local_pen(u, v, p, q, st, un)
    move_unit(u, q, st, un)
    if v >= 0:
        move_unit(v, p, st, un)
    after = local_pen(u, v, p, q, st, un)
    if v >= 0:
        move_unit(v, q, st, un)
    move_unit(u, p, st, un)
    return after - before


@njit(cache=True)
def repair(st: State, un: Units, max_steps: int) -> int:
    """Min-conflicts local search on the violation count; returns what is left."""
    grp = st.grp
    nu = grp.shape[0]
    m = un.lo.shape[0]
    total = full_pen(st, un)
    movable = np.empty(nu, dtype=np.int64)
    nm = 0
    for u in range(nu):
        if un.fixed[u] < 0:
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
            if _unit_conflicted(u, st, un):
                break
            u = movable[np.random.randint(nm)]
        p = grp[u]
        best = 1 << 60
        best_q = -1
        best_v = -1
        ties = 0
        for s in range(m + n_swaps):
            if s < m:
                q = s
                v = -1
            else:
                v = movable[np.random.randint(nm)]
                q = grp[v]
            if q == p:
                continue
            d = _move_delta(u, v, q, st, un)
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
            move_unit(u, best_q, st, un)
            if best_v >= 0:
                move_unit(best_v, p, st, un)
            total += best
    return full_pen(st, un)
