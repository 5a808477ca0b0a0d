"""The app's pages, in resolution order: each view module lists its own `routes`."""

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
    *space.routes,
    *practices.routes,
    *opportunities.routes,
    *slices.routes,
    *reflections.routes,
    *obstacles.routes,
    *readings.routes,
    *notifications.routes,
]
