"""Importing people from CSV or XLSX: upsert by employee id, all or nothing.

The rows are read and checked in plain Python (`workshift.people.parsing`); the
database is read once into dictionaries before and written with batched bulk
inserts and updates in one transaction after. One audit entry sums up an import.
Files with more than settings.IMPORT_BACKGROUND_ROWS rows run as a background
task that records its progress on an ImportJob.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from workshift.core.models import AuditEntry
from workshift.people.models import OrgUnit, Person
from workshift.people.parsing import (
    PERSON_FIELDS,
    CheckedFile,
    PeopleFileError,
    PersonRecord,
    RowError,
    Table,
    check_rows,
    guess_mapping,
    manager_layers,
)
from workshift.people.tables import read_table

Progress = Callable[[str, int, int], None]  # (phase, done, total)
CREATE_BATCH = 2000
UPDATE_BATCH = 500
SAMPLE_ROWS = 10
STORED_ERRORS = 5000

__all__ = [
    "ImportOutcome",
    "PeopleFileError",
    "people_import",
]


@dataclass
class ImportOutcome:
    file_name: str
    header: list[str]
    mapping: dict[str, str]
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: int = 0
    new_units: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sample: list[tuple[int, list[str]]] = field(default_factory=list)
    dry_run: bool = False
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "units_created": self.units_created,
        }


@dataclass
class _Existing:
    pk: int
    version: int
    unit_id: int | None
    manager_id: int | None
    attributes: dict[str, Any]
    values: dict[str, Any]


@dataclass
class _Plan:
    creates: list[PersonRecord]
    updates: list[tuple[PersonRecord, _Existing]]
    unchanged: int
    existing: dict[str, _Existing]


def mapping_for(*, header: list[str], chosen: dict[str, str] | None = None) -> dict[str, str]:
    """The guessed mapping for a header, with the user's choices on top (unknown columns dropped)."""
    mapping = guess_mapping(header=header)
    for column, target in (chosen or {}).items():
        if column in mapping:
            mapping[column] = target.strip()
    return mapping


def _load_existing(*, mapped: set[str]) -> dict[str, _Existing]:
    """Every person once, as plain values: one query, read straight from the cursor."""
    names = [f for f in PERSON_FIELDS if f in mapped]
    fields: list[Any] = [
        Person._meta.get_field(n)
        for n in ["id", "employee_id", "version", "unit", "manager", "attributes", *names]
    ]
    json_columns = {i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"}
    sql = "SELECT {} FROM {}".format(
        ", ".join(connection.ops.quote_name(f.column) for f in fields),
        connection.ops.quote_name(Person._meta.db_table),
    )
    existing = {}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while chunk := cursor.fetchmany(5000):
            for row in chunk:
                if json_columns:
                    row = [
                        json.loads(v) if i in json_columns and isinstance(v, str) else v
                        for i, v in enumerate(row)
                    ]
                values = dict(zip(names, row[6:], strict=True))
                if "start_date" in values and isinstance(
                    values["start_date"], str
                ):  # SQLite hands back text
                    values["start_date"] = dt.date.fromisoformat(values["start_date"])
                existing[row[1]] = _Existing(
                    pk=row[0],
                    version=row[2],
                    unit_id=row[3],
                    manager_id=row[4],
                    attributes=row[5] or {},
                    values=values,
                )
    return existing


def _attributes_after(record: PersonRecord, before: dict[str, Any]) -> dict[str, Any] | None:
    if record.attributes is None and not record.attribute_updates:
        return None
    attributes = dict(record.attributes) if record.attributes is not None else dict(before)
    for key, value in record.attribute_updates.items():
        if value is None:
            attributes.pop(key, None)
        else:
            attributes[key] = value
    return attributes


def _plan(
    *,
    checked: CheckedFile,
    existing: dict[str, _Existing],
    unit_ids: dict[str, int],
    person_ids: dict[str, int],
) -> _Plan:
    creates, updates, unchanged = [], [], 0
    for record in checked.records:
        before = existing.get(record.employee_id)
        if before is None:
            creates.append(record)
            continue
        changed = any(before.values.get(k) != v for k, v in record.values.items())
        if not changed and record.unit_code is not None:
            changed = before.unit_id != (
                unit_ids.get(record.unit_code) if record.unit_code else None
            )
        if not changed and record.manager_employee_id is not None:
            boss = record.manager_employee_id
            changed = before.manager_id != (person_ids.get(boss, -1) if boss else None)
        if not changed:
            after = _attributes_after(record, before.attributes)
            changed = after is not None and after != before.attributes
        if changed:
            updates.append((record, before))
        else:
            unchanged += 1
    return _Plan(creates=creates, updates=updates, unchanged=unchanged, existing=existing)


def _write(
    *,
    plan: _Plan,
    checked: CheckedFile,
    unit_ids: dict[str, int],
    person_ids: dict[str, int],
    progress: Progress | None,
) -> None:
    if checked.new_units:
        units = OrgUnit.objects.bulk_create(
            [
                OrgUnit(code=code, name=name, kind=OrgUnit.Kind.TEAM)
                for code, name in checked.new_units.items()
            ]
        )
        unit_ids.update({u.code: u.pk for u in units})
    if connection.vendor == "postgresql":
        _write_postgresql(plan=plan, unit_ids=unit_ids, person_ids=person_ids, progress=progress)
    else:
        _write_orm(plan=plan, unit_ids=unit_ids, person_ids=person_ids, progress=progress)


def _new_values(
    record: PersonRecord, *, unit_ids: dict[str, int], person_ids: dict[str, int]
) -> dict[str, Any]:
    values = dict(record.values)
    if record.unit_code:
        values["unit_id"] = unit_ids[record.unit_code]
    if record.manager_employee_id:
        values["manager_id"] = person_ids[record.manager_employee_id]
    attributes = _attributes_after(record, {})
    if attributes is not None:
        values["attributes"] = attributes
    return values


def _changed_values(
    record: PersonRecord, before: _Existing, *, unit_ids: dict[str, int], person_ids: dict[str, int]
) -> dict[str, Any]:
    """The new values of every mapped column; every record of a file maps the same columns."""
    values = dict(record.values)
    if record.unit_code is not None:
        values["unit_id"] = unit_ids[record.unit_code] if record.unit_code else None
    if record.manager_employee_id is not None:
        values["manager_id"] = (
            person_ids[record.manager_employee_id] if record.manager_employee_id else None
        )
    attributes = _attributes_after(record, before.attributes)
    if attributes is not None:
        values["attributes"] = attributes
    return values


def _write_orm(
    *, plan: _Plan, unit_ids: dict[str, int], person_ids: dict[str, int], progress: Progress | None
) -> None:
    """Batched bulk_create (managers first, layer by layer) and bulk_update."""
    total, written, now = len(plan.creates) + len(plan.updates), 0, timezone.now()
    new_ids = {r.employee_id for r in plan.creates}
    for layer in manager_layers(records=plan.creates, new_ids=new_ids):
        for start in range(0, len(layer), CREATE_BATCH):
            batch = layer[start : start + CREATE_BATCH]
            people = [
                Person(
                    employee_id=r.employee_id,
                    **_new_values(r, unit_ids=unit_ids, person_ids=person_ids),
                )
                for r in batch
            ]
            Person.objects.bulk_create(people, batch_size=CREATE_BATCH)
            person_ids.update({p.employee_id: p.pk for p in people})
            written += len(batch)
            if progress is not None:
                progress("writing", written, total)
    for start in range(0, len(plan.updates), UPDATE_BATCH):
        pairs = plan.updates[start : start + UPDATE_BATCH]
        changed = [
            Person(
                pk=before.pk,
                version=before.version + 1,
                updated_at=now,
                **_changed_values(record, before, unit_ids=unit_ids, person_ids=person_ids),
            )
            for record, before in pairs
        ]
        fields = sorted(
            _changed_values(pairs[0][0], pairs[0][1], unit_ids=unit_ids, person_ids=person_ids)
        )
        Person.objects.bulk_update(changed, [*fields, "updated_at", "version"])
        written += len(pairs)
        if progress is not None:
            progress("writing", written, total)


_json_text = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every row


def _copy_value(value: Any) -> Any:
    return _json_text(value) if isinstance(value, (list, dict)) else value


def _write_postgresql(
    *, plan: _Plan, unit_ids: dict[str, int], person_ids: dict[str, int], progress: Progress | None
) -> None:
    """COPY new people in (ids drawn from the sequence first, so managers resolve in one pass) and
    COPY changed rows into a temporary table that one UPDATE applies."""
    total, now = len(plan.creates) + len(plan.updates), timezone.now()
    table = Person._meta.db_table
    column = {f.attname: f.column for f in Person._meta.concrete_fields}
    raw = connection.connection
    with connection.cursor() as cursor:
        if plan.creates:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(plan.creates)],
            )
            for record, (pk,) in zip(plan.creates, cursor.fetchall(), strict=True):
                person_ids[record.employee_id] = pk
            defaults = {
                f.attname: _copy_value(f.get_default()) for f in Person._meta.concrete_fields
            }
            names = [
                a
                for a in column
                if a not in ("id", "created_at", "updated_at", "version", "employee_id")
            ]
            json_names = {
                f.attname
                for f in Person._meta.concrete_fields
                if f.get_internal_type() == "JSONField"
            }
            sql = (
                f'COPY "{table}" ("id", "created_at", "updated_at", "version", "employee_id", '
                + ", ".join(f'"{column[a]}"' for a in names)
                + ") FROM STDIN"
            )
            with raw.cursor() as copy_cursor, copy_cursor.copy(sql) as copy:
                for written, record in enumerate(plan.creates, start=1):
                    values = _new_values(record, unit_ids=unit_ids, person_ids=person_ids)
                    for name in json_names & values.keys():
                        values[name] = _json_text(values[name])
                    row = [values[a] if a in values else defaults[a] for a in names]
                    copy.write_row(
                        [person_ids[record.employee_id], now, now, 1, record.employee_id, *row]
                    )
                    if progress is not None and written % 10000 == 0:
                        progress("writing", written, total)
        if plan.updates:
            fields = sorted(
                _changed_values(
                    plan.updates[0][0], plan.updates[0][1], unit_ids=unit_ids, person_ids=person_ids
                )
            )
            columns = ", ".join(f'"{column[a]}"' for a in fields)
            cursor.execute(
                f'CREATE TEMPORARY TABLE "people_import_changes" ON COMMIT DROP AS '
                f'SELECT "id", {columns} FROM "{table}" WITH NO DATA'
            )
            with (
                raw.cursor() as copy_cursor,
                copy_cursor.copy(
                    f'COPY "people_import_changes" ("id", {columns}) FROM STDIN'
                ) as copy,
            ):
                for record, before in plan.updates:
                    values = _changed_values(
                        record, before, unit_ids=unit_ids, person_ids=person_ids
                    )
                    copy.write_row([before.pk, *[_copy_value(values[a]) for a in fields]])
            assignments = ", ".join(f'"{column[a]}" = c."{column[a]}"' for a in fields)
            cursor.execute(
                f'UPDATE "{table}" p SET {assignments}, "updated_at" = %s, "version" = p."version" + 1 '
                f'FROM "people_import_changes" c WHERE p."id" = c."id"',
                [now],
            )
            cursor.execute('DROP TABLE "people_import_changes"')
    if progress is not None:
        progress("writing", total, total)


def people_import(
    *,
    data: bytes,
    filename: str,
    mapping: dict[str, str] | None = None,
    actor: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    table: Table | None = None,
) -> ImportOutcome:
    """Check a people file and, when every row is good and this is no dry run, save it.

    Raises PeopleFileError when the file cannot be read at all. Bad rows come back
    in `outcome.errors` and nothing is written.
    """
    table = table or read_table(data=data, filename=filename)
    mapping = mapping_for(header=table.header, chosen=mapping)
    outcome = ImportOutcome(
        file_name=filename,
        header=table.header,
        mapping=mapping,
        total=len(table.rows),
        sample=table.rows[:SAMPLE_ROWS],
        dry_run=dry_run,
    )
    unit_ids = dict(OrgUnit.objects.values_list("code", "id"))
    unit_names = dict(OrgUnit.objects.values_list("code", "name"))
    existing = _load_existing(mapped=set(mapping.values()))
    checked = check_rows(
        table=table,
        mapping=mapping,
        existing_employee_ids=set(existing),
        existing_units=unit_names,
        progress=(lambda done, total: progress("checking", done, total)) if progress else None,
    )
    outcome.errors, outcome.warnings = checked.errors, checked.warnings
    outcome.error_count = len(checked.errors)
    outcome.new_units = sorted(checked.new_units.values())
    if not checked.ok:
        return outcome
    person_ids = {eid: e.pk for eid, e in existing.items()}
    plan = _plan(checked=checked, existing=existing, unit_ids=unit_ids, person_ids=person_ids)
    outcome.created, outcome.updated, outcome.unchanged = (
        len(plan.creates),
        len(plan.updates),
        plan.unchanged,
    )
    outcome.units_created = len(checked.new_units)
    if dry_run:
        return outcome
    with transaction.atomic():
        _write(
            plan=plan, checked=checked, unit_ids=unit_ids, person_ids=person_ids, progress=progress
        )
        AuditEntry.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=AuditEntry.Action.UPDATE if outcome.updated else AuditEntry.Action.CREATE,
            model=Person._meta.label,
            object_id="import",
            object_repr=f"People import from {filename}"[:200],
            changes={"file": filename, **outcome.counts()},
        )
    return outcome
