"""The registry of named checks: facts about a pilot read from its records.

A playbook step names a check; when the check is true the step is ticked off
from the pilot's real state, without anyone touching the checklist. Each check
is one small query, run only for the steps someone is looking at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from workshift.pilots.models import Pilot


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    test: Callable[[Pilot], bool]


def _catalyst_assessed(pilot: Pilot) -> bool:
    from workshift.pilots.models import CatalystAssessment

    return CatalystAssessment.objects.filter(
        pilot=pilot,
        must_break__isnull=False,
        urgent__isnull=False,
        beyond_optimization__isnull=False,
        capacity__isnull=False,
    ).exists()


def _champion(**fields: Any) -> Callable[[Pilot], bool]:
    def test(pilot: Pilot) -> bool:
        from workshift.pilots.models import Champion

        return Champion.objects.filter(pilot=pilot, **fields).exists()

    return test


def _entry_point_chosen(pilot: Pilot) -> bool:
    return pilot.candidates.filter(chosen_at__isnull=False).exists()


def _frontline_metric(pilot: Pilot) -> bool:
    return pilot.metrics.filter(level="frontline").exists()


def _capacity_freed(pilot: Pilot) -> bool:
    """Every participant has 75% freed (or a recorded exception), and there is at least one."""
    from workshift.conditions.selectors import capacity_overview

    return capacity_overview(pilot=pilot).all_ready


def _coaches_prepared(pilot: Pilot) -> bool:
    from workshift.conditions.models import CoachChecklist

    checklists = list(CoachChecklist.objects.filter(pilot=pilot))
    return bool(checklists) and all(c.parts_done == len(c.PARTS) for c in checklists)


def _call_opened(pilot: Pilot) -> bool:
    return pilot.volunteer_calls.exists()


def _groups_confirmed(pilot: Pilot) -> bool:
    return pilot.formations.filter(kind="workgroups", confirmed_at__isnull=False).exists() or (
        pilot.workgroups.exists()
    )


def _expectations_set(pilot: Pilot) -> bool:
    return pilot.expectations.filter(workgroup__isnull=True).exists()


def _impact(model: str, **fields: Any) -> Callable[[Pilot], bool]:
    def test(pilot: Pilot) -> bool:
        from workshift.impact import models as impact_models

        records = getattr(impact_models, model).objects
        return bool(records.filter(workgroup__pilot=pilot, **fields).exists())

    return test


def _charter(field: str) -> Callable[[Pilot], bool]:
    def test(pilot: Pilot) -> bool:
        from workshift.impact.models import WorkgroupCharter

        return (
            WorkgroupCharter.objects.filter(workgroup__pilot=pilot).exclude(**{field: ""}).exists()
        )

    return test


def _rights_set(pilot: Pilot) -> bool:
    return pilot.decision_rights.exists()


def _decision_logged(pilot: Pilot) -> bool:
    from workshift.leadership.models import Decision

    return Decision.objects.filter(workgroup__pilot=pilot).exists()


def _right_handed_down(pilot: Pilot) -> bool:
    from workshift.leadership.selectors.rights import milestones

    return bool(milestones(pilot=pilot))


def _surge_planned(pilot: Pilot) -> bool:
    return pilot.surges.exists()


def _spin_off(pilot: Pilot) -> bool:
    from workshift.impact.models import SpinOffProposal

    return SpinOffProposal.objects.filter(opportunity__workgroup__pilot=pilot).exists()


CHECKS: dict[str, Check] = {
    c.key: c
    for c in [
        Check(
            "catalyst_assessed",
            "the catalyst is assessed on all four questions",
            _catalyst_assessed,
        ),
        Check("champion_named", "a champion is named", _champion()),
        Check(
            "champion_committed", "the champion committed", _champion(committed_on__isnull=False)
        ),
        Check(
            "vision_communicated",
            "the champion stated the vision",
            _champion(communicated_on__isnull=False),
        ),
        Check(
            "champion_covers", "the champion agreed to cover", _champion(covered_on__isnull=False)
        ),
        Check("entry_point_chosen", "an entry point is chosen", _entry_point_chosen),
        Check("frontline_metric", "a frontline metric is set", _frontline_metric),
        Check("capacity_freed", "every participant has 75% of their time freed", _capacity_freed),
        Check("coaches_prepared", "every coach's five-part shift is done", _coaches_prepared),
        Check("call_opened", "the volunteer call is open", _call_opened),
        Check("groups_confirmed", "the workgroups are confirmed", _groups_confirmed),
        Check("expectations_set", "the pilot's new expectations are written", _expectations_set),
        Check(
            "shared_outcome",
            "a workgroup committed to a shared outcome",
            _charter("shared_outcome"),
        ),
        Check(
            "powerful_question",
            "a workgroup framed a powerful question",
            _charter("powerful_question"),
        ),
        Check("first_reflection", "the first reflection is written", _impact("Reflection")),
        Check(
            "first_obstacle_answered",
            "the first obstacle got an answer",
            _impact("Obstacle", answered_at__isnull=False),
        ),
        Check("first_reading", "the first metric reading is recorded", _impact("MetricReading")),
        Check("first_slice", "the first thin slice of change started", _impact("Slice")),
        Check("rights_set", "the decision rights register exists", _rights_set),
        Check("decision_logged", "the first decision is in a workgroup's log", _decision_logged),
        Check("right_handed_down", "a decision right was handed down", _right_handed_down),
        Check("surge_planned", "a surge in demand is planned ahead", _surge_planned),
        Check("spin_off_proposed", "a spin-off workgroup is proposed", _spin_off),
    ]
}


def pilot_facts(*, pilot: Pilot, keys: Iterable[str]) -> dict[str, bool]:
    """The named checks' results for one pilot (unknown names are false)."""
    facts = {}
    for key in set(keys):
        check = CHECKS.get(key)
        if key:
            facts[key] = bool(check.test(pilot)) if check else False
    return facts


def check_choices() -> list[tuple[str, str]]:
    return [("", "— ticked by hand —")] + [(c.key, c.label) for c in CHECKS.values()]
