"""The app's pages, in resolution order: each view module lists its own `routes`."""

from workshift.pilots.views import assessment, entry, metrics, pilots

app_name = "pilots"
urlpatterns = [*pilots.routes, *assessment.routes, *entry.routes, *metrics.routes]
