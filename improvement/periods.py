"""Reporting period arithmetic: which period of a type contains a date."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    MONTH = "month", _("Month")
    FIN_QUARTER = "fin_quarter", _("Financial quarter (April to March)")
    ACADEMIC_TERM = "academic_term", _("Academic term")
    ACADEMIC_YEAR = "academic_year", _("Academic year (September to August)")
    FIN_YEAR = "fin_year", _("Financial year (April to March)")
    CALENDAR_YEAR = "calendar_year", _("Calendar year")


@dataclass(frozen=True)
class PeriodBounds:
    """The first and last day (inclusive) of a period, and its usual label."""

    period_type: str
    start: datetime.date
    end: datetime.date
    label: str


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def _short_year_span(first_year: int) -> str:
    """2025 -> "2025/26", the way councils write financial and school years."""
    return f"{first_year}/{(first_year + 1) % 100:02d}"


def period_containing(period_type: str, day: datetime.date) -> PeriodBounds:
    """The period of `period_type` that `day` falls in."""
    year, month = day.year, day.month
    if period_type == PeriodType.MONTH:
        start = datetime.date(year, month, 1)
        return PeriodBounds(
            period_type, start, _month_end(year, month), start.strftime("%b %Y")
        )
    if period_type in (PeriodType.FIN_QUARTER, PeriodType.FIN_YEAR):
        fin_year = year if month >= 4 else year - 1
        if period_type == PeriodType.FIN_YEAR:
            return PeriodBounds(
                period_type,
                datetime.date(fin_year, 4, 1),
                datetime.date(fin_year + 1, 3, 31),
                _short_year_span(fin_year),
            )
        quarter = ((month - 4) % 12) // 3 + 1
        first_month = (quarter - 1) * 3 + 4
        start_year = fin_year if first_month <= 12 else fin_year + 1
        first_month = (first_month - 1) % 12 + 1
        start = datetime.date(start_year, first_month, 1)
        end = _month_end(start_year, first_month + 2)
        label = f"{_short_year_span(fin_year)} Q{quarter}"
        return PeriodBounds(period_type, start, end, label)
    if period_type == PeriodType.ACADEMIC_YEAR:
        first = year if month >= 9 else year - 1
        return PeriodBounds(
            period_type,
            datetime.date(first, 9, 1),
            datetime.date(first + 1, 8, 31),
            _short_year_span(first),
        )
    if period_type == PeriodType.ACADEMIC_TERM:
        if month >= 9:
            return PeriodBounds(
                period_type,
                datetime.date(year, 9, 1),
                datetime.date(year, 12, 31),
                f"Autumn {year}",
            )
        if month <= 3:
            return PeriodBounds(
                period_type,
                datetime.date(year, 1, 1),
                datetime.date(year, 3, 31),
                f"Spring {year}",
            )
        return PeriodBounds(
            period_type,
            datetime.date(year, 4, 1),
            datetime.date(year, 8, 31),
            f"Summer {year}",
        )
    if period_type == PeriodType.CALENDAR_YEAR:
        return PeriodBounds(
            period_type,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            str(year),
        )
    raise ValueError(f"Unknown period type {period_type!r}")
