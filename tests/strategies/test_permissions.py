"""Truth table: who may do what to a strategy, by role, area and status."""

import pytest
from django.db.models import Model

from sendportal.accounts.models import User
from strategies.models import StrategyStatus
from tests.strategies.factories import StrategyFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_role", "officer", "lead", "cabinet", "admin", "other_officer"]
STATUSES = list(StrategyStatus.values)
EDITORS = {"officer", "admin"}
MEMBERS = {"officer", "lead", "cabinet", "admin"}


def expected(permission: str, role: str, status: str) -> bool:
    public = status != StrategyStatus.DRAFT
    editable = status in (StrategyStatus.DRAFT, StrategyStatus.IN_CONSULTATION)
    return {
        "strategies.view_strategy": public or role in MEMBERS,
        "strategies.change_strategy": role in EDITORS and editable,
        "strategies.manage_strategy": role in EDITORS,
        # A companion document, corrected in any status.
        "strategies.change_easy_read": role in EDITORS,
    }[permission]


def has_perm(user: User | None, permission: str, obj: Model) -> bool:
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser().has_perm(permission, obj)
    return user.has_perm(permission, obj)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "permission",
    [
        "strategies.view_strategy",
        "strategies.change_strategy",
        "strategies.manage_strategy",
        "strategies.change_easy_read",
    ],
)
def test_strategy_permission_truth_table(
    permission: str, role: str, status: str, users_by_role, area
) -> None:
    strategy = StrategyFactory.create(
        area=area,
        status=status,
        approval_body="cabinet" if status in ("approved", "superseded") else "",
        approved_on="2025-01-01" if status in ("approved", "superseded") else None,
    )
    allowed = has_perm(users_by_role[role], permission, strategy)
    assert allowed is expected(permission, role, status)


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_and_admins_of_the_area_may_start_a_strategy(
    role: str, users_by_role, area, other_area
) -> None:
    user = users_by_role[role]
    assert has_perm(user, "strategies.add_strategy", area) is (role in EDITORS)
    # Nobody in `area` may start one in the other area, bar that area's officer.
    assert has_perm(user, "strategies.add_strategy", other_area) is (
        role == "other_officer"
    )


@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_of_an_area_are_for_its_members_only(
    role: str, users_by_role, area
) -> None:
    assert has_perm(users_by_role[role], "areas.view_staff_area", area) is (
        role in MEMBERS
    )


def test_an_inactive_officer_has_no_permissions(users_by_role, area) -> None:
    officer = users_by_role["officer"]
    officer.is_active = False
    officer.save()
    officer = User.objects.get(pk=officer.pk)
    strategy = StrategyFactory.create(area=area)
    assert not officer.has_perm("strategies.view_strategy", strategy)
    assert not officer.has_perm("strategies.add_strategy", area)
