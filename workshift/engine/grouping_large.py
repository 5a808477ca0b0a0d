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

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from numba import njit

from workshift.engine import grouping_attributes as ga
from workshift.engine import grouping_kernels as gk
from workshift.engine.grouping_attributes import add_person, pair_distance, person_gain

if TYPE_CHECKING:
    from workshift.engine.grouping import _Limits
    from workshift.engine.grouping_attributes import EncodedAttributes
    from workshift.engine.grouping_rules import CompiledProblem

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@njit(cache=True)
def _unit_gain(
    u: int,
    g: int,
    unit_start: IntArray,
    order: IntArray,
    people: IntArray,
    cat_known: IntArray,
    cat_cnt: IntArray,
    num_k: FloatArray,
    num_s1: FloatArray,
    num_s2: FloatArray,
    multi_ss: IntArray,
    skill_cnt: IntArray,
    cat_codes: IntArray,
    cat_offset: IntArray,
    cat_weight: FloatArray,
    num_values: FloatArray,
    num_weight: FloatArray,
    multi_ptr: IntArray,
    multi_idx: IntArray,
    multi_size: IntArray,
    multi_scale: FloatArray,
) -> float:
    s = 0.0
    for t in range(unit_start[u], unit_start[u + 1]):
        s += person_gain(
            order[t],
            g,
            people,
            cat_known,
            cat_cnt,
            num_k,
            num_s1,
            num_s2,
            multi_ss,
            skill_cnt,
            cat_codes,
            cat_offset,
            cat_weight,
            num_values,
            num_weight,
            multi_ptr,
            multi_idx,
            multi_size,
            multi_scale,
        )
    return s


@njit(cache=True)
def _unit_cross(
    u: int,
    v: int,
    unit_start: IntArray,
    order: IntArray,
    cat_codes: IntArray,
    cat_offset: IntArray,
    cat_weight: FloatArray,
    num_values: FloatArray,
    num_weight: FloatArray,
    multi_ptr: IntArray,
    multi_idx: IntArray,
    multi_size: IntArray,
    multi_scale: FloatArray,
) -> float:
    s = 0.0
    for a in range(unit_start[u], unit_start[u + 1]):
        for b in range(unit_start[v], unit_start[v + 1]):
            s += pair_distance(
                order[a],
                order[b],
                cat_codes,
                cat_offset,
                cat_weight,
                num_values,
                num_weight,
                multi_ptr,
                multi_idx,
                multi_size,
                multi_scale,
            )
    return s


@njit(cache=True)
def _move_people(
    u: int,
    p: int,
    q: int,
    unit_start: IntArray,
    order: IntArray,
    people: IntArray,
    cat_known: IntArray,
    cat_cnt: IntArray,
    num_k: FloatArray,
    num_s1: FloatArray,
    num_s2: FloatArray,
    multi_ss: IntArray,
    skill_cnt: IntArray,
    cat_codes: IntArray,
    cat_offset: IntArray,
    num_values: FloatArray,
    multi_ptr: IntArray,
    multi_idx: IntArray,
    multi_size: IntArray,
) -> None:
    for t in range(unit_start[u], unit_start[u + 1]):
        i = order[t]
        add_person(
            i,
            p,
            -1,
            people,
            cat_known,
            cat_cnt,
            num_k,
            num_s1,
            num_s2,
            multi_ss,
            skill_cnt,
            cat_codes,
            cat_offset,
            num_values,
            multi_ptr,
            multi_idx,
            multi_size,
        )
        add_person(
            i,
            q,
            1,
            people,
            cat_known,
            cat_cnt,
            num_k,
            num_s1,
            num_s2,
            multi_ss,
            skill_cnt,
            cat_codes,
            cat_offset,
            num_values,
            multi_ptr,
            multi_idx,
            multi_size,
        )


@njit(cache=True)
def sampled_passes(
    n_passes: int,
    samples: int,
    movable: IntArray,
    internal: FloatArray,
    unit_start: IntArray,
    order: IntArray,
    grp: IntArray,
    size: IntArray,
    cnt: IntArray,
    w: IntArray,
    lo: IntArray,
    hi: IntArray,
    has_cons: bool,
    r_ptr: IntArray,
    r_idx: IntArray,
    r_cnt: IntArray,
    r_cap: IntArray,
    r_two: IntArray,
    a_ptr: IntArray,
    a_idx: IntArray,
    people: IntArray,
    cat_known: IntArray,
    cat_cnt: IntArray,
    num_k: FloatArray,
    num_s1: FloatArray,
    num_s2: FloatArray,
    multi_ss: IntArray,
    skill_cnt: IntArray,
    cat_codes: IntArray,
    cat_offset: IntArray,
    cat_weight: FloatArray,
    num_values: FloatArray,
    num_weight: FloatArray,
    multi_ptr: IntArray,
    multi_idx: IntArray,
    multi_size: IntArray,
    multi_scale: FloatArray,
) -> float:
    """Run ``n_passes`` sampled local-search passes; returns the objective change."""
    nm = movable.shape[0]
    m = lo.shape[0]
    total = 0.0
    for _ in range(n_passes):
        perm = np.random.permutation(nm)
        for t in range(nm):
            u = movable[perm[t]]
            p = grp[u]
            gp = _unit_gain(
                u,
                p,
                unit_start,
                order,
                people,
                cat_known,
                cat_cnt,
                num_k,
                num_s1,
                num_s2,
                multi_ss,
                skill_cnt,
                cat_codes,
                cat_offset,
                cat_weight,
                num_values,
                num_weight,
                multi_ptr,
                multi_idx,
                multi_size,
                multi_scale,
            )
            leave = gp - 2.0 * internal[u]
            bd = 1e-12
            bq = -1
            bv = -1
            for _s in range(samples):
                # insert
                q = np.random.randint(m)
                if q != p and size[p] - w[u] >= lo[p] and size[q] + w[u] <= hi[q]:
                    d = (
                        _unit_gain(
                            u,
                            q,
                            unit_start,
                            order,
                            people,
                            cat_known,
                            cat_cnt,
                            num_k,
                            num_s1,
                            num_s2,
                            multi_ss,
                            skill_cnt,
                            cat_codes,
                            cat_offset,
                            cat_weight,
                            num_values,
                            num_weight,
                            multi_ptr,
                            multi_idx,
                            multi_size,
                            multi_scale,
                        )
                        - leave
                    )
                    if d > bd and (
                        not has_cons
                        or gk.insert_ok(
                            u,
                            q,
                            grp,
                            size,
                            cnt,
                            w,
                            lo,
                            hi,
                            r_ptr,
                            r_idx,
                            r_cnt,
                            r_cap,
                            r_two,
                            a_ptr,
                            a_idx,
                        )
                    ):
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
                guq = _unit_gain(
                    u,
                    q,
                    unit_start,
                    order,
                    people,
                    cat_known,
                    cat_cnt,
                    num_k,
                    num_s1,
                    num_s2,
                    multi_ss,
                    skill_cnt,
                    cat_codes,
                    cat_offset,
                    cat_weight,
                    num_values,
                    num_weight,
                    multi_ptr,
                    multi_idx,
                    multi_size,
                    multi_scale,
                )
                gvp = _unit_gain(
                    v,
                    p,
                    unit_start,
                    order,
                    people,
                    cat_known,
                    cat_cnt,
                    num_k,
                    num_s1,
                    num_s2,
                    multi_ss,
                    skill_cnt,
                    cat_codes,
                    cat_offset,
                    cat_weight,
                    num_values,
                    num_weight,
                    multi_ptr,
                    multi_idx,
                    multi_size,
                    multi_scale,
                )
                gvq = _unit_gain(
                    v,
                    q,
                    unit_start,
                    order,
                    people,
                    cat_known,
                    cat_cnt,
                    num_k,
                    num_s1,
                    num_s2,
                    multi_ss,
                    skill_cnt,
                    cat_codes,
                    cat_offset,
                    cat_weight,
                    num_values,
                    num_weight,
                    multi_ptr,
                    multi_idx,
                    multi_size,
                    multi_scale,
                )
                cross = _unit_cross(
                    u,
                    v,
                    unit_start,
                    order,
                    cat_codes,
                    cat_offset,
                    cat_weight,
                    num_values,
                    num_weight,
                    multi_ptr,
                    multi_idx,
                    multi_size,
                    multi_scale,
                )
                d = guq - leave + gvp - (gvq - 2.0 * internal[v]) - 2.0 * cross
                if d > bd and (
                    not has_cons
                    or gk.swap_ok(
                        u,
                        v,
                        grp,
                        size,
                        cnt,
                        w,
                        lo,
                        hi,
                        r_ptr,
                        r_idx,
                        r_cnt,
                        r_cap,
                        r_two,
                        a_ptr,
                        a_idx,
                    )
                ):
                    bd = d
                    bq = q
                    bv = v
            if bq < 0:
                continue
            _move_people(
                u,
                p,
                bq,
                unit_start,
                order,
                people,
                cat_known,
                cat_cnt,
                num_k,
                num_s1,
                num_s2,
                multi_ss,
                skill_cnt,
                cat_codes,
                cat_offset,
                num_values,
                multi_ptr,
                multi_idx,
                multi_size,
            )
            gk.move_unit(u, bq, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            if bv >= 0:
                _move_people(
                    bv,
                    bq,
                    p,
                    unit_start,
                    order,
                    people,
                    cat_known,
                    cat_cnt,
                    num_k,
                    num_s1,
                    num_s2,
                    multi_ss,
                    skill_cnt,
                    cat_codes,
                    cat_offset,
                    num_values,
                    multi_ptr,
                    multi_idx,
                    multi_size,
                )
                gk.move_unit(bv, p, grp, size, cnt, w, r_ptr, r_idx, r_cnt)
            total += bd
    return total


@njit(cache=True)
def _internal(
    unit_start: IntArray,
    order: IntArray,
    cat_codes: IntArray,
    cat_offset: IntArray,
    cat_weight: FloatArray,
    num_values: FloatArray,
    num_weight: FloatArray,
    multi_ptr: IntArray,
    multi_idx: IntArray,
    multi_size: IntArray,
    multi_scale: FloatArray,
) -> FloatArray:
    nu = unit_start.shape[0] - 1
    out = np.zeros(nu)
    for u in range(nu):
        s = 0.0
        for a in range(unit_start[u], unit_start[u + 1]):
            for b in range(a + 1, unit_start[u + 1]):
                s += pair_distance(
                    order[a],
                    order[b],
                    cat_codes,
                    cat_offset,
                    cat_weight,
                    num_values,
                    num_weight,
                    multi_ptr,
                    multi_idx,
                    multi_size,
                    multi_scale,
                )
        out[u] = s
    return out


def search_attributes(
    *, enc: EncodedAttributes, prob: CompiledProblem, limits: _Limits
) -> tuple[np.ndarray, int]:
    """Sampled local search on attribute aggregates; returns (unit groups, passes)."""
    from workshift.engine.grouping import _start

    args = ga.kernel_args(enc)
    (
        cat_codes,
        cat_offset,
        cat_weight,
        num_values,
        num_weight,
        multi_ptr,
        multi_idx,
        multi_size,
        multi_scale,
    ) = args
    grp, size, cnt = _start(prob)
    movable = np.flatnonzero(prob.fixed < 0).astype(np.int64)
    if movable.size < 2 or prob.m == 1:
        return grp, 0
    people_grp = prob.units_to_people(grp)
    aggs = ga.aggregates(
        people_grp,
        prob.m,
        enc.n_categories,
        enc.n_skills,
        cat_codes,
        cat_offset,
        num_values,
        multi_ptr,
        multi_idx,
        multi_size,
    )
    internal = _internal(prob.unit_start, prob.order, *args)
    cons = prob.kernel_cons()
    passes = 0
    samples = 4
    first_gain = None
    while not limits.done():
        gain = sampled_passes(
            1,
            samples,
            movable,
            internal,
            prob.unit_start,
            prob.order,
            grp,
            size,
            cnt,
            prob.w,
            prob.lo,
            prob.hi,
            prob.has_cons,
            *cons,
            *aggs,  # type: ignore[arg-type]
            *args,  # type: ignore[arg-type]
        )
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
    return grp, passes
