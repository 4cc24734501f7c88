"""Truth table: only the area's admins manage its people."""

import pytest
from django.contrib.auth.models import AnonymousUser

from sendportal.accounts.models import Membership
from tests.accounts.factories import InvitationFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_role", "officer", "lead", "cabinet", "admin", "other_officer"]


def has_perm(user, permission, obj) -> bool:
    return (user or AnonymousUser()).has_perm(permission, obj)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("on", ["area", "membership", "invitation", "other_area"])
def test_manage_members_truth_table(role, on, users_by_role, area, other_area) -> None:
    obj = {
        "area": area,
        "other_area": other_area,
        "membership": Membership.objects.filter(area=area).first(),
        "invitation": InvitationFactory.create(area=area),
    }[on]
    allowed = has_perm(users_by_role[role], "accounts.manage_members", obj)
    assert allowed is (role == "admin" and on != "other_area")


def test_an_admin_of_another_area_may_not_manage_this_one(area, other_area) -> None:
    from sendportal.accounts.models import Role
    from tests.factories import member

    admin = member(other_area, Role.AREA_ADMIN)
    assert not admin.has_perm("accounts.manage_members", area)
    assert admin.has_perm("accounts.manage_members", other_area)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("of", ["member", "other_area_member", "platform_admin"])
def test_reset_two_factor_truth_table(role, of, users_by_role, area) -> None:
    """An area's admins reset its members' two-factor; a platform
    administrator's only another platform administrator may reset."""
    from tests.factories import UserFactory

    if of == "platform_admin":
        root = UserFactory.create(email="root@example.org", is_superuser=True)
        Membership.objects.create(user=root, area=area, role="officer")
        membership = Membership.objects.get(user=root)
    elif of == "member":
        membership = Membership.objects.get(user=users_by_role["officer"])
    else:
        membership = Membership.objects.get(user=users_by_role["other_officer"])
    allowed = has_perm(users_by_role[role], "accounts.reset_two_factor", membership)
    assert allowed is (role == "admin" and of == "member")


def test_a_platform_administrator_may_reset_anyones_two_factor(
    users_by_role,
) -> None:
    from tests.factories import UserFactory

    root = UserFactory.create(email="root@example.org", is_superuser=True)
    for email in ("officer@fenmere.example", "officer@eastwold.example"):
        membership = Membership.objects.get(user__email=email)
        assert root.has_perm("accounts.reset_two_factor", membership)
