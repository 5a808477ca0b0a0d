from django.urls import path

from workshift.pilots.views import assessment, entry, metrics, pilots

app_name = "pilots"
urlpatterns = [
    path("", pilots.pilot_list, name="list"),
    path("new/", pilots.pilot_create, name="create"),
    path("vega-embed.js", pilots.vega_script, name="vega_script"),
    path("<int:pk>/", pilots.pilot_detail, name="detail"),
    path("<int:pk>/edit/", pilots.pilot_edit, name="edit"),
    path("<int:pk>/members/", pilots.pilot_members, name="members"),
    path(
        "<int:pk>/members/<int:member_pk>/remove/", pilots.pilot_member_remove, name="member_remove"
    ),
    path("<int:pk>/catalyst/", assessment.catalyst, name="catalyst"),
    path("<int:pk>/catalyst/proceed/", assessment.catalyst_proceed, name="catalyst_proceed"),
    path("<int:pk>/champion/", assessment.champion, name="champion"),
    path(
        "<int:pk>/champion/acknowledge/",
        assessment.champion_acknowledge,
        name="champion_acknowledge",
    ),
    path("<int:pk>/entry-points/", entry.candidates, name="candidates"),
    path("<int:pk>/entry-points/new/", entry.candidate_create, name="candidate_create"),
    path("<int:pk>/entry-points/weights/", entry.weights_edit, name="weights"),
    path(
        "<int:pk>/entry-points/<int:candidate_pk>/edit/",
        entry.candidate_edit,
        name="candidate_edit",
    ),
    path(
        "<int:pk>/entry-points/<int:candidate_pk>/delete/",
        entry.candidate_delete,
        name="candidate_delete",
    ),
    path(
        "<int:pk>/entry-points/<int:candidate_pk>/choose/",
        entry.candidate_choose,
        name="candidate_choose",
    ),
    path("<int:pk>/metrics/", metrics.metrics, name="metrics"),
    path("<int:pk>/metrics/new/", metrics.metric_create, name="metric_create"),
    path("<int:pk>/metrics/parent-field/", metrics.metric_parent_field, name="metric_parent_field"),
    path("<int:pk>/metrics/<int:metric_pk>/edit/", metrics.metric_edit, name="metric_edit"),
    path("<int:pk>/metrics/<int:metric_pk>/delete/", metrics.metric_delete, name="metric_delete"),
]
