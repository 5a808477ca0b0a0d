from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "workshift.api"
    label = "api"
    verbose_name = "REST API"
