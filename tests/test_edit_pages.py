"""Editing through a page stores the edit and records what changed.

A bound ModelForm changes the instance it was given while it validates, so a
service handed that same instance would see nothing to change. Each edit page
is checked end to end.
"""

import pytest

from events.models import EventStatus
from sendportal.audit.models import AuditEvent
from tests.consultations.factories import QuestionFactory
from tests.consultations.factories import SurveyFactory
from tests.events.factories import EventFactory
from tests.events.factories import FindingFactory
from tests.helpers import client_for
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import StrategyFactory

pytestmark = pytest.mark.django_db


def last_changes(verb: str) -> dict:
    return AuditEvent.objects.filter(verb=verb).latest("pk").changes


def test_editing_a_priority_stores_it(officer, area) -> None:
    strategy = StrategyFactory.create(area=area)
    priority = PriorityFactory.create(strategy=strategy, number=1, title="Old title")
    response = client_for(officer).post(
        f"{strategy.get_staff_url()}priorities/{priority.pk}/edit/",
        {"number": "1", "title": "New title", "outcomes": "Families are heard"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    priority.refresh_from_db()
    assert priority.title == "New title"
    assert last_changes("priority.changed")["title"] == ["Old title", "New title"]


def test_editing_a_question_stores_it(officer, area) -> None:
    survey = SurveyFactory.create(consultation__area=area, consultation__status="draft")
    question = QuestionFactory.create(
        survey=survey, text="Old question?", question_type="FREE_TEXT"
    )
    response = client_for(officer).post(
        f"{survey.consultation.get_staff_url()}surveys/{survey.pk}/questions/"
        f"{question.pk}/edit/",
        {"text": "New question?", "question_type": "FREE_TEXT"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert question.text == "New question?"
    assert last_changes("question.changed")["text"] == [
        "Old question?",
        "New question?",
    ]


def test_editing_a_finding_stores_it(officer, area) -> None:
    event = EventFactory.create(area=area, status=EventStatus.HELD)
    finding = FindingFactory.create(event=event, text="Old words", kind="works_well")
    response = client_for(officer).post(
        f"{event.get_staff_url()}findings/{finding.pk}/edit/",
        {"kind": "works_well", "text": "New words", "sort": "0"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    finding.refresh_from_db()
    assert finding.text == "New words"
    assert last_changes("finding.updated")["text"] == ["Old words", "New words"]
