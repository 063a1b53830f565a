"""The medal pages' own navigation, risk badges and verdict colours."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from common.html import html
from common.urls import reverse_pk

from ..access import is_medal_staff, schools_changeable
from ..models import ExamForm, Upload

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


@register.simple_tag
def risk_badges(reasons: Iterable) -> SafeString:
    """A badge for each risk reason, or «нет»: written in Python, as the lists' rows write them."""
    return risk_badges_html(reasons)


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


RISK_BADGE = (
    '<span class="badge text-bg-warning fw-normal me-1 mb-1 text-wrap text-start" data-bs-toggle="tooltip"'
    ' title="{}" data-risk="{}">{}</span>'
)
NO_RISK = mark_safe('<span class="text-muted small">нет</span>')
GVE_BADGE = mark_safe(
    ' <span class="badge text-bg-info" title="Сдаёт ГВЭ вместо ЕГЭ" data-testid="gve-badge">ГВЭ</span>'
)
INACTIVE_BADGE = mark_safe(' <span class="badge text-bg-light">снят с реестра</span>')
CANDIDATE_ROW = (
    "\n  <tr{}>"
    '\n    <td><a href="{}">{}</a>{}{}</td>'
    "\n    {}"
    "\n    <td>{}</td>"
    '\n    <td class="hide-sm">{}</td>'
    '\n    <td class="text-nowrap">{}</td>'
    '\n    <td class="hide-sm small">{}</td>'
    "\n    <td>{}</td>"
    "\n  </tr>\n  "
)
MARKS_CELL = '<span class="text-{}" data-bs-toggle="tooltip" title="{}">{}</span>'


def risk_badges_html(reasons: Iterable) -> SafeString:
    """What medals/include/risk_badges.html writes, written in Python for the lists' rows."""
    badges = "".join(html(RISK_BADGE, r.detail, r.code, r.label) for r in reasons)
    return SafeString(badges or NO_RISK)


@register.simple_tag(takes_context=True)
def candidate_rows(context: template.Context, items: Iterable[tuple]) -> SafeString:
    """The rows of the candidate list (medals/partials/candidate_table.html), written in Python: the
    template's loop with its badges' inclusion tag was two thirds of the list's time, and the list is
    drawn again after every upload of any school it shows. A school head's list has no «Школа» column.
    The final marks' cell is the check of the claimed degree (``CandidateAssessment.claimed``), the one
    the template picked out of every degree's."""
    school_head = context["user"].is_school_head
    lines = []
    for c, a in items:
        check = a.claimed
        ok = check.marks_ok
        school = "" if school_head else html('<td class="hide-sm small">{}</td>', c.school.short_name)
        lines.append(
            html(
                CANDIDATE_ROW,
                "" if c.is_active else mark_safe(' class="text-muted"'),
                reverse_pk("medals:candidate_detail", c.pk),
                c.pupil.full_name,
                GVE_BADGE if c.exam_form == ExamForm.GVE else "",
                "" if c.is_active else INACTIVE_BADGE,
                school,
                c.pupil.class_name,
                c.graduation_year,
                c.get_degree_display(),
                html(MARKS_CELL, verdict_class(ok), "; ".join(check.notes), marks_verdict(ok)),
                risk_badges_html(a.reasons),
            )
        )
    return SafeString("".join(lines))
