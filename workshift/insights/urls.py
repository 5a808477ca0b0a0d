from django.urls import path

from workshift.insights.views import connections, dashboard, pulse, reports, scale_next, stories

app_name = "insights"
urlpatterns = [
    path("", dashboard.overview, name="overview"),
    path("pilots/<int:pk>/", dashboard.pilot_dashboard, name="dashboard"),
    path("pilots/<int:pk>/pulse/", pulse.pulse, name="pulse"),
    path("pulse/<int:pk>/", pulse.pulse_round, name="pulse_round"),
    path("pulse/<int:pk>/next/", pulse.pulse_round_next, name="pulse_round_next"),
    path("pilots/<int:pk>/stories/", stories.stories, name="stories"),
    path("pilots/<int:pk>/stories/people/", stories.story_people, name="story_people"),
    path("stories/<int:pk>/", stories.story, name="story"),
    path("pilots/<int:pk>/connections/", connections.connections, name="connections"),
    path(
        "pilots/<int:pk>/connections/refresh/",
        connections.connections_refresh,
        name="connections_refresh",
    ),
    path("collaboration/", connections.collaboration_upload, name="collaboration"),
    path("pilots/<int:pk>/scale-next/", scale_next.scale, name="scale"),
    path("pilots/<int:pk>/reports/", reports.reports, name="reports"),
    path("reports/<int:pk>/status/", reports.report_status, name="report_status"),
    path("reports/<int:pk>/download.<str:kind>", reports.report_download, name="report_download"),
]
