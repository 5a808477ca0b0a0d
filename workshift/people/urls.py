"""The app's pages, in resolution order: each view module lists its own `routes`."""

from workshift.people.views import imports, people, units

app_name = "people"
urlpatterns = [*people.routes, *units.routes, *imports.routes]
