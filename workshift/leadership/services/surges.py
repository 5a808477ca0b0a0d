"""Surge services: declaring a surge and recording exceptions on freed time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from workshift.conditions.models import Workgroup
from workshift.leadership.models import (
    Surge,
    SurgeException,
)
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import Pilot


def surge_create(
    *,
    pilot: Pilot,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    extra_hours: float,
    unit: OrgUnit | None,
    workgroup: Workgroup | None,
    skill: str,
    user: Any,
) -> Surge:
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = "The surge ends before it starts."
    if extra_hours <= 0:
        errors["extra_hours"] = "Give the extra demand in hours a week (more than 0)."
    if (unit is None) == (workgroup is None):
        errors["unit"] = "Choose either the unit or the workgroup the surge hits."
    if workgroup is not None and workgroup.pilot_id != pilot.pk:
        errors["workgroup"] = "This workgroup belongs to another pilot."
    if not name.strip():
        errors["name"] = "Name the surge."
    if errors:
        raise ValidationError(errors)
    return Surge.objects.create(
        pilot=pilot,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        extra_hours=extra_hours,
        unit=unit,
        workgroup=workgroup,
        skill=skill.strip(),
        created_by=user,
    )


def surge_exception_record(
    *, surge: Surge, person: Person, hours: float, reason: str, user: Any
) -> SurgeException:
    """Let the surge use up to `hours` a week of one participant's freed time, with a reason."""
    errors = {}
    if hours <= 0:
        errors["hours"] = "Give the hours a week of freed time the surge may use (more than 0)."
    if not reason.strip():
        errors["reason"] = (
            "Say why the freed time may be used: it is shown to everyone in the pilot."
        )
    if errors:
        raise ValidationError(errors)
    exception, _ = SurgeException.objects.update_or_create(
        surge=surge,
        person=person,
        defaults={"hours": hours, "reason": reason.strip(), "recorded_by": user},
    )
    return exception
