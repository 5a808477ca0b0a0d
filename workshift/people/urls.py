from django.urls import path

from workshift.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("search/", views.person_search, name="search"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/personal-data/", views.person_personal_data, name="person_personal_data"),
    path("<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("units/", views.unit_list, name="units"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("import/", views.import_start, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/mapping/", views.import_mapping, name="import_mapping"),
    path("import/<int:pk>/file/", views.import_reupload, name="import_reupload"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/progress/", views.import_progress, name="import_progress"),
]
