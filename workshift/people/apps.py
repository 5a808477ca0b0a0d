from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "workshift.people"
    label = "people"
    verbose_name = "People and organization"

    def ready(self) -> None:
        from workshift.core.workers import register_lost_task_handler
        from workshift.people.imports import import_job_lost, people_import_job_run

        register_lost_task_handler(people_import_job_run.module_path, import_job_lost)
