"""Moving one item of an ordered list (questions, surveys, Easy Read sections)."""

from typing import TypeVar

from django.db import models

S = TypeVar("S", bound=models.Model)


def move_one_place(
    ordered: models.QuerySet[S], item: S, *, up: bool
) -> list[int] | None:
    """Swap `item` with its neighbour above or below in `ordered` (a queryset in
    display order, locked by the caller if it needs to be) and number them all
    again from 1. Returns the item's [old, new] position, for the audit entry,
    or None when it is already first (moving up) or last (moving down)."""
    items = list(ordered)
    index = next(i for i, each in enumerate(items) if each.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return None
    items[index], items[other] = items[other], items[index]
    for sort, each in enumerate(items, start=1):
        each.sort = sort  # type: ignore[attr-defined]  # every ordered model has one
    type(item)._default_manager.bulk_update(items, ["sort"])
    return [index + 1, other + 1]
