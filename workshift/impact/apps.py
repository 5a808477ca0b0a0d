from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "workshift.impact"
    label = "impact"
    verbose_name = "Act for impact"

    def ready(self) -> None:
        from workshift.impact.vega import bundle_write

        try:
            bundle_write()
        except (OSError, ImportError):  # a read-only install ships the file already
            pass
