"""Freed capacity: who takes part, what they hand off, who receives it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.template.defaultfilters import pluralize

from workshift.conditions.models import (
    FREED_TARGET_PERCENT,
    CapacityMethod,
    CapacityParticipant,
    CapacityReceiver,
    CapacityTask,
    WorkgroupMember,
    task_destination,
)
from workshift.engine.capacity import TaskShare, capacity_report, consolidation_plan
from workshift.people.models import Person
from workshift.pilots.models import Pilot


@dataclass(frozen=True)
class TaskRow:
    """One handed-off task as the plan shows it: plain values, read in one query (a plan may
    hold hundreds of tasks, and the page must not build model instances for each)."""

    pk: int
    name: str
    share: int
    method_label: str
    destination: str
    note: str

    @property
    def label(self) -> str:
        return f"{self.name} · {self.share}% · {self.method_label} → {self.destination}"


@dataclass
class ParticipantRow:
    participant: CapacityParticipant | None
    person: Person
    freed: float
    tasks: list[TaskRow]
    exception: str

    @property
    def below_target(self) -> bool:
        return self.freed < FREED_TARGET_PERCENT

    @property
    def ready(self) -> bool:
        return not self.below_target or bool(self.exception)


@dataclass
class ReceiverRow:
    person: Person
    baseline: float
    load: float
    tasks: list[TaskRow]

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
        return sum(1 for r in self.participants if r.ready)

    @property
    def all_ready(self) -> bool:
        """There are participants, and each has 75% freed or a recorded exception."""
        return bool(self.participants) and self.ready == len(self.participants)

    @property
    def task_count(self) -> int:
        return sum(len(r.tasks) for r in self.participants)


def _member_ids(*, pilot: Pilot) -> set[int]:
    return set(
        WorkgroupMember.objects.filter(workgroup__pilot=pilot).values_list("person_id", flat=True)
    )


def pilot_participant_ids(*, pilot: Pilot) -> set[int]:
    """Everyone who takes part as a workgroup member or has a capacity row."""
    ids = _member_ids(pilot=pilot)
    ids |= set(CapacityParticipant.objects.filter(pilot=pilot).values_list("person_id", flat=True))
    return ids


def _plan_report(
    *, pilot: Pilot, ids: set[int], tasks: Sequence[tuple[int, int, Any, int | None]]
) -> tuple[Any, dict[int, float], list[TaskShare]]:
    """The engine's report on the plan: `tasks` as (task, participant, share, receiver). Returns it
    with every receiver's baseline load (0 for one without a row) and the shares it was fed."""
    baselines = {
        person: float(load)
        for person, load in CapacityReceiver.objects.filter(pilot=pilot).values_list(
            "person_id", "baseline_load"
        )
    }
    for *_rest, receiver in tasks:
        if receiver:
            baselines.setdefault(receiver, 0.0)
    shares = [
        TaskShare(task=pk, participant=person, share=float(share), receiver=receiver)
        for pk, person, share, receiver in tasks
    ]
    report = capacity_report(participants=sorted(ids), tasks=shares, baseline_load=baselines)  # type: ignore[arg-type]
    return report, baselines, shares


def capacity_overview(*, pilot: Pilot) -> CapacityOverview:
    """The whole plan in five queries, whatever its size: tasks are read as values, and each
    person (participant or receiver) is loaded once."""
    rows = {
        cp.person_id: cp
        for cp in CapacityParticipant.objects.filter(pilot=pilot).select_related("person")
    }
    ids = _member_ids(pilot=pilot) | set(rows)
    tasks = list(
        CapacityTask.objects.filter(participant__pilot=pilot).values_list(
            "pk", "participant__person_id", "name", "share", "method", "note", "receiver_id"
        )
    )
    report, baselines, shares = _plan_report(
        pilot=pilot,
        ids=ids,
        tasks=[(pk, person, share, receiver) for pk, person, _n, share, _m, _no, receiver in tasks],
    )
    wanted = (ids - set(rows)) | set(baselines)  # baselines: every receiver
    people = Person.objects.in_bulk(list(wanted)) if wanted else {}
    people.update({pid: cp.person for pid, cp in rows.items()})
    labels = dict(CapacityMethod.choices)
    by_participant: dict[int, list[TaskRow]] = {}
    by_receiver: dict[int, list[TaskRow]] = {}
    names: dict[int, str] = {}
    for pk, person, name, share, method, note, receiver in tasks:
        row = TaskRow(
            pk=pk,
            name=name,
            share=share,
            method_label=labels.get(method, method),
            destination=task_destination(
                method=method, receiver=people[receiver] if receiver else None
            ),
            note=note,
        )
        by_participant.setdefault(person, []).append(row)
        if receiver:
            by_receiver.setdefault(receiver, []).append(row)
        names[pk] = f"{name} ({share}%, from {people[person]})"
    participants = [
        ParticipantRow(
            participant=rows.get(pid),
            person=people[pid],
            freed=report.freed.get(pid, 0.0),
            tasks=by_participant.get(pid, []),
            exception=rows[pid].exception_reason if pid in rows else "",
        )
        for pid in ids
    ]
    participants.sort(key=lambda r: (not r.below_target, r.person.last_name, r.person.first_name))
    receivers = [
        ReceiverRow(
            person=people[rid],
            baseline=baselines.get(rid, 0.0),
            load=report.load.get(rid, 0.0),
            tasks=by_receiver.get(rid, []),
        )
        for rid in report.load
        if rid in by_receiver
    ]
    receivers.sort(key=lambda r: -r.load)
    suggestion = consolidation_plan(tasks=shares, baseline_load=baselines)  # type: ignore[arg-type]
    lines = [
        f"{names[m.task]}: from {people[m.from_receiver]} to {people[m.to_receiver]}"  # type: ignore[index]
        for m in suggestion.moves
    ]
    return CapacityOverview(
        participants=participants,
        receivers=receivers,
        suggestion=suggestion,
        suggestion_lines=lines,
    )


@dataclass
class PlanStep:
    """One step of building the plan, in the order the plan needs them."""

    number: int
    key: str  # the form the step posts: participant, task, receiver
    title: str
    action: str
    help: str
    done: bool
    summary: str  # what is done so far, in words
    current: bool = False  # the step the plan needs now (or the one asked for)
    open: bool = False  # its form is the page's primary action
    form: Any = None


def capacity_steps(
    *, overview: CapacityOverview, requested: int | None = None, refused: str = ""
) -> list[PlanStep]:
    """Who takes part, then the tasks that free their time, then the load of those who take the
    work. The current step is the one whose form was refused (`refused`, a step's key), the one
    asked for, or else the first the plan still needs; once all are done none is current, and
    handing off another task stays open."""
    people = len(overview.participants)
    receivers, overloaded = len(overview.receivers), len(overview.overloaded)
    steps = [
        PlanStep(
            1,
            "participant",
            "Add the participants",
            "Add a participant",
            "The selected volunteers and anyone else who joins a workgroup.",
            done=people > 0,
            summary=f"{people} participant{pluralize(people)}" if people else "nobody yet",
        ),
        PlanStep(
            2,
            "task",
            "Free their time",
            "Hand off a task",
            f"For each participant, the tasks they stop, automate, hand over or buy in, until "
            f"{FREED_TARGET_PERCENT}% of their time is free (or record an exception).",
            done=overview.all_ready,
            summary=(
                f"{overview.ready} of {people} ready, {overview.task_count} "
                f"task{pluralize(overview.task_count)} handed off"
                if people
                else "add participants first"
            ),
        ),
        PlanStep(
            3,
            "receiver",
            "Check who takes the work",
            "Record a receiver's load",
            "How busy each colleague who takes a task over already is: nobody above 100%.",
            # nothing to check once everyone is freed without handing work to anybody
            done=people > 0 and overloaded == 0 and (receivers > 0 or overview.all_ready),
            summary=(
                f"{receivers} receiver{pluralize(receivers)}, {overloaded} overloaded"
                if receivers
                else "nobody takes over work yet"
            ),
        ),
    ]
    current = (
        next((s for s in steps if s.key == refused), None)
        or next((s for s in steps if s.number == requested), None)
        or next((s for s in steps if not s.done), None)
    )
    if current is not None:
        current.current = True
    (current or steps[1]).open = True
    return steps


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
    report, _baselines, _shares = _plan_report(pilot=pilot, ids=ids, tasks=tasks)
    freed = {pid: report.freed.get(pid, 0.0) for pid in ids}
    receiving = {receiver for *_rest, receiver in tasks if receiver}
    return CapacityTotals(
        freed=freed,
        below_target=sum(1 for value in freed.values() if value < FREED_TARGET_PERCENT),
        overloaded_receivers=sum(
            1 for rid, load in report.load.items() if rid in receiving and load > 100
        ),
    )
