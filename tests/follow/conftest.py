"""A response coded to themes linked to public actions with a RAG history."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from consultations.models import AnswerTheme
from consultations.models import Response
from improvement.models import Action
from improvement.models import ActionTheme
from improvement.models import ActionUpdate
from sendportal.areas.models import LocalArea
from strategies.models import Theme
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import ResponseFactory
from tests.consultations.factories import SurveyFactory
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import PlanFactory
from tests.improvement.factories import WorkstreamFactory
from tests.outbox.conftest import broker  # noqa: F401  # the real broker, for test_worker
from tests.strategies.factories import StrategyFactory
from tests.strategies.factories import ThemeFactory

SECRET_ANSWER = "SENTINEL-my-son-Jamie-at-Oak-School"


@dataclass
class Thread:
    area: LocalArea
    response: Response
    theme: Theme
    action: Action
    workstream: object

    def update(
        self, *, rag: str, status: str = "in_progress", days_ago: float = 0
    ) -> ActionUpdate:
        at = timezone.now() - datetime.timedelta(days=days_ago)
        update = ActionUpdate.objects.create(
            action=self.action,
            rag=rag,
            status=status,
            narrative="Progress <script>alert(1)</script>",
            created_at=at,
        )
        Action.objects.filter(pk=self.action.pk).update(
            rag=rag, status=status, last_updated_at=at
        )
        self.action.refresh_from_db()
        return update

    def link_theme(self, **action_fields: object) -> tuple[Theme, Action]:
        """Another theme coded on the response, with an action of its own."""
        theme = ThemeFactory.create(strategy=self.theme.strategy)
        answer = AnswerFactory.create(response=self.response, text_value=SECRET_ANSWER)
        AnswerTheme.objects.create(answer=answer, theme=theme)
        action = ActionFactory.create(workstream=self.workstream, **action_fields)
        ActionTheme.objects.create(action=action, theme=theme)
        return theme, action


@pytest.fixture
def thread(area: LocalArea) -> Thread:
    return make_thread(area)


def make_thread(area: LocalArea) -> Thread:
    strategy = StrategyFactory.create(area=area, approved=True)
    plan = PlanFactory.create(strategy=strategy, is_published=True)
    workstream = WorkstreamFactory.create(plan=plan)
    consultation = ConsultationFactory.create(area=area, strategy=strategy)
    response = ResponseFactory.create(
        survey=SurveyFactory.create(consultation=consultation),
        submitted_at=timezone.now() - datetime.timedelta(days=30),
    )
    theme = ThemeFactory.create(strategy=strategy, name="Waiting for assessments")
    answer = AnswerFactory.create(response=response, text_value=SECRET_ANSWER)
    AnswerTheme.objects.create(answer=answer, theme=theme)
    action = ActionFactory.create(
        workstream=workstream, title="Recruit two educational psychologists"
    )
    ActionTheme.objects.create(action=action, theme=theme)
    thread = Thread(area, response, theme, action, workstream)
    thread.update(rag="amber", days_ago=40)
    return thread
