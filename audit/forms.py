from __future__ import annotations

from django import forms

from schools.models import Municipality


class RetentionForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["pupil_data_keep_years"]
        widgets = {"pupil_data_keep_years": forms.NumberInput(attrs={"min": 0, "max": 10})}
