from django.urls import path

from workshift.pilots import views

app_name = "pilots"
urlpatterns = [
    path("", views.pilot_list, name="list"),
    path("<int:pk>/", views.pilot_detail, name="detail"),
]
