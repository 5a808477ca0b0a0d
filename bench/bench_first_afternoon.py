"""A program lead's first afternoon at demo size: `make bench-first-afternoon`.

Loads the demo organization into a fresh SQLite file (`workshift demo --no-serve`, as `make demo`
does), starts one `workshift serve` and one `workshift worker` on it with production settings on
loopback, and times in Chromium (Debian's, driven by Playwright) what a new lead does first, from
the click to the page's load event, scripts and styles included:

- open the login page a second time: no data, styles and scripts cached (the floor of any page);
- log in (the password check and the home page it leads to);
- save a new entry-point candidate (the POST and the ranking page it leads to);
- open the capacity plan page of each pilot.

Each round is a new browser profile with an empty cache, as on a lead's first afternoon. It
prints the median and the slowest time per step over `--rounds` rounds, the command, the machine
and its load average, and writes them to bench/results/first_afternoon.md. The target is under
300 ms for each page and save.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.processes import Processes, django_output  # noqa: E402

TARGET_MS = 300.0
LOGIN = ("lead", "workshift-demo")


def _load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


# where a page's time went (with BENCH_VERBOSE=1): server, redirect, scripts and styles
NAVIGATION = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  return {redirect: Math.round(n.redirectEnd - n.redirectStart),
    first_byte: Math.round(n.responseStart - n.startTime),
    loaded: Math.round(n.loadEventEnd - n.startTime),
    slow: performance.getEntriesByType('resource').filter(r => r.duration > 30)
      .map(r => [r.name.replace(location.origin, ''), Math.round(r.duration), r.transferSize])};
}"""
CHROMIUM = os.environ.get("WORKSHIFT_CHROMIUM", "/usr/bin/chromium")


def _timed(page: Any, *, click: str = "", goto: str = "") -> float:
    """Milliseconds from a click on `click` (or opening `goto`) to the load event of the page."""
    start = time.perf_counter()
    if goto:
        page.goto(goto, wait_until="load")
    else:
        # a DOM click, as a person's: Playwright's own click first scrolls the button into view
        # and waits for the page to be still, which costs 0.3-0.9 s on a long form here
        with page.expect_navigation(wait_until="load"):
            page.locator(click).dispatch_event("click")
    took = (time.perf_counter() - start) * 1000
    if os.environ.get("BENCH_VERBOSE"):
        print(round(took), page.url, page.evaluate(NAVIGATION), flush=True)
    return took


def _demo_ids(env: dict[str, str]) -> tuple[int, list[int], list[int]]:
    """The first pilot, the units that are not yet its candidates, and every pilot's id."""
    code = (
        "from workshift.pilots.models import EntryCandidate, Pilot;"
        "from workshift.people.models import OrgUnit;"
        "p = Pilot.objects.order_by('pk').first();"
        "used = EntryCandidate.objects.filter(pilot=p).values_list('unit_id', flat=True);"
        "units = OrgUnit.objects.exclude(pk__in=used).order_by('pk').values_list('pk', flat=True);"
        "print(p.pk); print(*units); print(*Pilot.objects.order_by('pk').values_list('pk', flat=True))"
    )
    out = django_output(code, env=env).splitlines()
    return int(out[-3]), [int(x) for x in out[-2].split()], [int(x) for x in out[-1].split()]


def _fill_candidate(page: Any, unit: int) -> None:
    page.select_option("#id_unit", str(unit))
    page.fill("#id_pool_size", "30")
    page.fill("#id_freeable_capacity_pct", "20")
    page.fill("#id_notes", "A first look.")


def run(*, rounds: int, port: int, data_dir: Path) -> dict[str, list[float]]:
    env = {"WORKSHIFT_DATA_DIR": str(data_dir), "DATABASE_URL": ""}
    print("loading the demo organization ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "workshift.cli", "demo", "--no-serve"],
        env={**os.environ, **env},
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    pilot, free_units, pilots = _demo_ids(env)
    times: dict[str, list[float]] = {}

    def record(step: str, ms: float) -> None:
        times.setdefault(step, []).append(ms)

    from playwright.sync_api import sync_playwright

    with (
        Processes(servers=1, workers=1, port=port, env=env, log_dir=data_dir / "logs") as procs,
        sync_playwright() as playwright,
    ):
        base = procs.urls[0]
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for round_ in range(rounds):
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            # the floor: a page with no data, its styles and scripts already in the cache
            record(
                "open the login page again (the floor)",
                _timed(page, goto=f"{base}/accounts/login/"),
            )
            page.fill("#id_username", LOGIN[0])
            page.fill("#id_password", LOGIN[1])
            record("log in (and the home page)", _timed(page, click="form button"))
            if "/accounts/login/" in page.url:
                raise RuntimeError(f"the demo login {LOGIN[0]!r} was refused")
            page.goto(f"{base}/pilots/{pilot}/entry-points/new/")
            _fill_candidate(page, free_units[round_])
            record(
                "save an entry-point candidate (and the ranking)",
                _timed(page, click="form.ws-form button[type=submit]"),
            )
            if not page.url.endswith(f"/pilots/{pilot}/entry-points/"):
                raise RuntimeError(f"the candidate was not saved: {page.url}")
            for pk in pilots:
                record(
                    f"capacity plan page (pilot {pk})",
                    _timed(page, goto=f"{base}/conditions/pilots/{pk}/capacity/"),
                )
            context.close()
        browser.close()
    return times


def report(times: dict[str, list[float]], *, command: str, rounds: int, load: str) -> str:
    lines = [
        f"command: `{command}`",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()};"
        f" load average before: {load}; after: {_load_average()}",
        f"{rounds} rounds, each a new Chromium profile; one server and one worker on the demo's"
        " SQLite file",
        "",
        "| step | median ms | slowest ms | under 300 ms |",
        "|---|---:|---:|---|",
    ]
    for step, values in times.items():
        median = statistics.median(values)
        lines.append(
            f"| {step} | {median:.0f} | {max(values):.0f} | {'yes' if median < TARGET_MS else 'no'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--port", type=int, default=8761)
    args = parser.parse_args(argv)
    load = _load_average()
    with tempfile.TemporaryDirectory(prefix="workshift-first-afternoon-") as tmp:
        times = run(rounds=args.rounds, port=args.port, data_dir=Path(tmp))
    text = report(
        times,
        command="python bench/bench_first_afternoon.py " + " ".join(argv or sys.argv[1:]),
        rounds=args.rounds,
        load=load,
    )
    print(text)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "first_afternoon.md").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
