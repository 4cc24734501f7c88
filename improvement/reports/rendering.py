"""Drawing a report from its snapshot: HTML for the page and for the PDF.

Both read only the frozen snapshot; charts are the shared server-rendered SVG
of `improvement.charts`, inlined so the PDF renderer fetches nothing. The PDF
and the published page are public documents (the PDF goes to cabinet and out
with its papers), so they apply the disclosure rule of
`sendportal/disclosure.py`; the staff page of a report keeps exact figures.
"""

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sendportal.disclosure import public_count
from sendportal.disclosure import suppress
from sendportal.govuk_format import pounds_million
from strategies.codes import RespondentType

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


def kpi_chart(index: int, kpi: dict[str, Any], *, public: bool) -> LineChart:
    """The KPI's trend against target and England, from the snapshot only."""
    trend = kpi["trend"]
    # An unsaved KPI only to format values in its unit, as the live pages do.
    unit = Kpi(unit=kpi["unit"])
    value_line = Series(_("Value"), _decimals(trend["value"]), colour=BLUE)
    if public and unit.counts_people:
        value_line = value_line.without_small_counts()
    lines = [value_line]
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
        formatter=unit.format,
        width=600,
        height=240,
    )


def public_coproduction(coproduction: dict[str, Any]) -> dict[str, Any]:
    """Voices heard as the public sees them: each column (survey responses,
    event attendance) is a table of groups whose total is its sum."""
    # In the code list's order: sorted by size, as staff see them, a hidden
    # group's place would tell which of its neighbours it is bigger than.
    order = {code: index for index, code in enumerate(RespondentType.values)}
    groups = sorted(
        coproduction["groups"], key=lambda g: order.get(g["code"], len(order))
    )
    responses = suppress({g["code"]: g["responses"] for g in groups})
    attendance = suppress({g["code"]: g["attendance"] for g in groups})
    return {
        **coproduction,
        "responses_total": str(responses.total),
        "attendance_total": str(attendance.total),
        "groups": [
            {**group, "responses": str(response), "attendance": str(attended)}
            for group, response, attended in zip(
                groups, responses, attendance, strict=True
            )
        ],
    }


def thread_context(thread: dict[str, Any], *, public: bool) -> dict[str, Any]:
    """The golden thread with each theme's count of people as its reader sees
    it: in public, the total of its table by respondent group, with the rule
    applied (a range when a group is small); for staff, exact."""
    priorities = []
    for priority in thread["priorities"]:
        themes = []
        for theme in priority["themes"]:
            if public:
                shown = str(suppress(theme["groups"]).total)
            else:
                shown = f"{theme['people']:,}"
            themes.append({**theme, "people_display": shown})
        priorities.append({**priority, "themes": themes})
    return {**thread, "priorities": priorities}


def people(count: int, *, public: bool) -> str:
    """How many people said something: "12 people", "fewer than 5 people"."""
    if public:
        return _("%(count)s people") % {"count": public_count(count)}
    return ngettext("%(count)s person", "%(count)s people", count) % {
        "count": f"{count:,}"
    }


def report_context(report: ProgressReport, *, public: bool = False) -> dict[str, Any]:
    """What the report templates need, drawn from the snapshot alone."""
    snapshot = report.snapshot
    you_said = [
        {
            **item,
            "said_people": people(item["said_count"], public=public)
            if item["said_count"] is not None
            else "",
        }
        for item in snapshot["you_said_we_did"]
    ]
    snapshot = {**snapshot, "you_said_we_did": you_said}
    if public:
        snapshot["coproduction"] = public_coproduction(snapshot["coproduction"])
    if "thread" in snapshot:
        snapshot["thread"] = thread_context(snapshot["thread"], public=public)
    kpis = []
    for index, kpi in enumerate(snapshot["kpis"]):
        chart = kpi_chart(index, kpi, public=public) if kpi["trend"]["labels"] else None
        headings, rows = (chart.headings, chart.rows) if chart else ([], [])
        # Each period's figures as one line ("Value 38%; Target 50%"): lists
        # lay out faster than tables in WeasyPrint.
        lines = [
            (label, "; ".join(f"{h} {c}" for h, c in zip(headings, cells, strict=True)))
            for label, cells in rows
        ]
        value_display = kpi["value_display"]
        if public and kpi["value"] is not None:
            value_display = Kpi(unit=kpi["unit"]).public_format(Decimal(kpi["value"]))
        kpis.append(
            {**kpi, "value_display": value_display, "chart": chart, "rows": lines}
        )
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
        "public": public,
        "s": snapshot,
        "kpis": kpis,
        "finance_lines": finance_lines,
        "finance_totals": {key: money(value) for key, value in totals.items()}
        if totals
        else None,
    }


def render_report_html(report: ProgressReport) -> str:
    """The standalone document WeasyPrint turns into the PDF: public, so with
    the disclosure rule applied."""
    return render_to_string(
        "improvement/reports/pdf/report.html", report_context(report, public=True)
    )
