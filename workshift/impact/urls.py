from django.urls import path

from workshift.impact import views

app_name = "impact"
urlpatterns = [
    path("pilots/<int:pk>/", views.pilot_overview, name="pilot"),
    path("workgroups/<int:pk>/", views.workgroup_space, name="workgroup"),
]
