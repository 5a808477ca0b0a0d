"""``workshift engine group``: solve one MDGPLIB instance from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from workshift.engine import grouping_kernels as gk
from workshift.engine import grouping_tabu as gt
from workshift.engine.grouping import GroupBounds, form_groups
from workshift.engine.grouping_rules import compile_constraints
from workshift.engine.grouping_start import start
from workshift.engine.mdgp import load_mdgp


def load_compiled_code() -> None:
    """Load (or compile) every kernel of the matrix search, so a run's clock measures only its search.

    Two small problems, equal and different group sizes, each run long enough
    to reach the crossover and the repair of its children.
    """
    import numpy as np

    rng = np.random.default_rng(0)
    distances = np.triu(rng.uniform(0, 100, (40, 40)), 1)
    distances = distances + distances.T
    for low, high in ((8, 8), (6, 10)):
        form_groups(
            groups=[GroupBounds(min_size=low, max_size=high)] * 5,
            distances=distances,
            seconds=60.0,
            max_iterations=5_000,
            seed=0,
        )
        # small problems rarely fill the population, so the crossover is loaded here
        lo = np.full(5, low, dtype=np.int64)
        hi = np.full(5, high, dtype=np.int64)
        prob = compile_constraints(n=40, lo=lo, hi=hi, constraints=None)
        un = prob.units()
        child = gt.crossover(un, distances, start(prob).grp, start(prob).grp)
        gk.repair(child, un, 1000)


def run_instance(*, path: str, seconds: float, seed: int, clock: str = "wall") -> dict[str, Any]:
    """Solve an MDGPLIB instance; group ``g`` is the header's group ``g``.

    ``clock="cpu"`` counts the time limit in CPU seconds (benchmarks).
    Returns ``{"objective", "seconds", "assignment"}`` with the group index of
    every element in input order.
    """
    inst = load_mdgp(path=path)
    load_compiled_code()
    groups = [
        GroupBounds(min_size=a, max_size=b) for a, b in zip(inst.lower, inst.upper, strict=True)
    ]
    result = form_groups(
        groups=groups,
        distances=inst.distances,
        seconds=seconds,
        seed=seed,
        clock="cpu" if clock == "cpu" else "wall",
    )
    return {
        "objective": float(result.objective),
        "seconds": float(result.seconds),
        "assignment": [int(g) for g in result.assignment],
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workshift engine group",
        description="Form maximally diverse groups for an MDGPLIB instance file.",
    )
    parser.add_argument(
        "--instance",
        required=True,
        metavar="PATH",
        help="instance file (.txt or .txt.gz, MDGPLIB format)",
    )
    parser.add_argument(
        "--seconds", type=float, default=1.0, metavar="S", help="time limit in seconds (default 1)"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default 0)")
    parser.add_argument(
        "--json", action="store_true", help='print {"objective", "seconds", "assignment"} as JSON'
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.seconds <= 0:
        print("error: --seconds must be positive", file=sys.stderr)
        return 2
    out = run_instance(path=args.instance, seconds=args.seconds, seed=args.seed)
    if args.json:
        print(json.dumps(out))
    else:
        print(f"objective: {out['objective']:.3f}")
        print(f"seconds: {out['seconds']:.3f}")
        print("assignment: " + " ".join(str(g) for g in out["assignment"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
