"""Grouping of many people by attributes, without an n x n matrix.

Used by :func:`workshift.engine.grouping.form_groups` in attribute mode when
there are more than ``MATRIX_LIMIT`` units.  The search is a randomized local
search: each pass visits every movable unit in random order and samples a few
insert moves (to random groups) and swap moves (with random units of other
groups); the best improving sampled move that keeps every constraint met is
applied (so the objective never decreases).  A move is evaluated from
per-group attribute counts and sums (see
:mod:`workshift.engine.grouping_attributes`), in O(attributes + skills) per
person, and applied in the same time.  When a pass gains less than a
hundredth of what an earlier pass gained, the number of sampled moves per
unit doubles (4 up to 64); the search stops at the time or pass limit, or when
a pass with 64 samples finds nothing to improve.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from workshift.engine import grouping_attributes as ga
from workshift.engine import grouping_kernels as gk
from workshift.engine.grouping_attributes import (
    Aggregates,
    AttrArrays,
    EncodedAttributes,
    add_person,
    pair_distance,
    person_gain,
)
from workshift.engine.grouping_kernels import FloatArray, IntArray, State, Units
from workshift.engine.grouping_rules import CompiledProblem
from workshift.engine.grouping_start import Limits, start


@njit(cache=True)
def _unit_gain(u: int, g: int, un: Units, agg: Aggregates, at: AttrArrays) -> float:
    s = 0.0
    for t in range(un.unit_start[u], un.unit_start[u + 1]):
        s += person_gain(un.order[t], g, agg, at)
    return s


@njit(cache=True)
def _unit_cross(u: int, v: int, un: Units, at: AttrArrays) -> float:
    s = 0.0
    for a in range(un.unit_start[u], un.unit_start[u + 1]):
        for b in range(un.unit_start[v], un.unit_start[v + 1]):
            s += pair_distance(un.order[a], un.order[b], at)
    return s


@njit(cache=True)
def _move_people(u: int, p: int, q: int, un: Units, agg: Aggregates, at: AttrArrays) -> None:
    for t in range(un.unit_start[u], un.unit_start[u + 1]):
        i = un.order[t]
        add_person(i, p, -1, agg, at)
        add_person(i, q, 1, agg, at)


@njit(cache=True)
def _swap_gain(
    u: int,
    v: int,
    leave: float,
    internal: FloatArray,
    st: State,
    un: Units,
    agg: Aggregates,
    at: AttrArrays,
) -> float:
    """Objective change of swapping ``u`` (leaving its group at cost ``leave``) with ``v``."""
    p = st.grp[u]
    q = st.grp[v]
    guq = _unit_gain(u, q, un, agg, at)
    gvp = _unit_gain(v, p, un, agg, at)
    gvq = _unit_gain(v, q, un, agg, at)
    cross = _unit_cross(u, v, un, at)
    stay: float = gvq - 2.0 * internal[v]
    return guq - leave + gvp - stay - 2.0 * cross


@njit(cache=True)
def sampled_passes(
    n_passes: int,
    samples: int,
    movable: IntArray,
    internal: FloatArray,
    st: State,
    un: Units,
    agg: Aggregates,
    at: AttrArrays,
) -> float:
    """Run ``n_passes`` sampled local-search passes; returns the objective change."""
    grp, size = st.grp, st.size
    w, lo, hi = un.w, un.lo, un.hi
    nm = movable.shape[0]
    m = lo.shape[0]
    total = 0.0
    for _ in range(n_passes):
        perm = np.random.permutation(nm)
        for t in range(nm):
            u = movable[perm[t]]
            p = grp[u]
            leave = _unit_gain(u, p, un, agg, at) - 2.0 * internal[u]
            bd = 1e-12
            bq = -1
            bv = -1
            for _s in range(samples):
                # insert
                q = np.random.randint(m)
                if q != p and size[p] - w[u] >= lo[p] and size[q] + w[u] <= hi[q]:
                    d = _unit_gain(u, q, un, agg, at) - leave
                    if d > bd and (not un.has_cons or gk.insert_ok(u, q, st, un)):
                        bd = d
                        bq = q
                        bv = -1
                # swap
                v = movable[np.random.randint(nm)]
                q = grp[v]
                if q == p:
                    continue
                if w[u] != w[v]:
                    sp = size[p] - w[u] + w[v]
                    sq = size[q] - w[v] + w[u]
                    if sp < lo[p] or sp > hi[p] or sq < lo[q] or sq > hi[q]:
                        continue
                d = _swap_gain(u, v, leave, internal, st, un, agg, at)
                if d > bd and (not un.has_cons or gk.swap_ok(u, v, st, un)):
                    bd = d
                    bq = q
                    bv = v
            if bq < 0:
                continue
            _move_people(u, p, bq, un, agg, at)
            gk.move_unit(u, bq, st, un)
            if bv >= 0:
                _move_people(bv, bq, p, un, agg, at)
                gk.move_unit(bv, p, st, un)
            total += bd
    return total


@njit(cache=True)
def _internal(un: Units, at: AttrArrays) -> FloatArray:
    nu = un.unit_start.shape[0] - 1
    out = np.zeros(nu)
    for u in range(nu):
        s = 0.0
        for a in range(un.unit_start[u], un.unit_start[u + 1]):
            for b in range(a + 1, un.unit_start[u + 1]):
                s += pair_distance(un.order[a], un.order[b], at)
        out[u] = s
    return out


def search_attributes(
    *, enc: EncodedAttributes, prob: CompiledProblem, limits: Limits
) -> tuple[np.ndarray, int]:
    """Sampled local search on attribute aggregates; returns (unit groups, passes)."""
    at = ga.kernel_args(enc)
    un = prob.units()
    st = start(prob)
    movable = np.flatnonzero(prob.fixed < 0).astype(np.int64)
    if movable.size < 2 or prob.m == 1:
        return st.grp, 0
    agg = ga.aggregates(prob.units_to_people(st.grp), prob.m, at)
    internal = _internal(un, at)
    passes = 0
    samples = 4
    first_gain = None
    while not limits.done():
        gain = sampled_passes(1, samples, movable, internal, st, un, agg, at)
        passes += 1
        limits.iterations += 1
        limits.report()
        if first_gain is None:
            first_gain = gain
        if gain <= 0.0 and samples >= 64:
            break
        if gain < 0.01 * first_gain and samples < 64:
            samples *= 2  # fewer moves improve: look at more candidates per person
            first_gain = gain
    return st.grp, passes
