from django.urls import path

from . import views_bulk, views_import
from .views import evidence, measures, roadmaps

app_name = "roadmaps"

urlpatterns = [
    path("", roadmaps.roadmap_list, name="roadmap_list"),
    path("new/", roadmaps.roadmap_create, name="roadmap_create"),
    path("import/", views_import.roadmap_import, name="roadmap_import"),
    path("import/preview/", views_import.roadmap_import_preview, name="roadmap_import_preview"),
    path("import/template.xlsx", views_import.roadmap_import_template, name="roadmap_import_template"),
    path("<int:pk>/", roadmaps.roadmap_detail, name="roadmap_detail"),
    path("<int:pk>/edit/", roadmaps.roadmap_edit, name="roadmap_edit"),
    path("<int:pk>/approve/", roadmaps.roadmap_approve, name="roadmap_approve"),
    path("<int:pk>/archive/", roadmaps.roadmap_archive, name="roadmap_archive"),
    path("<int:pk>/sections/new/", roadmaps.section_create, name="section_create"),
    path("<int:pk>/measures/new/", roadmaps.measure_create, name="measure_create"),
    path("sections/<int:pk>/edit/", roadmaps.section_edit, name="section_edit"),
    path("measures/", measures.measure_list, name="measure_list"),
    path("measures/<int:pk>/", measures.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/edit/", roadmaps.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/bulk-status/", views_bulk.bulk_status, name="bulk_status"),
    path("progress/<int:pk>/", measures.progress_detail, name="progress_detail"),
    path("progress/<int:pk>/status/", measures.progress_status, name="progress_status"),
    path("progress/<int:pk>/evidence/", evidence.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", evidence.evidence_remove, name="evidence_remove"),
]
