"""The volunteer call and its applications."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from workshift.conditions.models import (
    Application,
    VolunteerCall,
)
from workshift.core.concurrency import versioned_save
from workshift.people.models import Person
from workshift.pilots.models import Pilot


def volunteer_call_create(
    *,
    pilot: Pilot,
    title: str,
    message: str,
    places: int,
    deadline: dt.date,
    ask_attributes: Sequence[str] = (),
) -> VolunteerCall:
    return VolunteerCall.objects.create(
        pilot=pilot,
        title=title,
        message=message,
        places=places,
        deadline=deadline,
        ask_attributes=list(ask_attributes),
        token=secrets.token_urlsafe(24),
    )


def volunteer_call_is_open(*, call: VolunteerCall, today: dt.date | None = None) -> bool:
    return volunteer_call_closed_reason(call=call, today=today) is None


def volunteer_call_closed_reason(
    *, call: VolunteerCall, today: dt.date | None = None
) -> str | None:
    """Why the call takes no more applications (its deadline passed, its pilot closed), or None."""
    if call.pilot.status == Pilot.Status.CLOSED:
        return "The pilot this call was for has closed."
    if (today or timezone.localdate()) > call.deadline:
        return f"This call closed on {call.deadline:%d %B %Y}."
    return None


class ApplicationRefused(Exception):
    def __init__(self, field: str | None, message: str) -> None:
        self.field = field
        super().__init__(message)


def volunteer_identify(*, call: VolunteerCall, employee_id: str, email: str) -> Person:
    """The applicant: a person of the organization whose employee id and e-mail both match."""
    person = Person.objects.filter(employee_id__iexact=employee_id.strip(), active=True).first()
    if person is None or not person.email or person.email.lower() != email.strip().lower():
        raise ApplicationRefused(
            "employee_id",
            "This employee id and e-mail do not match anyone in the organization. "
            "Check both against your payslip or HR profile.",
        )
    return person


@transaction.atomic
def application_submit(
    *,
    call: VolunteerCall,
    person: Person,
    why: str,
    problem: str,
    availability: str,
    answers: dict[str, str],
) -> Application:
    """Apply (or update an application still under review). Refused after the deadline."""
    if not volunteer_call_is_open(call=call):
        raise ApplicationRefused(None, f"This call closed on {call.deadline:%d %B %Y}.")
    application = Application.objects.filter(call=call, person=person).first()
    if application is not None and application.status != Application.Status.SUBMITTED:
        raise ApplicationRefused(
            None, "Your application has already been decided; it can no longer be changed."
        )
    if application is None:
        application = Application(call=call, person=person)
    application.why, application.problem, application.availability = why, problem, availability
    application.answers = answers
    application.save()
    return application


def application_decide(
    *, application: Application, status: str, reason: str, user: Any
) -> Application:
    if status not in (
        Application.Status.SELECTED,
        Application.Status.NOT_SELECTED,
        Application.Status.SUBMITTED,
    ):
        raise ValueError(f"Unknown status {status!r}")
    application.status = status
    application.decision_reason = reason.strip()
    application.decided_by = user
    application.decided_at = timezone.now()
    application.save()
    return application


def volunteer_call_update(*, record: VolunteerCall, expected_version: int | None) -> VolunteerCall:
    """Save edits to the call (raises EditConflict when someone saved another version)."""
    return versioned_save(record=record, expected_version=expected_version)
