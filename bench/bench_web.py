"""Page speed under load: `make bench-web`.

On the scale fixture in PostgreSQL (`workshift demo --no-serve --scale 100000` into the database
named by DATABASE_URL), starts two `workshift serve` processes on loopback ports and runs locust
headless with 32 users for 60 s over the champion's dashboard, a workgroup space, the people list
with a search, the obstacles list, three API list endpoints and a static file. Prints p50, p95,
p99 and requests per second per page, the dashboard/static p95 ratio, the command, the machine
and its load average, and writes them to bench/results/web.md (copy them into BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.processes import Processes, django_output  # noqa: E402

TARGET_P95_MS = 150.0
TARGET_RATIO = 10.0


def _load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _ids(env: dict[str, str]) -> tuple[str, str]:
    """The running pilot and its first workgroup in the benchmark database."""
    code = (
        "from workshift.pilots.models import Pilot;"
        "p = Pilot.objects.filter(status='running').order_by('pk').first();"
        "print(p.pk, p.workgroups.order_by('pk').first().pk)"
    )
    out = django_output(code, env=env).split()
    return out[-2], out[-1]


def _sessions(env: dict[str, str], *, username: str, count: int) -> list[str]:
    """Signed-in sessions for the benchmark's users, stored like any login's (the load measures
    pages, not the password check)."""
    code = (
        "from django.conf import settings;"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY;"
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from workshift.accounts.models import User;"
        f"u = User.objects.get(username={username!r});"
        "keys = [];"
        f"exec('for _ in range({count}):\\n s = SessionStore(); s[SESSION_KEY] = str(u.pk);"
        " s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0];"
        " s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); keys.append(s.session_key)');"
        "print(','.join(keys))"
    )
    out = django_output(code, env=env).strip()
    return out.splitlines()[-1].split(",")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="page speed under load")
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8741)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print(
            "Set DATABASE_URL to the PostgreSQL database holding the scale fixture.",
            file=sys.stderr,
        )
        return 2
    env = {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-web-" + "x" * 40,
        "WORKSHIFT_DEBUG": "",
    }
    pilot, workgroup = _ids(env)
    before = _load_average()
    with (
        tempfile.TemporaryDirectory() as tmp,
        Processes(
            servers=args.servers, workers=0, port=args.port, threads=args.threads, env=env
        ) as processes,
    ):
        prefix = str(Path(tmp) / "web")
        command = [
            sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
            "-u", str(args.users), "-r", str(args.users), "-t", f"{args.seconds}s",
            "--csv", prefix, "--only-summary", "--host", processes.urls[0],
        ]  # fmt: skip
        lenv = {**os.environ, "BENCH_HOSTS": ",".join(processes.urls), "BENCH_PILOT": pilot}
        lenv["BENCH_WORKGROUP"] = workgroup
        lenv["BENCH_SESSIONS"] = ",".join(_sessions(env, username="champion", count=args.users))
        subprocess.run(command, env=lenv, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
        after = _load_average()
        with open(f"{prefix}_stats.csv") as fh:
            rows = [r for r in csv.DictReader(fh) if r["Name"] not in ("Aggregated", "login")]
    stats = {r["Name"]: r for r in rows}
    lines = [
        f"Command: `make bench-web` (`.venv/bin/python bench/bench_web.py --users {args.users} "
        f"--seconds {args.seconds} --servers {args.servers} --threads {args.threads}`)",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}; "
        f"load average before {before}, after {after} (shared with other work)",
        "",
        "| page | requests | failures | p50 ms | p95 ms | p99 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    worst = 0.0
    for name, r in stats.items():
        p95 = float(r["95%"])
        if name != "static":
            worst = max(worst, p95)
        lines.append(
            f"| {name} | {r['Request Count']} | {r['Failure Count']} | {r['50%']} | {r['95%']} | {r['99%']} "
            f"| {float(r['Requests/s']):.1f} |"
        )
    ratio = float(stats["dashboard"]["95%"]) / max(float(stats["static"]["95%"]), 1.0)
    lines += [
        "",
        f"Slowest page p95: {worst:.0f} ms (target under {TARGET_P95_MS:.0f} ms: "
        f"{'met' if worst < TARGET_P95_MS else 'NOT met'})",
        f"Dashboard p95 / static file p95: {ratio:.1f}x (target within {TARGET_RATIO:.0f}x: "
        f"{'met' if ratio <= TARGET_RATIO else 'NOT met'})",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        out = ROOT / "bench" / "results" / "web.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
