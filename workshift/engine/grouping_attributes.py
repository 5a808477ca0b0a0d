"""People's attributes turned into a decomposable pairwise distance.

The distance between two people is the weighted sum over attributes of

* categorical: ``1`` if both values are known and differ, else ``0``;
* numeric: ``((x_i - x_j) / (max - min)) ** 2``, the squared difference of the
  min-max normalized values (``0`` if either value is missing or all values
  are equal);
* multi-valued (e.g. skills): ``|A_i symmetric-difference A_j| / (2 * L)``
  where ``L`` is the largest set size over all people (a missing value is the
  empty set).  This is a decomposable stand-in for the Jaccard distance: it is
  ``0`` for equal sets, at most ``1``, and grows with the number of skills one
  person has and the other has not.

Each term is a sum over things a group can count, so the sum of distances
from a person to everyone in a group follows from per-group counts and sums:
``n_known(g) - count_g(c_i)`` for a categorical value ``c_i``;
``K_g x_i^2 - 2 x_i S1_g + S2_g`` for a numeric value (``K`` known values,
``S1`` their sum, ``S2`` their sum of squares); ``|g| |A_i| + SS_g -
2 sum_{s in A_i} count_g(s)`` for a set (``SS`` the sum of set sizes).  Moves
are therefore evaluated in O(attributes + skills of the person) without an
n x n matrix.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import numpy as np
import numpy.typing as npt
from numba import njit

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


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
class EncodedAttributes:
    """Numeric arrays describing the attributes of ``n`` people."""

    n: int
    cat_codes: np.ndarray  # (n, Ac) int64, -1 missing
    cat_offset: np.ndarray  # (Ac,) int64, start of each attribute's categories
    cat_weight: np.ndarray  # (Ac,) float64
    cat_labels: list[list[str]]  # categories per attribute, in code order
    num_values: np.ndarray  # (n, An) float64 normalized to [0, 1], nan missing
    num_weight: np.ndarray  # (An,) float64 (already divided by nothing; squared diff)
    multi_ptr: np.ndarray  # (n * Am + 1,) CSR of sorted global skill ids per (person, attr)
    multi_idx: np.ndarray
    multi_size: np.ndarray  # (n, Am) int64 set sizes
    multi_scale: np.ndarray  # (Am,) float64 = weight / (2 L)
    multi_offset: np.ndarray  # (Am,) start of each attribute's skills
    multi_labels: list[list[str]]
    names: dict[str, tuple[str, int]]  # attribute name -> (kind, index within kind)
    n_categories: int
    n_skills: int


def encode_attributes(*, attributes: Sequence[Any], n: int | None = None) -> EncodedAttributes:
    """Encode attribute values as arrays; raises ValueError on bad input."""
    if not attributes:
        raise ValueError("at least one attribute is needed")
    lengths = {len(a.values) for a in attributes}
    if len(lengths) != 1:
        raise ValueError("every attribute needs one value per person")
    count = lengths.pop()
    if n is not None and count != n:
        raise ValueError(f"attributes describe {count} people, expected {n}")
    names: dict[str, tuple[str, int]] = {}
    cats: list[Any] = []
    nums: list[Any] = []
    multis: list[Any] = []
    for a in attributes:
        if a.name in names:
            raise ValueError(f"attribute {a.name!r} is given twice")
        if not (a.weight >= 0 and math.isfinite(a.weight)):
            raise ValueError(f"attribute {a.name!r} needs a finite weight >= 0")
        if a.kind == "categorical":
            names[a.name] = ("categorical", len(cats))
            cats.append(a)
        elif a.kind == "numeric":
            names[a.name] = ("numeric", len(nums))
            nums.append(a)
        elif a.kind == "multi":
            names[a.name] = ("multi", len(multis))
            multis.append(a)
        else:
            raise ValueError(f"attribute {a.name!r} has unknown kind {a.kind!r}")

    cat_codes = np.full((count, len(cats)), -1, dtype=np.int64)
    cat_offset = np.zeros(len(cats), dtype=np.int64)
    cat_labels: list[list[str]] = []
    total = 0
    for k, a in enumerate(cats):
        labels: dict[str, int] = {}
        col = cat_codes[:, k]
        for i, v in enumerate(a.values):
            if v is None:
                continue
            key = str(v)
            code = labels.setdefault(key, len(labels))
            col[i] = code
        cat_offset[k] = total
        total += len(labels)
        cat_labels.append(list(labels))
    n_categories = total

    num_values = np.full((count, len(nums)), np.nan)
    num_weight = np.zeros(len(nums))
    for k, a in enumerate(nums):
        col = np.array([np.nan if v is None else float(v) for v in a.values], dtype=np.float64)
        finite = col[np.isfinite(col)]
        if finite.size and (finite.max() > finite.min()):
            col = (col - finite.min()) / (finite.max() - finite.min())
            num_weight[k] = a.weight
        else:
            col = np.where(np.isfinite(col), 0.0, np.nan)
        col[~np.isfinite(col)] = np.nan
        num_values[:, k] = col

    am = len(multis)
    multi_size = np.zeros((count, am), dtype=np.int64)
    multi_scale = np.zeros(am)
    multi_offset = np.zeros(am, dtype=np.int64)
    multi_labels: list[list[str]] = []
    per_cell: list[list[int]] = [[] for _ in range(count * am)]
    total = 0
    for k, a in enumerate(multis):
        labels = {}
        largest = 0
        for i, v in enumerate(a.values):
            items = sorted({str(s) for s in v}) if v is not None else []
            ids = sorted(total + labels.setdefault(s, len(labels)) for s in items)
            per_cell[i * am + k] = ids
            multi_size[i, k] = len(ids)
            largest = max(largest, len(ids))
        multi_offset[k] = total
        total += len(labels)
        multi_labels.append(list(labels))
        multi_scale[k] = a.weight / (2.0 * largest) if largest else 0.0
    n_skills = total
    multi_ptr = np.zeros(count * am + 1, dtype=np.int64)
    if am:
        multi_ptr[1:] = np.cumsum([len(c) for c in per_cell])
    multi_idx = np.fromiter(
        (s for c in per_cell for s in c), dtype=np.int64, count=int(multi_ptr[-1])
    )

    cat_weight = np.array([a.weight for a in cats], dtype=np.float64)
    return EncodedAttributes(
        n=count,
        cat_codes=cat_codes,
        cat_offset=cat_offset,
        cat_weight=cat_weight,
        cat_labels=cat_labels,
        num_values=num_values,
        num_weight=num_weight,
        multi_ptr=multi_ptr,
        multi_idx=multi_idx,
        multi_size=multi_size,
        multi_scale=multi_scale,
        multi_offset=multi_offset,
        multi_labels=multi_labels,
        names=names,
        n_categories=n_categories,
        n_skills=n_skills,
    )


class AttrArrays(NamedTuple):
    """The attribute arrays the kernels read (see :class:`EncodedAttributes`)."""

    cat_codes: IntArray
    cat_offset: IntArray
    cat_weight: FloatArray
    num_values: FloatArray
    num_weight: FloatArray
    multi_ptr: IntArray
    multi_idx: IntArray
    multi_size: IntArray
    multi_scale: FloatArray
    n_categories: int
    n_skills: int


class Aggregates(NamedTuple):
    """Per-group counts and sums from which a person's gain follows."""

    people: IntArray  # (m,) people in the group
    cat_known: IntArray  # (m, Ac) known values per categorical attribute
    cat_cnt: IntArray  # (m, categories) people per category
    num_k: FloatArray  # (m, An) known numeric values
    num_s1: FloatArray  # (m, An) their sum
    num_s2: FloatArray  # (m, An) their sum of squares
    multi_ss: IntArray  # (m, Am) sum of set sizes
    skill_cnt: IntArray  # (m, skills) people per skill


def kernel_args(enc: EncodedAttributes) -> AttrArrays:
    return AttrArrays(
        enc.cat_codes,
        enc.cat_offset,
        enc.cat_weight,
        enc.num_values,
        enc.num_weight,
        enc.multi_ptr,
        enc.multi_idx,
        enc.multi_size,
        enc.multi_scale,
        enc.n_categories,
        enc.n_skills,
    )


@njit(cache=True)
def pair_distance(i: int, j: int, at: AttrArrays) -> float:
    d = 0.0
    for k in range(at.cat_codes.shape[1]):
        ci = at.cat_codes[i, k]
        cj = at.cat_codes[j, k]
        if ci >= 0 and cj >= 0 and ci != cj:
            d += at.cat_weight[k]
    for k in range(at.num_values.shape[1]):
        x = at.num_values[i, k] - at.num_values[j, k]
        if x == x:  # not nan
            d += at.num_weight[k] * x * x
    am = at.multi_size.shape[1]
    ptr, idx = at.multi_ptr, at.multi_idx
    for k in range(am):
        a0 = ptr[i * am + k]
        a1 = ptr[i * am + k + 1]
        b0 = ptr[j * am + k]
        b1 = ptr[j * am + k + 1]
        common = 0
        while a0 < a1 and b0 < b1:
            x = idx[a0]
            y = idx[b0]
            if x == y:
                common += 1
                a0 += 1
                b0 += 1
            elif x < y:
                a0 += 1
            else:
                b0 += 1
        d += at.multi_scale[k] * (at.multi_size[i, k] + at.multi_size[j, k] - 2 * common)
    return d


@njit(cache=True)
def distance_matrix(at: AttrArrays) -> FloatArray:
    n = at.cat_codes.shape[0]
    D = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            d = pair_distance(i, j, at)
            D[i, j] = d
            D[j, i] = d
    return D


# ---------------------------------------------------------------------------
# per-group aggregates
# ---------------------------------------------------------------------------


@njit(cache=True)
def aggregates(grp: IntArray, m: int, at: AttrArrays) -> Aggregates:
    """Per-group counts and sums used by ``person_gain``."""
    ac = at.cat_codes.shape[1]
    an = at.num_values.shape[1]
    am = at.multi_size.shape[1]
    agg = Aggregates(
        np.zeros(m, dtype=np.int64),
        np.zeros((m, max(ac, 1)), dtype=np.int64),
        np.zeros((m, max(at.n_categories, 1)), dtype=np.int64),
        np.zeros((m, max(an, 1))),
        np.zeros((m, max(an, 1))),
        np.zeros((m, max(an, 1))),
        np.zeros((m, max(am, 1)), dtype=np.int64),
        np.zeros((m, max(at.n_skills, 1)), dtype=np.int64),
    )
    for i in range(grp.shape[0]):
        add_person(i, grp[i], 1, agg, at)
    return agg


@njit(cache=True)
def add_person(i: int, g: int, sign: int, agg: Aggregates, at: AttrArrays) -> None:
    agg.people[g] += sign
    for k in range(at.cat_codes.shape[1]):
        c = at.cat_codes[i, k]
        if c >= 0:
            agg.cat_known[g, k] += sign
            agg.cat_cnt[g, at.cat_offset[k] + c] += sign
    for k in range(at.num_values.shape[1]):
        x = at.num_values[i, k]
        if x == x:
            agg.num_k[g, k] += sign
            agg.num_s1[g, k] += sign * x
            agg.num_s2[g, k] += sign * x * x
    am = at.multi_size.shape[1]
    for k in range(am):
        agg.multi_ss[g, k] += sign * at.multi_size[i, k]
        for t in range(at.multi_ptr[i * am + k], at.multi_ptr[i * am + k + 1]):
            agg.skill_cnt[g, at.multi_idx[t]] += sign


@njit(cache=True)
def person_gain(i: int, g: int, agg: Aggregates, at: AttrArrays) -> float:
    """Sum of distances from person ``i`` to everyone counted in group ``g``."""
    s = 0.0
    for k in range(at.cat_codes.shape[1]):
        c = at.cat_codes[i, k]
        if c >= 0:
            s += at.cat_weight[k] * (agg.cat_known[g, k] - agg.cat_cnt[g, at.cat_offset[k] + c])
    for k in range(at.num_values.shape[1]):
        x = at.num_values[i, k]
        if x == x:
            s += at.num_weight[k] * (
                agg.num_k[g, k] * x * x - 2.0 * x * agg.num_s1[g, k] + agg.num_s2[g, k]
            )
    am = at.multi_size.shape[1]
    for k in range(am):
        common = 0
        for t in range(at.multi_ptr[i * am + k], at.multi_ptr[i * am + k + 1]):
            common += agg.skill_cnt[g, at.multi_idx[t]]
        s += at.multi_scale[k] * (
            agg.people[g] * at.multi_size[i, k] + agg.multi_ss[g, k] - 2 * common
        )
    return s


@njit(cache=True)
def objective_attributes(grp: IntArray, m: int, at: AttrArrays) -> float:
    """Sum over same-group pairs of the attribute distance, in O(n * attributes)."""
    return float(group_contributions(grp, m, at).sum())


@njit(cache=True)
def group_contributions(grp: IntArray, m: int, at: AttrArrays) -> FloatArray:
    """Sum of the distances inside each group, from the aggregates."""
    agg = aggregates(grp, m, at)
    out = np.zeros(m)
    for i in range(grp.shape[0]):
        out[grp[i]] += person_gain(i, grp[i], agg, at)
    return out / 2.0
