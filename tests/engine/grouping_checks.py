"""Independent checks used by the grouping tests (no engine code)."""

import itertools
import math

import numpy as np


def objective(D, grp):
    grp = np.asarray(grp)
    same = grp[:, None] == grp[None, :]
    return float(np.triu(D * same, 1).sum())


def violations(grp, bounds, constraints=None, categorical=None):
    """List of human-readable violations of sizes and constraints."""
    grp = list(map(int, grp))
    m = len(bounds)
    out = []
    sizes = [grp.count(g) for g in range(m)]
    for g, (lo, hi) in enumerate(bounds):
        if not lo <= sizes[g] <= hi:
            out.append(f"size of group {g} is {sizes[g]} not in [{lo}, {hi}]")
    c = constraints
    if c is None:
        return out
    for person, g in c.fixed.items():
        if grp[person] != g:
            out.append(f"person {person} not in fixed group {g}")
    for i, j in c.together:
        if grp[i] != grp[j]:
            out.append(f"together {i},{j} split")
    for i, j in c.apart:
        if grp[i] == grp[j]:
            out.append(f"apart {i},{j} together")
    for name, value, k in c.max_per_category:
        for g in range(m):
            cnt = sum(1 for i, v in enumerate(categorical[name]) if v == value and grp[i] == g)
            if cnt > k:
                out.append(f"{cnt} of {name}={value} in group {g} > {k}")
    for name in c.two_or_none:
        for g in range(m):
            vals = [v for i, v in enumerate(categorical[name]) if grp[i] == g and v is not None]
            for v in set(vals):
                if vals.count(v) == 1:
                    out.append(f"lonely {name}={v} in group {g}")
    if c.spread is not None:
        labels = [v for v in c.spread if v is not None and v >= 0]
        for lab in set(labels):
            cap = math.ceil(labels.count(lab) / m)
            for g in range(m):
                cnt = sum(1 for i, v in enumerate(c.spread) if v == lab and grp[i] == g)
                if cnt > cap:
                    out.append(f"label {lab} appears {cnt} > {cap} times in group {g}")
    return out


def brute_force(D, bounds, feasible=lambda grp: True):
    """Best objective over every assignment (tiny n only)."""
    n = D.shape[0]
    m = len(bounds)
    best = -math.inf
    best_grp = None
    for grp in itertools.product(range(m), repeat=n):
        sizes = [0] * m
        for g in grp:
            sizes[g] += 1
        if any(not lo <= s <= hi for s, (lo, hi) in zip(sizes, bounds, strict=True)):
            continue
        if not feasible(grp):
            continue
        val = objective(D, grp)
        if val > best:
            best, best_grp = val, grp
    return best, best_grp


def attribute_distance(attributes, i, j):
    """The documented attribute distance, written out directly."""
    d = 0.0
    for a in attributes:
        if a.kind == "categorical":
            x, y = a.values[i], a.values[j]
            if x is not None and y is not None and x != y:
                d += a.weight
        elif a.kind == "numeric":
            known = [float(v) for v in a.values if v is not None]
            lo, hi = min(known), max(known)
            x, y = a.values[i], a.values[j]
            if x is not None and y is not None and hi > lo:
                d += a.weight * ((float(x) - float(y)) / (hi - lo)) ** 2
        else:
            sets = [set(v or ()) for v in a.values]
            largest = max(len(s) for s in sets)
            if largest:
                d += a.weight * len(sets[i] ^ sets[j]) / (2 * largest)
    return d


def attribute_matrix(attributes):
    n = len(attributes[0].values)
    D = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            D[i, j] = D[j, i] = attribute_distance(attributes, i, j)
    return D
