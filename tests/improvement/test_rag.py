"""KPI RAG: only where a target exists, never for context measures."""

from decimal import Decimal

import pytest

from improvement.models import Rag
from improvement.rag import kpi_rag

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(75), Rag.GREEN),  # above target
        (D(70), Rag.GREEN),  # exactly on target
        (D(66), Rag.AMBER),  # short, within tolerance
        (D(65), Rag.AMBER),  # exactly at the edge of tolerance
        (D("64.9"), Rag.RED),  # just beyond tolerance
        (D(20), Rag.RED),
    ],
)
def test_higher_is_better_kpi_rated_against_target_and_tolerance(value, expected):
    rag = kpi_rag(direction="higher", value=value, target=D(70), tolerance=D(5))
    assert rag == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(10), Rag.GREEN),  # below a lower-is-better target
        (D(12), Rag.GREEN),  # on target
        (D(13), Rag.AMBER),  # above, within tolerance
        (D(14), Rag.AMBER),
        (D("14.1"), Rag.RED),
    ],
)
def test_lower_is_better_kpi_is_green_below_target(value, expected):
    rag = kpi_rag(direction="lower", value=value, target=D(12), tolerance=D(2))
    assert rag == expected


def test_kpi_without_a_target_has_no_rag():
    assert kpi_rag(direction="higher", value=D(50), target=None, tolerance=D(5)) is None


def test_kpi_without_a_value_has_no_rag():
    assert kpi_rag(direction="higher", value=None, target=D(50), tolerance=D(5)) is None


def test_context_kpi_is_never_rated_even_with_a_target():
    assert (
        kpi_rag(direction="context", value=D(1), target=D(50), tolerance=D(0)) is None
    )


def test_zero_tolerance_means_any_shortfall_is_red():
    assert (
        kpi_rag(direction="higher", value=D("69.9"), target=D(70), tolerance=D(0))
        == Rag.RED
    )
