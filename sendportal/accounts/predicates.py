"""Area-aware building blocks for the `rules` permissions of every app."""

from typing import Any

import rules

from sendportal.areas.models import LocalArea

from .models import Role


def area_id_of(obj: Any) -> int | None:
    """The id of the local area that owns `obj` (an area, or a row with `area_id`)."""
    if obj is None:
        return None
    if isinstance(obj, LocalArea):
        return obj.pk
    area_id = getattr(obj, "area_id", None)
    return area_id if isinstance(area_id, int) else None


def has_area_role(*roles: str) -> rules.Predicate:
    """A predicate: the user holds one of `roles` in the area that owns the object."""

    def check(user: Any, obj: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return bool(user.has_role(area_id_of(obj), *roles))

    name = "has_area_role:" + ",".join(sorted(roles))
    return rules.Predicate(check, name=name)


is_area_member = has_area_role(*Role.values)
is_area_editor = has_area_role(Role.OFFICER, Role.AREA_ADMIN)
