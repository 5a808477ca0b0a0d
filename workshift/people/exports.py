"""The people file format: the same columns for export and import (round trip)."""

from __future__ import annotations

import json
from typing import Any

from workshift.people.models import Person

PEOPLE_COLUMNS = [
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "unit_code",
    "manager_employee_id",
    "job_title",
    "location",
    "start_date",
    "skills",
    "attributes",
]


def person_row(person: Person) -> list[Any]:
    """One CSV row; skills are ';'-separated, attributes a JSON object."""
    return [
        person.employee_id,
        person.first_name,
        person.last_name,
        person.email,
        person.unit.code if person.unit_id else "",  # type: ignore[union-attr]
        person.manager.employee_id if person.manager_id else "",  # type: ignore[union-attr]
        person.job_title,
        person.location,
        person.start_date.isoformat() if person.start_date else "",
        ";".join(person.skills or []),
        json.dumps(person.attributes, sort_keys=True, ensure_ascii=False)
        if person.attributes
        else "",
    ]
