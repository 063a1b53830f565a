"""common.decorators.rule_required: the one guard every app's access rules are written with."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from common.decorators import rule_required
from schools.models import User

guarded = rule_required(lambda user: user.role == User.Role.COORDINATOR, "Только для координатора.")(
    lambda request: HttpResponse("ok")
)


def _request(user) -> object:
    request = RequestFactory().get("/some/page/")
    request.user = user
    return request


def test_a_visitor_is_sent_to_sign_in_first():
    response = guarded(_request(AnonymousUser()))
    assert response.status_code == 302 and "next=/some/page/" in response["Location"]


def test_a_refused_user_gets_403_with_the_reason():
    with pytest.raises(PermissionDenied, match=r"Только для координатора\."):
        guarded(_request(User(role=User.Role.METHODIST)))


def test_an_allowed_user_gets_the_view():
    assert guarded(_request(User(role=User.Role.COORDINATOR))).content == b"ok"
