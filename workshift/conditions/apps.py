from django.apps import AppConfig


class ConditionsConfig(AppConfig):
    name = "workshift.conditions"
    label = "conditions"
    verbose_name = "Create the conditions"
