import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from improvement.models import ActionUpdate
from improvement.models import ProgressReport
from improvement.periods import PeriodType
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import PlanFactory
from tests.improvement.factories import period


class ActionUpdateFactory(DjangoModelFactory[ActionUpdate]):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    rag = factory.SelfAttribute("action.rag")
    status = "in_progress"
    narrative = "Recruitment has slipped."
    created_at = factory.LazyFunction(timezone.now)


class ProgressReportFactory(DjangoModelFactory[ProgressReport]):
    """A queued report row with an empty snapshot (use the service for real ones)."""

    class Meta:
        model = ProgressReport

    plan = factory.SubFactory(PlanFactory)
    area = factory.SelfAttribute("plan.area")
    period = factory.LazyAttribute(
        lambda o: period(o.plan.area, PeriodType.FIN_QUARTER, datetime.date(2026, 5, 1))
    )
    version = factory.Sequence(lambda n: n + 1)
    requested_at = factory.LazyFunction(timezone.now)
    executive_summary = "A good quarter."
