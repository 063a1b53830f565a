"""The project's URLs plus the baseline page; used only while the benchmark measures (ROOT_URLCONF)."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

from .baseline import urlpatterns as baseline_urlpatterns

urlpatterns = [*baseline_urlpatterns, path("", include(project_urlpatterns))]
