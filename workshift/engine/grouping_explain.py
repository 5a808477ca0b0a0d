"""Why each group looks the way it does: size, contribution, attribute mix, constraints met."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from workshift.engine import grouping_attributes as ga
from workshift.engine.grouping_attributes import Attribute
from workshift.engine.grouping_rules import Constraints, GroupBounds


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


def categorical_values(attributes: Sequence[Attribute] | None) -> dict[str, Sequence[Any]]:
    if not attributes:
        return {}
    return {a.name: a.values for a in attributes if a.kind == "categorical"}


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
        contrib = ga.group_contributions(np.ascontiguousarray(grp), m, ga.kernel_args(enc))
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
    checks = constraint_checks(
        grp=grp, groups=groups, constraints=constraints, categorical=categorical_values(attributes)
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


def constraint_checks(
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
