"""Form pieces every app uses, knowing nothing of the domain: the date widgets, the crispy helper with its one
submit button, the checks that a span does not end before it starts and that a count stays within another,
a form's errors in one line, and a field of objects chosen by id (and its form ticked in boxes)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PERIOD_REVERSED = "Конец периода раньше его начала."
BIGGEST_ID = 2**63 - 1  # the largest integer a database id column (bigint) holds


def submit_helper(label: str = "Сохранить") -> FormHelper:
    """A crispy helper that renders the form with one submit button."""
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class CrispyMixin:
    submit_label = "Сохранить"

    def _helper(self) -> FormHelper:
        return submit_helper(self.submit_label)


def form_errors(form: forms.BaseForm, separator: str = " ") -> str:
    """Every error message of a bound form in one line: the message of a POST without a page of its own."""
    return separator.join(error for errors in form.errors.values() for error in errors)


def check_order(form: forms.BaseForm, data: dict, first: str, last: str, message: str) -> None:
    """An error on ``last`` when both fields are filled and ``last`` comes before ``first``."""
    start, end = data.get(first), data.get(last)
    if start and end and end < start:
        form.add_error(last, message)


def check_at_most(form: forms.BaseForm, data: dict, field: str, limit: str, message: str) -> None:
    """An error on ``field`` when both fields are filled (0 counts) and ``field`` is more than ``limit``."""
    value, bound = data.get(field), data.get(limit)
    if value is not None and bound is not None and value > bound:
        form.add_error(field, message)


class PeriodCheckMixin:
    """For a form with ``period_start`` and ``period_end``: the period may not end before it starts."""

    def clean(self) -> dict:
        data = super().clean()  # type: ignore[misc]
        check_order(self, data, "period_start", "period_end", PERIOD_REVERSED)  # type: ignore[arg-type]
        return data


class IdsField(forms.ModelMultipleChoiceField):
    """Objects chosen by id. An id no database integer holds is refused like any unknown one: Django's
    ``__in`` lookup hands it to SQLite, which raises instead of finding nothing (a 500, not a message)."""

    def clean(self, value):
        for item in value or []:
            text = str(item).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > BIGGEST_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                )
        return super().clean(value)


class TickedIdsField(IdsField):
    """Objects of ``model`` chosen by ticking their boxes, none required unless asked; the form's ``__init__``
    sets the ``queryset`` it offers (until then it offers none)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, model: type[Model], *, required: bool = False, **kwargs) -> None:
        super().__init__(queryset=model._default_manager.none(), required=required, **kwargs)
