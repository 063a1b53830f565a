"""The methodist's «one status for several schools» form on the measure page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from schools.decorators import section_required

from .access import measure_for_user_or_404
from .bulk_status import bulk_set_status, parse_ids, parse_versions
from .models import ProgressStatus


class BulkStatusForm(forms.Form):
    status = forms.ChoiceField(label="Статус", choices=[("", "— выберите —"), *ProgressStatus.choices])
    comment = forms.CharField(
        label="Общий комментарий", required=False, max_length=2000, widget=forms.Textarea
    )
    rows = forms.TypedMultipleChoiceField(label="Школы", coerce=int, choices=())

    def __init__(self, *args, row_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rows"].choices = row_choices
        self.fields["rows"].error_messages["required"] = "Отметьте хотя бы одну школу."


@section_required("roadmaps")
@require_POST
def bulk_status(request: HttpRequest, pk: int) -> HttpResponse:

    user = request.user
    measure = measure_for_user_or_404(user, pk)
    # The chosen rows come as one repeated field «rows» (the checkboxes; app.js packs them into the one
    # field «chosen» on submit) or as «all»; the versions seen come in the one field «versions». So the
    # form posts a handful of fields whatever the number of schools (DATA_UPLOAD_MAX_NUMBER_FIELDS).
    try:
        versions_seen = parse_versions(request.POST.get("versions", ""))
        if request.POST.get("all"):
            ids = list(versions_seen)
        else:
            ids = parse_ids(request.POST.getlist("rows") + request.POST.getlist("chosen"))
    except ValueError:
        messages.error(request, "Статус не выставлен: страница устарела, обновите её и повторите.")
        return redirect("roadmaps:measure_detail", pk=measure.pk)
    form = BulkStatusForm(request.POST, row_choices=[(i, str(i)) for i in ids])
    form.data = form.data.copy()
    form.data.setlist("rows", [str(i) for i in ids])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Статус не выставлен: {error}")
        return redirect("roadmaps:measure_detail", pk=measure.pk)
    versions = {}
    for row_id in form.cleaned_data["rows"]:
        if row_id not in versions_seen:
            messages.error(request, "Статус не выставлен: страница устарела, обновите её и повторите.")
            return redirect("roadmaps:measure_detail", pk=measure.pk)
        versions[row_id] = versions_seen[row_id]
    result = bulk_set_status(  # PermissionDenied for a row the person may not change: nothing is written
        user=user,
        measure=measure,
        versions=versions,
        status=form.cleaned_data["status"],
        comment=form.cleaned_data["comment"],
    )
    label = dict(ProgressStatus.choices)[form.cleaned_data["status"]]
    if result.saved:
        names = ", ".join(row.school.short_name for row in result.saved)
        messages.success(request, f"Статус «{label}» выставлен: {names}.")
    for row, reason in result.stale:
        messages.warning(request, f"{row.school.short_name}: не изменено. {reason}")
    for row, reason in result.refused:
        messages.error(request, f"{row.school.short_name}: не изменено. {reason}")
    return redirect("roadmaps:measure_detail", pk=measure.pk)
