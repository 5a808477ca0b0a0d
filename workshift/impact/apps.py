from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "workshift.impact"
    label = "impact"
    verbose_name = "Act for impact"
