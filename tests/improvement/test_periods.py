"""Reporting periods: financial quarters run April to March."""

import datetime

import pytest

from improvement.periods import PeriodType
from improvement.periods import period_containing

d = datetime.date


@pytest.mark.parametrize(
    ("day", "label", "start", "end"),
    [
        (d(2025, 4, 1), "2025/26 Q1", d(2025, 4, 1), d(2025, 6, 30)),
        (d(2025, 9, 30), "2025/26 Q2", d(2025, 7, 1), d(2025, 9, 30)),
        (d(2025, 12, 31), "2025/26 Q3", d(2025, 10, 1), d(2025, 12, 31)),
        (d(2026, 1, 1), "2025/26 Q4", d(2026, 1, 1), d(2026, 3, 31)),
        (d(2026, 3, 31), "2025/26 Q4", d(2026, 1, 1), d(2026, 3, 31)),
        (d(1999, 12, 15), "1999/00 Q3", d(1999, 10, 1), d(1999, 12, 31)),
    ],
)
def test_financial_quarter_of_a_date(day, label, start, end):
    bounds = period_containing(PeriodType.FIN_QUARTER, day)
    assert (bounds.label, bounds.start, bounds.end) == (label, start, end)


def test_academic_year_runs_september_to_august():
    bounds = period_containing(PeriodType.ACADEMIC_YEAR, d(2026, 8, 31))
    assert (bounds.label, bounds.start, bounds.end) == (
        "2025/26",
        d(2025, 9, 1),
        d(2026, 8, 31),
    )


def test_month_of_february_in_a_leap_year_ends_on_the_29th():
    bounds = period_containing(PeriodType.MONTH, d(2028, 2, 10))
    assert (bounds.label, bounds.end) == ("Feb 2028", d(2028, 2, 29))


def test_financial_year_and_term_and_calendar_year():
    assert period_containing(PeriodType.FIN_YEAR, d(2026, 3, 31)).label == "2025/26"
    assert period_containing(PeriodType.ACADEMIC_TERM, d(2026, 5, 1)).label == (
        "Summer 2026"
    )
    assert period_containing(PeriodType.CALENDAR_YEAR, d(2026, 5, 1)).label == "2026"
