from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from common.lists import list_context
from schools.models import User

from .exports import may_read_pd_log, pd_exports_visible
from .filters import PersonalDataExportFilter
from .forms import RetentionForm
from .retention import first_kept_year, retention_end


@login_required
def personal_data(request: HttpRequest) -> HttpResponse:
    """The department head's page: the log of exports with pupils' names, and the retention period."""
    user = request.user
    if not may_read_pd_log(user):
        raise PermissionDenied("Журнал выгрузок персональных данных ведёт начальник УО.")
    municipality = user.municipality
    form = RetentionForm(request.POST or None, instance=municipality) if municipality else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Срок хранения задаётся для муниципалитета.")
        if form.is_valid():
            form.save()
            messages.success(request, "Срок хранения персональных данных выпускников сохранён.")
            return redirect("audit:personal_data")
        messages.error(request, "Срок не сохранён: исправьте значение.")
    people = User.objects.filter(municipality=municipality) if municipality else User.objects.all()
    log = PersonalDataExportFilter(request.GET or None, queryset=pd_exports_visible(user), people=people)
    kept_from = None
    if municipality:
        year = first_kept_year(municipality=municipality, today=timezone.localdate())
        kept_from = (year, retention_end(graduation_year=year, keep_years=municipality.pupil_data_keep_years))
    return render(
        request,
        "audit/personal_data.html",
        list_context(request, log.qs, filterset=log, form=form, kept_from=kept_from),
    )
