"""The app's pages, in resolution order: each view module lists its own `routes`."""

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
    *overview.routes,
    *capacity.routes,
    *coaches.routes,
    *volunteers.routes,
    *formation.routes,
    *runs.routes,
    *expectations.routes,
    *communities.routes,
    *workgroups.routes,
]
