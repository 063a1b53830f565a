"""The floor of a page: the base layout with a table of as many rows and cells as the page showed, from a
list in memory. It goes through the same middleware, session and navigation as the real page, and its own
content asks the database nothing; a page's figure is its median over this one's.

Two requests that write have floors of their kind here too: an upload's (the file received and stored) and
a saved form's (the form checked from memory, the rows the request makes written, a redirect).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.template import Engine, RequestContext, Template
from django.urls import path

from reports.models import Meeting, ReportJob

LAYOUT = Template(
    """{% extends "base.html" %}{% block title %}Базовая страница{% endblock %}
{% block heading %}Базовая страница{% endblock %}
{% block content %}<div class="table-responsive"><table class="table table-sm align-middle">
<thead><tr>{% for title in titles %}<th scope="col">{{ title }}</th>{% endfor %}</tr></thead><tbody>
{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></div>{% endblock %}""",
    engine=Engine.get_default(),
)


def _number(request: HttpRequest, name: str, limit: int) -> int:
    try:
        return max(0, min(int(request.GET.get(name, "0")), limit))
    except ValueError:
        return 0


def baseline_rows(*, rows: int, cells: int) -> list[list[str]]:
    return [[f"Строка {r + 1}, ячейка {c + 1}" for c in range(cells)] for r in range(rows)]


def baseline_view(request: HttpRequest) -> HttpResponse:
    rows = _number(request, "rows", 100_000)
    cells = max(1, _number(request, "cells", 100))
    context = RequestContext(
        request,
        {"titles": [f"Столбец {c + 1}" for c in range(cells)], "rows": baseline_rows(rows=rows, cells=cells)},
    )
    return HttpResponse(LAYOUT.render(context))


def baseline_upload_view(request: HttpRequest) -> HttpResponse:
    """The floor of an upload's request: the file received and stored as an upload stores it, then a
    redirect, and nothing asked of the database by the view."""
    handle = request.FILES.get("file")
    if request.method != "POST" or handle is None:
        return HttpResponseBadRequest("POST a file")
    default_storage.save(f"bench-baseline/{handle.name}", handle)
    return HttpResponseRedirect(request.path)


class BaselineForm(forms.Form):
    """A form of a writing request's kind (text, a date, numbers, a choice among people, a tick), checked
    against choices in memory."""

    title = forms.CharField(required=False)
    number = forms.CharField()
    date = forms.DateField()
    place = forms.CharField()
    first = forms.IntegerField(min_value=1)
    last = forms.IntegerField(min_value=1)
    chair = forms.TypedChoiceField(coerce=int, required=False)
    all_school_heads = forms.BooleanField(required=False)
    measure = forms.IntegerField(required=False)  # a row's id, taken as it is: the floor checks nothing

    def __init__(self, *args, people: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", "—"), *((pk, str(pk)) for pk in people)]


def baseline_form_view(request: HttpRequest) -> HttpResponse:
    """The floor of a request that saves a form and queues its work: the form checked against choices in
    memory; the rows the March meeting's request makes (the meeting's header, then the report job that
    fills it) written in one transaction, from what was sent and the ids the address names, read from
    nothing; a message and a redirect. The output is the real request's, as a page's floor renders as many
    rows as the page: whatever the request reads and checks to make it (the plan, its row, the people
    named) comes on top of this."""
    form = BaselineForm(request.POST or None, people=[request.user.pk])
    roadmap = _number(request, "roadmap", 2**63 - 1)  # named by the address, as the real page's plan is
    if request.method != "POST" or not form.is_valid() or not roadmap:
        return HttpResponseBadRequest(f"POST the form to ?roadmap=<id>: {form.errors.as_text()}")
    data = form.cleaned_data
    with transaction.atomic(savepoint=False):  # as the meeting's request writes its header and job
        meeting = Meeting.objects.create(
            municipality_id=request.user.municipality_id,
            roadmap_id=roadmap,
            measure_id=data["measure"],
            title=data["title"] or "совещания",
            number=data["number"],
            date=data["date"],
            place=data["place"],
            year=data["date"].year,
            chair_id=data["chair"],
            created_by_id=request.user.pk,
        )
        ReportJob.objects.create(
            owner=request.user,
            kind=ReportJob.Kind.MEETING_PREPARE,
            params={"bench-floor": True, "meeting": meeting.pk, "first": data["first"], "last": data["last"]},
        )
    messages.success(request, "Принято.")
    return HttpResponseRedirect(request.path)


BASELINE_PATH = "bench-baseline/"
urlpatterns = [
    path(BASELINE_PATH, baseline_view, name="bench_baseline"),
    path(BASELINE_PATH + "upload/", baseline_upload_view, name="bench_baseline_upload"),
    path(BASELINE_PATH + "form/", baseline_form_view, name="bench_baseline_form"),
]
