from django.apps import AppConfig


class ConditionsConfig(AppConfig):
    name = "workshift.conditions"
    label = "conditions"
    verbose_name = "Create the conditions"

    def ready(self) -> None:
        from workshift.conditions.services import capacity_status_guard
        from workshift.pilots.services import register_status_guard

        register_status_guard(capacity_status_guard)
