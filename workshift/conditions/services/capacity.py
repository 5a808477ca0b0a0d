"""Freed capacity: participants, the tasks they hand off, receivers and exceptions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from workshift.conditions.models import (
    FREED_TARGET_PERCENT,
    CapacityParticipant,
    CapacityReceiver,
    CapacityTask,
)
from workshift.people.models import Person
from workshift.pilots.models import Pilot


def capacity_participant_add(*, pilot: Pilot, person: Person) -> CapacityParticipant:
    participant, _ = CapacityParticipant.objects.get_or_create(pilot=pilot, person=person)
    return participant


@transaction.atomic
def capacity_task_add(
    *,
    participant: CapacityParticipant,
    name: str,
    share: int,
    method: str,
    receiver: Person | None = None,
    note: str = "",
) -> CapacityTask:
    """Record a handed-off task; a new receiver gets a load row with the default baseline."""
    if receiver is not None:
        CapacityReceiver.objects.get_or_create(pilot=participant.pilot, person=receiver)
    return CapacityTask.objects.create(
        participant=participant, name=name, share=share, method=method, receiver=receiver, note=note
    )


def capacity_receiver_set(*, pilot: Pilot, person: Person, baseline_load: int) -> CapacityReceiver:
    receiver, _ = CapacityReceiver.objects.get_or_create(pilot=pilot, person=person)
    receiver.baseline_load = baseline_load
    receiver.save()
    return receiver


def capacity_exception_record(
    *, participant: CapacityParticipant, reason: str, user: Any
) -> CapacityParticipant:
    """Let a participant start below 75% freed; the reason is shown to everyone in the pilot."""
    participant.exception_reason = reason.strip()
    participant.exception_by = user if reason.strip() else None
    participant.exception_at = timezone.now() if reason.strip() else None
    participant.save()
    return participant


def capacity_status_guard(pilot: Pilot, status: str) -> list[str]:
    """Registered with the pilots app: a pilot runs only when every participant has 75% freed (or an exception)."""
    if status != Pilot.Status.RUNNING:
        return []
    from workshift.conditions.selectors import capacity_overview

    overview = capacity_overview(pilot=pilot)
    blocked = [row.person.full_name for row in overview.participants if not row.ready]
    if not blocked:
        return []
    names = ", ".join(blocked[:5]) + (f" and {len(blocked) - 5} more" if len(blocked) > 5 else "")
    return [
        f"{len(blocked)} participant(s) have less than {FREED_TARGET_PERCENT}% of their time freed ({names}). "
        "Free more of their time in the capacity plan, or record an exception for each."
    ]


def capacity_task_remove(*, task: CapacityTask) -> None:
    task.delete()
