"""Small-number suppression for anything shown to the public."""

from django.utils.translation import gettext as _

SUPPRESS_BELOW = 5


def public_count(count: int | None) -> str:
    """A count as the public sees it: under 5 (but not 0) is suppressed."""
    if count is None:
        return ""
    if 0 < count < SUPPRESS_BELOW:
        return _("fewer than 5")
    return f"{count:,}"
