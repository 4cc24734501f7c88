"""Figures for the staff and public dashboards and progress pages, each in a fixed
number of queries (not the cabinet reports: those are in improvement/reports/)."""

import datetime
from collections import Counter
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal

from django.utils.translation import gettext as _

from strategies.models import Priority

from .charts import BLACK
from .charts import BLUE
from .charts import ORANGE
from .charts import LineChart
from .charts import Series
from .models import Action
from .models import FinanceLine
from .models import FinanceValue
from .models import Kpi
from .models import KpiBenchmark
from .models import KpiTarget
from .models import KpiValue
from .models import Plan
from .models import Rag
from .models import ReportingPeriod
from .rag import kpi_rag

RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.GREY]


@dataclass
class PriorityProgress:
    """A priority's actions with their RAG counts, for the plan overview."""

    priority: Priority | None
    actions: list[Action] = field(default_factory=list)

    @property
    def rag_counts(self) -> list[tuple[str, str, int]]:
        counts = Counter(action.rag for action in self.actions)
        return [(rag.value, str(rag.label), counts[rag]) for rag in RAG_ORDER]


def actions_by_priority(
    plan: Plan,
    actions: Iterable[Action],
    *,
    today: datetime.date,
    priorities: Sequence[Priority] = (),
) -> list[PriorityProgress]:
    """Group actions under the strategy's priorities (in order), flagging overdue."""
    groups = {priority.pk: PriorityProgress(priority) for priority in priorities}
    unassigned = PriorityProgress(None)
    for action in actions:
        action.overdue = action.is_overdue(today)  # type: ignore[attr-defined]
        group = groups.get(action.priority_id) if action.priority_id else None
        if group is None and action.priority_id:
            group = groups.setdefault(
                action.priority_id, PriorityProgress(action.priority)
            )
        (group or unassigned).actions.append(action)
    result = list(groups.values())
    if unassigned.actions:
        result.append(unassigned)
    return result


@dataclass
class KpiRow:
    """A KPI with its values, targets and England comparator by period."""

    kpi: Kpi
    periods: list[ReportingPeriod]
    values: dict[int, KpiValue]
    targets: dict[int, Decimal]
    benchmarks: dict[int, Decimal]

    @property
    def latest_period(self) -> ReportingPeriod | None:
        with_values = [p for p in self.periods if p.pk in self.values]
        return with_values[-1] if with_values else None

    @property
    def latest_value(self) -> KpiValue | None:
        period = self.latest_period
        return self.values.get(period.pk) if period else None

    def target_for(self, period: ReportingPeriod | None) -> Decimal | None:
        return self.targets.get(period.pk) if period else None

    def rag_for(self, period: ReportingPeriod | None) -> Rag | None:
        if period is None:
            return None
        value = self.values.get(period.pk)
        return kpi_rag(
            direction=self.kpi.direction,
            value=value.value if value else None,
            target=self.targets.get(period.pk),
            tolerance=self.kpi.tolerance,
        )

    @property
    def latest_rag(self) -> Rag | None:
        return self.rag_for(self.latest_period)

    @property
    def latest_target(self) -> Decimal | None:
        return self.target_for(self.latest_period)

    @property
    def latest_benchmark(self) -> Decimal | None:
        period = self.latest_period
        return self.benchmarks.get(period.pk) if period else None

    def history(self) -> list[dict[str, object]]:
        return [
            {
                "period": period,
                "value": self.values.get(period.pk),
                "target": self.targets.get(period.pk),
                "benchmark": self.benchmarks.get(period.pk),
                "rag": self.rag_for(period),
            }
            for period in self.periods
        ]

    def public_chart(self) -> LineChart:
        """The chart as a public page draws it (the disclosure rule applied)."""
        return self.chart(public=True)

    def chart(self, *, public: bool = False) -> LineChart:
        def series(
            name: str,
            data: dict[int, Decimal],
            *,
            colour: str,
            dashes: str = "",
            marker: str = "circle",
        ) -> Series:
            values = [data.get(p.pk) for p in self.periods]
            return Series(name, values, colour=colour, dashes=dashes, marker=marker)

        values = {pk: value.value for pk, value in self.values.items()}
        value_line = series(_("Value"), values, colour=BLUE)
        if public and self.kpi.counts_people:
            value_line = value_line.without_small_counts()
        lines = [value_line]
        if self.targets:
            lines.append(
                series(
                    _("Target"),
                    self.targets,
                    colour=BLACK,
                    dashes="8 4",
                    marker="square",
                )
            )
        if self.benchmarks:
            lines.append(
                series(
                    _("England"),
                    self.benchmarks,
                    colour=ORANGE,
                    dashes="2 3",
                    marker="none",
                )
            )
        first = self.periods[0].label if self.periods else ""
        last = self.periods[-1].label if self.periods else ""
        return LineChart(
            chart_id=f"kpi-{self.kpi.pk}-chart",
            title=str(self.kpi.name),
            description=_(
                "Line chart of %(name)s from %(first)s to %(last)s, with its target "
                "and the England average where known. The table below gives the "
                "same figures."
            )
            % {"name": self.kpi.name, "first": first, "last": last},
            labels=[p.label for p in self.periods],
            series=lines,
            formatter=self.kpi.format,
        )


def kpi_rows(kpis: Sequence[Kpi]) -> list[KpiRow]:
    """Whole-area values, targets and England comparators of KPIs, in 3 queries."""
    ids = [kpi.pk for kpi in kpis]
    values = list(
        KpiValue.objects.filter(kpi_id__in=ids, breakdown="").select_related("period")
    )
    targets = list(KpiTarget.objects.filter(kpi_id__in=ids).select_related("period"))
    benchmarks = list(
        KpiBenchmark.objects.filter(
            kpi_id__in=ids, comparator=KpiBenchmark.Comparator.ENGLAND
        ).select_related("period")
    )
    rows = []
    for kpi in kpis:
        periods: dict[int, ReportingPeriod] = {}
        row = KpiRow(kpi, [], {}, {}, {})
        for item in values:
            if item.kpi_id == kpi.pk:
                row.values[item.period_id] = item
                periods[item.period_id] = item.period
        for target in targets:
            if target.kpi_id == kpi.pk:
                row.targets[target.period_id] = target.value
                periods[target.period_id] = target.period
        for benchmark in benchmarks:
            if benchmark.kpi_id == kpi.pk:
                row.benchmarks[benchmark.period_id] = benchmark.value
                periods[benchmark.period_id] = benchmark.period
        row.periods = sorted(periods.values(), key=lambda p: p.start)
        rows.append(row)
    return rows


@dataclass
class FinanceRow:
    line: FinanceLine
    value: FinanceValue | None


@dataclass
class FinancePeriodTotal:
    period: ReportingPeriod
    budget: Decimal
    forecast_outturn: Decimal

    @property
    def variance(self) -> Decimal:
        return self.forecast_outturn - self.budget


def finance_history(values: Sequence[FinanceValue]) -> list[FinancePeriodTotal]:
    """Total budget, forecast and variance of every period with figures, in order."""
    totals: dict[int, FinancePeriodTotal] = {}
    for value in values:
        total = totals.setdefault(
            value.period_id, FinancePeriodTotal(value.period, Decimal(0), Decimal(0))
        )
        total.budget += value.budget
        total.forecast_outturn += value.forecast_outturn
    return sorted(totals.values(), key=lambda total: total.period.start)


@dataclass
class FinanceSummary:
    period: ReportingPeriod | None
    rows: list[FinanceRow]
    totals: dict[str, Decimal]
    history: list[FinancePeriodTotal]


def finance_summary(plan: Plan) -> FinanceSummary:
    """The latest period's figures per line with totals, and every period's total."""
    lines = list(plan.finance_lines.all())
    values = list(FinanceValue.objects.filter(line__plan=plan).select_related("period"))
    latest = max((v.period for v in values), key=lambda p: p.start, default=None)
    by_line = {v.line_id: v for v in values if latest and v.period_id == latest.pk}
    # A retired line stays while it has figures in the period shown.
    rows = [
        FinanceRow(line, by_line.get(line.pk))
        for line in lines
        if line.retired_at is None or line.pk in by_line
    ]
    totals = {
        "budget": sum((r.value.budget for r in rows if r.value), Decimal(0)),
        "forecast_outturn": sum(
            (r.value.forecast_outturn for r in rows if r.value), Decimal(0)
        ),
        "actual": sum(
            (r.value.actual for r in rows if r.value and r.value.actual is not None),
            Decimal(0),
        ),
    }
    totals["variance"] = totals["forecast_outturn"] - totals["budget"]
    return FinanceSummary(latest, rows, totals, finance_history(values))
