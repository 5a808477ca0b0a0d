"""Expectations: acknowledgement by participants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from workshift.conditions.models import (
    Acknowledgement,
    Expectations,
    Workgroup,
)
from workshift.conditions.services.changes import record_update
from workshift.people.models import Person
from workshift.pilots.models import Pilot


def expectations_acknowledge(
    *, expectations: Expectations, person: Person, on: dt.date | None = None
) -> Acknowledgement:
    ack, created = Acknowledgement.objects.get_or_create(
        expectations=expectations,
        person=person,
        defaults={
            "acknowledged_on": on or timezone.localdate(),
            "acknowledged_version": expectations.version,
        },
    )
    if not created and ack.acknowledged_version != expectations.version:
        ack.acknowledged_on, ack.acknowledged_version = (
            on or timezone.localdate(),
            expectations.version,
        )
        ack.save()
    return ack


def expectations_save(
    *,
    pilot: Pilot,
    workgroup: Workgroup | None,
    expectations: Expectations | None,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Expectations:
    """Write the expectations of a workgroup (or the whole pilot); raises EditConflict on a newer version."""
    instance = expectations or Expectations(pilot=pilot, workgroup=workgroup)
    return record_update(instance=instance, changes=changes, expected_version=expected_version)
