"""The SVG line chart: accessible, escaped, with gaps and a table alternative."""

import re
from decimal import Decimal

from improvement.charts import LineChart
from improvement.charts import Series

D = Decimal


def chart(**kwargs) -> LineChart:
    defaults = {
        "chart_id": "c1",
        "title": "EHC plans within 20 weeks",
        "description": "Rising from 35% to 75%.",
        "labels": ["Q1", "Q2", "Q3"],
        "series": [
            Series("Value", [D(35), None, D(75)]),
            Series("Target", [D(40), D(50), D(60)], dashes="8 4", marker="square"),
        ],
    }
    return LineChart(**{**defaults, **kwargs})


def test_chart_has_a_title_and_description_for_screen_readers() -> None:
    svg = str(chart().svg())
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">EHC plans within 20 weeks</title>' in svg
    assert '<desc id="c1-desc">Rising from 35% to 75%.</desc>' in svg


def test_a_missing_value_leaves_a_gap_rather_than_a_line() -> None:
    svg = str(chart().svg())
    # The value series has two lone points (no polyline); the target has one line.
    assert svg.count("<polyline") == 1
    assert svg.count("<circle") == 2 + 1  # two values and the legend marker


def test_hostile_text_is_escaped_in_the_svg() -> None:
    svg = str(
        chart(
            title="<script>x</script>",
            labels=['"><img onerror=1>', "Q2", "Q3"],
            series=[Series("</text><script>", [D(1), D(2), D(3)])],
        ).svg()
    )
    assert "<script>" not in svg
    assert "<img" not in svg
    assert "&lt;script&gt;" in svg


def test_table_alternative_gives_every_value() -> None:
    table = chart()
    assert table.headings == ["Value", "Target"]
    assert table.rows == [
        ("Q1", ["35", "40"]),
        ("Q2", ["–", "50"]),
        ("Q3", ["75", "60"]),
    ]


def test_a_chart_without_values_still_renders() -> None:
    svg = str(chart(series=[Series("Value", [None, None, None])]).svg())
    assert svg.startswith("<svg")
    assert "<polyline" not in svg


def test_the_value_axis_runs_from_zero_to_a_round_number() -> None:
    svg = str(chart(series=[Series("Value", [D("35.2"), D("61.8"), D("75.1")])]).svg())
    # Ticks at 0, 20, 40, 60 and 80: round steps above the highest value.
    for tick in (">0<", ">20<", ">40<", ">60<", ">80<"):
        assert tick in svg


def test_the_same_svg_renders_in_a_pdf() -> None:
    """The cabinet report renders charts with WeasyPrint from the same markup."""
    from weasyprint import HTML

    html = f"<html lang='en'><body><h1>Report</h1>{chart().svg()}</body></html>"
    pdf = HTML(string=html).write_pdf()
    assert pdf is not None
    assert pdf.startswith(b"%PDF-")


def withheld(values: list[int]) -> LineChart:
    series = Series("Young people placed", [D(v) for v in values])
    return chart(series=[series.without_small_counts()])


def test_a_count_of_fewer_than_5_is_not_drawn_and_reads_fewer_than_5() -> None:
    drawn = withheld([12, 3, 20])
    assert drawn.rows == [("Q1", ["12"]), ("Q2", ["fewer than 5"]), ("Q3", ["20"])]
    svg = str(drawn.svg())
    assert svg.count("<circle") == 2 + 1  # the 12 and the 20, and the legend
    assert "<polyline" not in svg  # no line runs through the hidden point
    # Neither the points nor the axis change with the hidden count.
    for other in (1, 2, 4):
        assert str(withheld([12, other, 20]).svg()) == svg


def test_a_small_count_that_would_be_the_highest_does_not_set_the_axis() -> None:
    svg = str(withheld([3, 2, 0]).svg())
    assert svg == str(withheld([4, 1, 0]).svg())
    assert svg.count("<circle") == 1 + 1  # only the 0, and the legend


QUARTERS = [f"20{y}/{y + 1} Q{q}" for y in (22, 23) for q in (1, 2, 3, 4)]


def test_both_drawings_are_in_the_portals_sans_serif_at_readable_sizes() -> None:
    """Each drawing is shown only where its box keeps its text at 12 px or more
    (portal.scss), so every size must be at least 14 of its units: the wide one
    from 560 of 640 px, the narrow one from 240 of 280 px."""
    html = str(
        chart(labels=QUARTERS, series=[Series("Value", [D(1)] * 8)]).responsive_svg
    )
    wide, narrow = html.split("</svg>")[:2]
    assert 'class="app-chart app-chart--wide"' in wide
    assert 'viewBox="0 0 640 ' in wide
    assert 'class="app-chart app-chart--narrow"' in narrow
    assert 'viewBox="0 0 280 ' in narrow
    for drawing in (wide, narrow):
        assert 'font-family="arial, sans-serif"' in drawing
        sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', drawing)]
        assert sizes
        assert min(sizes) >= 14
    # Each drawing has its own ids, for the one a screen reader meets.
    assert 'aria-labelledby="c1-title c1-desc"' in wide
    assert 'aria-labelledby="c1-narrow-title c1-narrow-desc"' in narrow


def test_the_narrow_drawing_labels_fewer_periods_always_the_latest() -> None:
    drawn = chart(labels=QUARTERS, series=[Series("Value", [D(1)] * 8)])

    def labelled(svg: str) -> list[str]:
        return [label for label in QUARTERS if f">{label}</text>" in svg]

    wide, narrow = labelled(str(drawn.svg())), labelled(str(drawn.narrow_svg()))
    assert len(narrow) < len(wide) <= len(QUARTERS)
    assert narrow[-1] == wide[-1] == "2023/24 Q4"
    # Every point is still drawn; the table gives every label.
    assert str(drawn.narrow_svg()).count("<circle") == 8 + 1
    assert [label for label, _ in drawn.rows] == QUARTERS


def test_the_table_rows_name_each_value_for_a_phone_layout() -> None:
    assert chart().labelled_rows[1] == ("Q2", [("Value", "–"), ("Target", "50")])
