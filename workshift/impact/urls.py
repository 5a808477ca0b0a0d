from django.urls import path

from workshift.impact import views

app_name = "impact"
urlpatterns = [
    # a pilot
    path("pilots/<int:pk>/", views.pilot_overview, name="pilot"),
    path("pilots/<int:pk>/obstacles/", views.pilot_obstacles, name="pilot_obstacles"),
    path("pilots/<int:pk>/learning/", views.pilot_learning, name="pilot_learning"),
    path("pilots/<int:pk>/capture/", views.pilot_capture, name="pilot_capture"),
    path("pilots/<int:pk>/practices/", views.practice_catalog, name="practice_catalog"),
    path("pilots/<int:pk>/spin-offs/", views.spin_offs, name="spin_offs"),
    path("practices/<int:pk>/edit/", views.practice_edit, name="practice_edit"),
    # a workgroup's space
    path("workgroups/<int:pk>/", views.workgroup_space, name="workgroup"),
    path("workgroups/<int:pk>/charter/", views.charter_edit, name="charter"),
    path("workgroups/<int:pk>/practices/", views.workgroup_practices, name="practices"),
    path("workgroups/<int:pk>/opportunities/", views.opportunities, name="opportunities"),
    path("workgroups/<int:pk>/slices/", views.slices, name="slices"),
    path("workgroups/<int:pk>/slices/new/", views.slice_new, name="slice_new"),
    path("workgroups/<int:pk>/reflections/", views.reflections, name="reflections"),
    path("workgroups/<int:pk>/reflections/new/", views.reflection_new, name="reflection_new"),
    path("workgroups/<int:pk>/obstacles/", views.obstacles, name="obstacles"),
    path("workgroups/<int:pk>/readings/", views.readings, name="readings"),
    path("workgroups/<int:pk>/readings/upload/", views.reading_upload, name="reading_upload"),
    path("workgroups/<int:pk>/metrics/<int:metric_pk>/", views.metric_chart, name="metric_chart"),
    # its records
    path("adopted-practices/<int:pk>/", views.adopted_practice, name="adopted_practice"),
    path("opportunities/<int:pk>/", views.opportunity_detail, name="opportunity"),
    path(
        "opportunities/<int:pk>/spin-off/", views.opportunity_spin_off, name="opportunity_spin_off"
    ),
    path("spin-offs/<int:pk>/decide/", views.spin_off_decide, name="spin_off_decide"),
    path("slices/<int:pk>/", views.slice_detail, name="slice"),
    path("slices/<int:pk>/stage/", views.slice_stage, name="slice_stage"),
    path("reflections/<int:pk>/", views.reflection_detail, name="reflection"),
    path("obstacles/<int:pk>/", views.obstacle_detail, name="obstacle"),
    path("obstacles/<int:pk>/escalate/", views.obstacle_escalate, name="obstacle_escalate"),
    path("obstacles/<int:pk>/answer/", views.obstacle_answer, name="obstacle_answer"),
    # a person's notifications
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="notification_preferences",
    ),
]
