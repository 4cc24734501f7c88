"""Citing ticked answers (free-text page) and findings (event page) for an action."""

import datetime
from http import HTTPStatus

import pytest

from improvement.models import ActionEvidence
from improvement.models import Plan
from sendportal.audit.models import AuditEvent
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import QuestionFactory
from tests.events.factories import FindingFactory
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(plan):
    question = QuestionFactory.create(
        survey__consultation__area=plan.area,
        survey__consultation__strategy=plan.strategy,
        question_type="FREE_TEXT",
    )
    return [
        AnswerFactory.create(
            question=question,
            response__survey=question.survey,
            text_value=f"Answer {n} about waiting",
        )
        for n in range(3)
    ]


def test_the_current_plan_is_the_latest_started(area) -> None:
    old = PlanFactory.create(strategy__area=area, starts_on=datetime.date(2025, 4, 1))
    new = PlanFactory.create(strategy__area=area, starts_on=datetime.date(2026, 4, 1))
    PlanFactory.create(strategy__area=area, starts_on=datetime.date(2027, 4, 1))
    assert Plan.objects.for_area(area).current(on=datetime.date(2026, 5, 1)) == new
    assert Plan.objects.for_area(area).current(on=datetime.date(2025, 5, 1)) == old
    assert Plan.objects.for_area(area).current(on=datetime.date(2024, 5, 1)) is None


def test_officer_cites_ticked_answers_and_keeps_the_filters(
    plan, workstream, officer, answers
) -> None:
    action = ActionFactory.create(workstream=workstream, title="Cut waiting times")
    retired = ActionFactory.create(
        workstream=workstream, title="Old idea", retired_at="2026-01-01T00:00Z"
    )
    consultation = answers[0].response.consultation
    url = staff_url("consultations_staff:free_text", consultation)
    client = client_for(officer)

    page = client.get(url, {"q": "waiting"}).content.decode()
    assert "Cite as evidence for an action" in page
    assert "Cut waiting times" in page
    assert "Old idea" not in page

    response = client.post(
        url,
        {
            "answers": [answers[0].pk, answers[2].pk],
            "action": action.pk,
            "cite": "1",
            "return_query": "q=waiting",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{url}?q=waiting"
    assert set(
        ActionEvidence.objects.filter(action=action).values_list("answer", flat=True)
    ) == {answers[0].pk, answers[2].pk}
    assert AuditEvent.objects.filter(verb="action.evidence_added").count() == 2
    assert "2 new pieces of evidence cited" in client.get(url).content.decode()

    # A retired action is not offered, and nothing ticked says what to do.
    response = client.post(
        url, {"answers": [answers[1].pk], "action": retired.pk, "cite": "1"}
    )
    assert "Select an action from the list" in response.content.decode()
    response = client.post(url, {"action": action.pk, "cite": "1"})
    assert response.status_code == HTTPStatus.OK
    assert "Select at least one answer to cite" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert ActionEvidence.objects.count() == 2


def test_answers_of_another_consultation_are_ignored(
    plan, workstream, officer, answers, other_area
) -> None:
    action = ActionFactory.create(workstream=workstream)
    stranger = AnswerFactory.create(
        response__survey__consultation__area=other_area, text_value="Elsewhere"
    )
    url = staff_url("consultations_staff:free_text", answers[0].response.consultation)
    response = client_for(officer).post(
        url, {"answers": [stranger.pk], "action": action.pk, "cite": "1"}
    )
    assert "Select at least one answer to cite" in response.content.decode()
    assert not ActionEvidence.objects.exists()


def test_an_action_of_another_workstream_is_refused_to_its_non_lead(
    plan, other_workstream, users_by_role, answers
) -> None:
    """Citing changes the action, so the action's own rule applies too."""
    action = ActionFactory.create(workstream=other_workstream)
    url = staff_url("consultations_staff:free_text", answers[0].response.consultation)
    for role in ("lead", "cabinet"):
        response = client_for(users_by_role[role]).post(
            url, {"answers": [answers[0].pk], "action": action.pk, "cite": "1"}
        )
        assert response.status_code == HTTPStatus.FORBIDDEN, role
    assert not ActionEvidence.objects.exists()


def test_officer_cites_ticked_findings_from_the_event_page(
    plan, workstream, officer, other_area
) -> None:
    action = ActionFactory.create(workstream=workstream, title="Cut waiting times")
    first = FindingFactory.create(event__area=plan.area, text="<b>Long waits</b>")
    second = FindingFactory.create(event=first.event, text="No updates")
    elsewhere = FindingFactory.create(event__area=other_area)
    url = staff_url("events_staff:event_detail", first.event)
    client = client_for(officer)

    page = client.get(url).content.decode()
    assert "Cite selected findings as evidence" in page
    assert "&lt;b&gt;Long waits&lt;/b&gt;" in page

    response = client.post(
        url,
        {
            "findings": [first.pk, second.pk, elsewhere.pk],
            "action": action.pk,
            "cite": "1",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith("#findings")
    assert set(ActionEvidence.objects.values_list("finding", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert AuditEvent.objects.filter(verb="action.evidence_added").count() == 2

    response = client.post(url, {"findings": [first.pk], "cite": "1"})
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Select the action this is evidence for" in content
    assert f'value="{first.pk}" checked' in content


def test_cabinet_reads_the_event_page_without_citing(plan, workstream, users_by_role):
    action = ActionFactory.create(workstream=workstream)
    finding = FindingFactory.create(event__area=plan.area)
    url = staff_url("events_staff:event_detail", finding.event)
    client = client_for(users_by_role["cabinet"])
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "Cite selected findings" not in page.content.decode()
    response = client.post(
        url, {"findings": [finding.pk], "action": action.pk, "cite": "1"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not ActionEvidence.objects.exists()


def test_lead_cites_findings_for_their_own_workstreams_actions_only(
    plan, workstream, other_workstream, lead
) -> None:
    own = ActionFactory.create(workstream=workstream, title="Support while waiting")
    theirs = ActionFactory.create(workstream=other_workstream, title="New places")
    finding = FindingFactory.create(event__area=plan.area, text="Nobody called back")
    url = staff_url("events_staff:event_detail", finding.event)
    client = client_for(lead)

    page = client.get(url).content.decode()
    assert "Cite selected findings as evidence" in page
    assert "Support while waiting" in page
    assert "New places" not in page

    response = client.post(
        url, {"findings": [finding.pk], "action": theirs.pk, "cite": "1"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Select an action from the list" in response.content.decode()
    assert not ActionEvidence.objects.exists()

    response = client.post(
        url, {"findings": [finding.pk], "action": own.pk, "cite": "1"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert list(ActionEvidence.objects.values_list("action", "finding")) == [
        (own.pk, finding.pk)
    ]
    event = AuditEvent.objects.get(verb="action.evidence_added")
    assert event.actor == lead


def test_a_lead_of_no_workstream_is_offered_nothing_to_cite(
    plan, workstream, users_by_role, area
) -> None:
    from sendportal.accounts.models import Role
    from tests.factories import member

    ActionFactory.create(workstream=workstream)
    finding = FindingFactory.create(event__area=plan.area)
    idle = member(area, Role.WORKSTREAM_LEAD, "idle@fenmere.example")
    page = client_for(idle).get(staff_url("events_staff:event_detail", finding.event))
    assert "Cite selected findings" not in page.content.decode()
