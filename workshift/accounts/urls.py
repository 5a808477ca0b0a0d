"""The app's pages, in resolution order: each view module lists its own `routes`."""

from workshift.accounts import views

urlpatterns = [*views.routes]
