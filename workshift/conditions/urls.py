app_name = "conditions"
urlpatterns: list = []
