"""The candidate list's rows and the risk badges are written in Python (medals_tags.candidate_rows,
risk_badges): the same HTML the templates' loops wrote, escaping included, for every kind of row."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from medals.models import ExamForm, MedalDegree, Period, WorkKind
from medals.risk_cache import cached_candidate_assessments
from medals.templatetags.medals_tags import candidate_rows, risk_badges

from .factories import CandidateFactory, GradeFactory, PupilFactory, subject

pytestmark = pytest.mark.django_db

# The loop of medals/partials/candidate_table.html and medals/include/risk_badges.html as they were.
BADGES = (
    '{% for r in reasons %}<span class="badge text-bg-warning fw-normal me-1 mb-1 text-wrap text-start" '
    'data-bs-toggle="tooltip" title="{{ r.detail }}" data-risk="{{ r.code }}">{{ r.label }}</span>{% empty %}'
    '<span class="text-muted small">нет</span>{% endfor %}'
)
LOOP = (
    "{% load medals_tags %}{% for c, a in items %}\n"
    '  <tr{% if not c.is_active %} class="text-muted"{% endif %}>\n'
    "    <td><a href=\"{% url 'medals:candidate_detail' c.pk %}\">{{ c.pupil.full_name }}</a>"
    '{% if c.exam_form == "ГВЭ" %} <span class="badge text-bg-info" title="Сдаёт ГВЭ вместо ЕГЭ" '
    'data-testid="gve-badge">ГВЭ</span>{% endif %}{% if not c.is_active %} <span class="badge '
    'text-bg-light">снят с реестра</span>{% endif %}</td>\n'
    '    {% if not user.is_school_head %}<td class="hide-sm small">{{ c.school.short_name }}</td>'
    "{% endif %}\n"
    "    <td>{{ c.pupil.class_name }}</td>\n"
    '    <td class="hide-sm">{{ c.graduation_year }}</td>\n'
    '    <td class="text-nowrap">{{ c.get_degree_display }}</td>\n'
    '    <td class="hide-sm small">{% for check in a.eligibility %}{% if check.rule.degree == c.degree %}'
    '<span class="text-{{ check.marks_ok|verdict_class }}" data-bs-toggle="tooltip" '
    "title=\"{{ check.notes|join:'; ' }}\">"
    "{{ check.marks_ok|marks_verdict }}</span>{% endif %}{% endfor %}</td>\n"
    "    <td>{% with reasons=a.reasons %}" + BADGES + "{% endwith %}</td>\n"
    "  </tr>\n"
    "  {% endfor %}"
)


def final_mark(candidate, name: str, mark: str) -> None:
    GradeFactory(
        candidate=candidate, subject=subject(name), period=Period.FINAL, work_kind=WorkKind.FINAL,
        work_date=None, mark=mark,
    )  # fmt: skip


@pytest.fixture
def items(school_a, school_b):
    school_b.short_name = 'СОШ "№ 2" <b>&</b>'
    school_b.save()
    plain = CandidateFactory(pupil=PupilFactory(school=school_a, last_name="Арсланова"), graduation_year=2025)
    odd = CandidateFactory(
        pupil=PupilFactory(school=school_b, last_name="O'Brien <i>", first_name='"Ann" & Co', letter="<А>"),
        graduation_year=2025, degree=MedalDegree.SECOND, exam_form=ExamForm.GVE, is_active=False,
    )  # fmt: skip
    final_mark(plain, "Физика", "3")  # a final mark below «4»: a risk with a detail, and a «не дают» cell
    final_mark(plain, "Химия", "5")
    for name in ("Физика", "Химия", "Русский язык"):
        final_mark(odd, name, "5")
    candidates = [plain, odd]
    assessed = cached_candidate_assessments(candidates=candidates)
    return [(c, assessed[c.pk]) for c in candidates]


@pytest.mark.parametrize("user", ["department_head", "head_a"])
def test_the_rows_are_what_the_template_wrote(items, user, request):
    context = {"items": items, "user": request.getfixturevalue(user)}
    written = candidate_rows(Context(context), items)
    assert written == Template(LOOP).render(Context(context))
    assert "O&#x27;Brien &lt;i&gt;" in written and "11&lt;А&gt;" in written
    # The «Школа» column for the department, none for a school head (the list is their own school).
    assert ("&lt;b&gt;&amp;&lt;/b&gt;" in written) is (user == "department_head")
    assert 'data-risk="final_marks"' in written and 'data-testid="gve-badge"' in written


def test_the_badges_are_what_the_template_wrote(items):
    for _, assessment in items:
        reasons = assessment.reasons
        assert risk_badges(reasons) == Template(BADGES).render(Context({"reasons": reasons}))
    assert risk_badges([]) == '<span class="text-muted small">нет</span>'


def test_no_candidates_is_no_rows(department_head):
    assert candidate_rows(Context({"user": department_head}), []) == ""
