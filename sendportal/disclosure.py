"""One disclosure-control rule for every count of people the public sees.

Public pages and reports say how many people answered a consultation, came
to an event or said something, often by group. In a local area a group of
one or two can be somebody the reader knows, so every public count follows
this rule (docs/disclosure.md gives the reasons and the sources):

1. Primary suppression. A count of 1 to 4 people is shown as "fewer than 5".
   0 is shown as "0", everywhere: nobody can be picked out of a group that has
   nobody in it, and showing zeros means "fewer than 5" always means 1 to 4.
2. Secondary suppression, so no hidden count can be worked out by
   subtraction. The cells of a table add up to its total, so when any cell is
   suppressed the total is the complementary cell: it is not shown exactly
   but as the range the shown cells already imply, each suppressed cell
   counting as 1 to 4 ("24 to 27"; "fewer than 5" when the whole range is
   under 5). Total minus shown cells then gives a range, never a hidden count.
   This is the GSS and ONS method of cell suppression with protection against
   differencing, with the total chosen as the secondary cell and published
   as an interval. Suppressing the next smallest cell instead would either
   label a cell of, say, 12 "fewer than 5", which is false, or label it
   differently, which narrows the hidden cells again (1 to 4 and "5 or more"
   adding up to 6 can only be 1 and 5).
3. Percentages (and shares drawn in charts) only beside an exact total: a
   shown cell's share of a hidden total gives the total away (10 people at
   50% means 20 in all).
4. Charts draw only what the table shows: a suppressed bar or point is not
   drawn at its true size, bars are scaled to the largest shown cell (never
   to the total), and the table alternative says "fewer than 5".
5. Groups are listed in a fixed order (the code list's), never by size: in a
   list sorted by size, a suppressed group's place tells which of its
   neighbours it is bigger than.

A count that is not part of a shown total (a consultation's number of
responses on its own, how many people said one thing) is a one-cell table:
only rule 1 applies (`public_count`). Staff pages show exact figures.

Loaded as a template builtin (settings.TEMPLATES): `{{ count|public_count }}`.
"""

from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()

# The smallest count of people shown as it is; 1 up to this, exclusive, is
# suppressed. The wording "fewer than 5" below says the same number.
SMALLEST_SHOWN = 5
# What one suppressed cell may hold, as a reader can tell from "fewer than 5".
HIDDEN_LOW, HIDDEN_HIGH = 1, SMALLEST_SHOWN - 1


def is_small(count: int | Decimal) -> bool:
    """A count of people too small to publish: 1 to 4 (0 is not)."""
    return 0 < count < SMALLEST_SHOWN


def fewer_than() -> str:
    return _("fewer than 5")


@register.filter
def public_count(count: int | None) -> str:
    """One count on its own as the public sees it: "fewer than 5", "0", "1,204"."""
    if count is None:
        return ""
    if count < 0:
        raise ValueError("a count of people cannot be negative")
    return fewer_than() if is_small(count) else f"{count:,}"


@dataclass(frozen=True)
class Cell:
    """One group's count as a public page may show it.

    The exact figure of a suppressed cell is not kept, so no template or
    chart can print or draw it by mistake.
    """

    label: str
    shown: int | None
    percent: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.shown is None

    def __str__(self) -> str:
        return fewer_than() if self.shown is None else f"{self.shown:,}"


@dataclass(frozen=True)
class Total:
    """A table's total: exact, or the range its shown cells imply."""

    low: int
    high: int

    @property
    def exact(self) -> int | None:
        return self.low if self.low == self.high else None

    def __str__(self) -> str:
        if self.exact is not None:
            return f"{self.exact:,}"
        if self.high < SMALLEST_SHOWN:
            return fewer_than()
        return _("%(low)s to %(high)s") % {
            "low": f"{self.low:,}",
            "high": f"{self.high:,}",
        }


@dataclass(frozen=True)
class SuppressedTable:
    """Counts of people by group, with the rule applied, in the given order."""

    cells: tuple[Cell, ...]
    total: Total

    def __iter__(self) -> Iterator[Cell]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)

    def cell(self, label: str) -> Cell:
        # A method, not __getitem__: templates look a name up by item first,
        # and a group could be called "total".
        for cell in self.cells:
            if cell.label == label:
                return cell
        raise KeyError(label)

    @property
    def any_suppressed(self) -> bool:
        return any(cell.suppressed for cell in self.cells)

    @property
    def percentages_allowed(self) -> bool:
        """Whether shares may be printed or drawn: only beside an exact total.

        A chart draws each cell's `shown` count (nothing for None), scaled to
        the largest shown cell, and shares only when this is true.
        """
        return self.total.exact is not None


def suppress(counts: Mapping[str, int]) -> SuppressedTable:
    """Counts of people by group (adding up to the table's total), made safe
    to publish: small cells suppressed, the total a range beside them, and
    percentages only when the total is exact."""
    if any(count < 0 for count in counts.values()):
        raise ValueError("a count of people cannot be negative")
    hidden = sum(1 for count in counts.values() if is_small(count))
    shown_sum = sum(count for count in counts.values() if not is_small(count))
    total = Total(
        low=shown_sum + HIDDEN_LOW * hidden, high=shown_sum + HIDDEN_HIGH * hidden
    )
    exact = total.exact
    cells = tuple(
        Cell(
            label=label,
            shown=None if is_small(count) else count,
            percent=round(100 * count / exact, 1) if exact else None,
        )
        for label, count in counts.items()
    )
    return SuppressedTable(cells=cells, total=total)
