"""“You said, we did” drafted from the thread, and its links to actions."""

import pytest
from django.core.exceptions import ValidationError

from consultations.models import AnswerTheme
from consultations.models import YouSaidWeDid
from improvement import feedback_services
from improvement import services
from improvement.models import FeedbackAction
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import ResponseFactory
from tests.consultations.factories import SurveyFactory
from tests.consultations.factories import YouSaidWeDidFactory
from tests.events.factories import EventFactory
from tests.events.factories import FindingFactory
from tests.improvement.factories import ActionFactory
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(plan, workstream, users_by_role):
    """A closed consultation on the plan's strategy, a theme coded in three
    answers of two responses, and an action linked to the theme."""
    officer = users_by_role["officer"]
    strategy = plan.strategy
    consultation = ConsultationFactory.create(
        area=plan.area, strategy=strategy, status="closed"
    )
    survey = SurveyFactory.create(consultation=consultation)
    priority = PriorityFactory.create(strategy=strategy, number=2, title="Early help")
    theme = ThemeFactory.create(
        strategy=strategy,
        name="Waiting for assessments",
        description="Families wait too long for an autism assessment.",
        priority=priority,
    )
    first, second = ResponseFactory.create_batch(2, survey=survey)
    for response in (first, first, second):
        answer = AnswerFactory.create(response=response, text_value="Too long.")
        AnswerTheme.objects.create(answer=answer, theme=theme)
    action = ActionFactory.create(
        workstream=workstream,
        priority=priority,
        reference="2.1",
        title="Cut assessment waits",
        status="in_progress",
        rag="amber",
    )
    services.action_theme_link(action=action, theme=theme, by=officer)
    return consultation, theme, action, officer


def test_a_draft_says_how_many_people_and_what_the_linked_actions_are_doing(
    thread,
) -> None:
    consultation, theme, action, officer = thread

    [item] = feedback_services.feedback_drafts_create(
        consultation=consultation, by=officer
    )

    assert item.theme == theme
    assert item.said_count == 2  # two responses, though three answers
    assert "Families wait too long for an autism assessment." in item.you_said
    # The draft may be published unedited: small numbers are not written out.
    assert "fewer than 5 people who answered raised this." in item.you_said
    assert "2.1 Cut assessment waits: In progress (Amber: at risk)" in item.we_did
    assert item.status == YouSaidWeDid.Status.PLANNED
    assert item.is_published is False
    assert list(item.action_links.values_list("action", flat=True)) == [action.pk]
    event = AuditEvent.objects.get(verb=AuditVerb.FEEDBACK_ITEM_SAVED)
    assert event.changes["actions"] == [None, "2.1"]
    assert event.actor == officer


def test_drafting_again_never_duplicates_a_theme_that_has_an_item(thread) -> None:
    consultation, theme, _action, officer = thread
    feedback_services.feedback_drafts_create(consultation=consultation, by=officer)

    again = feedback_services.feedback_drafts_create(
        consultation=consultation, by=officer
    )

    assert again == []
    assert consultation.feedback_items.filter(theme=theme).count() == 1


def test_a_theme_written_by_hand_is_not_drafted_again(thread) -> None:
    consultation, theme, _action, officer = thread
    YouSaidWeDidFactory.create(consultation=consultation, theme=theme)

    assert (
        feedback_services.feedback_drafts_create(consultation=consultation, by=officer)
        == []
    )


def test_findings_of_the_strategys_events_count_and_other_areas_do_not(
    thread, other_area
) -> None:
    consultation, theme, _action, officer = thread
    event = EventFactory.create(area=consultation.area, strategy=consultation.strategy)
    FindingFactory.create(event=event).themes.add(theme)
    only_at_events = ThemeFactory.create(
        strategy=consultation.strategy, name="Short breaks"
    )
    FindingFactory.create(event=event).themes.add(only_at_events)
    elsewhere = EventFactory.create(area=other_area)
    FindingFactory.create(event=elsewhere).themes.add(
        ThemeFactory.create(name="Elsewhere")
    )

    items = feedback_services.feedback_drafts_create(
        consultation=consultation, by=officer
    )

    by_theme = {str(item.theme): item for item in items}
    assert set(by_theme) == {"Waiting for assessments", "Short breaks"}
    assert "(1 finding)" in by_theme["Waiting for assessments"].you_said
    assert by_theme["Short breaks"].said_count is None
    assert "No action is linked to this theme yet" in by_theme["Short breaks"].we_did


def test_a_theme_whose_actions_are_all_complete_is_drafted_as_done(thread) -> None:
    consultation, _theme, action, officer = thread
    action.status = "complete"
    action.save()

    [item] = feedback_services.feedback_drafts_create(
        consultation=consultation, by=officer
    )

    assert item.status == YouSaidWeDid.Status.DONE


def test_setting_an_items_actions_is_audited_and_refuses_another_areas(
    thread, other_area
) -> None:
    consultation, _theme, action, officer = thread
    item = YouSaidWeDidFactory.create(consultation=consultation)
    elsewhere = ActionFactory.create(plan__strategy__area=other_area)

    assert feedback_services.feedback_item_actions_set(
        item=item, actions=[action], by=officer
    )
    assert not feedback_services.feedback_item_actions_set(
        item=item, actions=[action], by=officer
    )
    with pytest.raises(ValidationError):
        feedback_services.feedback_item_actions_set(
            item=item, actions=[elsewhere], by=officer
        )
    assert feedback_services.feedback_item_actions_set(
        item=item, actions=[], by=officer
    )

    assert not FeedbackAction.objects.filter(feedback_item=item).exists()
    changes = [
        e.changes["actions"]
        for e in AuditEvent.objects.filter(verb=AuditVerb.FEEDBACK_ITEM_SAVED).order_by(
            "pk"
        )
    ]
    assert changes == [[None, "2.1"], ["2.1", None]]
