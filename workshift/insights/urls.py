"""The app's pages, in resolution order: each view module lists its own `routes`."""

from workshift.insights.views import connections, dashboard, pulse, reports, scale_next, stories

app_name = "insights"
urlpatterns = [
    *dashboard.routes,
    *pulse.routes,
    *stories.routes,
    *connections.routes,
    *scale_next.routes,
    *reports.routes,
]
