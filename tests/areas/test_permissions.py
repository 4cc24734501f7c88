"""Truth tables: who may create local areas and change an area's settings."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from sendportal.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_role", "officer", "lead", "cabinet", "admin", "other_officer"]


def has_perm(user: User | None, permission: str, obj: Model | None) -> bool:
    return (user or AnonymousUser()).has_perm(permission, obj)


@pytest.mark.parametrize("role", ROLES)
def test_change_localarea_is_the_area_admins_only(
    role, users_by_role, area, other_area
):
    user = users_by_role[role]
    assert has_perm(user, "areas.change_localarea", area) is (role == "admin")
    # Nobody here is an admin of the other area.
    assert has_perm(user, "areas.change_localarea", other_area) is False


def test_an_admin_of_another_area_may_not_change_this_one(area, other_area):
    from tests.factories import member

    admin = member(other_area, "admin", "admin@eastwold.example")
    assert admin.has_perm("areas.change_localarea", other_area)
    assert not admin.has_perm("areas.change_localarea", area)


@pytest.mark.parametrize("role", ROLES)
def test_no_area_role_may_create_areas(role, users_by_role, area, other_area):
    user = users_by_role[role]
    assert has_perm(user, "areas.add_localarea", None) is False
    assert has_perm(user, "areas.add_localarea", area) is False


def test_a_platform_administrator_creates_areas_and_may_set_any_up(area):
    platform = UserFactory.create(email="platform@example.org", is_superuser=True)
    assert platform.has_perm("areas.add_localarea")
    assert platform.has_perm("areas.change_localarea", area)
