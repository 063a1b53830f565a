"""Every free-text field of every form of the project takes no more than its column holds.

A form field without the limit of its column lets a person type what PostgreSQL then refuses (a 500
after the post). A form may be stricter than an unbounded column (a comment of 2,000 characters at most).
A ModelForm's fields are checked against the model field of the same name; a plain form's text fields
are listed below with the column they are saved into (or None for what is never stored as typed), so a
new text field fails here until it says where it goes. That the limit reaches the page as ``maxlength``
is checked page by page in tests/test_fuzz_urls.py.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator

from django import forms
from django.apps import apps

PROJECT_PACKAGES = ("schools", "roadmaps", "medals", "assessments", "reports", "audit", "common")

# «module.Form.field»: «app_label.Model.field» it is saved into, or None when it is never stored.
SAVED_INTO: dict[str, str | None] = {
    "roadmaps.import_review.PreviewHeaderForm.title": "roadmaps.Roadmap.title",
    "roadmaps.import_review.PreviewHeaderForm.approved_by": "roadmaps.Roadmap.approved_by",
    "roadmaps.import_review.PreviewHeaderForm.order_number": "roadmaps.Roadmap.order_number",
    "roadmaps.import_review.MeasureCorrectionForm.number": "roadmaps.Measure.number",
    "roadmaps.import_review.MeasureCorrectionForm.title": "roadmaps.Measure.title",
    "roadmaps.import_review.MeasureCorrectionForm.form": "roadmaps.Measure.form",
    "roadmaps.import_review.MeasureCorrectionForm.deadline_text": "roadmaps.Measure.deadline_text",
    "roadmaps.import_review.MeasureCorrectionForm.responsible_text": "roadmaps.Measure.responsible_text",
    "medals.forms.NotebookMarkForm.teacher": "medals.Grade.teacher",
    "medals.forms.RecheckEditForm.note": "medals.Recheck.note",
    "medals.forms.MemberRecheckForm.comment": "medals.Recheck.recheck_comment",
    "assessments.forms.ReportForm.report_text": "assessments.ObserverAssignment.report_text",
    "assessments.observer_forms.ObserverActForm.remarks": "assessments.ObserverAct.remarks",
    "assessments.forms.ScaleForm.points_text": None,  # read into a list of numbers
    "assessments.forms.VprUploadForm.scale": None,  # read into three numbers
    "roadmaps.forms.MeasureForm.deadline_seen": None,  # hidden: the deadline text the person last saw
    "roadmaps.forms.TargetedMeasureForm.deadline_seen": None,  # the same, on the targeted measure's form
    "roadmaps.views_bulk.BulkStatusForm.comment": "roadmaps.Progress.comment",
}


def project_forms() -> Iterator[type[forms.BaseForm]]:
    seen: set[type] = set()
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        modules = [package_name] + [
            info.name
            for info in pkgutil.walk_packages(package.__path__, f"{package_name}.")
            if ".migrations" not in info.name and ".management" not in info.name
        ]
        for module_name in modules:
            module = importlib.import_module(module_name)
            for value in vars(module).values():
                if (
                    inspect.isclass(value)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == module_name
                    and value not in seen
                ):
                    seen.add(value)
                    yield value


def _model_field(label: str):
    app_model, name = label.rsplit(".", 1)
    return apps.get_model(app_model)._meta.get_field(name)


def limit_problems() -> list[str]:
    problems = []
    for form_class in project_forms():
        model = getattr(getattr(form_class, "_meta", None), "model", None)
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField):
                continue
            key = f"{form_class.__module__}.{form_class.__name__}.{name}"
            if key in SAVED_INTO:
                column = SAVED_INTO[key] and _model_field(SAVED_INTO[key])
            elif model is not None and name in {f.name for f in model._meta.get_fields()}:
                column = model._meta.get_field(name)
            else:
                problems.append(f"{key}: say in SAVED_INTO which column it is saved into (or None)")
                continue
            if column is None:
                continue
            unbounded_column = column.max_length is None
            if not unbounded_column and (field.max_length is None or field.max_length > column.max_length):
                problems.append(
                    f"{key}: max_length {field.max_length}, but {column.model.__name__}.{column.name} "
                    f"holds {column.max_length}"
                )
    return problems


def test_every_text_field_of_every_form_has_the_limit_of_its_column():
    problems = limit_problems()
    assert not problems, "\n".join(problems)


def test_the_walk_finds_the_forms_of_every_app():
    found = {form_class.__module__.split(".")[0] for form_class in project_forms()}
    assert {"roadmaps", "medals", "assessments", "reports"} <= found
    assert not [
        key
        for key in SAVED_INTO
        if key.rsplit(".", 1)[0] not in {f"{c.__module__}.{c.__name__}" for c in project_forms()}
    ], "SAVED_INTO names a form that is gone"
