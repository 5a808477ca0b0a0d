from django.urls import path

from workshift.leadership import views

app_name = "leadership"
urlpatterns = [
    # a pilot's playbook
    path("pilots/<int:pk>/playbook/", views.playbook, name="playbook"),
    path("pilots/<int:pk>/playbook/tick/", views.playbook_tick, name="playbook_tick"),
    path("pilots/<int:pk>/playbook/move-on/", views.playbook_move_on, name="playbook_move_on"),
    path(
        "pilots/<int:pk>/playbook/export.<str:kind>", views.playbook_export, name="playbook_export"
    ),
    # the organization's default playbooks
    path("playbooks/", views.playbooks, name="playbooks"),
    path("playbooks/steps/new/", views.playbook_step_add, name="step_add"),
    path("playbooks/steps/<slug:key>/", views.playbook_step_edit, name="step_edit"),
    path(
        "playbooks/steps/<slug:key>/<str:action>/", views.playbook_step_action, name="step_action"
    ),
    path("playbooks/publish/", views.playbook_publish, name="publish"),
    path("playbooks/discard/", views.playbook_discard, name="discard"),
    # decision rights and the decision log
    path("pilots/<int:pk>/rights/", views.rights, name="rights"),
    path("pilots/<int:pk>/rights/new/", views.kind_new, name="kind_new"),
    path("pilots/<int:pk>/rights/seed/", views.rights_seed, name="rights_seed"),
    path("pilots/<int:pk>/rights/<int:kind_pk>/", views.right_edit, name="right_edit"),
    path(
        "pilots/<int:pk>/rights/<int:kind_pk>/history/",
        views.right_history,
        name="right_history",
    ),
    path("workgroups/<int:pk>/decisions/", views.decisions, name="decisions"),
    path(
        "workgroups/<int:pk>/rights/<int:kind_pk>/",
        views.workgroup_right_edit,
        name="workgroup_right_edit",
    ),
    # surges
    path("pilots/<int:pk>/surges/new/", views.surge_new, name="surge_new"),
    path("surges/<int:pk>/", views.surge, name="surge"),
]
