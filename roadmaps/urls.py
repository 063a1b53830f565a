from django.urls import path

from . import views, views_bulk, views_import

app_name = "roadmaps"

urlpatterns = [
    path("", views.roadmap_list, name="roadmap_list"),
    path("new/", views.roadmap_create, name="roadmap_create"),
    path("import/", views_import.roadmap_import, name="roadmap_import"),
    path("import/preview/", views_import.roadmap_import_preview, name="roadmap_import_preview"),
    path("import/template.xlsx", views_import.roadmap_import_template, name="roadmap_import_template"),
    path("<int:pk>/", views.roadmap_detail, name="roadmap_detail"),
    path("<int:pk>/edit/", views.roadmap_edit, name="roadmap_edit"),
    path("<int:pk>/approve/", views.roadmap_approve, name="roadmap_approve"),
    path("<int:pk>/archive/", views.roadmap_archive, name="roadmap_archive"),
    path("<int:pk>/sections/new/", views.section_create, name="section_create"),
    path("<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("measures/", views.measure_list, name="measure_list"),
    path("measures/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/bulk-status/", views_bulk.bulk_status, name="bulk_status"),
    path("progress/<int:pk>/", views.progress_detail, name="progress_detail"),
    path("progress/<int:pk>/status/", views.progress_status, name="progress_status"),
    path("progress/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_remove, name="evidence_remove"),
]
