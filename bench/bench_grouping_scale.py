"""Scale benchmark of the grouping engine.

1. 100,000 people with 6 attributes (3 categorical, 2 numeric, 1 skill set)
   into cells of 5 to 15 people (10,000 cells), with a spread rule so that
   members of the same workgroup (20 people each) land in different cells:
   wall time (limit 60 s) and peak memory (limit 2 GiB, resource.getrusage).
2. 60 volunteers into 4 workgroups of 15: wall time of a run limited to
   0.5 s (compiled code cached; target under 1 s) and its gap to the best of
   a 30 s run.

    python bench/bench_grouping_scale.py [--people 100000] [--seconds 45] [--small-only]

Prints a table and writes bench/results/grouping_scale.csv.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workshift.engine import grouping  # noqa: E402
from workshift.engine.grouping import (  # noqa: E402
    Attribute,
    Constraints,
    GroupBounds,
    form_groups,
    random_assignment,
    score_assignment,
)

SKILLS = [f"skill-{k:02d}" for k in range(40)]


def people(n: int, seed: int) -> list[Attribute]:
    rng = np.random.default_rng(seed)
    departments = [f"dept-{k}" for k in range(12)]
    sites = ["north", "south", "east", "west", "remote"]
    levels = ["junior", "mid", "senior", "lead"]
    return [
        Attribute(
            name="department",
            kind="categorical",
            values=list(rng.choice(departments, n, p=np.arange(12, 0, -1) / 78)),
        ),
        Attribute(name="site", kind="categorical", values=list(rng.choice(sites, n))),
        Attribute(
            name="level",
            kind="categorical",
            values=list(rng.choice(levels, n, p=[0.3, 0.4, 0.2, 0.1])),
        ),
        Attribute(
            name="age",
            kind="numeric",
            values=np.clip(rng.normal(41, 11, n), 18, 70).round().tolist(),
        ),
        Attribute(name="tenure", kind="numeric", values=rng.exponential(6.0, n).round(1).tolist()),
        Attribute(
            name="skills",
            kind="multi",
            weight=1.5,
            values=[
                list(rng.choice(SKILLS, size=int(k), replace=False)) for k in rng.integers(1, 7, n)
            ],
        ),
    ]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def large(n: int, seconds: float) -> dict:
    t0 = time.perf_counter()
    attrs = people(n, 1)
    labels = [i // 20 for i in np.random.default_rng(2).permutation(n)]  # workgroups of 20
    m = n // 10
    groups = [GroupBounds(min_size=5, max_size=15)] * m
    t_data = time.perf_counter() - t0
    t1 = time.perf_counter()
    result = form_groups(
        groups=groups,
        attributes=attrs,
        constraints=Constraints(spread=labels),
        seconds=seconds,
        seed=0,
    )
    t_solve = time.perf_counter() - t1
    base = random_assignment(groups=groups, n=n, seed=0, constraints=Constraints(spread=labels))
    base_score = score_assignment(assignment=base, attributes=attrs)
    return {
        "case": f"{n} people, {m} cells of 5-15, 6 attributes + spread",
        "wall_s": round(t_solve, 2),
        "data_s": round(t_data, 2),
        "search_limit_s": seconds,
        "objective": round(result.objective, 3),
        "random_objective": round(base_score, 3),
        "gain_over_random_pct": round((result.objective / base_score - 1) * 100, 2),
        "passes": result.iterations,
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


def small(seconds: float, reference_seconds: float, seeds: int) -> list[dict]:
    rows = []
    for seed in range(seeds):
        attrs = people(60, 100 + seed)
        groups = [GroupBounds(min_size=15, max_size=15)] * 4
        ref = form_groups(groups=groups, attributes=attrs, seconds=reference_seconds, seed=seed)
        t = time.perf_counter()
        fast = form_groups(groups=groups, attributes=attrs, seconds=seconds, seed=seed + 1)
        wall = time.perf_counter() - t
        rows.append(
            {
                "case": f"60 volunteers into 4 workgroups (instance {seed})",
                "wall_s": round(wall, 3),
                "search_limit_s": seconds,
                "objective": round(fast.objective, 4),
                "reference_objective": round(ref.objective, 4),
                "reference_s": reference_seconds,
                "gap_to_reference_pct": round(
                    (ref.objective - fast.objective) / ref.objective * 100, 4
                ),
                "peak_rss_mib": round(peak_rss_mib(), 1),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="scale benchmark of the grouping engine")
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=45.0, help="search limit of the large case")
    ap.add_argument("--small-seconds", type=float, default=0.5)
    ap.add_argument("--reference-seconds", type=float, default=30.0)
    ap.add_argument("--small-seeds", type=int, default=3)
    ap.add_argument("--small-only", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "grouping_scale.csv"))
    args = ap.parse_args(argv)

    # load the compiled kernels once (numba cache) before timing anything: the matrix search,
    # then the aggregate search of the large case (forced on a tiny problem)
    form_groups(groups=[GroupBounds(3, 3)] * 2, attributes=people(6, 0), seconds=0.05)
    limit = grouping.MATRIX_LIMIT
    grouping.MATRIX_LIMIT = 0
    try:
        form_groups(
            groups=[GroupBounds(3, 3)] * 2,
            attributes=people(6, 0),
            constraints=Constraints(spread=[0, 0, 1, 1, 2, 2]),
            seconds=600.0,
            max_iterations=1,  # one pass: stops there, however long loading the code takes
        )
    finally:
        grouping.MATRIX_LIMIT = limit
    rows = small(args.small_seconds, args.reference_seconds, args.small_seeds)
    if not args.small_only:
        rows.append(large(args.people, args.seconds))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    keys = sorted({k for r in rows for k in r}, key=lambda k: (k != "case", k))
    with open(args.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)
    for r in rows:
        print(r["case"])
        for k, v in r.items():
            if k != "case":
                print(f"    {k:22s} {v}")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
