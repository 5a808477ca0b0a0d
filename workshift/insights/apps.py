from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "workshift.insights"
    label = "insights"
    verbose_name = "Insights and connections"

    def ready(self) -> None:
        from workshift.core.workers import register_lost_task_handler
        from workshift.insights.tasks import report_generate_task, report_lost

        register_lost_task_handler(report_generate_task.module_path, report_lost)

        from workshift.insights.services import person_personal_data_erase
        from workshift.people.privacy import register_erase_step

        register_erase_step(person_personal_data_erase)
