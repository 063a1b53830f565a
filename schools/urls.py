from django.urls import path

from . import views, views_import, views_locks

app_name = "schools"

urlpatterns = [
    path("", views.school_list, name="school_list"),
    path("<int:pk>/", views.school_detail, name="school_detail"),
    path("import/", views_import.school_import, name="school_import"),
    path("locks/", views_locks.login_locks, name="login_locks"),
]
