"""Create the conditions: services that change records (each one transaction), one module per concept.

The names below are the package's public face; callers use `services.<name>`.
"""

from workshift.conditions.services.capacity import (
    capacity_exception_record,
    capacity_participant_add,
    capacity_receiver_set,
    capacity_status_guard,
    capacity_task_add,
    capacity_task_remove,
)
from workshift.conditions.services.coaches import (
    coach_candidates,
    coach_checklist_save,
    coaching_log_add,
)
from workshift.conditions.services.communities import community_create
from workshift.conditions.services.expectations import expectations_acknowledge, expectations_save
from workshift.conditions.services.formation import (
    SIZE_LIMITS,
    FormationProblem,
    attribute_choices,
    formation_attributes,
    formation_check,
    formation_defaults,
    formation_explain,
    formation_problem,
    random_baseline,
)
from workshift.conditions.services.runs import (
    AssignmentRejected,
    formation_confirm,
    formation_execute,
    formation_rescore,
    formation_start,
)
from workshift.conditions.services.volunteers import (
    ApplicationRefused,
    application_decide,
    application_submit,
    volunteer_call_closed_reason,
    volunteer_call_create,
    volunteer_call_is_open,
    volunteer_call_update,
    volunteer_identify,
)
from workshift.conditions.services.workgroups import workgroup_from_team

__all__ = [
    "SIZE_LIMITS",
    "ApplicationRefused",
    "AssignmentRejected",
    "FormationProblem",
    "application_decide",
    "application_submit",
    "attribute_choices",
    "capacity_exception_record",
    "capacity_participant_add",
    "capacity_receiver_set",
    "capacity_status_guard",
    "capacity_task_add",
    "capacity_task_remove",
    "coach_candidates",
    "coach_checklist_save",
    "coaching_log_add",
    "community_create",
    "expectations_acknowledge",
    "expectations_save",
    "formation_attributes",
    "formation_check",
    "formation_confirm",
    "formation_defaults",
    "formation_execute",
    "formation_explain",
    "formation_problem",
    "formation_rescore",
    "formation_start",
    "random_baseline",
    "volunteer_call_create",
    "volunteer_call_closed_reason",
    "volunteer_call_is_open",
    "volunteer_call_update",
    "volunteer_identify",
    "workgroup_from_team",
]
