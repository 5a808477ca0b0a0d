"""Reads that several leadership pages (and the dashboard, the report and the home page) share.

One module per concept: playbooks, rights (and the power shift), surges.
"""

from __future__ import annotations

from workshift.leadership.selectors.playbooks import (
    ROLE_FOR_PILOT_ROLE,
    NextStep,
    PlaybookView,
    StepRow,
    next_steps_for_user,
    playbook_view,
    viewer_playbook_role,
    viewer_workgroup_id,
)
from workshift.leadership.selectors.rights import (
    Milestone,
    PowerShift,
    RegisterRow,
    decisions_for,
    milestones,
    power_shift,
    register_rows,
    right_history,
    right_in_force,
)
from workshift.leadership.selectors.surges import (
    DEFAULT_LOAD_PERCENT,
    SurgePreview,
    surge_freed_people,
    surge_people,
    surge_preview,
    surges_for,
)

__all__ = [
    "DEFAULT_LOAD_PERCENT",
    "Milestone",
    "NextStep",
    "PlaybookView",
    "PowerShift",
    "ROLE_FOR_PILOT_ROLE",
    "RegisterRow",
    "StepRow",
    "SurgePreview",
    "decisions_for",
    "milestones",
    "next_steps_for_user",
    "playbook_view",
    "power_shift",
    "register_rows",
    "right_history",
    "right_in_force",
    "surge_freed_people",
    "surge_people",
    "surge_preview",
    "surges_for",
    "viewer_playbook_role",
    "viewer_workgroup_id",
]
