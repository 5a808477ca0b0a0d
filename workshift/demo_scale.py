"""The demo organization grown to a large company: `workshift demo --scale 100000`.

`demo_scale(people=N)` runs after `demo_load()` and adds, in proportion to N (the figures are
for N = 100,000): people up to N in 2,000 units, pilots up to 20, 60 workgroups in the running
pilot, 600 people in cells, 40 metrics with a year of weekly readings, 5,000,000 collaboration
counts, 2,000 obstacles and 2,000 reflections. Rows go in through PostgreSQL's COPY (plain
multi-row INSERTs on SQLite), with ids drawn up front, so 100,000 people load in minutes.
Everything comes from one seed.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, models, transaction
from django.utils import timezone

from workshift.conditions.models import Cell, CellMember, Workgroup, WorkgroupMember
from workshift.impact.models import MetricReading, Obstacle, Reflection
from workshift.insights.models import CollaborationCount, CollaborationImport
from workshift.people.demo import FIRST, LANGUAGES, LAST, LOCATIONS
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import Metric, Pilot

FULL = 100_000
DISCIPLINES = ["operations", "customer care", "sales", "engineering", "finance", "risk", "data"]
SKILLS = ["excel", "sql", "python", "facilitation", "lean", "negotiation", "coaching", "lending"]
OBSTACLE_TITLES = [
    "Approval takes three sign-offs",
    "Script forbids offering a payment pause",
    "No access to the customer history screen",
    "Weekly targets punish longer calls",
    "Data export needs an IT ticket",
]
REFLECTION_TEXTS = [
    (
        "Fewer repeat calls",
        "Repeat calls fell for the customers we called back",
        "People felt heard",
    ),
    ("More cures", "Cures stayed flat", "The offer came too late in the call"),
    ("Shorter queue", "The queue grew on Mondays", "Weekend backlog"),
]


@dataclass(frozen=True)
class ScalePlan:
    people: int
    units: int
    pilots: int
    workgroups: int
    cell_people: int
    metrics: int
    weeks: int
    collaborations: int
    obstacles: int
    reflections: int

    @classmethod
    def for_people(cls, people: int) -> ScalePlan:
        share = people / FULL

        def part(full: int, least: int) -> int:
            return max(least, round(full * share))

        return cls(
            people=people,
            units=part(2_000, 20),
            pilots=20,
            workgroups=60,
            cell_people=600,
            metrics=40,
            weeks=52,
            collaborations=part(5_000_000, 1_000),
            obstacles=part(2_000, 100),
            reflections=part(2_000, 100),
        )


class _Rows:
    """Writes rows into one table: COPY on PostgreSQL, multi-row INSERTs elsewhere."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        self.table = model._meta.db_table
        self.columns = [str(getattr(model._meta.get_field(f), "column", f)) for f in fields]

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        n = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        n += 1
                return n
            marks = ", ".join(["%s"] * len(self.columns))
            rows = (tuple(_adapt(v) for v in row) for row in rows)
            sql = f"INSERT INTO {self.table} ({cols}) VALUES ({marks})"
            batch: list[Sequence[Any]] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 2000:
                    cursor.executemany(sql, batch)
                    n += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                n += len(batch)
        return n

    def write_text(self, chunks: Iterable[str], rows: Callable[[], Iterable[Sequence[Any]]]) -> int:
        """COPY ready-made tab-separated text on PostgreSQL; `rows()` elsewhere."""
        if connection.vendor != "postgresql":
            return self.write(rows())
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        n = 0
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy:
                for chunk in chunks:
                    copy.write(chunk)
                    n += chunk.count("\n")
        return n


def _adapt(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _next_id(model: type[models.Model]) -> int:
    return int(model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1  # type: ignore[attr-defined]


def _reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models_)):
            cursor.execute(sql)


def demo_scale(
    *, people: int, seed: int = 2026, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Grow the loaded demo organization to `people` people; returns the rows added per table."""
    plan = ScalePlan.for_people(people)
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    now = timezone.now()
    today = timezone.localdate()
    say = progress or (lambda _msg: None)
    added: dict[str, int] = {}
    pilot = Pilot.objects.filter(status=Pilot.Status.RUNNING).order_by("pk").first()
    if pilot is None:
        raise RuntimeError("Load the demo organization first: no running pilot found.")
    with transaction.atomic():
        say("units")
        added["units"] = _units(plan=plan, rng=rng, now=now)
        say("people")
        added["people"] = _people(plan=plan, rng=rng, now=now, today=today)
        say("pilots")
        added["pilots"] = _pilots(plan=plan, now=now, today=today)
        say("workgroups and cells")
        added.update(_workgroups(plan=plan, pilot=pilot, rng=rng, now=now))
        say("metrics and readings")
        added.update(_readings(plan=plan, pilot=pilot, nrng=nrng, now=now, today=today))
        say("obstacles and reflections")
        added.update(_obstacles(plan=plan, pilot=pilot, rng=rng, now=now, today=today))
        say("collaboration counts")
        added["collaboration counts"] = _collaboration(plan=plan, nrng=nrng, now=now, today=today)
        _reset_sequences(
            [OrgUnit, Person, Pilot, Workgroup, WorkgroupMember, Cell, CellMember, Metric]
            + [MetricReading, Obstacle, Reflection, CollaborationImport, CollaborationCount]
        )
    if connection.vendor == "postgresql":
        say("statistics")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    say("connections analysis")
    from workshift.insights.connections import connections_compute

    added["connections analyses"] = len(connections_compute())
    return added


def _units(*, plan: ScalePlan, rng: random.Random, now: dt.datetime) -> int:
    missing = plan.units - OrgUnit.objects.count()
    if missing <= 0:
        return 0
    root = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    first = _next_id(OrgUnit)
    regions = max(1, missing // 50)
    rows = []
    for i in range(missing):
        pk = first + i
        if i < regions:
            parent, kind, name = (root.pk if root else None), "region", f"Region {i + 1}"
        else:
            parent, kind = first + (i % regions), "branch"
            name = f"{rng.choice(LOCATIONS)} {rng.choice(['Branch', 'Team', 'Office'])} {i + 1}"
        rows.append((pk, now, now, 1, f"S-{i + 1:05d}", name, kind, parent, None))
    fields = ["id", "created_at", "updated_at", "version", "code", "name", "kind", "parent", "head"]
    return _Rows(OrgUnit, fields).write(rows)


def _people(*, plan: ScalePlan, rng: random.Random, now: dt.datetime, today: dt.date) -> int:
    missing = plan.people - Person.objects.count()
    if missing <= 0:
        return 0
    units = list(
        OrgUnit.objects.filter(code__startswith="S-", kind="branch").values_list("pk", flat=True)
    )
    units = units or list(OrgUnit.objects.values_list("pk", flat=True))
    first = _next_id(Person)
    fields = ["id", "created_at", "updated_at", "version", "employee_id", "first_name"]
    fields += ["last_name", "email", "unit", "manager", "job_title", "location", "start_date"]
    fields += ["skills", "attributes", "active"]

    def rows() -> Iterable[Sequence[Any]]:
        head_of: dict[int, int] = {}
        for i in range(missing):
            pk = first + i
            unit = units[i % len(units)]
            fn, ln = rng.choice(FIRST), rng.choice(LAST)
            start = today - dt.timedelta(days=rng.randint(30, 365 * 25))
            manager = head_of.setdefault(unit, pk)
            attributes = {
                "discipline": rng.choice(DISCIPLINES),
                "tenure_band": "<2 years" if (today - start).days < 730 else "2+ years",
                "languages": "English"
                + (f"; {rng.choice(LANGUAGES[1:])}" if rng.random() < 0.3 else ""),
            }
            yield (
                pk, now, now, 1, f"S{i + 1:07d}", fn, ln, f"{fn}.{ln}.s{i + 1}@harborpine.example".lower(),
                unit, None if manager == pk else manager, "Branch Associate" if manager != pk else "Branch Lead",
                rng.choice(LOCATIONS), start, json.dumps(rng.sample(SKILLS, k=2)), json.dumps(attributes), True,
            )  # fmt: skip

    return _Rows(Person, fields).write(rows())


def _pilots(*, plan: ScalePlan, now: dt.datetime, today: dt.date) -> int:
    missing = plan.pilots - Pilot.objects.count()
    if missing <= 0:
        return 0
    statuses = ["exploring", "preparing", "reviewing", "closed"]
    first = _next_id(Pilot)
    rows = [
        (first + i, now, now, 1, f"Pilot {i + 1} in the regions", "", "", "", statuses[i % 4], "{}")
        + (today - dt.timedelta(days=30 * i), None, None)
        for i in range(missing)
    ]
    fields = ["id", "created_at", "updated_at", "version", "name", "vision_value", "vision_focus"]
    fields += [
        "vision_capabilities",
        "status",
        "entry_weights",
        "start_date",
        "end_date",
        "entry_unit",
    ]
    return _Rows(Pilot, fields).write(rows)


def _workgroups(
    *, plan: ScalePlan, pilot: Pilot, rng: random.Random, now: dt.datetime
) -> dict[str, int]:
    have = pilot.workgroups.count()
    missing = plan.workgroups - have
    added = {"workgroups": 0, "workgroup members": 0, "cells": 0, "cell members": 0}
    if missing <= 0:
        return added
    taken = set(WorkgroupMember.objects.values_list("person_id", flat=True))
    taken |= set(CellMember.objects.values_list("person_id", flat=True))
    # the newest people first: at full size the workgroups and cells come from the grown organization
    wanted = 8 * plan.workgroups + plan.cell_people + len(taken)
    newest = Person.objects.order_by("-pk").values_list("pk", flat=True)[:wanted]
    pool = [p for p in newest if p not in taken]
    rng.shuffle(pool)
    first_wg, first_m = _next_id(Workgroup), _next_id(WorkgroupMember)
    wg_rows: list[tuple[Any, ...]] = []
    member_rows: list[tuple[Any, ...]] = []
    for i in range(missing):
        members, pool = pool[:8], pool[8:]
        wg_rows.append(
            (first_wg + i, now, now, 1, pilot.pk, f"Workgroup {have + i + 1}", members[0])
        )
        for person in members[1:]:
            member_rows.append((first_m + len(member_rows), now, now, 1, first_wg + i, person))
    fields = ["id", "created_at", "updated_at", "version", "pilot", "name", "coach"]
    added["workgroups"] = _Rows(Workgroup, fields).write(wg_rows)
    fields = ["id", "created_at", "updated_at", "version", "workgroup", "person"]
    added["workgroup members"] = _Rows(WorkgroupMember, fields).write(member_rows)
    in_cells = CellMember.objects.filter(cell__pilot=pilot).count()
    need = max(0, plan.cell_people - in_cells)
    cell_people, pool = pool[:need], pool[need:]
    first_c, first_cm = _next_id(Cell), _next_id(CellMember)
    have_cells = pilot.cells.count()
    cell_rows: list[tuple[Any, ...]] = []
    cm_rows: list[tuple[Any, ...]] = []
    for i in range(0, len(cell_people), 6):
        cell = first_c + len(cell_rows)
        cell_rows.append((cell, now, now, 1, pilot.pk, f"Cell {have_cells + len(cell_rows) + 1}"))
        for person in cell_people[i : i + 6]:
            cm_rows.append((first_cm + len(cm_rows), now, now, 1, cell, person))
    added["cells"] = _Rows(
        Cell, ["id", "created_at", "updated_at", "version", "pilot", "name"]
    ).write(cell_rows)
    fields = ["id", "created_at", "updated_at", "version", "cell", "person"]
    added["cell members"] = _Rows(CellMember, fields).write(cm_rows)
    return added


def _readings(
    *, plan: ScalePlan, pilot: Pilot, nrng: np.random.Generator, now: dt.datetime, today: dt.date
) -> dict[str, int]:
    have = pilot.metrics.count()
    missing = max(0, plan.metrics - have)
    parent = pilot.metrics.filter(level=Metric.Level.OPERATING).order_by("pk").first()
    first = _next_id(Metric)
    rows = [
        (first + i, now, now, 1, pilot.pk, parent.pk if parent else None, "frontline")
        + (f"Frontline measure {have + i + 1}", "count", "up", "weekly", 10.0, 15.0, None, "")
        for i in range(missing)
    ]
    fields = ["id", "created_at", "updated_at", "version", "pilot", "parent", "level", "name"]
    fields += ["unit", "direction", "cadence", "baseline", "target", "owner", "data_source"]
    added = {"metrics": _Rows(Metric, fields).write(rows)}
    metrics = list(Metric.objects.filter(pk__gte=first, pilot=pilot).values_list("pk", flat=True))
    groups = list(pilot.workgroups.order_by("pk").values_list("pk", flat=True))
    start = today - dt.timedelta(weeks=plan.weeks)
    fields = ["created_at", "updated_at", "version", "workgroup", "metric", "on", "value", "note"]
    fields += ["entered_by", "flag"]

    def reading_rows() -> Iterable[Sequence[Any]]:
        for m_index, metric in enumerate(metrics):
            for k in range(3):  # each measure is read weekly by three workgroups
                group = groups[(3 * m_index + k) % len(groups)]
                values = 10 + np.cumsum(nrng.normal(0.1, 1.0, plan.weeks))
                for week in range(plan.weeks):
                    on = start + dt.timedelta(weeks=week)
                    yield (now, now, 1, group, metric, on, float(values[week]), "", None, "")

    added["metric readings"] = _Rows(MetricReading, fields).write(reading_rows())
    return added


def _obstacles(
    *, plan: ScalePlan, pilot: Pilot, rng: random.Random, now: dt.datetime, today: dt.date
) -> dict[str, int]:
    groups = list(pilot.workgroups.order_by("pk").values_list("pk", flat=True))
    kinds = [k for k, _ in Obstacle.Kind.choices]
    levels = [k for k, _ in Obstacle.Level.choices]
    statuses = ["open", "open", "workaround", "resolved", "declined"]
    fields = ["created_at", "updated_at", "version", "workgroup", "title", "description", "kind"]
    fields += ["proposed_solution", "raised_by", "level", "due_date", "status", "workaround"]
    fields += ["answer", "answered_by", "answered_at"]
    obstacle_rows = (
        (now, now, 1, groups[i % len(groups)], f"{rng.choice(OBSTACLE_TITLES)} ({i + 1})")
        + ("It keeps us from helping the customer on the call.", rng.choice(kinds), "", None)
        + (
            rng.choice(levels),
            today + dt.timedelta(days=rng.randint(-40, 20)),
            rng.choice(statuses),
        )
        + ("", "", None, None)
        for i in range(plan.obstacles)
    )
    added = {"obstacles": _Rows(Obstacle, fields).write(obstacle_rows)}
    fields = ["created_at", "updated_at", "version", "workgroup", "slice", "kind", "expected"]
    fields += ["happened", "why", "differently", "author", "written_on"]
    reflection_rows = (
        (now, now, 1, groups[i % len(groups)], None, "after", *rng.choice(REFLECTION_TEXTS))
        + (
            "Try it with the next ten customers.",
            None,
            today - dt.timedelta(days=rng.randint(0, 360)),
        )
        for i in range(plan.reflections)
    )
    added["reflections"] = _Rows(Reflection, fields).write(reflection_rows)
    return added


def _collaboration(
    *, plan: ScalePlan, nrng: np.random.Generator, now: dt.datetime, today: dt.date
) -> int:
    people = np.array(
        Person.objects.filter(active=True).order_by("unit_id", "pk").values_list("pk", "unit_id"),
        dtype=np.int64,
    ).reshape(-1, 2)
    if len(people) < 2:
        return 0
    ids, unit_of = people[:, 0], people[:, 1]
    # where each unit's people start in the sorted array, for partners in the same unit
    _, unit_start, unit_size = np.unique(unit_of, return_index=True, return_counts=True)
    unit_pos = np.searchsorted(np.unique(unit_of), unit_of)
    periods = [
        (today.replace(day=1) - dt.timedelta(days=31 * k)).strftime("%Y-%m") for k in range(12)
    ]
    batch = CollaborationImport.objects.create(
        source_name=f"Collaboration counts, {periods[-1]} to {periods[0]} (demo at scale)",
        rows=plan.collaborations,
        periods=", ".join(sorted(periods)),
    )
    fields = ["batch", "person_a", "person_b", "count", "period"]

    def arrays(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        a = nrng.integers(0, len(ids), n)
        same = nrng.random(n) < 0.8
        offset = nrng.integers(1, 1 << 30, n) % np.maximum(unit_size[unit_pos[a]], 1)
        b_same = unit_start[unit_pos[a]] + offset
        b_any = nrng.integers(0, len(ids), n)
        b = np.where(same, b_same, b_any)
        keep = a != b
        a, b = ids[a[keep]], ids[b[keep]]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        count = nrng.geometric(0.15, len(lo))
        period = nrng.integers(0, len(periods), len(lo))
        return lo, hi, count, period

    def chunks() -> Iterable[str]:
        left = plan.collaborations
        while left > 0:
            lo, hi, count, period = arrays(min(left, 250_000) + 1000)
            take = min(left, len(lo))
            out = io.StringIO()
            for x, y, c, p in zip(
                lo[:take].tolist(),
                hi[:take].tolist(),
                count[:take].tolist(),
                period[:take].tolist(),
                strict=True,
            ):
                out.write(f"{batch.pk}\t{x}\t{y}\t{c}\t{periods[p]}\n")
            left -= take
            yield out.getvalue()

    def rows() -> Iterable[Sequence[Any]]:
        for chunk in chunks():
            for line in chunk.splitlines():
                yield line.split("\t")

    return _Rows(CollaborationCount, fields).write_text(chunks(), rows)
