from django.urls import path

from workshift.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("units/", views.unit_list, name="units"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
]
