"""Coaches: who may coach, their checklist and their coaching log."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from workshift.conditions import selectors
from workshift.conditions.models import CoachChecklist, CoachingLogEntry, Workgroup
from workshift.core.concurrency import versioned_save
from workshift.people.models import Person
from workshift.pilots.models import Pilot

COACH_TITLE_WORD = "supervisor"


def coach_candidates(*, pilot: Pilot) -> QuerySet[Person]:
    """Who can coach a workgroup: the entry point's supervisors, and anyone coaching one already."""
    supervisors = selectors.entry_people(pilot=pilot).filter(job_title__icontains=COACH_TITLE_WORD)
    coaching = Person.objects.filter(
        pk__in=Workgroup.objects.filter(pilot=pilot).values("coach_id")
    )
    return (supervisors | coaching).distinct()


def coach_checklist_save(*, record: CoachChecklist, expected_version: int | None) -> CoachChecklist:
    """Save a coach's checklist (raises EditConflict when someone saved another version)."""
    return versioned_save(record=record, expected_version=expected_version)


def coaching_log_add(
    *,
    pilot: Pilot,
    coach: Person,
    date: dt.date,
    note: str,
    workgroup: Workgroup | None = None,
) -> CoachingLogEntry:
    return CoachingLogEntry.objects.create(
        pilot=pilot, coach=coach, date=date, note=note, workgroup=workgroup
    )
