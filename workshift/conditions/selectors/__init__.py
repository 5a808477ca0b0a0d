"""Reads of the Create phase that several pages share, one module per concept.

The names below are the package's public face; callers use `selectors.<name>`.
"""

from workshift.conditions.selectors.capacity import (
    CapacityOverview,
    ParticipantRow,
    PlanStep,
    ReceiverRow,
    capacity_exceptions,
    capacity_overview,
    capacity_steps,
    capacity_totals,
    participants,
    pilot_participant_ids,
)
from workshift.conditions.selectors.checklist import (
    Step,
    phase_checklist,
)
from workshift.conditions.selectors.coaches import (
    CoachRow,
    coach_rows,
    coaching_log,
)
from workshift.conditions.selectors.communities import (
    communities_of,
)
from workshift.conditions.selectors.expectations import (
    acknowledged_ids,
    acknowledging_ids,
    expectations_all,
    expectations_for_person,
    expectations_of,
)
from workshift.conditions.selectors.formation import (
    cells_of,
    coaches_in,
    formation_of,
    formation_pool,
    latest_run,
    recent_runs,
    run_of,
    workgroup_people,
    workgroup_size,
    workgroups_coached_by,
    workgroups_of,
    workgroups_visible_in,
)
from workshift.conditions.selectors.people import (
    active_people,
    entry_people,
    entry_units,
    people_by_id,
)
from workshift.conditions.selectors.volunteers import (
    application_counts,
    applications_of,
    attribute_keys,
    attribute_values,
    call_by_token,
    current_call,
)

__all__ = [
    "CapacityOverview",
    "CoachRow",
    "ParticipantRow",
    "PlanStep",
    "ReceiverRow",
    "Step",
    "acknowledged_ids",
    "acknowledging_ids",
    "active_people",
    "application_counts",
    "applications_of",
    "attribute_keys",
    "attribute_values",
    "call_by_token",
    "capacity_exceptions",
    "capacity_overview",
    "capacity_steps",
    "capacity_totals",
    "cells_of",
    "coaches_in",
    "coach_rows",
    "coaching_log",
    "communities_of",
    "current_call",
    "entry_people",
    "entry_units",
    "expectations_all",
    "expectations_for_person",
    "expectations_of",
    "formation_of",
    "formation_pool",
    "latest_run",
    "participants",
    "people_by_id",
    "phase_checklist",
    "pilot_participant_ids",
    "recent_runs",
    "run_of",
    "workgroup_people",
    "workgroup_size",
    "workgroups_visible_in",
    "workgroups_coached_by",
    "workgroups_of",
]
