"""The app's pages, in resolution order: each view module lists its own `routes`."""

from workshift.core import views

app_name = "core"
urlpatterns = [*views.routes]
