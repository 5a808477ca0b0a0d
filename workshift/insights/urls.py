from django.urls import path

from workshift.insights import views

app_name = "insights"
urlpatterns = [
    path("pilots/<int:pk>/", views.pilot_dashboard, name="dashboard"),
]
