"""The checklist of the phase: which steps are done."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

from workshift.conditions.models import (
    FREED_TARGET_PERCENT,
    Acknowledgement,
    Application,
    CoachChecklist,
    Community,
    Expectations,
    FormationKind,
)
from workshift.conditions.selectors.capacity import capacity_overview, pilot_participant_ids
from workshift.conditions.selectors.formation import cells_of, workgroups_of
from workshift.conditions.selectors.volunteers import current_call
from workshift.pilots.models import Pilot


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
