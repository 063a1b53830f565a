from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("personal-data/", views.personal_data, name="personal_data"),
]
