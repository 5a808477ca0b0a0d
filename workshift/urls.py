from django.contrib import admin
from django.urls import include, path, re_path

from workshift.api.api import api, api_not_found
from workshift.pilots.views import pilots as pilot_views

urlpatterns = [
    path("", pilot_views.home, name="home"),
    path("accounts/", include("workshift.accounts.urls")),
    path("core/", include("workshift.core.urls")),
    path("people/", include("workshift.people.urls")),
    path("pilots/", include("workshift.pilots.urls")),
    path("conditions/", include("workshift.conditions.urls")),
    path("impact/", include("workshift.impact.urls")),
    path("insights/", include("workshift.insights.urls")),
    path("leadership/", include("workshift.leadership.urls")),
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found, name="api_not_found"),
    path("admin/", admin.site.urls),
]
