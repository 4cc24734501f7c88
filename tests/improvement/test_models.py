"""Overdue actions and the plan's QuerySets, at period boundaries."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from improvement.models import Action
from improvement.models import Plan
from improvement.models import ReportingPeriod
from tests.improvement.factories import ActionFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("moment", "overdue"),
    [
        # Due 31 March 2026, the last day of the financial year.
        (datetime.datetime(2026, 3, 31, 12, 0, tzinfo=UTC), False),
        # 22:59 UTC is still 31 March in London (BST since 29 March).
        (datetime.datetime(2026, 3, 31, 22, 59, tzinfo=UTC), False),
        # 23:00 UTC is midnight in London: the due date has passed.
        (datetime.datetime(2026, 3, 31, 23, 0, tzinfo=UTC), True),
        (datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC), True),
    ],
)
def test_an_action_is_overdue_from_the_day_after_it_is_due(
    workstream, moment, overdue
) -> None:
    action = ActionFactory.create(
        workstream=workstream, due_date=datetime.date(2026, 3, 31)
    )
    with time_machine.travel(moment, tick=False):
        today = timezone.localdate()
        assert action.is_overdue(today) is overdue
        assert Action.objects.overdue(on=today).filter(pk=action.pk).exists() is overdue


def test_a_revised_due_date_replaces_the_original(workstream) -> None:
    action = ActionFactory.create(
        workstream=workstream,
        due_date=datetime.date(2026, 3, 31),
        revised_due_date=datetime.date(2026, 6, 30),
    )
    on = datetime.date(2026, 4, 1)
    assert not action.is_overdue(on)
    assert not Action.objects.overdue(on=on).exists()
    assert Action.objects.overdue(on=datetime.date(2026, 7, 1)).get() == action


@pytest.mark.parametrize("status", ["complete", "closed"])
def test_a_finished_action_is_never_overdue(workstream, status) -> None:
    action = ActionFactory.create(
        workstream=workstream, due_date=datetime.date(2026, 3, 31), status=status
    )
    on = datetime.date(2027, 1, 1)
    assert not action.is_overdue(on)
    assert not Action.objects.overdue(on=on).exists()


def test_updated_this_period_counts_updates_from_the_first_day(
    workstream, lead
) -> None:
    from improvement import services

    action = ActionFactory.create(workstream=workstream)
    with time_machine.travel(datetime.datetime(2026, 3, 31, 22, 0, tzinfo=UTC)):
        services.action_update_record(
            action=action, by=lead, rag="green", status="in_progress", narrative="Ok"
        )
    march = Action.objects.with_update_since(datetime.date(2026, 3, 1)).get()
    april = Action.objects.with_update_since(datetime.date(2026, 4, 1)).get()
    assert march.updated_this_period is True  # type: ignore[attr-defined]
    assert april.updated_this_period is False  # type: ignore[attr-defined]


def test_unpublished_plans_are_hidden_from_other_areas(plan, users_by_role) -> None:
    assert not Plan.objects.visible_to(users_by_role["other_officer"]).exists()
    assert Plan.objects.visible_to(users_by_role["cabinet"]).get() == plan
    plan.is_published = True
    plan.save()
    assert Plan.objects.visible_to(users_by_role["other_officer"]).get() == plan


def test_an_action_must_use_its_own_plans_workstream_and_priorities(
    plan, workstream
) -> None:
    from django.core.exceptions import ValidationError

    from tests.improvement.factories import WorkstreamFactory
    from tests.strategies.factories import PriorityFactory

    action = ActionFactory.create(workstream=workstream)
    action.priority = PriorityFactory.create()
    with pytest.raises(ValidationError, match="priority"):
        action.full_clean()
    action.refresh_from_db()
    action.workstream = WorkstreamFactory.create()
    with pytest.raises(ValidationError, match="workstream"):
        action.full_clean()


def test_the_update_period_follows_the_local_calendar_and_stores_nothing(
    plan: Plan,
) -> None:
    # 23:30 UTC on 31 March is 00:30 on 1 April in London (BST).
    moment = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    with time_machine.travel(moment):
        period = plan.update_period()

        assert timezone.localdate() == datetime.date(2026, 4, 1)
    assert (period.label, period.start) == ("Apr 2026", datetime.date(2026, 4, 1))
    assert not ReportingPeriod.objects.exists()
