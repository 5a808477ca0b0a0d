from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "workshift.core"
    label = "core"
    verbose_name = "Workshift core"

    def ready(self) -> None:
        from workshift.core import audit
        from workshift.core.forms import length_limit_message_install

        audit.connect_signals()
        length_limit_message_install()
