"""Reads of the Create phase that several pages share."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.fields.json import KT
from django.urls import reverse

from workshift.conditions.models import (
    FREED_TARGET_PERCENT,
    Acknowledgement,
    Application,
    CapacityParticipant,
    CapacityReceiver,
    CapacityTask,
    Cell,
    CoachChecklist,
    CoachingLogEntry,
    Community,
    Expectations,
    Formation,
    FormationKind,
    FormationRun,
    VolunteerCall,
    Workgroup,
    WorkgroupMember,
)
from workshift.engine.capacity import TaskShare, capacity_report, consolidation_plan
from workshift.people.access import unit_subtree_ids
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import Pilot


def entry_people(*, pilot: Pilot) -> QuerySet[Person]:
    """People of the entry point (everyone when the pilot has none yet)."""
    people = Person.objects.filter(active=True).select_related("unit")
    if pilot.entry_unit_id:
        people = people.filter(unit_id__in=unit_subtree_ids(root_id=pilot.entry_unit_id))
    return people.order_by("last_name", "first_name")


# ---------------------------------------------------------------------------
# capacity
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# volunteers and formation
# ---------------------------------------------------------------------------


def current_call(*, pilot: Pilot) -> VolunteerCall | None:
    return VolunteerCall.objects.filter(pilot=pilot).order_by("-created_at", "-id").first()


def applications_of(*, call: VolunteerCall) -> QuerySet[Application]:
    return call.applications.select_related("person", "person__unit", "decided_by")


def selected_volunteers(*, pilot: Pilot) -> list[Person]:
    ids = Application.objects.filter(call__pilot=pilot, status=Application.Status.SELECTED).values(
        "person_id"
    )
    return list(
        Person.objects.filter(pk__in=ids)
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")
    )


def workgroup_members(*, pilot: Pilot) -> list[Person]:
    ids = WorkgroupMember.objects.filter(workgroup__pilot=pilot).values("person_id")
    return list(
        Person.objects.filter(pk__in=ids)
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")
    )


def formation_of(*, pilot: Pilot, kind: str) -> Formation | None:
    return Formation.objects.filter(pilot=pilot, kind=kind).first()


def latest_run(*, pilot: Pilot, kind: str) -> FormationRun | None:
    return FormationRun.objects.filter(pilot=pilot, kind=kind).first()


def workgroups_of(*, pilot: Pilot) -> QuerySet[Workgroup]:
    return (
        Workgroup.objects.filter(pilot=pilot)
        .select_related("coach")
        .annotate(size=Count("memberships"))
        .order_by("name")
    )


def cells_of(*, pilot: Pilot) -> QuerySet[Cell]:
    return Cell.objects.filter(pilot=pilot).annotate(size=Count("memberships")).order_by("name")


# ---------------------------------------------------------------------------
# expectations
# ---------------------------------------------------------------------------


def expectations_for_person(*, pilot: Pilot, person: Person | None) -> list[Expectations]:
    """What a participant (member or coach) acknowledges: the pilot's expectations and their workgroups'."""
    if person is None:
        return []
    takes_part = (
        person.pk in pilot_participant_ids(pilot=pilot)
        or Workgroup.objects.filter(pilot=pilot, coach=person).exists()
    )
    if not takes_part:
        return []
    return list(
        Expectations.objects.filter(pilot=pilot)
        .filter(
            Q(workgroup__isnull=True)
            | Q(workgroup__memberships__person=person)
            | Q(workgroup__coach=person)
        )
        .distinct()
        .select_related("workgroup")
        .order_by("workgroup__name")
    )


def acknowledged_ids(*, person: Person | None, expectations: Sequence[Expectations]) -> set[int]:
    if person is None:
        return set()
    return set(
        Acknowledgement.objects.filter(
            person=person, expectations__in=list(expectations)
        ).values_list("expectations_id", flat=True)
    )


# ---------------------------------------------------------------------------
# the phase checklist
# ---------------------------------------------------------------------------


@dataclass
class Step:
    title: str
    done: bool
    detail: str
    url: str
    help: str


def phase_checklist(*, pilot: Pilot) -> list[Step]:
    cap = capacity_overview(pilot=pilot)
    call = current_call(pilot=pilot)
    counts = (
        Application.objects.filter(call=call).aggregate(
            n=Count("id"), selected=Count("id", filter=Q(status="selected"))
        )
        if call
        else {"n": 0, "selected": 0}
    )
    workgroups = list(workgroups_of(pilot=pilot))
    cells = cells_of(pilot=pilot).count()
    checklists = list(CoachChecklist.objects.filter(pilot=pilot))
    coaches = {wg.coach_id for wg in workgroups if wg.coach_id}
    expectations = Expectations.objects.filter(pilot=pilot).count()
    participants = len(pilot_participant_ids(pilot=pilot))
    acks = (
        Acknowledgement.objects.filter(expectations__pilot=pilot)
        .values("person_id")
        .distinct()
        .count()
    )
    communities = Community.objects.filter(pilot=pilot).count()
    pk = pilot.pk
    return [
        Step(
            "Free capacity",
            bool(cap.participants) and cap.ready == len(cap.participants) and not cap.overloaded,
            f"{cap.ready} of {len(cap.participants)} participants at {FREED_TARGET_PERCENT}% freed (or excepted); "
            f"{len(cap.overloaded)} receiver(s) above 100%",
            reverse("conditions:capacity", args=[pk]),
            "Each participant needs at least 75% of their time freed, without overloading those who take the work.",
        ),
        Step(
            "Call for volunteers",
            bool(call) and counts["selected"] > 0,
            f"{counts['n']} applications for {call.places} places, {counts['selected']} selected"
            if call
            else "No call yet",
            reverse("conditions:call", args=[pk]),
            "Volunteers only: an open call, applications that say why it matters to them.",
        ),
        Step(
            "Form workgroups",
            bool(workgroups),
            f"{len(workgroups)} workgroups, {sum(w.size for w in workgroups)} people"  # type: ignore[attr-defined]
            if workgroups
            else "No workgroups yet",
            reverse("conditions:formation", args=[pk, FormationKind.WORKGROUPS]),
            "3-6 workgroups of 3-15 people, mixed for diverse perspectives.",
        ),
        Step(
            "Supervisors become coaches",
            bool(coaches)
            and all(c.parts_done == 5 for c in checklists if c.coach_id in coaches)
            and coaches <= {c.coach_id for c in checklists},
            f"{len(coaches)} coaches, {sum(1 for c in checklists if c.parts_done == 5)} with all five parts done",
            reverse("conditions:coaches", args=[pk]),
            "Expectations, performance, development, focus and ongoing support, each with a date.",
        ),
        Step(
            "Form cells",
            cells > 0,
            f"{cells} cells" if cells else "No cells yet",
            reverse("conditions:formation", args=[pk, FormationKind.CELLS]),
            "5-15 people across workgroups, for peer support and reflection.",
        ),
        Step(
            "Set expectations and guardrails",
            expectations > 0,
            f"{expectations} set(s) of expectations; {acks} of {participants} participants acknowledged",
            reverse("conditions:expectations", args=[pk]),
            "New value, not task execution; what they may and may not touch; no penalty for good-faith work.",
        ),
        Step(
            "Communities of practice",
            communities > 0,
            f"{communities} communities",
            reverse("conditions:communities", args=[pk]),
            "Optional during the pilot, important when it grows.",
        ),
    ]


# ---------------------------------------------------------------------------
# reads of the pages (one query each, no rule)
# ---------------------------------------------------------------------------


def active_people() -> QuerySet[Person]:
    return Person.objects.filter(active=True).order_by("last_name", "first_name")


def people_in(*, ids: Iterable[int]) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=list(ids)).select_related("unit")


def people_by_id(*, ids: Iterable[int]) -> dict[int, Person]:
    return Person.objects.select_related("unit").in_bulk(list(ids))


def entry_units(*, pilot: Pilot) -> QuerySet[OrgUnit]:
    """The teams of the pilot's entry point (every team when it has none yet)."""
    if pilot.entry_unit_id:
        return OrgUnit.objects.filter(pk__in=unit_subtree_ids(root_id=pilot.entry_unit_id))
    return OrgUnit.objects.all()


def capacity_exceptions(*, pilot: Pilot) -> QuerySet[CapacityParticipant]:
    return (
        CapacityParticipant.objects.filter(pilot=pilot)
        .exclude(exception_reason="")
        .select_related("person")
    )


def workgroups_coached_by(*, pilot: Pilot, coach_id: int | None) -> QuerySet[Workgroup]:
    return Workgroup.objects.filter(pilot=pilot, coach_id=coach_id)


@dataclass
class CoachRow:
    coach: Person
    checklist: CoachChecklist | None
    workgroups: list[Workgroup]


def coach_rows(*, pilot: Pilot) -> list[CoachRow]:
    """Every coach of a workgroup or with a checklist, with their checklist and workgroups."""
    groups = list(workgroups_of(pilot=pilot))
    checklists = {c.coach_id: c for c in pilot.coach_checklists.all()}
    ids = {g.coach_id for g in groups if g.coach_id} | set(checklists)
    return [
        CoachRow(
            coach=p,
            checklist=checklists.get(p.pk),
            workgroups=[g for g in groups if g.coach_id == p.pk],
        )
        for p in Person.objects.filter(pk__in=ids).order_by("last_name")
    ]


def coaching_log(*, pilot: Pilot, coach_id: int) -> QuerySet[CoachingLogEntry]:
    return CoachingLogEntry.objects.filter(pilot=pilot, coach_id=coach_id).select_related(
        "workgroup"
    )


def call_by_token(*, token: str) -> VolunteerCall | None:
    return VolunteerCall.objects.filter(token=token).select_related("pilot").first()


def application_counts(*, call: VolunteerCall) -> tuple[int, int]:
    """How many applied to the call, and how many of them are selected."""
    counts = call.applications.aggregate(
        count=Count("pk"), selected=Count("pk", filter=Q(status=Application.Status.SELECTED))
    )
    return counts["count"], counts["selected"]


def attribute_keys(*, pilot: Pilot, limit: int = 2000) -> list[str]:
    """The free attribute names of the entry point's people (for the call's questions)."""
    keys: set[str] = set()
    for attrs in entry_people(pilot=pilot).values_list("attributes", flat=True)[:limit]:
        keys.update((attrs or {}).keys())
    return sorted(keys)


def run_of(*, pilot: Pilot, kind: str, pk: str | int | None) -> FormationRun | None:
    if pk is None or not str(pk).isdigit():
        return None
    return FormationRun.objects.filter(pilot=pilot, kind=kind, pk=int(pk)).first()


def recent_runs(*, pilot: Pilot, kind: str, limit: int = 5) -> list[FormationRun]:
    return list(FormationRun.objects.filter(pilot=pilot, kind=kind)[:limit])


def workgroup_people(*, workgroup: Workgroup) -> QuerySet[Person]:
    return (
        Person.objects.filter(workgroup_memberships__workgroup=workgroup)
        .select_related("unit")
        .order_by("last_name")
    )


def expectations_of(*, pilot: Pilot, workgroup: Workgroup | None) -> Expectations | None:
    """The expectations of one workgroup (of the whole pilot when `workgroup` is None)."""
    return Expectations.objects.filter(pilot=pilot, workgroup=workgroup).first()


def acknowledging_ids(*, expectations: Expectations | None) -> set[int]:
    if expectations is None:
        return set()
    return set(expectations.acknowledgements.values_list("person_id", flat=True))


def expectations_all(*, pilot: Pilot) -> list[Expectations]:
    return list(
        Expectations.objects.filter(pilot=pilot)
        .select_related("workgroup")
        .prefetch_related("acknowledgements__person")
    )


def participants(*, pilot: Pilot) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=pilot_participant_ids(pilot=pilot)).order_by("last_name")


def communities_of(*, pilot: Pilot) -> QuerySet[Community]:
    return Community.objects.filter(pilot=pilot).prefetch_related("members")


def attribute_values(*, pilot: Pilot, keys: Sequence[str]) -> dict[str, list[str]]:
    """The distinct values of each asked attribute among the entry point's people (lists left out).

    One DISTINCT query per key, computed by the database: the people's rows are not read.
    """
    people = entry_people(pilot=pilot).order_by()
    values: dict[str, list[str]] = {}
    for key in keys:
        found = (
            people.annotate(value=KT(f"attributes__{key}"))
            .exclude(value__isnull=True)
            .values_list("value", flat=True)
            .distinct()
        )
        values[key] = sorted({str(v) for v in found if str(v) != "" and not _is_collection(v)})
    return values


def _is_collection(value: Any) -> bool:
    """A JSON list or object read back as text (the database gives their JSON)."""
    text = str(value)
    if text[:1] not in ("[", "{"):
        return False
    try:
        return isinstance(json.loads(text), (list, dict))
    except ValueError:
        return False
