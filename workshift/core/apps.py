from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "workshift.core"
    label = "core"
    verbose_name = "Workshift core"

    def ready(self) -> None:
        from workshift.core import audit

        audit.connect_signals()
