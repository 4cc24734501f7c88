"""Drawing a report from its snapshot: HTML for the page and for the PDF.

Both read only the frozen snapshot; charts are the shared server-rendered SVG
of `improvement.charts`, inlined so the PDF renderer fetches nothing.
"""

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from consultations.suppression import public_count
from sendportal.govuk_format import pounds_million

from ..charts import BLACK
from ..charts import BLUE
from ..charts import ORANGE
from ..charts import LineChart
from ..charts import Series
from ..models import Kpi
from .models import ProgressReport


def _decimals(values: list[str | None]) -> list[Decimal | None]:
    return [None if value is None else Decimal(value) for value in values]


def money(value: str | None) -> str:
    """An amount in £ million, with a sign for overspends: £12.500m."""
    if value is None:
        return "–"
    return pounds_million(Decimal(value))


def kpi_chart(index: int, kpi: dict[str, Any]) -> LineChart:
    """The KPI's trend against target and England, from the snapshot only."""
    trend = kpi["trend"]
    # An unsaved KPI only to format values in its unit, as the live pages do.
    formatter = Kpi(unit=kpi["unit"]).format
    lines = [Series(_("Value"), _decimals(trend["value"]), colour=BLUE)]
    if any(value is not None for value in trend["target"]):
        lines.append(
            Series(
                _("Target"),
                _decimals(trend["target"]),
                colour=BLACK,
                dashes="8 4",
                marker="square",
            )
        )
    if any(value is not None for value in trend["england"]):
        lines.append(
            Series(
                _("England"),
                _decimals(trend["england"]),
                colour=ORANGE,
                dashes="2 3",
                marker="none",
            )
        )
    labels = trend["labels"]
    return LineChart(
        chart_id=f"report-kpi-{index}",
        title=kpi["name"],
        description=_(
            "Line chart of %(name)s from %(first)s to %(last)s, with its target "
            "and the England average where known. The table gives the same figures."
        )
        % {
            "name": kpi["name"],
            "first": labels[0] if labels else "",
            "last": labels[-1] if labels else "",
        },
        labels=labels,
        series=lines,
        formatter=formatter,
        width=600,
        height=240,
    )


def suppressed(coproduction: dict[str, Any]) -> dict[str, Any]:
    """Co-production counts as the public sees them: under 5 suppressed."""
    return {
        **coproduction,
        "responses_total": public_count(coproduction["responses_total"]),
        "attendance_total": public_count(coproduction["attendance_total"]),
        "groups": [
            {
                **group,
                "responses": public_count(group["responses"]),
                "attendance": public_count(group["attendance"]),
            }
            for group in coproduction["groups"]
        ],
    }


def report_context(report: ProgressReport, *, public: bool = False) -> dict[str, Any]:
    """What the report templates need, drawn from the snapshot alone."""
    snapshot = report.snapshot
    if public:
        snapshot = {**snapshot, "coproduction": suppressed(snapshot["coproduction"])}
    kpis = []
    for index, kpi in enumerate(snapshot["kpis"]):
        chart = kpi_chart(index, kpi) if kpi["trend"]["labels"] else None
        headings, rows = (chart.headings, chart.rows) if chart else ([], [])
        # Each period's figures as one line ("Value 38%; Target 50%"): lists
        # lay out faster than tables in WeasyPrint.
        lines = [
            (label, "; ".join(f"{h} {c}" for h, c in zip(headings, cells, strict=True)))
            for label, cells in rows
        ]
        kpis.append({**kpi, "chart": chart, "rows": lines})
    finance = snapshot["finance"]
    finance_lines = [
        {
            **line,
            **{
                f"{key}_display": money(line[key])
                for key in ("budget", "forecast", "actual", "variance")
            },
        }
        for line in finance["lines"]
    ]
    totals = finance["totals"]
    return {
        "report": report,
        "s": snapshot,
        "kpis": kpis,
        "finance_lines": finance_lines,
        "finance_totals": {key: money(value) for key, value in totals.items()}
        if totals
        else None,
    }


def render_report_html(report: ProgressReport) -> str:
    """The standalone document WeasyPrint turns into the PDF."""
    return render_to_string(
        "improvement/reports/pdf/report.html", report_context(report)
    )
