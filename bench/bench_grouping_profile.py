"""Where the matrix search spends its time: tabu iterations per second, share of time in
the tabu search, crossover (with repair) and fresh starts.

    python bench/bench_grouping_profile.py --instance PATH --seconds 20 [--seed 1]

Times are CPU seconds of this process; the kernels are loaded before the clock starts.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workshift.engine import grouping_memetic as gm  # noqa: E402
from workshift.engine import grouping_tabu as gt  # noqa: E402
from workshift.engine.grouping import GroupBounds, form_groups  # noqa: E402
from workshift.engine.grouping_cli import load_compiled_code  # noqa: E402
from workshift.engine.mdgp import load_mdgp  # noqa: E402


def timed(spent: dict[str, float], calls: dict[str, int], key: str, fn: Callable[..., Any]) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[key] = spent.get(key, 0.0) + time.process_time() - t
            calls[key] = calls.get(key, 0) + 1

    return wrapper


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--instance", required=True)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    inst = load_mdgp(path=args.instance)
    load_compiled_code()
    spent: dict[str, float] = {}
    calls: dict[str, int] = {}
    for mod, name, key in [
        (gt, "tabu_search", "tabu search"),
        (gt, "crossover", "crossover"),
        (gm, "start", "fresh start"),
    ]:
        setattr(mod, name, timed(spent, calls, key, getattr(mod, name)))
    for name in ("repair",):
        setattr(gm.gk, name, timed(spent, calls, "repair", getattr(gm.gk, name)))
    groups = [GroupBounds(a, b) for a, b in zip(inst.lower, inst.upper, strict=True)]
    t = time.process_time()
    res = form_groups(
        groups=groups, distances=inst.distances, seconds=args.seconds, seed=args.seed, clock="cpu"
    )
    total = time.process_time() - t
    n = inst.n
    print(f"{inst.name}: n={n} m={inst.m} objective {res.objective:.3f} in {total:.1f} CPU s")
    print(f"tabu iterations {res.iterations} ({res.iterations / total:.0f}/s)")
    print(f"swap pairs per iteration ~{n * (n - 1) // 2}, inserts {n * inst.m}")
    for key in sorted(spent, key=lambda k: -spent[k]):
        share = 100.0 * spent[key] / total
        print(f"  {key:12s} {spent[key]:7.2f} s  {share:5.1f}%  calls {calls[key]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
