"""Small-number suppression: what the public sees of a count."""

import pytest

from consultations.suppression import SUPPRESS_BELOW
from consultations.suppression import public_count


def test_an_unknown_count_shows_nothing() -> None:
    assert public_count(None) == ""


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (6, "6")],
)
def test_the_threshold_is_five(count: int, shown: str) -> None:
    assert SUPPRESS_BELOW == 5
    assert public_count(count) == shown


def test_large_counts_are_grouped_in_thousands() -> None:
    assert public_count(12345) == "12,345"
