from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "workshift.people"
    label = "people"
    verbose_name = "People and organization"

    def ready(self) -> None:
        from workshift.core.workers import register_lost_task_handler
        from workshift.people.import_jobs import people_import_job_run

        register_lost_task_handler(people_import_job_run.module_path, import_job_lost)


def import_job_lost(*, job_id: int, message: str) -> None:
    """The worker running this import stopped: the page shows the job failed, with why."""
    from django.utils import timezone

    from workshift.people.models import ImportJob

    ImportJob.objects.filter(pk=job_id).exclude(
        status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED]
    ).update(status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now())
