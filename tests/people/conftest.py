"""Fixtures for people tests: people files made on the fly."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from typing import Any

import pytest

from workshift.people.exports import PEOPLE_COLUMNS


def people_rows(count: int, *, prefix: str = "P", unit: str = "CC-COL") -> list[list[str]]:
    """`count` people in the import format, in a management tree listed bottom up (reports before managers)."""
    rows = []
    for i in range(count):
        boss = "" if i == 0 else f"{prefix}{(i - 1) // 4:05d}"
        rows.append(
            [
                f"{prefix}{i:05d}",
                f"First{i}",
                f"Last{i}",
                f"person{i}@example.com",
                unit if i % 3 else "NEW-TEAM",
                boss,
                "Specialist",
                "Harbor City",
                "2020-01-15",
                "excel;sql",
                '{"discipline": "collections", "tenure_band": "2-5 years"}',
            ]
        )
    return rows[::-1]


def csv_bytes(rows: list[list[str]], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or PEOPLE_COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode()


def people_checksum() -> tuple[int, int, str]:
    """Counts of people and units and a digest of every person row: equal means nothing changed."""
    from workshift.people.models import OrgUnit, Person

    digest = hashlib.sha256()
    for row in Person.objects.order_by("employee_id").values_list(
        "employee_id",
        "first_name",
        "last_name",
        "email",
        "unit_id",
        "manager_id",
        "job_title",
        "location",
        "start_date",
        "skills",
        "attributes",
        "version",
        "updated_at",
    ):
        digest.update(repr(row).encode())
    return Person.objects.count(), OrgUnit.objects.count(), digest.hexdigest()


@pytest.fixture
def write_file(tmp_path: Any) -> Callable[..., Any]:
    def write(name: str, data: bytes) -> Any:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write
