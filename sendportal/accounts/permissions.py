"""Who may manage the people of an area; the object is a LocalArea (or a row of it)."""

import rules

from .models import Role
from .predicates import has_area_role

is_area_admin = has_area_role(Role.AREA_ADMIN)

# Invite people, change their roles, remove them, revoke invitations.
rules.add_perm("accounts.manage_members", is_area_admin)
