from django.urls import path

from workshift.impact.views import (
    notifications,
    obstacles,
    opportunities,
    practices,
    readings,
    reflections,
    slices,
    space,
)

app_name = "impact"
urlpatterns = [
    # a pilot
    path("pilots/<int:pk>/", space.pilot_overview, name="pilot"),
    path("pilots/<int:pk>/obstacles/", obstacles.pilot_obstacles, name="pilot_obstacles"),
    path("pilots/<int:pk>/learning/", reflections.pilot_learning, name="pilot_learning"),
    path("pilots/<int:pk>/capture/", opportunities.pilot_capture, name="pilot_capture"),
    path("pilots/<int:pk>/practices/", practices.practice_catalog, name="practice_catalog"),
    path("pilots/<int:pk>/spin-offs/", opportunities.spin_offs, name="spin_offs"),
    path("practices/<int:pk>/edit/", practices.practice_edit, name="practice_edit"),
    # a workgroup's space
    path("workgroups/<int:pk>/", space.workgroup_space, name="workgroup"),
    path("workgroups/<int:pk>/charter/", space.charter_edit, name="charter"),
    path("workgroups/<int:pk>/practices/", practices.workgroup_practices, name="practices"),
    path("workgroups/<int:pk>/opportunities/", opportunities.opportunities, name="opportunities"),
    path("workgroups/<int:pk>/slices/", slices.slices, name="slices"),
    path("workgroups/<int:pk>/slices/new/", slices.slice_new, name="slice_new"),
    path("workgroups/<int:pk>/reflections/", reflections.reflections, name="reflections"),
    path("workgroups/<int:pk>/reflections/new/", reflections.reflection_new, name="reflection_new"),
    path("workgroups/<int:pk>/obstacles/", obstacles.obstacles, name="obstacles"),
    path("workgroups/<int:pk>/readings/", readings.readings, name="readings"),
    path("workgroups/<int:pk>/readings/upload/", readings.reading_upload, name="reading_upload"),
    path(
        "workgroups/<int:pk>/metrics/<int:metric_pk>/", readings.metric_chart, name="metric_chart"
    ),
    # its records
    path("adopted-practices/<int:pk>/", practices.adopted_practice, name="adopted_practice"),
    path("opportunities/<int:pk>/", opportunities.opportunity_detail, name="opportunity"),
    path(
        "opportunities/<int:pk>/spin-off/",
        opportunities.opportunity_spin_off,
        name="opportunity_spin_off",
    ),
    path("spin-offs/<int:pk>/decide/", opportunities.spin_off_decide, name="spin_off_decide"),
    path("slices/<int:pk>/", slices.slice_detail, name="slice"),
    path("slices/<int:pk>/stage/", slices.slice_stage, name="slice_stage"),
    path("reflections/<int:pk>/", reflections.reflection_detail, name="reflection"),
    path("obstacles/<int:pk>/", obstacles.obstacle_detail, name="obstacle"),
    path("obstacles/<int:pk>/escalate/", obstacles.obstacle_escalate, name="obstacle_escalate"),
    path("obstacles/<int:pk>/answer/", obstacles.obstacle_answer, name="obstacle_answer"),
    # a person's notifications
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path(
        "notifications/preferences/",
        notifications.notification_preferences,
        name="notification_preferences",
    ),
]
