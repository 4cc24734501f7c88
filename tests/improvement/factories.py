import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from improvement.models import Action
from improvement.models import FinanceLine
from improvement.models import FinanceValue
from improvement.models import Kpi
from improvement.models import KpiBenchmark
from improvement.models import KpiTarget
from improvement.models import KpiValue
from improvement.models import Plan
from improvement.models import ReportingPeriod
from improvement.models import Workstream
from improvement.periods import PeriodType
from improvement.periods import period_containing
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import StrategyFactory


class PlanFactory(DjangoModelFactory[Plan]):
    class Meta:
        model = Plan

    strategy = factory.SubFactory(StrategyFactory, approved=True)
    area = factory.SelfAttribute("strategy.area")
    title = factory.Sequence(lambda n: f"SEND Improvement Plan {n}")
    board = "SEND Partnership Board"


class WorkstreamFactory(DjangoModelFactory[Workstream]):
    class Meta:
        model = Workstream

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Impact group {n}")


class ActionFactory(DjangoModelFactory[Action]):
    class Meta:
        model = Action

    workstream = factory.SubFactory(WorkstreamFactory)
    plan = factory.SelfAttribute("workstream.plan")
    priority = factory.SubFactory(
        PriorityFactory, strategy=factory.SelfAttribute("..plan.strategy")
    )
    reference = factory.Sequence(lambda n: f"1.{n + 1}")
    title = factory.Sequence(lambda n: f"Action {n}")
    start_date = datetime.date(2026, 1, 1)
    due_date = datetime.date(2026, 12, 31)


def period(area, period_type: str, day: datetime.date) -> ReportingPeriod:
    return ReportingPeriod.for_bounds(area, period_containing(period_type, day))


class KpiFactory(DjangoModelFactory[Kpi]):
    class Meta:
        model = Kpi

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"KPI_{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "percent"
    direction = "higher"
    period_type = PeriodType.FIN_QUARTER
    tolerance = Decimal(5)


class KpiTargetFactory(DjangoModelFactory[KpiTarget]):
    class Meta:
        model = KpiTarget

    kpi = factory.SubFactory(KpiFactory)
    period = factory.LazyAttribute(
        lambda o: period(o.kpi.plan.area, o.kpi.period_type, datetime.date(2026, 5, 1))
    )
    value = Decimal(60)


class KpiValueFactory(DjangoModelFactory[KpiValue]):
    class Meta:
        model = KpiValue

    kpi = factory.SubFactory(KpiFactory)
    period = factory.LazyAttribute(
        lambda o: period(o.kpi.plan.area, o.kpi.period_type, datetime.date(2026, 5, 1))
    )
    value = Decimal(50)


class KpiBenchmarkFactory(DjangoModelFactory[KpiBenchmark]):
    class Meta:
        model = KpiBenchmark

    kpi = factory.SubFactory(KpiFactory)
    period = factory.LazyAttribute(
        lambda o: period(o.kpi.plan.area, o.kpi.period_type, datetime.date(2026, 5, 1))
    )
    value = Decimal(48)


class FinanceLineFactory(DjangoModelFactory[FinanceLine]):
    class Meta:
        model = FinanceLine

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"line-{n}")
    name = factory.Sequence(lambda n: f"Finance line {n}")


class FinanceValueFactory(DjangoModelFactory[FinanceValue]):
    class Meta:
        model = FinanceValue

    line = factory.SubFactory(FinanceLineFactory)
    period = factory.LazyAttribute(
        lambda o: period(
            o.line.plan.area, PeriodType.FIN_QUARTER, datetime.date(2026, 5, 1)
        )
    )
    budget = Decimal("10.000")
    forecast_outturn = Decimal("12.500")
