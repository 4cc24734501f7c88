"""Server-rendered SVG line charts, accessible and with a table alternative.

Used by the staff KPI pages and, through the same markup, by PDF reports
(WeasyPrint renders inline SVG). Every text is escaped: KPI names come from
users. Series differ by dash pattern and marker as well as colour, so the
chart does not rely on colour alone.
"""

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe

from sendportal.disclosure import fewer_than
from sendportal.disclosure import is_small

# GOV.UK Frontend colours with at least 3:1 contrast on white.
BLUE = "#1d70b8"
BLACK = "#0b0c0c"
ORANGE = "#b35400"
GREY = "#505a5f"
GRID = "#b1b4b6"


def _nice_step(raw: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least `raw`."""
    magnitude = Decimal(10) ** (raw.adjusted() if raw > 0 else 0)
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if magnitude * factor >= raw:
            return magnitude * factor
    return magnitude * 10  # pragma: no cover - the loop always returns


@dataclass(frozen=True)
class Series:
    """One line of a chart; `None` leaves a gap where a period has no value.

    `withheld` are the periods whose value the disclosure rule keeps off a
    public chart: not drawn, and "fewer than 5" in the table.
    """

    name: str
    values: Sequence[Decimal | None]
    colour: str = BLUE
    dashes: str = ""
    marker: str = "circle"
    withheld: frozenset[int] = frozenset()

    def without_small_counts(self) -> "Series":
        """The series of a count of people as a public chart may draw it."""
        withheld = frozenset(
            index
            for index, value in enumerate(self.values)
            if value is not None and is_small(value)
        )
        values = [None if i in withheld else v for i, v in enumerate(self.values)]
        return replace(self, values=values, withheld=self.withheld | withheld)


@dataclass(frozen=True)
class LineChart:
    """A line chart over labelled periods (x) of one or more series (y)."""

    chart_id: str
    title: str
    description: str
    labels: Sequence[str]
    series: Sequence[Series]
    formatter: Callable[[Decimal | None], str] = field(
        default=lambda value: "–" if value is None else f"{value.normalize():f}"
    )
    width: int = 640
    height: int = 320

    # Plot margins: room for y labels on the left and x labels below.
    left = 64
    right = 44
    top = 16
    bottom = 48

    ticks = 4

    def _bounds(self) -> tuple[Decimal, Decimal]:
        """From 0 (or the lowest value) up to a round number above the highest."""
        values = [v for s in self.series for v in s.values if v is not None]
        if not values:
            return Decimal(0), Decimal(self.ticks)
        low, high = min(min(values), Decimal(0)), max(values)
        if high <= low:
            high = low + 1
        return low, low + _nice_step((high - low) / self.ticks) * self.ticks

    def _x(self, index: int) -> float:
        plot = self.width - self.left - self.right
        if len(self.labels) <= 1:
            return self.left + plot / 2
        return self.left + plot * index / (len(self.labels) - 1)

    def _y(self, value: Decimal, low: Decimal, high: Decimal) -> float:
        plot = self.height - self.top - self.bottom
        return self.top + plot * float((high - value) / (high - low))

    def svg(self) -> SafeString:
        low, high = self._bounds()
        title_id, desc_id = f"{self.chart_id}-title", f"{self.chart_id}-desc"
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" '
            f'viewBox="0 0 {self.width} {self.height + 24 * len(self.series)}" '
            f'width="{self.width}" role="img" '
            f'aria-labelledby="{title_id} {desc_id}" font-family="sans-serif">',
            f'<title id="{title_id}">{escape(self.title)}</title>',
            f'<desc id="{desc_id}">{escape(self.description)}</desc>',
        ]
        for step in range(self.ticks + 1):
            value = low + (high - low) * Decimal(step) / self.ticks
            y = self._y(value, low, high)
            parts.append(
                f'<line x1="{self.left}" x2="{self.width - self.right}" '
                f'y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
            )
            parts.append(
                f'<text x="{self.left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                f'font-size="12" fill="{BLACK}">'
                f"{escape(self.formatter(value))}</text>"
            )
        for index, label in enumerate(self.labels):
            x = self._x(index)
            parts.append(
                f'<text x="{x:.1f}" y="{self.height - self.bottom + 18}" '
                f'text-anchor="middle" font-size="11" fill="{BLACK}">'
                f"{escape(label)}</text>"
            )
        for series in self.series:
            parts.extend(self._series_marks(series, low, high))
        parts.extend(self._legend())
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308  # every text is escaped above

    def _series_marks(self, series: Series, low: Decimal, high: Decimal) -> list[str]:
        marks: list[str] = []
        segment: list[str] = []
        dash = f' stroke-dasharray="{series.dashes}"' if series.dashes else ""
        points = list(enumerate(series.values))
        for index, value in [*points, (len(points), None)]:
            if value is None:
                if len(segment) > 1:
                    marks.append(
                        f'<polyline fill="none" stroke="{series.colour}" '
                        f'stroke-width="3"{dash} points="{" ".join(segment)}"/>'
                    )
                segment = []
                continue
            x, y = self._x(index), self._y(value, low, high)
            segment.append(f"{x:.1f},{y:.1f}")
            marks.append(self._marker(series, x, y))
        return marks

    @staticmethod
    def _marker(series: Series, x: float, y: float) -> str:
        if series.marker == "square":
            return (
                f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" '
                f'fill="{series.colour}"/>'
            )
        if series.marker == "none":
            return ""
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{series.colour}"/>'

    def _legend(self) -> list[str]:
        marks = []
        for index, series in enumerate(self.series):
            y = self.height + 24 * index
            dash = f' stroke-dasharray="{series.dashes}"' if series.dashes else ""
            marks.append(
                f'<line x1="{self.left}" x2="{self.left + 32}" y1="{y}" y2="{y}" '
                f'stroke="{series.colour}" stroke-width="3"{dash}/>'
            )
            marks.append(self._marker(series, self.left + 16, y))
            marks.append(
                f'<text x="{self.left + 40}" y="{y + 4}" font-size="13" '
                f'fill="{BLACK}">{escape(series.name)}</text>'
            )
        return marks

    @property
    def headings(self) -> list[str]:
        """Column headings of the table alternative: one per series."""
        return [series.name for series in self.series]

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """Rows of the table alternative: each period's formatted values."""
        return [
            (label, [self._cell(series, index) for series in self.series])
            for index, label in enumerate(self.labels)
        ]

    def _cell(self, series: Series, index: int) -> str:
        if index in series.withheld:
            return fewer_than()
        return self.formatter(series.values[index])
