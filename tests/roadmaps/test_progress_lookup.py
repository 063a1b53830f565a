"""roadmaps.access.progress_for_user_or_404: one query compiled once for the person, with the row's id put
in at each call; it must find what the ORM finds, and nothing the person may not see."""

from __future__ import annotations

import pytest
from django.http import Http404

from roadmaps.access import progress_for_user_or_404
from roadmaps.models import Progress
from roadmaps.progress import progress_visible


def _seen(progress: Progress) -> tuple:
    return (
        progress.pk,
        progress.status,
        progress.version,
        progress.measure.title,
        progress.measure.roadmap.title,
        progress.school and progress.school.short_name,
        progress.updated_by_id,
    )


@pytest.mark.parametrize("who", ["head_a", "methodist_a", "department_head"])
def test_each_row_the_person_sees_is_found_as_the_orm_finds_it(who, request, progress_a, progress_b):
    user = request.getfixturevalue(who)
    visible = set(progress_visible(user).values_list("pk", flat=True))
    for _ in range(2):  # compiled the first time, the id put in afterwards
        for progress in (progress_a, progress_b):
            if progress.pk in visible:
                found = progress_for_user_or_404(user, progress.pk)
                orm = progress_visible(user).select_related("measure__roadmap", "school").get(pk=progress.pk)
                assert _seen(found) == _seen(orm)
            else:
                with pytest.raises(Http404):
                    progress_for_user_or_404(user, progress.pk)


@pytest.mark.parametrize("pk", [0, -1, 10**6, 10**30, -(10**30)])
def test_an_id_of_no_row_is_404(head_a, progress_a, pk):
    progress_for_user_or_404(head_a, progress_a.pk)
    with pytest.raises(Http404):
        progress_for_user_or_404(head_a, pk)


def test_a_row_read_after_a_change_is_the_changed_row(head_a, progress_a, django_assert_num_queries):
    progress_for_user_or_404(head_a, progress_a.pk)
    Progress.objects.filter(pk=progress_a.pk).update(comment="Сдано", version=progress_a.version + 1)
    with django_assert_num_queries(1):
        found = progress_for_user_or_404(head_a, progress_a.pk)
    assert (found.comment, found.version) == ("Сдано", progress_a.version + 1)
