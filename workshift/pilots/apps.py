from django.apps import AppConfig


class PilotsConfig(AppConfig):
    name = "workshift.pilots"
    label = "pilots"
    verbose_name = "Pilots (Recognize the opportunity)"
