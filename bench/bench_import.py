"""Benchmark: import 100,000 people into PostgreSQL, against a plain COPY of the same rows.

Run with `make bench-import`. Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth);
creates and drops its own database (WORKSHIFT_BENCH_DB, default ws_bench). Writes bench/results/import.md (copy the figures into BENCHMARKS.md).

    .venv/bin/python bench/bench_import.py [--rows 100000] [--no-write]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"
DB = os.environ.get("WORKSHIFT_BENCH_DB", "ws_bench")
TARGET_SECONDS = 20.0
TARGET_RATIO = 10.0
FIRST = "Amelia Noah Olivia Liam Sofia Mateo Aisha Omar Mei Wei Priya Arjun Fatima Yusuf Elena Luca Chloe".split()
LAST = "Smith Garcia Chen Patel Okafor Nguyen Kowalski Rossi Silva Kim Haddad Johansson Murphy Dubois".split()
SKILLS = [
    "sql",
    "python",
    "excel",
    "coaching",
    "negotiation",
    "customer care",
    "lean",
    "facilitation",
]
COPY_TABLE = """CREATE TABLE bench_copy (
    id bigserial PRIMARY KEY, employee_id varchar(40) NOT NULL UNIQUE, first_name varchar(100) NOT NULL,
    last_name varchar(100) NOT NULL, email varchar(254) NOT NULL, unit_code varchar(40) NOT NULL,
    manager_employee_id varchar(40) NOT NULL, job_title varchar(200) NOT NULL, location varchar(200) NOT NULL,
    start_date date NULL, skills text NOT NULL, attributes jsonb NULL)"""


def make_rows(count: int, seed: int = 7) -> list[list[str]]:
    """People in 200 units; each reports to someone listed anywhere in the file (shuffled order)."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        eid = f"B{i:07d}"
        boss = "" if i < 10 else f"B{rng.randrange(0, max(10, i // 8)):07d}"
        first, last = rng.choice(FIRST), rng.choice(LAST)
        attrs = {
            "discipline": rng.choice(["sales", "ops", "it", "finance"]),
            "tenure_band": rng.choice(["<2", "2-5", "5+"]),
        }
        rows.append(
            [
                eid,
                first,
                last,
                f"{first}.{last}.{i}@example.com".lower(),
                f"U{i % 200:03d}",
                boss,
                rng.choice(["Analyst", "Specialist", "Agent", "Lead"]),
                rng.choice(["North", "South", "East"]),
                f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                ";".join(rng.sample(SKILLS, k=rng.randint(0, 3))),
                json.dumps(attrs, sort_keys=True),
            ]
        )
    rng.shuffle(rows)
    return rows


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pg = (
        subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
        or "PostgreSQL"
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {pg}; load average {load} (shared machine)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--no-write", action="store_true", help="print only; do not write bench/results/import.md"
    )
    args = parser.parse_args()

    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DB}"')
        admin.execute(f'CREATE DATABASE "{DB}"')
    os.environ["DATABASE_URL"] = f"{PG}/{DB}"
    os.environ.setdefault("WORKSHIFT_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshift.settings")
    os.environ.setdefault("WORKSHIFT_DATA_DIR", tempfile.mkdtemp(prefix="ws-bench-"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from workshift.people.exports import PEOPLE_COLUMNS
    from workshift.people.imports import people_import
    from workshift.people.models import Person

    try:
        call_command("migrate", interactive=False, verbosity=0)
        rows = make_rows(args.rows)
        path = Path(tempfile.mkdtemp(prefix="ws-bench-")) / "people.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(PEOPLE_COLUMNS)
            writer.writerows(rows)
        data = path.read_bytes()

        # 1. plain COPY of the same rows into an equivalent table
        with connection.cursor() as cursor:
            cursor.execute(COPY_TABLE)
        connection.commit() if not connection.get_autocommit() else None
        raw = connection.connection
        start = time.perf_counter()
        with raw.cursor() as cursor:
            with cursor.copy(
                f"COPY bench_copy ({', '.join(PEOPLE_COLUMNS)}) FROM STDIN WITH (FORMAT csv, HEADER true, FORCE_NOT_NULL (email, unit_code, manager_employee_id, job_title, location, skills))"
            ) as copy:
                copy.write(data)
        copy_seconds = time.perf_counter() - start

        # 2. the Workshift import (read, check, create units and people, managers, audit)
        start = time.perf_counter()
        outcome = people_import(data=data, filename=path.name)
        import_seconds = time.perf_counter() - start
        assert outcome.ok and outcome.created == args.rows, outcome.errors[:5]
        assert Person.objects.count() == args.rows

        # 3. the same file again: every row found unchanged, nothing written
        start = time.perf_counter()
        again = people_import(data=data, filename=path.name)
        reimport_seconds = time.perf_counter() - start
        assert again.unchanged == args.rows

        # 4. the file with every job title changed: every row updated
        for row in rows:
            row[6] = row[6] + " II"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(PEOPLE_COLUMNS)
            writer.writerows(rows)
        start = time.perf_counter()
        changed = people_import(data=path.read_bytes(), filename=path.name)
        update_seconds = time.perf_counter() - start
        assert changed.updated == args.rows
    finally:
        connection.close()
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DB}"')

    ratio = import_seconds / copy_seconds
    verdict = "met" if import_seconds < TARGET_SECONDS and ratio <= TARGET_RATIO else "MISSED"
    lines = [
        f"rows: {args.rows:,}",
        f"PostgreSQL COPY into an equivalent table: {copy_seconds:.2f} s",
        f"Workshift import (new people):            {import_seconds:.2f} s  ({args.rows / import_seconds:,.0f} rows/s)",
        f"ratio import / COPY:                      {ratio:.1f}x  (target: under {TARGET_SECONDS:.0f} s and within {TARGET_RATIO:.0f}x: {verdict})",
        f"re-import, nothing changed:               {reimport_seconds:.2f} s",
        f"re-import, every row changed:             {update_seconds:.2f} s",
    ]
    print("\n".join(lines))
    if not args.no_write:
        out = ROOT / "bench" / "results" / "import.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            "# People import benchmark\n\n"
            f"Command: `make bench-import` (`.venv/bin/python bench/bench_import.py --rows {args.rows}`)\n\n"
            f"Machine: {machine()}\n\n"
            "One run: a generated CSV of people in 200 units, each reporting to a manager listed anywhere in the\n"
            "file, imported into an empty PostgreSQL database through the same service as the CLI and the web\n"
            "page: read the file, check every row in Python, load the known people once, create the missing\n"
            "units, draw ids from the sequence so managers resolve in one pass, COPY the new people in, apply\n"
            "changed rows with one UPDATE from a COPY-filled temporary table, write one audit entry, commit\n"
            "(with the deferred foreign-key checks). Against it: a plain `COPY ... FROM STDIN` of the same\n"
            "file into a table with the same columns and no foreign keys. Both are timed in the same run;\n"
            "the machine is shared, so absolute times vary from run to run more than the ratio does.\n\n"
            "```\n" + "\n".join(lines) + "\n```\n"
        )
    return 0 if verdict == "met" else 1


if __name__ == "__main__":
    sys.exit(main())
