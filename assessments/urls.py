from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("mock-exams/", views.schedule_list, name="schedule_list"),
    path("mock-exams/new/", views.schedule_create, name="schedule_create"),
    path("mock-exams/<int:pk>/", views.schedule_detail, name="schedule_detail"),
    path("mock-exams/<int:pk>/edit/", views.schedule_edit, name="schedule_edit"),
    path("mock-exams/<int:pk>/print/", views.schedule_print, name="schedule_print"),
    path("mock-exams/<int:pk>/exams/new/", views.exam_create, name="exam_create"),
    path("mock-exams/<int:pk>/commissions/<int:subject_pk>/", views.commission_edit, name="commission_edit"),
    path("exams/<int:pk>/", views.exam_detail, name="exam_detail"),
    path("exams/<int:pk>/edit/", views.exam_edit, name="exam_edit"),
    path("exams/<int:pk>/distribute/", views.exam_distribute, name="exam_distribute"),
    path("works/", views.my_works, name="my_works"),
    path("works/<str:code>/score/", views.work_score, name="work_score"),
    path("scales/", views.scale_list, name="scale_list"),
    path("scales/new/", views.scale_edit, name="scale_create"),
    path("scales/<int:pk>/edit/", views.scale_edit, name="scale_edit"),
    path("results/vpr/", views.vpr_results, name="vpr_results"),
    path("results/vpr/upload/", views.vpr_upload, name="vpr_upload"),
    path("results/vpr/template.xlsx", views.vpr_template, name="vpr_template"),
    path("results/ege/", views.ege_results, name="ege_results"),
    path("results/ege/upload/", views.ege_upload, name="ege_upload"),
    path("results/ege/template.xlsx", views.ege_template, name="ege_template"),
    path("results/uploads/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("results/uploads/<int:pk>/confirm/", views.upload_confirm, name="upload_confirm"),
    path("objectivity/", views.objectivity, name="objectivity"),
    path("objectivity/thresholds/", views.thresholds_edit, name="thresholds_edit"),
    path(
        "objectivity/<int:test_pk>/schools/<int:school_pk>/",
        views.objectivity_detail,
        name="objectivity_detail",
    ),
    path("observers/", views.observer_list, name="observer_list"),
    path("observers/new/", views.observer_edit, name="observer_create"),
    path("observers/<int:pk>/edit/", views.observer_edit, name="observer_edit"),
    path("observers/gaps/", views.observer_gaps, name="observer_gaps"),
    path("procedures/", views.procedure_list, name="procedure_list"),
    path("procedures/new/", views.procedure_create, name="procedure_create"),
    path("procedures/<int:pk>/", views.procedure_detail, name="procedure_detail"),
    path("assignments/<int:pk>/report/", views.assignment_report, name="assignment_report"),
    path("assignments/<int:pk>/delete/", views.assignment_delete, name="assignment_delete"),
]
