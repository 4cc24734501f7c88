"""Who may manage the people of an area; the object is a LocalArea (or a row of it)."""

from typing import Any

import rules

from .models import Membership
from .models import Role
from .predicates import has_area_role

is_area_admin = has_area_role(Role.AREA_ADMIN)


@rules.predicate
def is_a_platform_administrators_membership(user: Any, obj: Any) -> bool:
    """The membership belongs to a platform administrator (a superuser)."""
    return isinstance(obj, Membership) and obj.user.is_superuser


# Invite people, change their roles, remove them, revoke invitations.
rules.add_perm("accounts.manage_members", is_area_admin)
# Reset a member's two-factor authentication when they have lost their phone.
# A platform administrator's only by another (superusers hold every perm).
rules.add_perm(
    "accounts.reset_two_factor",
    is_area_admin & ~is_a_platform_administrators_membership,
)
