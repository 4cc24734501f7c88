"""A reader trying to work out a suppressed count from what a public page shows.

Pages show a suppressed cell as "fewer than 5" and a total beside it as one
number, a range ("24 to 27") or "fewer than 5". `hidden_values` does what a
curious reader would: subtract the shown cells from the total and keep every
value of the one hidden cell (1 to 4) that fits. The rule holds when that is
still all of 1 to 4.
"""

import re
from collections.abc import Sequence

FEWER_THAN_5 = "fewer than 5"
RANGE = re.compile(r"^([\d,]+) to ([\d,]+)$")


def figure(text: str) -> int:
    return int(text.strip().replace(",", ""))


def total_bounds(text: str) -> tuple[int, int]:
    """The lowest and highest total a reader can read from the total's text."""
    text = " ".join(text.split())
    if text == FEWER_THAN_5:
        return 1, 4
    if match := RANGE.match(text):
        return figure(match[1]), figure(match[2])
    return figure(text), figure(text)


def hidden_values(total: str, shown: Sequence[str]) -> set[int]:
    """Every count the one suppressed cell can be, given the total and the
    other (shown) cells: {3} means subtraction recovered it."""
    low, high = total_bounds(total)
    rest = sum(figure(cell) for cell in shown)
    return {value for value in range(1, 5) if low <= rest + value <= high}


def by_subtraction(total: str, shown: Sequence[str]) -> int | None:
    """Total minus the shown cells, when the total is one number."""
    low, high = total_bounds(total)
    if low != high:
        return None
    return low - sum(figure(cell) for cell in shown)
