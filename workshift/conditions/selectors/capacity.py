"""Freed capacity: who takes part, what they hand off, who receives it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from workshift.conditions.models import (
    FREED_TARGET_PERCENT,
    CapacityParticipant,
    CapacityReceiver,
    CapacityTask,
    WorkgroupMember,
)
from workshift.engine.capacity import TaskShare, capacity_report, consolidation_plan
from workshift.people.models import Person
from workshift.pilots.models import Pilot


@dataclass
class ParticipantRow:
    participant: CapacityParticipant | None
    person: Person
    freed: float
    tasks: list[CapacityTask]
    exception: str

    @property
    def below_target(self) -> bool:
        return self.freed < FREED_TARGET_PERCENT


@dataclass
class ReceiverRow:
    person: Person
    baseline: float
    load: float
    tasks: list[CapacityTask]

    @property
    def overloaded(self) -> bool:
        return self.load > 100


@dataclass
class CapacityOverview:
    participants: list[ParticipantRow]
    receivers: list[ReceiverRow]
    suggestion: Any
    suggestion_lines: list[str] = field(default_factory=list)

    @property
    def below(self) -> list[ParticipantRow]:
        return [r for r in self.participants if r.below_target]

    @property
    def overloaded(self) -> list[ReceiverRow]:
        return [r for r in self.receivers if r.overloaded]

    @property
    def ready(self) -> int:
        return sum(1 for r in self.participants if not r.below_target or r.exception)


def pilot_participant_ids(*, pilot: Pilot) -> set[int]:
    """Everyone who takes part as a workgroup member or has a capacity row."""
    ids = set(
        WorkgroupMember.objects.filter(workgroup__pilot=pilot).values_list("person_id", flat=True)
    )
    ids |= set(CapacityParticipant.objects.filter(pilot=pilot).values_list("person_id", flat=True))
    return ids


def capacity_overview(*, pilot: Pilot) -> CapacityOverview:
    rows = {
        cp.person_id: cp
        for cp in CapacityParticipant.objects.filter(pilot=pilot).select_related("person")
    }
    ids = pilot_participant_ids(pilot=pilot)
    people = Person.objects.in_bulk(list(ids - set(rows)))
    tasks = list(
        CapacityTask.objects.filter(participant__pilot=pilot).select_related(
            "receiver", "participant__person"
        )
    )
    baselines = {
        r.person_id: float(r.baseline_load)
        for r in CapacityReceiver.objects.filter(pilot=pilot).select_related("person")
    }
    receivers_people = {
        r.person_id: r.person
        for r in CapacityReceiver.objects.filter(pilot=pilot).select_related("person")
    }
    shares = [
        TaskShare(
            task=t.pk,
            participant=t.participant.person_id,
            share=float(t.share),
            receiver=t.receiver_id,
        )
        for t in tasks
    ]
    for t in tasks:
        if t.receiver_id and t.receiver_id not in baselines:
            baselines[t.receiver_id] = 0.0
            receivers_people[t.receiver_id] = t.receiver  # type: ignore[assignment]
    report = capacity_report(participants=sorted(ids), tasks=shares, baseline_load=baselines)  # type: ignore[arg-type]
    by_participant: dict[int, list[CapacityTask]] = {}
    by_receiver: dict[int, list[CapacityTask]] = {}
    for t in tasks:
        by_participant.setdefault(t.participant.person_id, []).append(t)
        if t.receiver_id:
            by_receiver.setdefault(t.receiver_id, []).append(t)
    participants = []
    for pid in ids:
        cp = rows.get(pid)
        person = cp.person if cp else people[pid]
        participants.append(
            ParticipantRow(
                participant=cp,
                person=person,
                freed=report.freed.get(pid, 0.0),
                tasks=by_participant.get(pid, []),
                exception=cp.exception_reason if cp else "",
            )
        )
    participants.sort(key=lambda r: (not r.below_target, r.person.last_name, r.person.first_name))
    receivers = [
        ReceiverRow(
            person=receivers_people[rid],
            baseline=baselines.get(rid, 0.0),
            load=report.load.get(rid, 0.0),
            tasks=by_receiver.get(rid, []),
        )
        for rid in report.load
        if rid in by_receiver
    ]
    receivers.sort(key=lambda r: -r.load)
    suggestion = consolidation_plan(tasks=shares, baseline_load=baselines)  # type: ignore[arg-type]
    names = {t.pk: f"{t.name} ({t.share}%, from {t.participant.person})" for t in tasks}
    lines = [
        f"{names[m.task]}: from {receivers_people[m.from_receiver]} to {receivers_people[m.to_receiver]}"  # type: ignore[index]
        for m in suggestion.moves
    ]
    return CapacityOverview(
        participants=participants,
        receivers=receivers,
        suggestion=suggestion,
        suggestion_lines=lines,
    )


def capacity_exceptions(*, pilot: Pilot) -> QuerySet[CapacityParticipant]:
    return (
        CapacityParticipant.objects.filter(pilot=pilot)
        .exclude(exception_reason="")
        .select_related("person")
    )


def participants(*, pilot: Pilot) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=pilot_participant_ids(pilot=pilot)).order_by("last_name")


@dataclass
class CapacityTotals:
    freed: dict[int, float]  # participant person id -> share of time freed (%)
    below_target: int
    overloaded_receivers: int


def capacity_totals(*, pilot: Pilot) -> CapacityTotals:
    """The capacity plan's numbers alone (no people loaded): freed time per participant, how many
    are below the target and how many receivers are overloaded. As `capacity_overview` counts them."""
    ids = pilot_participant_ids(pilot=pilot)
    tasks = list(
        CapacityTask.objects.filter(participant__pilot=pilot).values_list(
            "pk", "participant__person_id", "share", "receiver_id"
        )
    )
    baselines = {
        person: float(load)
        for person, load in CapacityReceiver.objects.filter(pilot=pilot).values_list(
            "person_id", "baseline_load"
        )
    }
    shares = [
        TaskShare(task=pk, participant=person, share=float(share), receiver=receiver)
        for pk, person, share, receiver in tasks
    ]
    for *_rest, receiver in tasks:
        if receiver and receiver not in baselines:
            baselines[receiver] = 0.0
    report = capacity_report(participants=sorted(ids), tasks=shares, baseline_load=baselines)  # type: ignore[arg-type]
    freed = {pid: report.freed.get(pid, 0.0) for pid in ids}
    receiving = {receiver for *_rest, receiver in tasks if receiver}
    return CapacityTotals(
        freed=freed,
        below_target=sum(1 for value in freed.values() if value < FREED_TARGET_PERCENT),
        overloaded_receivers=sum(
            1 for rid, load in report.load.items() if rid in receiving and load > 100
        ),
    )
