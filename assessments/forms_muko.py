"""The choices of the region's pages: the year, and (for whoever reads several) the municipality."""

from __future__ import annotations

from django import forms


class MukoForm(forms.Form):
    year = forms.TypedChoiceField(label="Год", coerce=int, choices=[])
    municipality = forms.TypedChoiceField(label="Муниципалитет", coerce=int, choices=[], required=False)

    def __init__(self, *args, years: list[int], municipalities=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        if municipalities is None or len(municipalities) < 2:
            del self.fields["municipality"]
        else:
            self.fields["municipality"].choices = [(m.pk, m.name) for m in municipalities]


class RegionForm(forms.Form):
    year = forms.TypedChoiceField(label="Год", coerce=int, choices=[])

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
