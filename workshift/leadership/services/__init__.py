"""Leadership services, keyword-only, each change one transaction audited through TrackedModel.

One module per concept: playbooks, rights (and the decision log), surges.
"""

from __future__ import annotations

from workshift.leadership.services.playbooks import (
    NothingToPublish,
    pilot_playbook_move_on,
    pilot_playbook_pin,
    playbook_current,
    playbook_draft,
    playbook_draft_discard,
    playbook_draft_open,
    playbook_publish,
    playbook_seed,
    playbook_step_add,
    playbook_step_move,
    playbook_step_retire,
    playbook_step_shown,
    playbook_step_update,
    step_tick,
)
from workshift.leadership.services.rights import (
    DEFAULT_KINDS,
    decision_kind_create,
    decision_record,
    right_change,
    rights_register_seed,
)
from workshift.leadership.services.surges import (
    surge_create,
    surge_exception_record,
)

__all__ = [
    "DEFAULT_KINDS",
    "NothingToPublish",
    "decision_kind_create",
    "decision_record",
    "pilot_playbook_move_on",
    "pilot_playbook_pin",
    "playbook_current",
    "playbook_draft",
    "playbook_draft_discard",
    "playbook_draft_open",
    "playbook_publish",
    "playbook_seed",
    "playbook_step_add",
    "playbook_step_move",
    "playbook_step_retire",
    "playbook_step_shown",
    "playbook_step_update",
    "right_change",
    "rights_register_seed",
    "step_tick",
    "surge_create",
    "surge_exception_record",
]
