"""Forms of the municipal re-check of ВПР works: the choice of works and the scores of one work."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from common.forms import TickedIdsField
from schools.models import User

from .models import VprRecheck, VprTest


class MemberChoiceField(TickedIdsField):
    def label_from_instance(self, obj: User) -> str:
        school = obj.school.short_name if obj.school_id else "без школы"
        return f"{obj.get_full_name() or obj.username} ({school})"


class RecheckSelectForm(forms.Form):
    test = forms.ModelChoiceField(
        label="ВПР",
        queryset=VprTest.objects.none(),
        empty_label=None,
        help_text="Процедура, работы которой перепроверяются.",
    )
    mode = forms.ChoiceField(
        label="Какие работы перепроверить",
        choices=VprRecheck.Mode.choices,
        widget=forms.RadioSelect,
        initial=VprRecheck.Mode.FLAGGED,
    )
    share_percent = forms.IntegerField(
        label="Доля работ каждой школы, %",
        min_value=1,
        max_value=100,
        required=False,
        initial=10,
        help_text="Для случайной выборки: из каждой школы берётся эта доля работ (с округлением вверх).",
        error_messages={"invalid": "Доля — целое число процентов от 1 до 100."},
    )
    seed = forms.IntegerField(
        label="Зерно выборки",
        min_value=0,
        max_value=999_999,
        required=False,
        help_text="Пусто — новое случайное. С тем же зерном выборка тех же работ повторяется.",
        error_messages={"invalid": "Зерно — целое число от 0 до 999999."},
    )
    members = MemberChoiceField(
        User,
        required=True,
        label="Члены комиссии",
        help_text="Работы своей школы член комиссии не получит; нагрузка отличается не больше чем "
        "на одну работу.",
        error_messages={"required": "Выберите хотя бы одного члена комиссии."},
    )

    def __init__(self, *args, tests, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["test"].queryset = tests
        # Choosing another ВПР reloads the list of its flagged schools beside the form (htmx), nothing else.
        self.fields["test"].widget.attrs.update(
            {
                "hx-get": reverse("assessments:vpr_recheck_create"),
                "hx-trigger": "change",
                "hx-target": "#flagged-schools",
                "hx-select": "#flagged-schools",
                "hx-swap": "outerHTML",
            }
        )
        self.fields["members"].queryset = members.select_related("school")

    def clean(self):
        data = super().clean()
        if data.get("mode") == VprRecheck.Mode.SAMPLE and data.get("share_percent") is None:
            self.add_error("share_percent", "Для случайной выборки укажите долю работ, от 1 до 100 %.")
        return data


class RecheckScoreForm(forms.Form):
    """One text field per task: a whole number or «X»; checked by assessments.vpr_recheck, which names the
    task of every wrong value."""

    def __init__(self, *args, tasks: list[dict], initial_scores: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for i, task in enumerate(tasks):
            value = initial_scores[i] if initial_scores and i < len(initial_scores) else ""
            self.fields[f"task_{i}"] = forms.CharField(
                label=f"Задание {task['number']}" if task["number"] != "первичный балл" else "Первичный балл",
                required=False,
                initial="X" if value is None else value,
                help_text=f"от 0 до {task['max']}",
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "size": 3, "class": "form-control form-control-sm"}
                ),
            )
        self.task_count = len(tasks)

    def values(self) -> list[str]:
        return [self.data.get(f"task_{i}", "") for i in range(self.task_count)]
