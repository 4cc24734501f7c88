"""A plan with a quarter's worth of everything a progress report shows."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from consultations.models import Response
from improvement.models import Action
from improvement.models import Kpi
from improvement.models import Plan
from improvement.models import Rag
from improvement.models import ReportingPeriod
from improvement.periods import PeriodType
from sendportal.areas.models import LocalArea
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import ResponseFactory
from tests.consultations.factories import YouSaidWeDidFactory
from tests.events.factories import AttendanceCountFactory
from tests.events.factories import EventFactory
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import FinanceLineFactory
from tests.improvement.factories import FinanceValueFactory
from tests.improvement.factories import KpiBenchmarkFactory
from tests.improvement.factories import KpiFactory
from tests.improvement.factories import KpiTargetFactory
from tests.improvement.factories import KpiValueFactory
from tests.improvement.factories import WorkstreamFactory
from tests.improvement.factories import period
from tests.improvement.reports.factories import ActionUpdateFactory
from tests.strategies.factories import PriorityFactory

IN_QUARTER = datetime.datetime(2026, 5, 12, 10, 0, tzinfo=datetime.UTC)


@dataclass
class Quarter:
    plan: Plan
    period: ReportingPeriod
    red_action: Action
    kpi: Kpi


def q(area: LocalArea, day: datetime.date) -> ReportingPeriod:
    return period(area, PeriodType.FIN_QUARTER, day)


@pytest.fixture
def quarter(plan: Plan, area: LocalArea) -> Quarter:
    return build_quarter(plan, area)


def build_quarter(plan: Plan, area: LocalArea) -> Quarter:
    """Plan actions, a KPI over three quarters, finance and co-production in Q1."""
    this_quarter = q(area, datetime.date(2026, 5, 1))
    first = PriorityFactory.create(
        strategy=plan.strategy, number=1, title="Early identification"
    )
    second = PriorityFactory.create(
        strategy=plan.strategy, number=2, title="Preparing for adulthood"
    )
    workstream = WorkstreamFactory.create(plan=plan, name="Assessment impact group")
    red = ActionFactory.create(
        workstream=workstream,
        priority=first,
        reference="1.1",
        title="Recruit two educational psychologists",
        rag=Rag.RED,
        status="in_progress",
    )
    ActionUpdateFactory.create(
        action=red,
        narrative="Both posts failed to recruit.",
        next_steps="Agency cover from June.",
    )
    ActionFactory.create(
        workstream=workstream,
        priority=first,
        reference="1.2",
        title="Publish the graduated approach toolkit",
        rag=Rag.AMBER,
    )
    ActionFactory.create(
        workstream=workstream,
        priority=second,
        reference="2.1",
        title="Open the supported internship",
        rag=Rag.GREEN,
    )
    kpi = KpiFactory.create(
        plan=plan,
        code="ehcp_20wk",
        name="New EHC plans issued within 20 weeks",
        tolerance=Decimal(5),
    )
    for day, value, target, england in [
        (datetime.date(2025, 11, 1), "38.0", "50", "46.4"),
        (datetime.date(2026, 2, 1), "41.5", "55", "46.4"),
        (datetime.date(2026, 5, 1), "47.3", "60", "48.2"),
    ]:
        quarter_period = q(area, day)
        KpiValueFactory.create(kpi=kpi, period=quarter_period, value=Decimal(value))
        KpiTargetFactory.create(kpi=kpi, period=quarter_period, value=Decimal(target))
        KpiBenchmarkFactory.create(
            kpi=kpi, period=quarter_period, value=Decimal(england)
        )
    line = FinanceLineFactory.create(plan=plan, name="Top-up funding")
    FinanceValueFactory.create(
        line=line,
        period=this_quarter,
        budget=Decimal("42.100"),
        forecast_outturn=Decimal("45.350"),
        actual=Decimal("11.000"),
    )
    consultation = ConsultationFactory.create(
        area=area,
        status="feedback_published",
        feedback_published_at=IN_QUARTER,
    )
    for respondent_type, count in [("PARENT_CARER", 7), ("YOUNG_PERSON", 3)]:
        for _ in range(count):
            ResponseFactory.create(
                survey__consultation=consultation,
                respondent_type=respondent_type,
                submitted_at=IN_QUARTER,
            )
    ResponseFactory.create(
        survey__consultation=consultation,
        submitted_at=IN_QUARTER - datetime.timedelta(days=60),
    )
    event = EventFactory.create(
        area=area,
        status="held",
        starts_at=IN_QUARTER,
        ends_at=IN_QUARTER + datetime.timedelta(hours=2),
    )
    AttendanceCountFactory.create(event=event, respondent_type="PARENT_CARER", count=23)
    AttendanceCountFactory.create(event=event, respondent_type="HEALTH", count=4)
    YouSaidWeDidFactory.create(
        consultation=consultation,
        you_said="Families wait too long for an assessment.",
        we_did="We recruited more educational psychologists.",
    )
    assert Response.objects.count() == 11
    return Quarter(plan=plan, period=this_quarter, red_action=red, kpi=kpi)
