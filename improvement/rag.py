"""KPI RAG ratings: computed from a target and tolerance, only where a target exists."""

from decimal import Decimal

from .models import Direction
from .models import Rag


def kpi_rag(
    *,
    direction: str,
    value: Decimal | None,
    target: Decimal | None,
    tolerance: Decimal,
) -> Rag | None:
    """Green at or better than target, amber within tolerance of it, red beyond.

    Context measures (demand, volumes) are reported but never rated, and a KPI
    without a target for the period has no rating.
    """
    if direction == Direction.CONTEXT or value is None or target is None:
        return None
    # How far the value falls short of the target, in the KPI's unit.
    if direction == Direction.LOWER_BETTER:
        shortfall = value - target
    else:
        shortfall = target - value
    if shortfall <= 0:
        return Rag.GREEN
    if shortfall <= tolerance:
        return Rag.AMBER
    return Rag.RED
