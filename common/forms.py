"""Form pieces every app uses: the date widgets, the crispy helper with its one submit button, and the check
that a span does not end before it starts."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PERIOD_REVERSED = "Конец периода раньше его начала."


def submit_helper(label: str = "Сохранить") -> FormHelper:
    """A crispy helper that renders the form with one submit button."""
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class CrispyMixin:
    submit_label = "Сохранить"

    def _helper(self) -> FormHelper:
        return submit_helper(self.submit_label)


def check_order(form: forms.BaseForm, data: dict, first: str, last: str, message: str) -> None:
    """An error on ``last`` when both fields are filled and ``last`` comes before ``first``."""
    start, end = data.get(first), data.get(last)
    if start and end and end < start:
        form.add_error(last, message)


class PeriodCheckMixin:
    """For a form with ``period_start`` and ``period_end``: the period may not end before it starts."""

    def clean(self) -> dict:
        data = super().clean()  # type: ignore[misc]
        check_order(self, data, "period_start", "period_end", PERIOD_REVERSED)  # type: ignore[arg-type]
        return data
