from django.urls import path

from .views import candidates, comparison, indicators, issued, rechecks, risks, uploads

app_name = "medals"

urlpatterns = [
    path("", candidates.candidate_list, name="candidate_list"),
    path("candidates/<int:pk>/", candidates.candidate_detail, name="candidate_detail"),
    path("candidates/<int:pk>/notebook/", candidates.notebook_add, name="notebook_add"),
    path("candidates/<int:pk>/exam/", candidates.candidate_exam, name="candidate_exam"),
    path("issued/", issued.issued_medals, name="issued_medals"),
    path("upload/<str:kind>/", uploads.upload_page, name="upload"),
    path("upload/<str:kind>/template/", uploads.upload_template, name="upload_template"),
    path("uploads/<int:pk>/", uploads.upload_detail, name="upload_detail"),
    path("uploads/<int:pk>/save/", uploads.upload_save, name="upload_save"),
    path("uploads/<int:pk>/columns/", uploads.upload_columns, name="upload_columns"),
    path("uploads/<int:pk>/resume/", uploads.upload_resume_view, name="upload_resume"),
    path("uploads/<int:pk>/file/", uploads.upload_file, name="upload_file"),
    path("comparison/", comparison.comparison, name="comparison"),
    path("rechecks/", rechecks.recheck_list, name="recheck_list"),
    path("rechecks/propose/", rechecks.recheck_propose_view, name="recheck_propose"),
    path("rechecks/add/<int:grade_pk>/", rechecks.recheck_add_view, name="recheck_add"),
    path("rechecks/<int:pk>/", rechecks.recheck_edit, name="recheck_edit"),
    path("my-rechecks/", rechecks.member_rechecks, name="member_rechecks"),
    path("my-rechecks/<int:pk>/", rechecks.member_recheck, name="member_recheck"),
    path("risks/", risks.risk_groups, name="risk_groups"),
    path("indicators/", indicators.indicator_list, name="indicator_list"),
    path("indicators/<int:school_pk>/<int:year>/", indicators.indicator_edit, name="indicator_edit"),
]
