"""Gathering a report's figures takes a fixed number of queries."""

import datetime

import pytest

from improvement.models import Rag
from improvement.reports.snapshot import gather_snapshot
from tests.improvement.factories import ActionFactory
from tests.improvement.reports.conftest import IN_QUARTER
from tests.improvement.reports.conftest import Quarter
from tests.improvement.reports.factories import ActionUpdateFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 18


def gather(quarter: Quarter) -> dict:
    return gather_snapshot(
        plan=quarter.plan,
        period=quarter.period,
        executive_summary="",
        next_steps="",
        as_at=IN_QUARTER + datetime.timedelta(days=30),
    )


@pytest.mark.parametrize("extra_actions", [0, 40])
def test_gathering_takes_the_same_bounded_queries_for_few_or_many_actions(
    quarter: Quarter, django_assert_max_num_queries, extra_actions: int
) -> None:
    workstream = quarter.red_action.workstream
    for number in range(extra_actions):
        action = ActionFactory.create(
            workstream=workstream,
            priority=quarter.red_action.priority,
            reference=f"9.{number + 1}",
            rag=[Rag.RED, Rag.AMBER, Rag.GREEN][number % 3],
        )
        ActionUpdateFactory.create(action=action)
    with django_assert_max_num_queries(MAX_QUERIES):
        snapshot = gather(quarter)
    assert snapshot["action_count"] == 3 + extra_actions
