"""MDGP benchmark: gaps of the grouping engine to the best known values.

Runs the RanReal and Geo instances of MDGPLIB (n = 120, 240, 480; ss and ds)
with the time limits of the literature (3, 20 and 120 CPU seconds per
instance; ``--quick`` divides them by 10) and writes, per family, size and
type, the average and the best gap ``(best_known - ours) / best_known * 100``
to ``bench/results/grouping.csv`` (one row per instance goes to
``bench/results/grouping_instances.csv``).

    python bench/bench_grouping.py [--quick] [--sizes 120,240,480] [--jobs 2]

Data: ``$WORKSHIFT_MDGP_DIR`` (default ``<repo>/../shared/data/mdgp``).
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LIMITS = {120: 3.0, 240: 20.0, 480: 120.0, 960: 600.0}
FIELDS = [
    "instance",
    "family",
    "n",
    "type",
    "limit_s",
    "seed",
    "objective",
    "best_known",
    "gap_pct",
    "cpu_s",
]


def data_dir() -> Path:
    return Path(os.environ.get("WORKSHIFT_MDGP_DIR", ROOT.parent / "shared" / "data" / "mdgp"))


def best_known() -> dict[str, float]:
    with open(data_dir() / "best_known_tpsdp.csv", newline="") as f:
        return {r["instance"]: float(r["tpsdp_best"]) for r in csv.DictReader(f)}


def _warm() -> None:
    """Load the compiled kernels once per worker (not counted in any run)."""
    from workshift.engine.grouping_cli import run_instance

    tiny = sorted((data_dir() / "instances" / "RanReal").glob("RanReal_n012_ds_*.txt.gz"))
    if tiny:
        run_instance(path=str(tiny[0]), seconds=0.05, seed=0)


def _run(task: tuple[str, str, float, int, str]) -> dict:
    from workshift.engine.grouping_cli import run_instance

    name, path, limit, seed, clock = task
    t = time.process_time()
    out = run_instance(path=path, seconds=limit, seed=seed, clock=clock)
    return {"instance": name, "objective": out["objective"], "cpu_s": time.process_time() - t}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--quick", action="store_true", help="divide the time limits by --quick-factor (10)"
    )
    ap.add_argument("--quick-factor", type=float, default=10.0)
    ap.add_argument("--sizes", default="120,240,480")
    ap.add_argument("--families", default="RanReal,Geo")
    ap.add_argument("--types", default="ss,ds")
    ap.add_argument("--ids", default="", help="instance numbers to run, e.g. 01,02 (default all)")
    ap.add_argument(
        "--jobs", type=int, default=1, help="instances solved in parallel (one process each)"
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--clock",
        choices=["cpu", "wall"],
        default="cpu",
        help="time limits in CPU seconds (default, as in the literature) or wall seconds",
    )
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "grouping.csv"))
    ap.add_argument(
        "--instances-out", default=str(ROOT / "bench" / "results" / "grouping_instances.csv")
    )
    args = ap.parse_args(argv)

    best = best_known()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    ids = {s.zfill(2) for s in args.ids.split(",") if s}
    tasks = []
    for fam in args.families.split(","):
        for n in sizes:
            for typ in args.types.split(","):
                for path in sorted(
                    (data_dir() / "instances" / fam).glob(f"{fam}_n{n:03d}_{typ}_*.txt.gz")
                ):
                    name = path.name.split(".")[0]
                    if ids and name.rsplit("_", 1)[1] not in ids:
                        continue
                    limit = LIMITS[n] / (args.quick_factor if args.quick else 1.0)
                    tasks.append((name, str(path), limit, args.seed, args.clock))
    if not tasks:
        print(f"no instances found under {data_dir() / 'instances'}", file=sys.stderr)
        return 1
    total = sum(t[2] for t in tasks)
    print(
        f"{len(tasks)} instances, {total:.0f} s of search in total, {args.jobs} job(s)", flush=True
    )

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    limit_of = {t[0]: t[2] for t in tasks}
    rows = []
    with open(args.instances_out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        with mp.get_context("spawn").Pool(args.jobs, initializer=_warm) as pool:
            for res in pool.imap_unordered(_run, tasks):
                name = res["instance"]
                fam, nn, typ, _k = name.split("_")
                bk = best[name]
                gap = (bk - res["objective"]) / bk * 100.0
                row = {
                    "instance": name,
                    "family": fam,
                    "n": int(nn[1:]),
                    "type": typ,
                    "limit_s": limit_of[name],
                    "seed": args.seed,
                    "objective": round(res["objective"], 6),
                    "best_known": bk,
                    "gap_pct": round(gap, 5),
                    "cpu_s": round(res["cpu_s"], 2),
                }
                rows.append(row)
                writer.writerow(row)
                f.flush()
                print(
                    f"  {name:22s} {res['objective']:14.3f}  gap {gap:7.3f}%  ({res['cpu_s']:.1f} s CPU)",
                    flush=True,
                )

    summary = []
    keys = sorted(
        {(r["family"], r["n"], r["type"]) for r in rows}, key=lambda k: (k[1], k[0], k[2])
    )
    for fam, n, typ in keys:
        g = [r["gap_pct"] for r in rows if (r["family"], r["n"], r["type"]) == (fam, n, typ)]
        summary.append(
            {
                "family": fam,
                "n": n,
                "type": typ,
                "instances": len(g),
                "limit_s": LIMITS[n] / (args.quick_factor if args.quick else 1.0),
                "avg_gap_pct": round(sum(g) / len(g), 4),
                "best_gap_pct": round(min(g), 4),
                "worst_gap_pct": round(max(g), 4),
            }
        )
    for n in sorted({r["n"] for r in rows}):
        g = [r["gap_pct"] for r in rows if r["n"] == n]
        summary.append(
            {
                "family": "all",
                "n": n,
                "type": "all",
                "instances": len(g),
                "limit_s": LIMITS[n] / (args.quick_factor if args.quick else 1.0),
                "avg_gap_pct": round(sum(g) / len(g), 4),
                "best_gap_pct": round(min(g), 4),
                "worst_gap_pct": round(max(g), 4),
            }
        )
    with open(args.out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(summary[0]))
        writer.writeheader()
        writer.writerows(summary)
    print()
    print(
        f"{'family':8s} {'n':>4s} {'type':4s} {'inst':>4s} {'limit s':>8s} {'avg gap %':>10s} "
        f"{'best gap %':>10s} {'worst gap %':>11s}"
    )
    for s in summary:
        print(
            f"{s['family']:8s} {s['n']:4d} {s['type']:4s} {s['instances']:4d} {s['limit_s']:8.1f} "
            f"{s['avg_gap_pct']:10.3f} {s['best_gap_pct']:10.3f} {s['worst_gap_pct']:11.3f}"
        )
    print(f"\nwritten: {args.out}, {args.instances_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
