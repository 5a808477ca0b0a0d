from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "workshift.people"
    label = "people"
    verbose_name = "People and organization"
