"""Linking actions to themes and citing answers and findings as their evidence."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction

from improvement import services
from improvement.models import Action
from improvement.models import ActionEvidence
from improvement.models import ActionTheme
from sendportal.audit.models import AuditEvent
from tests.consultations.factories import AnswerFactory
from tests.events.factories import FindingFactory
from tests.improvement.factories import ActionFactory
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import StrategyFactory
from tests.strategies.factories import ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(workstream) -> Action:
    return ActionFactory.create(workstream=workstream)


def test_linking_a_theme_is_audited_and_read_with_its_priority(action, officer) -> None:
    priority = PriorityFactory.create(strategy=action.plan.strategy, title="Early help")
    theme = ThemeFactory.create(strategy=action.plan.strategy, priority=priority)

    services.action_theme_link(action=action, theme=theme, by=officer)
    services.action_theme_link(action=action, theme=theme, by=officer)

    links = list(ActionTheme.objects.for_action(action))
    assert [(link.theme, link.theme.priority) for link in links] == [(theme, priority)]
    assert list(Action.objects.for_theme(theme)) == [action]
    event = AuditEvent.objects.get(verb="action.theme_linked")
    assert (event.actor, event.area_id, event.target_id) == (
        officer,
        action.plan.area_id,
        str(action.pk),
    )
    assert event.changes == {"theme": [None, theme.name]}


def test_unlinking_a_theme_is_audited(action, officer) -> None:
    theme = ThemeFactory.create(strategy=action.plan.strategy)
    services.action_theme_link(action=action, theme=theme, by=officer)

    assert services.action_theme_unlink(action=action, theme=theme, by=officer)
    assert not services.action_theme_unlink(action=action, theme=theme, by=officer)

    assert not ActionTheme.objects.exists()
    assert AuditEvent.objects.filter(verb="action.theme_unlinked").count() == 1


def test_a_theme_of_another_area_or_strategy_is_refused(
    action, officer, other_area
) -> None:
    elsewhere = ThemeFactory.create(strategy=StrategyFactory.create(area=other_area))
    other_strategy = ThemeFactory.create(
        strategy=StrategyFactory.create(area=action.plan.area)
    )
    for theme in (elsewhere, other_strategy):
        with pytest.raises(ValidationError, match="this plan’s strategy"):
            services.action_theme_link(action=action, theme=theme, by=officer)
    assert not ActionTheme.objects.exists()
    assert not AuditEvent.objects.filter(verb="action.theme_linked").exists()


def test_citing_an_answer_and_a_finding_is_audited(action, officer) -> None:
    area = action.plan.area
    answer = AnswerFactory.create(
        response__survey__consultation__area=area, text_value="Nobody rang back."
    )
    finding = FindingFactory.create(event__area=area, text="Waiting lists too long")

    services.action_evidence_add(action=action, answer=answer, by=officer)
    services.action_evidence_add(action=action, finding=finding, by=officer)
    services.action_evidence_add(action=action, finding=finding, by=officer)

    cited = list(ActionEvidence.objects.for_action(action))
    assert [item.quoted_text for item in cited] == [
        "Nobody rang back.",
        "Waiting lists too long",
    ]
    assert list(Action.objects.citing_answer(answer)) == [action]
    assert list(Action.objects.citing_finding(finding)) == [action]
    assert [
        e.changes["evidence"][1]
        for e in AuditEvent.objects.filter(verb="action.evidence_added").order_by("pk")
    ] == [f"answer {answer.pk}", f"finding {finding.pk}"]

    services.action_evidence_remove(evidence=cited[0], by=officer)
    assert ActionEvidence.objects.count() == 1
    assert AuditEvent.objects.filter(verb="action.evidence_removed").count() == 1


def test_evidence_from_another_area_is_refused(action, officer, other_area) -> None:
    answer = AnswerFactory.create(response__survey__consultation__area=other_area)
    finding = FindingFactory.create(event__area=other_area)
    with pytest.raises(ValidationError, match="this area’s consultations"):
        services.action_evidence_add(action=action, answer=answer, by=officer)
    with pytest.raises(ValidationError, match="this area’s consultations"):
        services.action_evidence_add(action=action, finding=finding, by=officer)
    assert not ActionEvidence.objects.exists()
    assert not AuditEvent.objects.filter(verb="action.evidence_added").exists()


def test_evidence_cites_exactly_one_answer_or_finding(action, officer) -> None:
    area = action.plan.area
    answer = AnswerFactory.create(response__survey__consultation__area=area)
    finding = FindingFactory.create(event__area=area)
    with pytest.raises(ValidationError, match="either an answer or a finding"):
        services.action_evidence_add(
            action=action, answer=answer, finding=finding, by=officer
        )
    with pytest.raises(ValidationError, match="either an answer or a finding"):
        services.action_evidence_add(action=action, by=officer)
    with transaction.atomic(), pytest.raises(IntegrityError):
        ActionEvidence.objects.create(action=action, answer=answer, finding=finding)
    with transaction.atomic(), pytest.raises(IntegrityError):
        ActionEvidence.objects.create(action=action)
