"""The bar chart of counts of people on a public page draws only what the
disclosure rule lets its table show."""

import re

from django.template.loader import render_to_string

from consultations.analysis import Chart
from sendportal.disclosure import suppress
from tests.subtraction import hidden_values


def drawn(counts: dict[str, int]) -> str:
    chart = Chart.from_table("Who answered", suppress(counts))
    return render_to_string(
        "consultations/includes/_bar_chart.html", {"chart": chart, "chart_id": "c"}
    )


def test_a_suppressed_bar_is_not_drawn_and_the_table_says_fewer_than_5() -> None:
    html = drawn({"Parents": 23, "Health professionals": 3, "Young people": 0})
    chart = html.split("<details")[0]
    # Bars as a share of the largest shown bar; none drawn for the 3.
    assert re.findall(r'<rect [^>]*width="([\d.]+)%"', chart) == ["100.0", "0.0"]
    assert chart.count("<rect") == 2
    assert "fewer than 5" in chart
    assert re.findall(r'govuk-table__cell--numeric">([^<]+)<', html) == [
        "23",
        "fewer than 5",
        "0",
    ]
    # No percentage: 23 as a share of the total would give the total, and 3.
    assert not re.search(r"[\d.]%[ )<]", html)
    assert "Per cent" not in html


def test_a_group_of_3_reads_and_draws_the_same_as_1_2_or_4() -> None:
    html = drawn({"Parents": 23, "Health professionals": 3})
    for other in (1, 2, 4):
        assert drawn({"Parents": 23, "Health professionals": other}) == html
    # The bar's length is 23 against the largest shown bar (itself), never
    # against the total, so the drawing holds no total to subtract from.
    assert hidden_values("24 to 27", ["23"]) == {1, 2, 3, 4}


def test_with_nothing_suppressed_the_chart_shows_counts_and_percentages() -> None:
    html = drawn({"Parents": 30, "Young people": 10})
    assert re.findall(r'govuk-table__cell--numeric">([^<]+)<', html) == [
        "30",
        "75.0%",
        "10",
        "25.0%",
    ]
    assert re.findall(r'<rect [^>]*width="([\d.]+)%"', html) == ["100.0", "33.3"]


def test_labels_and_figures_are_page_text_so_they_do_not_shrink_with_the_bars() -> None:
    """On a phone an SVG's text shrinks with its width; the bar chart draws
    only its bars in SVG, with no viewBox to scale them."""
    html = drawn({"Parent or carer of a child with SEND": 30, "Young people": 10})
    chart = html.split("<details")[0]
    assert "<text" not in chart
    assert "viewBox" not in chart
    assert re.search(
        r'<span class="app-break-words">Parent or carer of a child with SEND</span> '
        r'<strong class="app-bar-chart__value">30 \(75.0%\)</strong>',
        chart,
    )
    assert chart.count('aria-hidden="true"') == 2  # the bars, not the words
