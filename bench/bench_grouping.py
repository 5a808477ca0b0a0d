"""MDGP benchmark: gaps of the grouping engine to reference values, over several seeds.

Runs MDGPLIB (RanReal, Geo; n = 120, 240, 480; ss and ds) or instances made by
``bench/mdgp_generate.py`` at the literature's CPU-second limits (3, 20, 120 s;
``--quick`` divides them by 10, ``--limit`` sets one limit for every size) and
appends one row per run to ``bench/results/grouping_runs.csv``.  Then it
prints, per family, size, type and limit: the average gap over all instances
and seeds, the best and the worst single run, and beside it TPSDP's own
average gap (``tpsdp_avg`` of ``best_known_tpsdp.csv``) for MDGPLIB.

Gap = ``(reference - ours) / reference * 100``.  The reference is TPSDP's best
of 20 runs for MDGPLIB, and for generated instances the best objective found
by any run recorded in the runs file (all limits and seeds, long runs
included), so generated gaps are relative to our own best, not to an optimum.

    python bench/bench_grouping.py [--quick] [--sizes 120,240,480] [--seeds 1,2,3] [--jobs 2]
    python bench/bench_grouping.py --generated bench/results/mdgp_generated \
        --families UnifReal,Euclid --sizes 240 --seeds 1
    python bench/bench_grouping.py --report-only [--families ...] [--sizes ...]
    python bench/bench_grouping.py --generated ... --tag T2 \
        --tuning '{"tenure_min": 0.02, "tenure_span": 0.08}'   # a variant, for tuning only

Data: ``$WORKSHIFT_MDGP_DIR`` (default ``<repo>/../shared/data/mdgp``).
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LIMITS = {120: 3.0, 240: 20.0, 480: 120.0, 960: 600.0}
RUN_FIELDS = ["instance", "family", "n", "type", "limit_s", "seed", "objective", "cpu_s", "tag"]
RESULTS = ROOT / "bench" / "results"


def data_dir() -> Path:
    return Path(os.environ.get("WORKSHIFT_MDGP_DIR", ROOT.parent / "shared" / "data" / "mdgp"))


def tpsdp() -> dict[str, dict[str, float]]:
    """Per MDGPLIB instance: TPSDP's best, average and worst of 20 runs."""
    path = data_dir() / "best_known_tpsdp.csv"
    if not path.exists():
        return {}
    with open(path, newline="") as f:
        return {
            r["instance"]: {k: float(r[f"tpsdp_{k}"]) for k in ("best", "avg", "worst")}
            for r in csv.DictReader(f)
        }


def _warm(tuning: dict[str, object]) -> None:
    """Set the search parameters and load the compiled kernels once per worker (not counted)."""
    from workshift.engine.grouping_cli import load_compiled_code
    from workshift.engine.grouping_memetic import TUNING

    TUNING.update(tuning)
    load_compiled_code()


def parse_tuning(text: str) -> dict[str, object]:
    """``--tuning``: a JSON object whose keys are search parameters of ``grouping_memetic.TUNING``."""
    from workshift.engine.grouping_memetic import TUNING

    tuning = json.loads(text or "{}")
    if not isinstance(tuning, dict):
        raise SystemExit("--tuning takes a JSON object, e.g. '{\"tenure_min\": 0.02}'")
    unknown = sorted(set(tuning) - set(TUNING))
    if unknown:
        raise SystemExit(
            f"--tuning: unknown parameter(s) {', '.join(unknown)}; known: {', '.join(TUNING)}"
        )
    return tuning


def _run(task: tuple[str, str, float, int, str]) -> dict[str, object]:
    from workshift.engine.grouping_cli import run_instance

    name, path, limit, seed, clock = task
    t = time.process_time()
    out = run_instance(path=path, seconds=limit, seed=seed, clock=clock)
    return {
        "instance": name,
        "seed": seed,
        "objective": out["objective"],
        "cpu_s": time.process_time() - t,
    }


def read_runs(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def summarize(
    rows: list[dict[str, str]], all_rows: list[dict[str, str]]
) -> list[dict[str, object]]:
    """One line per family, size, type and limit (and per family and size over both types)."""
    known = tpsdp()
    ours: dict[str, float] = defaultdict(lambda: float("-inf"))
    for r in all_rows:
        ours[r["instance"]] = max(ours[r["instance"]], float(r["objective"]))

    def reference(name: str) -> float:
        return known[name]["best"] if name in known else ours[name]

    groups: dict[tuple[str, int, str, float], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        key = (r["family"], int(r["n"]), r["type"], float(r["limit_s"]))
        groups[key].append(r)
        groups[(r["family"], int(r["n"]), "both", float(r["limit_s"]))].append(r)
    out = []
    for (fam, n, typ, limit), rs in sorted(
        groups.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][3], kv[0][2])
    ):
        gaps = [
            (reference(r["instance"]) - float(r["objective"])) / reference(r["instance"]) * 100
            for r in rs
        ]
        names = sorted({r["instance"] for r in rs})
        tp = [known[x] for x in names if x in known]
        worse = sum(
            1
            for r in rs
            if r["instance"] in known and float(r["objective"]) < known[r["instance"]]["worst"]
        )
        out.append(
            {
                "family": fam,
                "n": n,
                "type": typ,
                "limit_s": limit,
                "instances": len(names),
                "seeds": len({r["seed"] for r in rs}),
                "runs": len(rs),
                "avg_gap_pct": round(sum(gaps) / len(gaps), 4),
                "best_gap_pct": round(min(gaps), 4),
                "worst_gap_pct": round(max(gaps), 4),
                "tpsdp_avg_gap_pct": round(
                    sum((t["best"] - t["avg"]) / t["best"] * 100 for t in tp) / len(tp), 4
                )
                if tp
                else "",
                "runs_below_tpsdp_worst": worse if tp else "",
                "reference": "TPSDP best of 20" if tp else "best of our runs",
            }
        )
    return out


def print_summary(summary: list[dict[str, object]]) -> None:
    print(
        f"{'family':9s} {'n':>4s} {'type':4s} {'limit':>6s} {'inst':>4s} {'seeds':>5s} {'avg gap %':>9s} "
        f"{'best %':>7s} {'worst %':>7s} {'TPSDP avg %':>11s} {'<TPSDP worst':>12s}  reference"
    )
    for s in summary:
        print(
            f"{s['family']!s:9s} {s['n']!s:>4s} {s['type']!s:4s} {float(s['limit_s']):6.1f} {s['instances']!s:>4s} "
            f"{s['seeds']!s:>5s} {float(s['avg_gap_pct']):9.3f} {float(s['best_gap_pct']):7.3f} "
            f"{float(s['worst_gap_pct']):7.3f} {s['tpsdp_avg_gap_pct']!s:>11s} "
            f"{s['runs_below_tpsdp_worst']!s:>12s}  {s['reference']}"
        )


def print_markdown(summary: list[dict[str, object]]) -> None:
    print(
        "| family | n | type | limit (CPU s) | instances | seeds | avg gap % | best % | worst % "
        "| TPSDP avg gap % | runs below TPSDP's worst | reference |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s in summary:
        print(
            f"| {s['family']} | {s['n']} | {s['type']} | {float(str(s['limit_s'])):g} | {s['instances']} "
            f"| {s['seeds']} | {float(str(s['avg_gap_pct'])):.3f} | {float(str(s['best_gap_pct'])):.3f} "
            f"| {float(str(s['worst_gap_pct'])):.3f} | {s['tpsdp_avg_gap_pct'] or '-'} "
            f"| {'-' if s['runs_below_tpsdp_worst'] == '' else s['runs_below_tpsdp_worst']} | {s['reference']} |"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--quick", action="store_true", help="divide the time limits by --quick-factor (10)"
    )
    ap.add_argument("--quick-factor", type=float, default=10.0)
    ap.add_argument("--limit", type=float, default=0.0, help="one limit in seconds for every size")
    ap.add_argument("--sizes", default="120,240,480")
    ap.add_argument("--families", default="RanReal,Geo")
    ap.add_argument("--types", default="ss,ds")
    ap.add_argument("--ids", default="", help="instance numbers to run, e.g. 01,02 (default all)")
    ap.add_argument("--seeds", default="1,2,3", help="seeds, one run per instance and seed")
    ap.add_argument("--jobs", type=int, default=1, help="runs in parallel (one process each)")
    ap.add_argument("--generated", default="", help="folder of bench/mdgp_generate.py output")
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu")
    ap.add_argument("--tag", default="", help="a label stored with each run")
    ap.add_argument(
        "--tuning",
        default="",
        help="search parameters to change for these runs, as JSON (tuning only; tag the runs)",
    )
    ap.add_argument("--runs", default=str(RESULTS / "grouping_runs.csv"))
    ap.add_argument("--out", default=str(RESULTS / "grouping.csv"))
    ap.add_argument(
        "--report-only", action="store_true", help="summarize the runs file, run nothing"
    )
    ap.add_argument("--markdown", action="store_true", help="with --report-only: a Markdown table")
    args = ap.parse_args(argv)
    tuning = parse_tuning(args.tuning)

    sizes = [int(s) for s in args.sizes.split(",") if s]
    families = [f for f in args.families.split(",") if f]
    types = args.types.split(",")
    ids = {s.zfill(2) for s in args.ids.split(",") if s}
    seeds = [int(s) for s in args.seeds.split(",") if s]
    runs_path = Path(args.runs)
    runs_path.parent.mkdir(parents=True, exist_ok=True)

    def limit_for(n: int) -> float:
        if args.limit > 0:
            return float(args.limit)
        return LIMITS[n] / (args.quick_factor if args.quick else 1.0)

    def wanted(r: dict[str, str]) -> bool:
        return (
            r["family"] in families
            and int(r["n"]) in sizes
            and r["type"] in types
            and (not ids or r["instance"].rsplit("_", 1)[1] in ids)
            and (not args.tag or r["tag"] == args.tag)
        )

    if args.report_only:
        all_rows = read_runs(runs_path)
        summary = summarize([r for r in all_rows if wanted(r)], all_rows)
        (print_markdown if args.markdown else print_summary)(summary)
        return 0

    base = Path(args.generated) if args.generated else data_dir() / "instances"
    tasks = []
    for fam in families:
        for n in sizes:
            for typ in types:
                for path in sorted((base / fam).glob(f"{fam}_n{n:03d}_{typ}_*.txt.gz")):
                    name = path.name.split(".")[0]
                    if ids and name.rsplit("_", 1)[1] not in ids:
                        continue
                    for seed in seeds:
                        tasks.append((name, str(path), limit_for(n), seed, args.clock))
    if not tasks:
        print(f"no instances found under {base}", file=sys.stderr)
        return 1
    total = sum(t[2] for t in tasks)
    print(f"{len(tasks)} runs, {total:.0f} s of search in total, {args.jobs} job(s)", flush=True)

    limit_of = {t[0]: t[2] for t in tasks}
    new_rows: list[dict[str, str]] = []
    fresh = not runs_path.exists()
    with open(runs_path, "a", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=RUN_FIELDS)
        if fresh:
            writer.writeheader()
        with mp.get_context("spawn").Pool(args.jobs, initializer=_warm, initargs=(tuning,)) as pool:
            for res in pool.imap_unordered(_run, tasks):
                name = str(res["instance"])
                fam, nn, typ, _k = name.split("_")
                row = {
                    "instance": name,
                    "family": fam,
                    "n": str(int(nn[1:])),
                    "type": typ,
                    "limit_s": str(limit_of[name]),
                    "seed": str(res["seed"]),
                    "objective": f"{float(str(res['objective'])):.6f}",
                    "cpu_s": f"{float(str(res['cpu_s'])):.2f}",
                    "tag": args.tag,
                }
                new_rows.append(row)
                writer.writerow(row)
                f.flush()
                print(
                    f"  {name:24s} seed {row['seed']:>3s} {float(row['objective']):14.3f}  ({row['cpu_s']} s CPU)",
                    flush=True,
                )

    summary = summarize(new_rows, read_runs(runs_path))
    with open(args.out, "w", newline="") as f:
        writer2 = csv.DictWriter(f, fieldnames=list(summary[0]))
        writer2.writeheader()
        writer2.writerows(summary)
    print()
    print_summary(summary)
    print(f"\nwritten: {args.out}; runs appended to {runs_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
