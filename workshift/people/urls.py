from django.urls import path

from workshift.people.views import imports, people, units

app_name = "people"
urlpatterns = [
    path("", people.person_list, name="list"),
    path("search/", people.person_search, name="search"),
    path("<int:pk>/", people.person_detail, name="person"),
    path("<int:pk>/personal-data/", people.person_personal_data, name="person_personal_data"),
    path("<int:pk>/erase/", people.person_erase, name="person_erase"),
    path("units/", units.unit_list, name="units"),
    path("units/<int:pk>/", units.unit_detail, name="unit"),
    path("import/", imports.import_start, name="import"),
    path("import/<int:pk>/", imports.import_job, name="import_job"),
    path("import/<int:pk>/mapping/", imports.import_mapping, name="import_mapping"),
    path("import/<int:pk>/file/", imports.import_reupload, name="import_reupload"),
    path("import/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("import/<int:pk>/progress/", imports.import_progress, name="import_progress"),
]
