"""Leadership pages, thin: one module per concept (playbooks, rights, surges)."""

from __future__ import annotations

from workshift.leadership.views.playbooks import (
    playbook,
    playbook_discard,
    playbook_export,
    playbook_move_on,
    playbook_publish,
    playbook_step_action,
    playbook_step_add,
    playbook_step_edit,
    playbook_tick,
    playbooks,
)
from workshift.leadership.views.rights import (
    decisions,
    kind_new,
    right_edit,
    right_history,
    rights,
    rights_seed,
    workgroup_right_edit,
)
from workshift.leadership.views.surges import (
    surge,
    surge_new,
)

__all__ = [
    "rights_seed",
    "decisions",
    "kind_new",
    "playbook",
    "playbook_discard",
    "playbook_export",
    "playbook_move_on",
    "playbook_publish",
    "playbook_step_action",
    "playbook_step_add",
    "playbook_step_edit",
    "playbook_tick",
    "playbooks",
    "right_edit",
    "right_history",
    "rights",
    "surge",
    "surge_new",
    "workgroup_right_edit",
]
