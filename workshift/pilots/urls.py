from django.urls import path

from workshift.pilots import views

app_name = "pilots"
urlpatterns = [
    path("", views.pilot_list, name="list"),
    path("new/", views.pilot_create, name="create"),
    path("vega-embed.js", views.vega_script, name="vega_script"),
    path("<int:pk>/", views.pilot_detail, name="detail"),
    path("<int:pk>/edit/", views.pilot_edit, name="edit"),
    path("<int:pk>/members/", views.pilot_members, name="members"),
    path(
        "<int:pk>/members/<int:member_pk>/remove/", views.pilot_member_remove, name="member_remove"
    ),
    path("<int:pk>/catalyst/", views.catalyst, name="catalyst"),
    path("<int:pk>/champion/", views.champion, name="champion"),
    path("<int:pk>/entry-points/", views.candidates, name="candidates"),
    path("<int:pk>/entry-points/new/", views.candidate_create, name="candidate_create"),
    path("<int:pk>/entry-points/weights/", views.weights_edit, name="weights"),
    path(
        "<int:pk>/entry-points/<int:candidate_pk>/edit/",
        views.candidate_edit,
        name="candidate_edit",
    ),
    path(
        "<int:pk>/entry-points/<int:candidate_pk>/delete/",
        views.candidate_delete,
        name="candidate_delete",
    ),
    path(
        "<int:pk>/entry-points/<int:candidate_pk>/choose/",
        views.candidate_choose,
        name="candidate_choose",
    ),
    path("<int:pk>/metrics/", views.metrics, name="metrics"),
    path("<int:pk>/metrics/new/", views.metric_create, name="metric_create"),
    path("<int:pk>/metrics/<int:metric_pk>/edit/", views.metric_edit, name="metric_edit"),
    path("<int:pk>/metrics/<int:metric_pk>/delete/", views.metric_delete, name="metric_delete"),
]
