from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "workshift.insights"
    label = "insights"
    verbose_name = "Insights and connections"
