"""Connection analysis at scale: 100,000 people and 5,000,000 collaboration rows.

Run: .venv/bin/python bench/bench_network.py [--people N] [--rows M] [--units U]
Prints time and memory for each step; targets: analysis under 60 s and 4 GiB.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

import numpy as np

from workshift.engine.network import analyze_collaboration, tie_kinds, top_brokers
from workshift.engine.similarity import Profile, suggest_helpers

SKILLS = [
    "sql",
    "python",
    "excel",
    "coaching",
    "negotiation",
    "collections",
    "customer care",
    "forecasting",
    "lending",
    "cards",
    "disputes",
    "compliance",
    "audit",
    "facilitation",
    "training",
    "automation",
]
WORDS = (
    "customers payment plan hardship call repeat complaint form branch app login fraud dispute card loan "
    "statement fee refund schedule queue wait escalation survey churn retention"
).split()


def rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--units", type=int, default=1_000)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)

    started = time.perf_counter()
    unit_of = np.sort(rng.integers(0, args.units, size=args.people))
    # 80% of rows inside a unit, 20% across: pick a partner near in the sorted order or anywhere
    src = rng.integers(0, args.people, size=args.rows)
    near = np.clip(src + rng.integers(-60, 61, size=args.rows), 0, args.people - 1)
    far = rng.integers(0, args.people, size=args.rows)
    dst = np.where(rng.random(args.rows) < 0.8, near, far)
    count = rng.integers(1, 40, size=args.rows)
    print(
        f"generated {args.people:,} people, {args.rows:,} rows, {args.units:,} units "
        f"in {time.perf_counter() - started:.1f} s"
    )

    tracemalloc.start()
    started = time.perf_counter()
    analysis = analyze_collaboration(
        n_people=args.people, unit_of=unit_of, src=src, dst=dst, count=count, n_units=args.units
    )
    brokers = top_brokers(analysis=analysis, limit=20)
    group = np.flatnonzero(unit_of == unit_of[0])[:12]
    kinds = tie_kinds(
        analysis=analysis, group=group, candidates=np.arange(args.people), strong_count=40
    )
    analysis_seconds = time.perf_counter() - started
    _, analysis_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"analysis: {analysis_seconds:.1f} s, peak traced {analysis_peak / 2**30:.2f} GiB; "
        f"{int(analysis.isolated.sum()):,} isolated, {len(analysis.silent_unit_pairs):,} silent unit pairs, "
        f"top broker score {analysis.broker_score[brokers[0]]:.2f}"
    )

    profiles = [
        Profile(
            key=i,
            writing=" ".join(rng.choice(WORDS, size=12)),
            skills=list(rng.choice(SKILLS, size=3)),
        )
        for i in range(args.people)
    ]
    started = time.perf_counter()
    suggestions = suggest_helpers(
        query="customers in hardship drop their payment plan; we need churn forecasting",
        profiles=profiles,
        ties=kinds.tolist(),
        limit=5,
    )
    suggest_seconds = time.perf_counter() - started
    print(
        f"suggestions over {args.people:,} profiles: {suggest_seconds:.1f} s; first: {suggestions[0].reasons[:2]}"
    )
    print(f"process peak RSS {rss_gib():.2f} GiB (includes generated input and profiles)")


if __name__ == "__main__":
    main()
