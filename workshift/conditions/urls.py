from django.urls import path

from workshift.conditions import views

app_name = "conditions"
urlpatterns = [
    path("pilots/<int:pk>/", views.pilot_overview, name="overview"),
]
