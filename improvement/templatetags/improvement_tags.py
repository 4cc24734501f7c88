"""Formatting KPI values in templates."""

from decimal import Decimal

from django import template

from improvement.models import Kpi
from improvement.models import Rag

register = template.Library()


@register.filter
def kpi_format(kpi: Kpi, value: Decimal | None) -> str:
    """A KPI's value in its unit: `{{ kpi|kpi_format:value }}`."""
    return kpi.format(value)


@register.filter
def kpi_public_format(kpi: Kpi, value: Decimal | None) -> str:
    """A KPI's value as a public page shows it: `{{ kpi|kpi_public_format:value }}`."""
    return kpi.public_format(value)


@register.filter
def money(value: Decimal | None) -> str:
    """An amount in £ million, with a sign for overspends: £12.500m."""
    if value is None:
        return "–"
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.3f}m"


@register.filter
def number(value: Decimal | None) -> str:
    """A decimal without trailing zeros or exponent: 5.000 -> 5, 10 -> 10."""
    if value is None:
        return "–"
    return f"{value.normalize():f}"


@register.filter
def rag_colour(rag: str) -> str:
    """The tag colour of a RAG code: `{{ action.rag|rag_colour }}`."""
    return Rag(rag).tag_colour


@register.filter
def rag_label(rag: str) -> str:
    """The words of a RAG code ("Red: off track"); blank for none."""
    return str(Rag(rag).label) if rag else ""
