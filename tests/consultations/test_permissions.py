"""Truth table: every role, in this area and another, for every consultation status."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from consultations.models import Consultation
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from tests.consultations.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_role", "officer", "lead", "cabinet", "admin", "other_officer")
STATUSES = ("draft", "scheduled", "open", "closed", "feedback_published")
EDITORS = {"officer", "admin"}
MEMBERS = {"officer", "lead", "cabinet", "admin"}


def make(area: LocalArea, status: str) -> Consultation:
    now = timezone.now()
    day = datetime.timedelta(days=1)
    if status == "scheduled":
        return ConsultationFactory.create(
            area=area, status=status, opens_at=now + day, closes_at=now + 9 * day
        )
    if status in ("closed", "feedback_published"):
        return ConsultationFactory.create(
            area=area, status=status, opens_at=now - 9 * day, closes_at=now - day
        )
    return ConsultationFactory.create(area=area, status=status)


def expected(permission: str, role: str, status: str) -> bool:
    if permission == "view_consultation":
        return status != "draft" or role in MEMBERS
    if permission in ("add_consultation", "manage_consultation", "code_answer"):
        return role in EDITORS
    if permission == "change_consultation":
        return role in EDITORS and status in ("draft", "scheduled")
    if permission == "change_survey":
        return role in EDITORS and status == "draft"
    if permission in ("view_response", "export_response"):
        return role in EDITORS
    if permission == "respond_consultation":
        return status == "open"
    raise AssertionError(permission)


PERMISSIONS = (
    "view_consultation",
    "add_consultation",
    "change_consultation",
    "change_survey",
    "manage_consultation",
    "view_response",
    "export_response",
    "code_answer",
    "respond_consultation",
)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("permission", PERMISSIONS)
def test_permissions_follow_role_area_and_status(
    permission: str,
    status: str,
    area: LocalArea,
    users_by_role: dict[str, User | None],
) -> None:
    consultation = make(area, status)
    target = consultation.area if permission == "add_consultation" else consultation
    for role in ROLES:
        user = users_by_role[role] or AnonymousUser()
        allowed = user.has_perm(f"consultations.{permission}", target)
        assert allowed is expected(permission, role, status), (role, status)


@pytest.mark.parametrize("status", STATUSES)
def test_officer_of_another_area_holds_no_staff_permission(
    status: str, other_area: LocalArea, users_by_role: dict[str, User | None]
) -> None:
    consultation = make(other_area, status)
    officer = users_by_role["officer"]
    assert officer is not None
    for permission in PERMISSIONS:
        if permission in ("respond_consultation", "view_consultation"):
            continue
        assert not officer.has_perm(f"consultations.{permission}", consultation)
    assert officer.has_perm("consultations.view_consultation", consultation) is (
        status != "draft"
    )
