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


# The portal's typeface (GOV.UK Frontend's stack without GDS Transport), so a
# chart never falls back to the browser's serif default.
FONT_FAMILY = "arial, sans-serif"
# Text sizes in the drawing's units. A drawing shrinks with its box, so each
# layout is shown only where its box keeps these at 12 px or more (see
# .app-chart--wide in portal.scss): the wide one from 560 px of 640 wide, the
# narrow one from 240 px of 280 wide (a phone's card is about 260 px).
TEXT_SIZE = 14
LEGEND_SIZE = 15
# Roughly how wide an Arial character is, as a share of the text size.
CHARACTER_WIDTH = 0.56


@dataclass(frozen=True)
class _Layout:
    """Where one drawing of a chart puts things, in its own units."""

    width: int
    height: int
    left: int
    right: int = 44
    top: int = 16
    bottom: int = 48
    suffix: str = ""

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right


def _text_width(text: str, size: int = TEXT_SIZE) -> float:
    return len(text) * size * CHARACTER_WIDTH


@dataclass(frozen=True)
class LineChart:
    """A line chart over labelled periods (x) of one or more series (y).

    It is drawn twice: at `width` for wide boxes and at 280 for a phone (or
    400% zoom), with the same text sizes, fewer period labels where they
    would collide, and its own ids. `responsive_svg` gives both for a web
    page, whose styles show one; `svg` is the wide drawing alone.
    """

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

    ticks = 4
    narrow_width = 280
    narrow_height = 260

    def _bounds(self) -> tuple[Decimal, Decimal]:
        """From 0 (or the lowest value) up to a round number above the highest."""
        values = [v for s in self.series for v in s.values if v is not None]
        if not values:
            return Decimal(0), Decimal(self.ticks)
        low, high = min(min(values), Decimal(0)), max(values)
        if high <= low:
            high = low + 1
        return low, low + _nice_step((high - low) / self.ticks) * self.ticks

    def _tick_values(self) -> list[Decimal]:
        low, high = self._bounds()
        return [
            low + (high - low) * Decimal(step) / self.ticks
            for step in range(self.ticks + 1)
        ]

    def _layout(self, width: int, height: int, suffix: str = "") -> _Layout:
        # Room on the left for the longest value label.
        longest = max(_text_width(self.formatter(v)) for v in self._tick_values())
        return _Layout(width, height, left=max(40, round(longest) + 12), suffix=suffix)

    def _x(self, layout: _Layout, index: int) -> float:
        if len(self.labels) <= 1:
            return layout.left + layout.plot_width / 2
        return layout.left + layout.plot_width * index / (len(self.labels) - 1)

    def _y(self, layout: _Layout, value: Decimal, low: Decimal, high: Decimal) -> float:
        plot = layout.height - layout.top - layout.bottom
        return layout.top + plot * float((high - value) / (high - low))

    def _labelled(self, layout: _Layout) -> list[int]:
        """The periods whose labels fit side by side: every one, or every
        n-th counting back from the latest."""
        count = len(self.labels)
        if count <= 1:
            return list(range(count))
        room = max(_text_width(label) for label in self.labels) + TEXT_SIZE
        fits = max(2, int(layout.plot_width // room) + 1)
        step = -(-(count - 1) // (fits - 1))  # ceiling division
        return sorted(range(count - 1, -1, -step))

    def svg(self) -> SafeString:
        """The wide drawing."""
        return self._draw(self._layout(self.width, self.height), "app-chart")

    def narrow_svg(self) -> SafeString:
        """The drawing for a phone's width."""
        layout = self._layout(self.narrow_width, self.narrow_height, "-narrow")
        return self._draw(layout, "app-chart app-chart--narrow")

    @property
    def responsive_svg(self) -> SafeString:
        """Both drawings, for a page whose styles show the one that fits."""
        wide = self._draw(
            self._layout(self.width, self.height), "app-chart app-chart--wide"
        )
        return mark_safe(wide + self.narrow_svg())  # noqa: S308  # both escaped

    def _draw(self, layout: _Layout, css_class: str) -> SafeString:
        low, high = self._bounds()
        title_id = f"{self.chart_id}{layout.suffix}-title"
        desc_id = f"{self.chart_id}{layout.suffix}-desc"
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" '
            f'viewBox="0 0 {layout.width} {layout.height + 24 * len(self.series)}" '
            f'width="{layout.width}" role="img" '
            f'aria-labelledby="{title_id} {desc_id}" font-family="{FONT_FAMILY}">',
            f'<title id="{title_id}">{escape(self.title)}</title>',
            f'<desc id="{desc_id}">{escape(self.description)}</desc>',
        ]
        for value in self._tick_values():
            y = self._y(layout, value, low, high)
            parts.append(
                f'<line x1="{layout.left}" x2="{layout.width - layout.right}" '
                f'y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
            )
            parts.append(
                f'<text x="{layout.left - 6}" y="{y + 5:.1f}" text-anchor="end" '
                f'font-size="{TEXT_SIZE}" fill="{BLACK}">'
                f"{escape(self.formatter(value))}</text>"
            )
        for index in self._labelled(layout):
            x = self._x(layout, index)
            parts.append(
                f'<text x="{x:.1f}" y="{layout.height - layout.bottom + 20}" '
                f'text-anchor="middle" font-size="{TEXT_SIZE}" fill="{BLACK}">'
                f"{escape(self.labels[index])}</text>"
            )
        for series in self.series:
            parts.extend(self._series_marks(layout, series, low, high))
        parts.extend(self._legend(layout))
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308  # every text is escaped above

    def _series_marks(
        self, layout: _Layout, series: Series, low: Decimal, high: Decimal
    ) -> list[str]:
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
            x, y = self._x(layout, index), self._y(layout, value, low, high)
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

    def _legend(self, layout: _Layout) -> list[str]:
        marks = []
        left = layout.left
        for index, series in enumerate(self.series):
            y = layout.height + 24 * index
            dash = f' stroke-dasharray="{series.dashes}"' if series.dashes else ""
            marks.append(
                f'<line x1="{left}" x2="{left + 32}" y1="{y}" y2="{y}" '
                f'stroke="{series.colour}" stroke-width="3"{dash}/>'
            )
            marks.append(self._marker(series, left + 16, y))
            marks.append(
                f'<text x="{left + 40}" y="{y + 5}" font-size="{LEGEND_SIZE}" '
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

    @property
    def labelled_rows(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The same rows with each value beside its series' heading, for a
        table that lists each period's values under their names on a phone."""
        return [
            (label, list(zip(self.headings, cells, strict=True)))
            for label, cells in self.rows
        ]

    def _cell(self, series: Series, index: int) -> str:
        if index in series.withheld:
            return fewer_than()
        return self.formatter(series.values[index])
