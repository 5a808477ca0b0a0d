from django.urls import path

from workshift.conditions import views

app_name = "conditions"
urlpatterns = [
    path("pilots/<int:pk>/", views.pilot_overview, name="overview"),
    path(
        "pilots/<int:pk>/acknowledge/<int:expectations_pk>/", views.acknowledge, name="acknowledge"
    ),
    path("pilots/<int:pk>/capacity/", views.capacity, name="capacity"),
    path(
        "pilots/<int:pk>/capacity/participants/<int:participant_pk>/exception/",
        views.capacity_exception,
        name="capacity_exception",
    ),
    path(
        "pilots/<int:pk>/capacity/tasks/<int:task_pk>/delete/",
        views.capacity_task_delete,
        name="capacity_task_delete",
    ),
    path("pilots/<int:pk>/coaches/", views.coaches, name="coaches"),
    path("pilots/<int:pk>/coaches/<int:coach_pk>/", views.coach, name="coach"),
    path("pilots/<int:pk>/call/", views.call, name="call"),
    path(
        "pilots/<int:pk>/call/applications/<int:application_pk>/decide/",
        views.application_decide,
        name="application_decide",
    ),
    path("apply/<str:token>/", views.apply, name="apply"),
    path("pilots/<int:pk>/form/<str:kind>/", views.formation, name="formation"),
    path("pilots/<int:pk>/form-from-team/", views.formation_team, name="formation_team"),
    path("pilots/<int:pk>/runs/<int:run_pk>/", views.run, name="run"),
    path("pilots/<int:pk>/runs/<int:run_pk>/status/", views.run_status, name="run_status"),
    path("pilots/<int:pk>/runs/<int:run_pk>/rescore/", views.run_rescore, name="run_rescore"),
    path("pilots/<int:pk>/runs/<int:run_pk>/confirm/", views.run_confirm, name="run_confirm"),
    path("pilots/<int:pk>/expectations/", views.expectations, name="expectations"),
    path("pilots/<int:pk>/communities/", views.communities, name="communities"),
    path("workgroups/<int:pk>/", views.workgroup, name="workgroup"),
]
