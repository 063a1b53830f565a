from django.urls import path

from . import views

app_name = "medals"

urlpatterns = [
    path("", views.candidate_list, name="candidate_list"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("candidates/<int:pk>/notebook/", views.notebook_add, name="notebook_add"),
    path("candidates/<int:pk>/exam/", views.candidate_exam, name="candidate_exam"),
    path("issued/", views.issued_medals, name="issued_medals"),
    path("upload/<str:kind>/", views.upload_page, name="upload"),
    path("upload/<str:kind>/template/", views.upload_template, name="upload_template"),
    path("uploads/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("uploads/<int:pk>/save/", views.upload_save, name="upload_save"),
    path("uploads/<int:pk>/columns/", views.upload_columns, name="upload_columns"),
    path("uploads/<int:pk>/file/", views.upload_file, name="upload_file"),
    path("comparison/", views.comparison, name="comparison"),
    path("rechecks/", views.recheck_list, name="recheck_list"),
    path("rechecks/propose/", views.recheck_propose_view, name="recheck_propose"),
    path("rechecks/add/<int:grade_pk>/", views.recheck_add_view, name="recheck_add"),
    path("rechecks/<int:pk>/", views.recheck_edit, name="recheck_edit"),
    path("my-rechecks/", views.member_rechecks, name="member_rechecks"),
    path("my-rechecks/<int:pk>/", views.member_recheck, name="member_recheck"),
    path("risks/", views.risk_groups, name="risk_groups"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<int:school_pk>/<int:year>/", views.indicator_edit, name="indicator_edit"),
]
