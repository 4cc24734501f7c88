"""The quarterly report's golden thread: what was heard in the quarter, by
priority and theme, and which actions it fed."""

import datetime

import pytest
from django.urls import reverse

from events.models import EventStatus
from improvement.models import ActionTheme
from improvement.reports.rendering import report_context
from sendportal.accounts.models import User
from tests.consultations.factories import ConsultationFactory
from tests.events.factories import EventFactory
from tests.events.factories import FindingFactory
from tests.helpers import client_for
from tests.improvement.reports.conftest import IN_QUARTER
from tests.improvement.reports.conftest import Quarter
from tests.improvement.reports.helpers import pdf_text
from tests.improvement.reports.helpers import request_report
from tests.improvement.reports.test_snapshot import snapshot_of
from tests.improvement.thread_data import code_answers
from tests.improvement.thread_data import free_text_question
from tests.strategies.factories import ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(quarter: Quarter) -> Quarter:
    """Answers and findings of the quarter coded to two themes of priority 1,
    one linked to the red action; and some heard outside the quarter."""
    plan = quarter.plan
    first = plan.strategy.priorities.get(number=1)
    waits = ThemeFactory.create(strategy=plan.strategy, priority=first, name="Waits")
    toolkit = ThemeFactory.create(
        strategy=plan.strategy, priority=first, name="Toolkit"
    )
    ThemeFactory.create(strategy=plan.strategy, priority=first, name="Never heard")
    question = free_text_question(
        ConsultationFactory.create(area=plan.area, strategy=plan.strategy)
    )
    code_answers(
        waits, question, {"PARENT_CARER": 9, "CYP": 2}, submitted_at=IN_QUARTER
    )
    code_answers(
        waits,
        question,
        {"PARENT_CARER": 40},
        submitted_at=IN_QUARTER - datetime.timedelta(days=200),
    )
    event = EventFactory.create(
        area=plan.area,
        status=EventStatus.WRITTEN_UP,
        starts_at=IN_QUARTER,
        ends_at=IN_QUARTER + datetime.timedelta(hours=2),
    )
    for _ in range(3):
        FindingFactory.create(event=event).themes.add(toolkit)
    ActionTheme.objects.create(action=quarter.red_action, theme=waits)
    return quarter


def test_the_snapshot_gives_each_priority_its_heard_themes_and_fed_actions(
    heard: Quarter,
) -> None:
    (priority,) = snapshot_of(heard)["thread"]["priorities"]
    assert priority["number"] == 1
    assert [(t["name"], t["people"], t["findings"]) for t in priority["themes"]] == [
        ("Toolkit", 0, 3),
        ("Waits", 11, 0),
    ]
    waits = priority["themes"][1]
    assert waits["groups"]["FAMILIES"] == 9
    assert waits["groups"]["CYP"] == 2
    assert priority["actions"] == [
        {
            "reference": "1.1",
            "title": "Recruit two educational psychologists",
            "rag": {"code": "red", "label": "Red: off track"},
            "themes": ["Waits"],
        }
    ]


def test_a_quarter_with_nothing_coded_has_an_empty_thread(quarter: Quarter) -> None:
    assert snapshot_of(quarter)["thread"] == {"priorities": []}


def test_the_public_report_applies_the_rule_and_staff_see_exact_counts(
    heard: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    report = request_report(django_capture_on_commit_callbacks, heard, officer)
    public = report_context(report, public=True)["s"]["thread"]
    staff = report_context(report, public=False)["s"]["thread"]
    assert public["priorities"][0]["themes"][1]["people_display"] == "10 to 13"
    assert staff["priorities"][0]["themes"][1]["people_display"] == "11"

    url = reverse("reports_staff:report_view", args=[report.area.slug, report.pk])
    section = (
        client_for(officer).get(url).content.decode().split('id="thread-heading"')[1]
    )
    assert "Recruit two educational psychologists" in section
    assert "responds to: Waits" in section


def test_the_pdf_shows_the_thread(
    heard: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    report = request_report(django_capture_on_commit_callbacks, heard, officer)
    text = " ".join(pdf_text(report).split())
    section = text.split("What we heard and what it fed")[1]
    assert "Waits 10 to 13" in section
    assert "Toolkit 0 3" in section
    assert "Never heard" not in section
    assert "responds to: Waits" in section
