"""Workload balance of the people in workgroups, and the signals of a pilot's momentum."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from workshift.conditions.models import (
    Application,
    WorkgroupMember,
)
from workshift.conditions.selectors import capacity_overview
from workshift.impact.models import (
    Opportunity,
    SpinOffProposal,
)
from workshift.insights.selectors.participants import pilot_participant_ids
from workshift.insights.selectors.stories import shared_stories
from workshift.people.models import Person
from workshift.pilots.models import Pilot


@dataclass
class WorkloadRow:
    person: Person
    percent: int
    parts: list[str]
    delegate_to: list[str]

    @property
    def over(self) -> bool:
        return self.percent > 100


WORKGROUP_SHARE = 75  # each workgroup seat takes at least 75% of working hours


SURGE_MARGIN = 15  # a surge in demand adds this much for people who keep day-to-day work


def workload_balance(*, pilot: Pilot) -> list[WorkloadRow]:
    """Who is over 100% of their time, and whom a surge would overload, with where to delegate.

    From the capacity plan: the people who take tasks over (their load before
    plus what they received) and the consolidation moves it suggests; and from
    roles: anyone holding more than one workgroup seat (75% each).
    """
    overview = capacity_overview(pilot=pilot)
    rows: list[WorkloadRow] = []
    for receiver in overview.receivers:
        if receiver.load < 100 - SURGE_MARGIN:
            continue
        name = str(receiver.person)
        moves = [line for line in overview.suggestion_lines if f"from {name} to" in line]
        rows.append(
            WorkloadRow(
                person=receiver.person,
                percent=round(receiver.load),
                parts=[f"{receiver.baseline:.0f}% own work"]
                + [f"{t.name} ({t.share}%)" for t in receiver.tasks],
                delegate_to=moves
                or ["no one in the capacity plan has room: simplify, build or buy instead"],
            )
        )
    seats: dict[int, list[str]] = defaultdict(list)
    for person_id, name, pilot_name in WorkgroupMember.objects.filter(
        person_id__in=pilot_participant_ids(pilot=pilot)
    ).values_list("person_id", "workgroup__name", "workgroup__pilot__name"):
        seats[person_id].append(f"member of {name} ({pilot_name})")
    doubled = {pid: parts for pid, parts in seats.items() if len(parts) > 1}
    people = Person.objects.in_bulk(list(doubled))
    for person_id, parts in doubled.items():
        rows.append(
            WorkloadRow(
                person=people[person_id],
                percent=WORKGROUP_SHARE * len(parts),
                parts=parts,
                delegate_to=[
                    "keep one workgroup seat; hand the other to a volunteer on the waiting list"
                ],
            )
        )
    rows.sort(key=lambda r: (-r.percent, r.person.last_name))
    return rows


def momentum_signals(*, pilot: Pilot) -> list[tuple[str, int, str]]:
    """Counts that show the pilot is attracting others: (label, value, what it means)."""
    opportunities = Opportunity.objects.filter(workgroup__pilot=pilot)
    spin_offs = SpinOffProposal.objects.filter(opportunity__workgroup__pilot=pilot)
    applications = Application.objects.filter(call__pilot=pilot)
    return [
        (
            "Opportunities found",
            opportunities.count(),
            "Unseen problems and opportunities the workgroups noticed.",
        ),
        (
            "Opportunities in a slice",
            opportunities.filter(status=Opportunity.Status.IN_SLICE).count(),
            "Opportunities the groups are acting on in a thin slice of change.",
        ),
        (
            "Spin-offs proposed",
            spin_offs.count(),
            "Proposals to form a new workgroup around an opportunity.",
        ),
        (
            "Spin-offs approved",
            spin_offs.filter(status=SpinOffProposal.Status.APPROVED).count(),
            "New workgroups formed from what the pilot found.",
        ),
        (
            "Volunteers asking to join",
            applications.count(),
            "Applications to the pilot's volunteer calls; more than places means others want in.",
        ),
        (
            "Stories shared",
            shared_stories(pilot=pilot).count(),
            "Stories of change everyone involved agreed to share.",
        ),
    ]
