from django.urls import path

from . import views, views_muko

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("jobs/new/", views.job_order, name="job_order"),
    path("jobs/list/", views.list_export, name="list_export"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/retry/", views.job_retry_view, name="job_retry"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/print/", views.meeting_print, name="meeting_print"),
    path("meetings/<int:pk>/prefill/", views.meeting_prefill, name="meeting_prefill"),
    path("meetings/items/<int:pk>/edit/", views.agenda_item_edit, name="agenda_item_edit"),
    path("meetings/rows/<int:pk>/edit/", views.meeting_row_edit, name="meeting_row_edit"),
    path("digest/", views.preferences, name="preferences"),
    path("muko.pdf", views_muko.muko_pdf_view, name="muko_pdf"),
]
