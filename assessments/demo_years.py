"""Demo over three years: the ВПР, ОГЭ, ЕГЭ, «Статистика по отметкам» and official lists of 2023 and 2025
beside the 2024 of ``assessments.demo``, generated (no real people) and idempotent.

The story the years side by side tell (schools by their index in the demo):
- school 1 raises its ВПР marks over the journal in 2023 and 2024 and is on both lists; in 2025 it grades
  honestly and is on no list: «признаки в 2023 и 2024 годах, в 2025 нет»;
- school 2 inflates its journal in 2024 and again in 2025 (on both lists): the signs remain;
- schools 0, 3 and 4 grade honestly in 2023 and 2025 (school 3's boundary peak is 2024's only).
ОГЭ of every year backs the ВПР of grades 5 and 7: school 1's ОГЭ is weak, the others' ordinary.
"""

from __future__ import annotations

import datetime
import random

from schools.models import Municipality, Pupil, School

from . import demo as base  # demo calls this module: its names are read when the functions run
from .models import EgeResult, OgeResult, Subject

YEARS = (2023, 2024, 2025)
# The journal against the ВПР mark per school index (see demo._vpr): +1 «повысили», −1 «понизили».
STYLES = {
    2023: {0: 0, 1: +1, 2: 0, 3: 0, 4: 0},
    2025: {0: 0, 1: 0, 2: -1, 3: 0, 4: 0},
}
OFFICIAL_LISTS = ((2025, 2, ["Русский язык, 5 класс", "Математика, 5 класс"]),)
# ОГЭ: (max primary score, least score of «3», «4», «5») — generated, close to the real scales.
OGE_SCALES = {"Русский язык": (33, (15, 23, 29)), "Математика": (31, (8, 15, 22))}
WEAK_OGE_SCHOOL = 1
# Russia's and the region's % of «2»…«5» per year, moved from 2024's figures by these points.
STATISTICS_SHIFT = {2023: (1.2, 0.8, -1.0, -1.0), 2025: (-0.8, -0.4, 0.6, 0.6)}
GRADUATES_PER_SCHOOL = 2


def _oge(schools: list[School], rng: random.Random) -> None:
    for year in YEARS:
        for subject_name, (maximum, boundaries) in OGE_SCALES.items():
            subject = Subject.objects.get(name=subject_name)
            for index, school in enumerate(schools):
                if OgeResult.objects.filter(school=school, subject=subject, year=year).exists():
                    continue
                weights = (0.12, 0.5, 0.3, 0.08) if index == WEAK_OGE_SCHOOL else (0.04, 0.32, 0.4, 0.24)
                results = []
                for n in range(14 + 2 * index):
                    mark = rng.choices((2, 3, 4, 5), weights=weights)[0]
                    low = 0 if mark == 2 else boundaries[mark - 3]
                    high = boundaries[mark - 2] - 1 if mark < 5 else maximum
                    results.append(
                        OgeResult(
                            school=school,
                            subject=subject,
                            year=year,
                            exam_date=datetime.date(year, 6, 4 if subject_name == "Математика" else 7),
                            participant_code=f"{year}-9{index + 1}{n + 1:03d}",
                            class_name=f"9{'АБ'[n % 2]}",
                            primary_score=rng.randint(low, high),
                            mark=mark,
                        )
                    )
                OgeResult.objects.bulk_create(results)


def _graduates(schools: list[School], year: int) -> list[Pupil]:
    """Generated graduates of ``year`` (no class any more): the ЕГЭ of the years beside 2024."""
    pupils = []
    for index, school in enumerate(schools):
        for n in range(GRADUATES_PER_SCHOOL):
            female = (index + n + year) % 2 == 0
            surname = base.SURNAMES[(index * 3 + n + year) % len(base.SURNAMES)] + ("а" if female else "")
            pupil, _ = Pupil.objects.get_or_create(
                school=school,
                last_name=surname,
                first_name=(base.FIRST_NAMES_F if female else base.FIRST_NAMES_M)[(index + n + year) % 6],
                middle_name=(base.PATRONYMICS_F if female else base.PATRONYMICS_M)[(n + year) % 4],
                birth_date=datetime.date(year - 18, 1 + (n * 5 + index) % 12, 10 + n),
                defaults={"grade": None},
            )
            pupils.append(pupil)
    return pupils


def _ege(schools: list[School], rng: random.Random) -> None:
    for year in (2023, 2025):
        for pupil in _graduates(schools, year):
            weak = pupil.school_id == schools[WEAK_OGE_SCHOOL].pk
            for subject_name, day in (("Математика", 30), ("Русский язык", 3)):
                EgeResult.objects.get_or_create(
                    pupil=pupil,
                    subject=Subject.objects.get(name=subject_name),
                    year=year,
                    defaults={
                        "exam_date": datetime.date(year, 5 if day == 30 else 6, day),
                        "score_100": rng.randint(45, 62) if weak else rng.randint(58, 90),
                    },
                )


def load_years_demo(*, municipality: Municipality, schools: list[School]) -> None:
    """ВПР 2023 and 2025 (2024 is demo._vpr's), ОГЭ of the three years, ЕГЭ of 2023 and 2025 graduates,
    the statistics and the 2025 list. Call inside the demo's transaction."""
    rng = random.Random(f"assessments-years-{municipality.name}")
    for year, styles in STYLES.items():
        base._vpr(municipality, schools, rng, year=year, styles=styles, pushing=None)
    _oge(schools, rng)
    _ege(schools, rng)
    for year, shift in STATISTICS_SHIFT.items():
        base._mark_statistics(municipality, year=year, shift=shift)
    base._official_lists(municipality, schools, OFFICIAL_LISTS)
