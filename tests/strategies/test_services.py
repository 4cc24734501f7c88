"""The strategy lifecycle: draft -> in consultation -> approved -> superseded."""

import datetime
from typing import Any

import pytest

from sendportal.audit.models import AuditEvent
from strategies import services
from strategies.models import Strategy
from strategies.models import StrategyStatus
from strategies.services import StrategyTransitionError
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import StrategyFactory

pytestmark = pytest.mark.django_db

APPROVAL: dict[str, Any] = {
    "approval_body": "cabinet",
    "approved_on": datetime.date(2026, 3, 2),
}


@pytest.fixture
def draft(area):
    strategy = StrategyFactory.create(area=area)
    PriorityFactory.create(strategy=strategy, number=1)
    return strategy


def verbs(strategy: Strategy) -> list[str]:
    return list(
        AuditEvent.objects.for_subject(strategy)
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def test_creating_a_strategy_starts_a_draft_and_records_who_did_it(
    area, officer
) -> None:
    strategy = services.strategy_create(
        area=area,
        by=officer,
        data={
            "title": "SEND Strategy",
            "period_start": 2026,
            "period_end": 2029,
            "vision": "V",
        },
    )
    assert strategy.status == StrategyStatus.DRAFT
    event = AuditEvent.objects.for_subject(strategy).get()
    assert (event.actor, event.verb, event.area_id) == (
        officer,
        "strategy.created",
        area.pk,
    )
    assert event.changes["title"] == [None, "SEND Strategy"]


def test_the_full_lifecycle_is_audited_step_by_step(draft, officer) -> None:
    services.strategy_publish(strategy=draft, by=officer)
    services.strategy_withdraw(strategy=draft, by=officer)
    services.strategy_publish(strategy=draft, by=officer)
    services.strategy_approve(
        strategy=draft, by=officer, decision_reference="Min 6", **APPROVAL
    )
    draft.refresh_from_db()
    assert draft.status == StrategyStatus.APPROVED
    assert draft.decision_reference == "Min 6"
    assert draft.published_at is not None
    assert verbs(draft) == [
        "strategy.published",
        "strategy.withdrawn",
        "strategy.published",
        "strategy.approved",
    ]


def test_approving_a_new_version_supersedes_the_old_one(area, officer) -> None:
    old = StrategyFactory.create(area=area, approved=True)
    PriorityFactory.create(strategy=old, number=1, title="Early help")
    new = services.strategy_new_version(strategy=old, by=officer)
    assert new.status == StrategyStatus.DRAFT
    assert new.supersedes == old
    assert list(new.priorities.values_list("title", flat=True)) == ["Early help"]

    services.strategy_approve(strategy=new, by=officer, **APPROVAL)
    old.refresh_from_db()
    assert old.status == StrategyStatus.SUPERSEDED
    assert verbs(old)[-1] == "strategy.superseded"


@pytest.mark.parametrize(
    ("status", "step", "message"),
    [
        ("in_consultation", "publish", "Only a draft can be published"),
        ("approved", "publish", "Only a draft can be published"),
        ("draft", "withdraw", "Only a strategy in consultation can go back to draft"),
        (
            "approved",
            "withdraw",
            "Only a strategy in consultation can go back to draft",
        ),
        ("approved", "approve", "already “Approved”. It cannot be approved again"),
        ("superseded", "approve", "already “Superseded”. It cannot be approved again"),
        ("draft", "new_version", "still a draft"),
    ],
)
def test_invalid_transitions_are_refused_with_a_clear_message(
    area, officer, status, step, message
) -> None:
    strategy = StrategyFactory.create(
        area=area,
        status=status,
        approval_body="cabinet" if status in ("approved", "superseded") else "",
        approved_on=datetime.date(2025, 1, 1)
        if status in ("approved", "superseded")
        else None,
    )
    PriorityFactory.create(strategy=strategy)
    calls = {
        "publish": lambda: services.strategy_publish(strategy=strategy, by=officer),
        "withdraw": lambda: services.strategy_withdraw(strategy=strategy, by=officer),
        "approve": lambda: services.strategy_approve(
            strategy=strategy, by=officer, **APPROVAL
        ),
        "new_version": lambda: services.strategy_new_version(
            strategy=strategy, by=officer
        ),
    }
    with pytest.raises(StrategyTransitionError) as refused:
        calls[step]()
    assert message in refused.value.messages[0]
    strategy.refresh_from_db()
    assert strategy.status == status
    assert not AuditEvent.objects.for_subject(strategy).exists()


def test_a_strategy_without_priorities_cannot_be_published(area, officer) -> None:
    strategy = StrategyFactory.create(area=area)
    with pytest.raises(StrategyTransitionError, match="at least one priority"):
        services.strategy_publish(strategy=strategy, by=officer)


def test_an_approved_strategy_and_its_priorities_cannot_be_edited(
    area, officer
) -> None:
    strategy = StrategyFactory.create(area=area, approved=True)
    with pytest.raises(StrategyTransitionError, match="new version"):
        services.strategy_update(strategy=strategy, by=officer, data={"title": "X"})
    with pytest.raises(StrategyTransitionError, match="new version"):
        services.priority_save(
            strategy=strategy, by=officer, data={"number": 9, "title": "T"}, outcomes=[]
        )


def test_saving_a_priority_replaces_its_outcomes_and_records_the_change(
    draft, officer
) -> None:
    priority = draft.priorities.get()
    services.priority_save(
        strategy=draft,
        by=officer,
        priority=priority,
        data={"title": "Preparing for the future"},
        outcomes=[
            "I know my options after school",
            "  ",
            "We will plan transitions early",
        ],
    )
    outcomes = list(priority.outcomes.values_list("text", "voice"))
    assert outcomes == [
        ("I know my options after school", "i_statement"),
        ("We will plan transitions early", "we_will"),
    ]
    event = AuditEvent.objects.for_subject(draft).get(verb="priority.changed")
    assert event.changes["title"][1] == "Preparing for the future"
    assert event.changes["outcomes"][0] == []


def test_hostile_text_is_stored_exactly_as_typed(area, officer) -> None:
    hostile = (
        '<script>alert(1)</script> {{ 7*7 }} {% debug %} =HYPERLINK("x") \u202egnp.exe'
    )
    strategy = services.strategy_create(
        area=area,
        by=officer,
        data={
            "title": hostile[:200],
            "period_start": 2026,
            "period_end": 2027,
            "vision": hostile,
        },
    )
    strategy.refresh_from_db()
    assert strategy.vision == hostile
