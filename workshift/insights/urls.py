from django.urls import path

from workshift.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("pilots/<int:pk>/", views.pilot_dashboard, name="dashboard"),
    path("pilots/<int:pk>/pulse/", views.pulse, name="pulse"),
    path("pulse/<int:pk>/", views.pulse_round, name="pulse_round"),
    path("pulse/<int:pk>/next/", views.pulse_round_next, name="pulse_round_next"),
    path("pilots/<int:pk>/stories/", views.stories, name="stories"),
    path("pilots/<int:pk>/stories/people/", views.story_people, name="story_people"),
    path("stories/<int:pk>/", views.story, name="story"),
    path("pilots/<int:pk>/connections/", views.connections, name="connections"),
    path(
        "pilots/<int:pk>/connections/refresh/",
        views.connections_refresh,
        name="connections_refresh",
    ),
    path("collaboration/", views.collaboration_upload, name="collaboration"),
    path("pilots/<int:pk>/scale-next/", views.scale, name="scale"),
    path("pilots/<int:pk>/reports/", views.reports, name="reports"),
    path("reports/<int:pk>/status/", views.report_status, name="report_status"),
    path("reports/<int:pk>/download.<str:kind>", views.report_download, name="report_download"),
]
