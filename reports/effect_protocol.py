"""The March meeting's item on the effect of targeted measures («анализ эффективности принятых мер»).

The meeting reviews the newest ВПР year it can know: the newest year whose results were out by the
meeting's date (ВПР are written in spring), that has results or an official list loaded, and targeted
measures taken on the year before (``assessments.effect``). Its decisions name the schools whose signs
went away and those where the targeted work goes on — support for objectivity, not a rating of schools
or teachers.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.effect import REMAINED, REMOVED, EffectAnalysis, effect_analysis, effect_years
from assessments.models import OfficialFlag, VprAggregate
from assessments.objectivity import pct
from schools.models import Municipality

from .models import Meeting

VPR_RESULTS_MONTH = 6
EFFECT_ITEM_TITLE = "Об эффективности адресных мер по обеспечению объективности результатов ВПР"
CLOSING_DECISION = (
    "Руководителям ОО обеспечить объективность проведения и оценивания ВПР; результаты ВПР не "
    "используются для оценки работы учителей."
)


@dataclass(frozen=True)
class EffectItem:
    title: str
    heard: str
    decided: str


def loaded_years(municipality: Municipality) -> set[int]:
    """Years with ВПР results or an official list loaded: the years of ``assessments.flag_years.
    flag_history``, in one query, without the objectivity flags of every year it also works out."""
    results = VprAggregate.objects.filter(test__municipality=municipality).values_list(
        "test__year", flat=True
    )
    lists = OfficialFlag.objects.filter(municipality=municipality).values_list("year", flat=True)
    return set(results.order_by().union(lists.order_by()))


def meeting_effect_year(*, meeting: Meeting) -> int | None:
    # The years with targeted measures first: without any (most meetings) nothing more is read.
    years = effect_years(municipality=meeting.municipality)
    if not years:
        return None
    loaded = loaded_years(meeting.municipality)
    ready = [year for year in years if year in loaded]
    # ВПР are written in spring: a meeting before June knows the results of the year before at most.
    newest = meeting.date.year if meeting.date.month >= VPR_RESULTS_MONTH else meeting.date.year - 1
    known = [year for year in ready if year <= newest]
    return known[0] if known else None


def effect_item_text(analysis: EffectAnalysis) -> EffectItem:
    year, before = analysis.year, analysis.measures_year
    heard = (
        f"Адресных мер по итогам ВПР {before} года: {len(analysis.measures)} для {len(analysis.rows)} ОО. "
        f"По итогам ВПР {year} года признаки необъективности не выявлены в {analysis.removed} ОО, "
        f"сохранились в {analysis.remained} ОО"
        + (f", данных нет по {analysis.no_data} ОО" if analysis.no_data else "")
        + (
            f"; доля ОО, в которых признаки не выявлены, — {pct(analysis.removed_share)}."
            if analysis.judged
            else "."
        )
    )
    removed = [row.school.short_name for row in analysis.rows if row.outcome == REMOVED]
    remained = [row.school.short_name for row in analysis.rows if row.outcome == REMAINED]
    decided = []
    if removed:
        decided.append(
            f"Признать адресные меры результативными: по итогам ВПР {year} года признаки необъективности "
            f"не выявлены в ОО: {', '.join(removed)}."
        )
    if remained:
        decided.append(
            "Продолжить адресную методическую работу с ОО, в которых признаки сохранились: "
            f"{', '.join(remained)}; включить её в дорожную карту на следующий учебный год."
        )
    decided.append(CLOSING_DECISION)
    return EffectItem(title=EFFECT_ITEM_TITLE, heard=heard, decided="\n".join(decided))


def meeting_effect_item(*, meeting: Meeting) -> EffectItem | None:
    """The item for this meeting, or None when there is nothing to review (no targeted measures)."""
    year = meeting_effect_year(meeting=meeting)
    if year is None:
        return None
    analysis = effect_analysis(municipality=meeting.municipality, year=year)
    return effect_item_text(analysis) if analysis.rows else None
