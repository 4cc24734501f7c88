"""Choices shown as a coloured GOV.UK tag, with each colour defined once."""

from collections.abc import Callable
from collections.abc import Mapping
from typing import Literal
from typing import TypeVar

from django.db import models

# The tag colours of GOV.UK Frontend 5 (`govuk-tag--<colour>`).
TagColour = Literal[
    "grey",
    "green",
    "turquoise",
    "blue",
    "light-blue",
    "purple",
    "pink",
    "red",
    "orange",
    "yellow",
]

_TAG_COLOURS: dict[type["TaggedChoices"], Mapping[str, TagColour]] = {}


class TaggedChoices(models.TextChoices):
    """TextChoices whose members each carry the colour of their status tag."""

    @property
    def tag_colour(self) -> TagColour:
        return _TAG_COLOURS[type(self)][self.value]


C = TypeVar("C", bound=type[TaggedChoices])


def tag_colours(
    colours: Mapping[str, TagColour],
) -> Callable[[C], C]:
    """Give each member of the decorated choices its tag colour.

    The colours sit on top of the class they belong to; a member without one
    (or a colour for a value that is not a member) fails at import, so a new
    status cannot ship with an uncoloured tag.
    """

    def register(choices: C) -> C:
        values = {str(member.value) for member in choices}
        if values != set(colours):
            raise ValueError(
                f"{choices.__qualname__}: tag colours for {sorted(colours)}, "
                f"members {sorted(values)}"
            )
        _TAG_COLOURS[choices] = colours
        return choices

    return register
