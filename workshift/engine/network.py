"""Collaboration network analysis: brokers, isolated people, units that never talk, tie strength.

Input is aggregated collaboration counts between people (how often two people
worked together in a period; never content). People are numbered 0..n-1 and
units 0..u-1; every function is pure numpy / scipy.sparse and runs in
O(rows + people + units^2 / 8 bytes) memory.

- A *broker* carries a large share of the traffic between two units: for every
  tie across units, its count divided by the total count between those two
  units is added to both people. A person with score 1.0 carries, in sum, all
  of one unit pair's traffic.
- An *isolated* person has at most `isolation_contacts` distinct contacts.
- Two units *never talk* when no count links anyone in one to anyone in the other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

TIE_NONE = 0
TIE_WEAK = 1
TIE_STRONG = 2
TIE_WORDS = {
    TIE_NONE: "not yet connected to anyone in the group",
    TIE_WEAK: "a weak tie: knows someone in the group a little, or through a colleague",
    TIE_STRONG: "already works closely with the group",
}


@dataclass(frozen=True)
class NetworkAnalysis:
    ties: sp.csr_matrix  # symmetric people x people, summed counts
    contacts: np.ndarray  # distinct contacts per person
    strength: np.ndarray  # total count per person
    broker_score: np.ndarray  # sum of shares of unit-pair traffic carried
    isolated: np.ndarray  # bool per person
    unit_traffic: sp.csr_matrix  # symmetric units x units, summed cross-unit counts
    silent_unit_pairs: np.ndarray  # (k, 2) unit pairs with people on both sides and no ties
    unit_of: np.ndarray


def analyze_collaboration(
    *,
    n_people: int,
    unit_of: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    count: np.ndarray,
    n_units: int,
    isolation_contacts: int = 1,
) -> NetworkAnalysis:
    """Analyse aggregated counts between people (rows may repeat a pair, e.g. one per period)."""
    unit_of = np.asarray(unit_of, dtype=np.int64)
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    weights = np.asarray(count, dtype=np.float64)
    if unit_of.shape != (n_people,):
        raise ValueError(f"unit_of has {unit_of.shape[0]} entries for {n_people} people")
    if not (src.shape == dst.shape == weights.shape):
        raise ValueError("src, dst and count must have the same length")
    if src.size and (min(src.min(), dst.min()) < 0 or max(src.max(), dst.max()) >= n_people):
        raise ValueError("a collaboration row names a person outside 0..n_people-1")
    if weights.size and weights.min() < 0:
        raise ValueError("collaboration counts cannot be negative")

    keep = (src != dst) & (weights > 0)
    lo = np.minimum(src[keep], dst[keep])
    hi = np.maximum(src[keep], dst[keep])
    upper = sp.coo_matrix((weights[keep], (lo, hi)), shape=(n_people, n_people)).tocsr()
    upper.sum_duplicates()
    ties = (upper + upper.T).tocsr()

    contacts = np.diff(ties.indptr).astype(np.int64)
    strength = np.asarray(ties.sum(axis=1)).ravel()

    coo = upper.tocoo()
    rows, cols, w = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data
    unit_a, unit_b = unit_of[rows], unit_of[cols]
    cross = (unit_a != unit_b) & (unit_a >= 0) & (unit_b >= 0)
    rows, cols, w = rows[cross], cols[cross], w[cross]
    ua, ub = np.minimum(unit_a[cross], unit_b[cross]), np.maximum(unit_a[cross], unit_b[cross])
    keys = ua * n_units + ub
    broker = np.zeros(n_people, dtype=np.float64)
    if keys.size:
        unique_keys, inverse = np.unique(keys, return_inverse=True)
        totals = np.bincount(inverse, weights=w)
        share = w / totals[inverse]
        broker += np.bincount(rows, weights=share, minlength=n_people)
        broker += np.bincount(cols, weights=share, minlength=n_people)
        pair_a, pair_b = unique_keys // n_units, unique_keys % n_units
        traffic_upper = sp.coo_matrix((totals, (pair_a, pair_b)), shape=(n_units, n_units)).tocsr()
    else:
        traffic_upper = sp.csr_matrix((n_units, n_units))
    unit_traffic = (traffic_upper + traffic_upper.T).tocsr()

    populated = np.zeros(n_units, dtype=bool)
    populated[unit_of[unit_of >= 0]] = True
    silent = _silent_pairs(traffic=unit_traffic, populated=populated)

    return NetworkAnalysis(
        ties=ties,
        contacts=contacts,
        strength=strength,
        broker_score=broker,
        isolated=contacts <= isolation_contacts,
        unit_traffic=unit_traffic,
        silent_unit_pairs=silent,
        unit_of=unit_of,
    )


def _silent_pairs(*, traffic: sp.csr_matrix, populated: np.ndarray) -> np.ndarray:
    """Pairs (a < b) of populated units with no traffic, row by row to keep memory at O(units)."""
    units = np.flatnonzero(populated)
    found: list[np.ndarray] = []
    for a in units:
        talking = np.zeros(traffic.shape[0], dtype=bool)
        talking[traffic.indices[traffic.indptr[a] : traffic.indptr[a + 1]]] = True
        partners = units[(units > a) & ~talking[units]]
        if partners.size:
            found.append(np.column_stack([np.full(partners.size, a, dtype=np.int64), partners]))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    return np.concatenate(found)


def top_brokers(
    *, analysis: NetworkAnalysis, limit: int = 10, among: np.ndarray | None = None
) -> np.ndarray:
    """People with the highest broker score (only those with a score above 0), best first."""
    scores = analysis.broker_score if among is None else analysis.broker_score[among]
    order = np.argsort(-scores, kind="stable")[:limit]
    order = order[scores[order] > 0]
    return order if among is None else np.asarray(among)[order]


def bridges_of(*, analysis: NetworkAnalysis, person: int) -> list[tuple[int, float]]:
    """The units a person links their own unit to, with the share of that pair's traffic they carry."""
    ties = analysis.ties
    neighbours = ties.indices[ties.indptr[person] : ties.indptr[person + 1]]
    weights = ties.data[ties.indptr[person] : ties.indptr[person + 1]]
    own = analysis.unit_of[person]
    other_units = analysis.unit_of[neighbours]
    result: list[tuple[int, float]] = []
    for unit in np.unique(other_units[(other_units != own) & (other_units >= 0)]):
        carried = float(weights[other_units == unit].sum())
        total = float(analysis.unit_traffic[own, unit])
        result.append((int(unit), carried / total if total else 0.0))
    result.sort(key=lambda item: -item[1])
    return result


def tie_kinds(
    *, analysis: NetworkAnalysis, group: np.ndarray, candidates: np.ndarray, strong_count: float
) -> np.ndarray:
    """For each candidate, how they are tied to a group of people.

    TIE_STRONG: direct counts with the group add up to at least `strong_count`;
    TIE_WEAK: some direct count below that, or a shared contact (two steps);
    TIE_NONE: neither.
    """
    group = np.asarray(group, dtype=np.int64)
    candidates = np.asarray(candidates, dtype=np.int64)
    n = analysis.ties.shape[0]
    in_group = np.zeros(n, dtype=np.float64)
    in_group[group] = 1.0
    direct = analysis.ties @ in_group  # summed counts with the group
    reach_one = (analysis.ties != 0).astype(np.float64) @ in_group > 0  # neighbours of the group
    two_steps = (analysis.ties != 0).astype(np.float64) @ reach_one.astype(np.float64) > 0
    kinds = np.full(candidates.size, TIE_NONE, dtype=np.int64)
    kinds[two_steps[candidates] | (direct[candidates] > 0)] = TIE_WEAK
    kinds[direct[candidates] >= strong_count] = TIE_STRONG
    return kinds
