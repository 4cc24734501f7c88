import pytest

from improvement.models import Plan
from improvement.models import Workstream
from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from tests.factories import member
from tests.improvement.factories import PlanFactory
from tests.improvement.factories import WorkstreamFactory
from tests.strategies.factories import StrategyFactory

# Text a public page must show as typed, never run as markup or template code.
HOSTILE = '<script>alert("x")</script>{{ 7|add:7 }}'


@pytest.fixture
def plan(area: LocalArea) -> Plan:
    return PlanFactory.create(strategy=StrategyFactory.create(area=area, approved=True))


@pytest.fixture
def lead(users_by_role: dict[str, User | None]) -> User:
    user = users_by_role["lead"]
    assert user is not None
    return user


@pytest.fixture
def workstream(plan: Plan, lead: User) -> Workstream:
    """A workstream of `plan` led by the `lead` user."""
    return WorkstreamFactory.create(plan=plan, name="SEND Support", lead=lead)


@pytest.fixture
def other_workstream(plan: Plan, area: LocalArea) -> Workstream:
    """A workstream of the same plan, led by another workstream lead."""
    other_lead = member(area, Role.WORKSTREAM_LEAD, "lead2@fenmere.example")
    return WorkstreamFactory.create(plan=plan, name="Sufficiency", lead=other_lead)


@pytest.fixture
def published(plan: Plan) -> Plan:
    """`plan`, published: its progress pages are public."""
    plan.is_published = True
    plan.save()
    return plan
