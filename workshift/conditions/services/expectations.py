"""Expectations: acknowledgement by participants."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from workshift.conditions.models import (
    Acknowledgement,
    Expectations,
)
from workshift.core.concurrency import versioned_save
from workshift.people.models import Person


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


def expectations_save(*, record: Expectations, expected_version: int | None) -> Expectations:
    """Write the expectations of a workgroup (or the whole pilot); raises EditConflict on a newer version."""
    return versioned_save(record=record, expected_version=expected_version)
