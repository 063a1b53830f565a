"""The medal pages' own navigation, risk badges and verdict colours."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from common.html import html

from ..access import is_medal_staff, schools_changeable
from ..models import Upload

register = template.Library()

VERDICT_CLASSES = {True: "success", False: "danger", None: "secondary"}


@register.inclusion_tag("medals/include/nav.html", takes_context=True)
def medals_nav(context: template.Context, active: str) -> dict:
    user = context["request"].user
    items: list[tuple[str, str, str]] = []
    if user.role == user.Role.COMMISSION_MEMBER and not user.is_superuser:
        items.append(("member", "Мои работы на перепроверку", reverse("medals:member_rechecks")))
    else:
        items.append(("candidates", "Претенденты", reverse("medals:candidate_list")))
        items.append(("comparison", "Журнал и тетради", reverse("medals:comparison")))
        if is_medal_staff(user):
            items.append(("rechecks", "Перепроверка", reverse("medals:recheck_list")))
        items.append(("risks", "Группы риска", reverse("medals:risk_groups")))
        if is_medal_staff(user):
            items.append(("indicators", "Показатели школ", reverse("medals:indicator_list")))
        # One question for the links below: each upload's schools are the changeable ones, or none for
        # notebooks outside the department (medals.access.schools_for_upload); asking per link repeated it.
        changeable = schools_changeable(user).exists()
        if changeable:
            items.append(("issued", "Выданные медали", reverse("medals:issued_medals")))
        for kind, label in (
            (Upload.Kind.CANDIDATES, "Загрузить реестр"),
            (Upload.Kind.JOURNAL, "Загрузить журнал"),
            (Upload.Kind.NOTEBOOK, "Загрузить тетради"),
        ):
            if changeable and (kind != Upload.Kind.NOTEBOOK or is_medal_staff(user)):
                items.append((f"upload-{kind}", label, reverse("medals:upload", args=[kind])))
    return {"items": items, "active": active}


@register.inclusion_tag("medals/include/risk_badges.html")
def risk_badges(reasons) -> dict:
    return {"reasons": reasons}


@register.filter
def verdict_class(value: bool | None) -> str:
    return VERDICT_CLASSES.get(value, "secondary")


@register.filter
def marks_verdict(value: bool | None) -> str:
    """Whether the final marks alone allow the claimed medal (the ЕГЭ comes at the end of the year)."""
    return {True: "дают медаль", False: "не дают медали", None: "ещё нет"}[value]


MISSING_ROW = '<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td class="text-end">{}</td></tr>'
ABSENT = mark_safe(' <span class="badge text-bg-danger">нет в файле</span>')


@register.simple_tag
def missing_rows(missing: Iterable[dict]) -> SafeString:
    """The rows of «what the file lacks» (medals/partials/journal_missing.html), written in Python: a
    school's extract lacks a line for each candidate, subject and year it does not carry, and the
    template's loop of them was most of the page a school head sees after checking and after saving."""
    return SafeString(
        "".join(
            html(
                MISSING_ROW,
                m.get("candidate", ""),
                ABSENT if m.get("absent") else "",
                m.get("subject", ""),
                m.get("year", ""),
                ", ".join(str(period) for period in m.get("periods") or ()),
                m.get("marks", ""),
            )
            for m in missing
        )
    )
