from django.urls import path

from workshift.conditions.views import (
    capacity,
    coaches,
    communities,
    expectations,
    formation,
    overview,
    runs,
    volunteers,
    workgroups,
)

app_name = "conditions"
urlpatterns = [
    path("pilots/<int:pk>/", overview.pilot_overview, name="overview"),
    path(
        "pilots/<int:pk>/acknowledge/<int:expectations_pk>/",
        expectations.acknowledge,
        name="acknowledge",
    ),
    path("pilots/<int:pk>/capacity/", capacity.capacity, name="capacity"),
    path(
        "pilots/<int:pk>/capacity/participants/<int:participant_pk>/exception/",
        capacity.capacity_exception,
        name="capacity_exception",
    ),
    path(
        "pilots/<int:pk>/capacity/tasks/<int:task_pk>/delete/",
        capacity.capacity_task_delete,
        name="capacity_task_delete",
    ),
    path("pilots/<int:pk>/coaches/", coaches.coaches, name="coaches"),
    path("pilots/<int:pk>/coaches/<int:coach_pk>/", coaches.coach, name="coach"),
    path("pilots/<int:pk>/call/", volunteers.call, name="call"),
    path(
        "pilots/<int:pk>/call/applications/<int:application_pk>/decide/",
        volunteers.application_decide,
        name="application_decide",
    ),
    path("apply/<str:token>/", volunteers.apply, name="apply"),
    path("pilots/<int:pk>/form/<str:kind>/", formation.formation, name="formation"),
    path(
        "pilots/<int:pk>/form/<str:kind>/people/",
        formation.formation_people,
        name="formation_people",
    ),
    path("pilots/<int:pk>/form-from-team/", formation.formation_team, name="formation_team"),
    path("pilots/<int:pk>/coach-candidates/", formation.coach_candidates, name="coach_candidates"),
    path("pilots/<int:pk>/runs/<int:run_pk>/", runs.run, name="run"),
    path("pilots/<int:pk>/runs/<int:run_pk>/status/", runs.run_status, name="run_status"),
    path("pilots/<int:pk>/runs/<int:run_pk>/rescore/", runs.run_rescore, name="run_rescore"),
    path("pilots/<int:pk>/runs/<int:run_pk>/confirm/", runs.run_confirm, name="run_confirm"),
    path("pilots/<int:pk>/expectations/", expectations.expectations, name="expectations"),
    path("pilots/<int:pk>/communities/", communities.communities, name="communities"),
    path("workgroups/<int:pk>/", workgroups.workgroup, name="workgroup"),
]
