"""The app's pages, in resolution order: each view module lists its own `routes`."""

from workshift.leadership.views import playbooks, rights, surges

app_name = "leadership"
urlpatterns = [*playbooks.routes, *rights.routes, *surges.routes]
