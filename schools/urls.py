from django.urls import path

from . import views_locks

app_name = "schools"

urlpatterns = [
    path("locks/", views_locks.login_locks, name="login_locks"),
]
