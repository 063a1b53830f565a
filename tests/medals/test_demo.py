import time_machine
from django.urls import reverse

from medals.comparison import grade_disagreements
from medals.demo import load_medals_demo
from medals.models import Candidate, Grade, Recheck, SchoolYearIndicator, Upload


@time_machine.travel("2024-03-20 10:00 +0300", tick=False)
def test_the_demo_fills_every_school_and_running_it_twice_changes_nothing(
    municipality, school_a, school_b, head_a, methodist_a, member, client, department_head
):
    load_medals_demo(municipality=municipality)
    counts = {
        model.__name__: model.objects.count()
        for model in (Candidate, Grade, Upload, Recheck, SchoolYearIndicator)
    }
    for school in (school_a, school_b):
        assert 5 <= Candidate.objects.filter(school=school).exclude(graduation_year=2023).count() <= 8
        # Last year's graduates with the medals issued, and one of this year's candidates on ГВЭ.
        assert (
            Candidate.objects.filter(school=school, graduation_year=2023).exclude(issued_medal="").count()
            == 5
        )
        assert Candidate.objects.filter(school=school, graduation_year=2024, exam_form="ГВЭ").count() == 1
        assert SchoolYearIndicator.objects.filter(school=school, year__in=[2023, 2024]).count() == 2
    assert set(Upload.objects.values_list("status", flat=True)) == {Upload.Status.SAVED}
    assert Candidate.objects.exclude(transfer_date=None).count() == 2
    assert grade_disagreements(candidate_ids=Candidate.objects.values_list("pk", flat=True))
    assert Recheck.objects.filter(assigned_to=member).exists()
    assert not Recheck.objects.filter(assigned_to=member, candidate__school=member.school).exists()

    load_medals_demo(municipality=municipality)
    assert counts == {
        model.__name__: model.objects.count()
        for model in (Candidate, Grade, Upload, Recheck, SchoolYearIndicator)
    }

    client.force_login(department_head)
    content = client.get(reverse("medals:candidate_list")).content.decode()
    assert "Показано: " in content and "Журнал и тетрадь расходятся" in content
    candidate = Candidate.objects.filter(school=school_a, graduation_year=2024).first()
    card = client.get(reverse("medals:candidate_detail", args=[candidate.pk])).content.decode()
    assert "10 кл., год" in card and "11 кл., 1 пол." in card
    issued = client.get(
        reverse("medals:issued_medals"), {"school": school_a.pk, "year": 2023}
    ).content.decode()
    assert "ЕГЭ по русскому языку 68 б., нужно не менее 70" in issued
    indicators = client.get(reverse("medals:indicator_list"), {"year": 2024}).content.decode()
    assert "по выданным медалям" in indicators
