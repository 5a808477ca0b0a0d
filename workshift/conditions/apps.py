from django.apps import AppConfig


class ConditionsConfig(AppConfig):
    name = "workshift.conditions"
    label = "conditions"
    verbose_name = "Create the conditions"

    def ready(self) -> None:
        from workshift.conditions.services import capacity_status_guard
        from workshift.pilots.services import register_status_guard

        register_status_guard(capacity_status_guard)

        from workshift.conditions.tasks import formation_run_lost, formation_run_task
        from workshift.core.workers import register_lost_task_handler

        register_lost_task_handler(formation_run_task.module_path, formation_run_lost)
