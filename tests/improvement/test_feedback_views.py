"""Pages of “You said, we did” built from the thread: the staff draft button and
edit form, the public item and action pages, and the area's yearly page."""

import datetime
import io
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from pypdf import PdfReader

from consultations.models import AnswerTheme
from consultations.models import YouSaidWeDid
from events.models import EventStatus
from improvement import feedback_services
from improvement import services
from improvement.models import FeedbackAction
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import YouSaidWeDidFactory
from tests.events.factories import EventFactory
from tests.events.factories import FindingFactory
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.improvement.factories import ActionFactory
from tests.strategies.factories import ThemeFactory

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def published(plan, workstream, users_by_role):
    """A published plan with an action answering a theme, and a consultation
    whose feedback was published in 2026."""
    plan.is_published = True
    plan.save()
    officer = users_by_role["officer"]
    theme = ThemeFactory.create(strategy=plan.strategy, name="Waiting for help")
    action = ActionFactory.create(
        workstream=workstream, reference="3.2", title="Open a waiting-list helpline"
    )
    services.action_theme_link(action=action, theme=theme, by=officer)
    consultation = ConsultationFactory.create(
        area=plan.area,
        strategy=plan.strategy,
        status="feedback_published",
        feedback_published_at=PUBLISHED,
    )
    return consultation, theme, action, officer


def test_officer_drafts_from_what_people_said_and_edits_the_actions(
    published,
) -> None:
    consultation, theme, action, officer = published
    answer = AnswerFactory.create(
        response__survey__consultation=consultation, text_value="Nobody called."
    )
    AnswerTheme.objects.create(answer=answer, theme=theme)
    client = client_for(officer)

    page = client.get(staff_url("consultation_detail", consultation))
    assert "Draft from what people said" in page.content.decode()
    response = client.post(staff_url("feedback_draft", consultation))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith("#you-said-we-did")
    item = YouSaidWeDid.objects.get(consultation=consultation)
    assert not item.is_published
    edit = staff_url("feedback_update", consultation, item_pk=item.pk)
    form = client.get(edit).content.decode()
    assert "3.2 Open a waiting-list helpline" in form
    [box] = re.findall(
        rf'<input[^>]*name="actions"[^>]*value="{action.pk}"[^>]*>', form
    )
    assert "checked" in box

    response = client.post(
        edit,
        {
            "theme": theme.pk,
            "you_said": "Nobody called us back while we waited.",
            "said_count": "1",
            "we_did": "We opened a helpline.",
            "status": "planned",
            "is_published": "on",
            "actions": [],
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not FeedbackAction.objects.filter(feedback_item=item).exists()


@pytest.mark.parametrize("role", ["cabinet", "lead", "other_officer"])
def test_only_managers_of_the_consultation_may_draft(
    published, users_by_role, role
) -> None:
    consultation = published[0]
    response = client_for(users_by_role[role]).post(
        staff_url("feedback_draft", consultation)
    )
    assert response.status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND}
    assert not YouSaidWeDid.objects.exists()


def test_public_item_and_action_trace_to_each_other(published) -> None:
    consultation, theme, action, officer = published
    item = YouSaidWeDidFactory.create(
        consultation=consultation,
        theme=theme,
        you_said="Families heard nothing while they waited.",
        is_published=True,
    )
    feedback_services.feedback_item_actions_set(item=item, actions=[action], by=officer)
    client = client_for(None)
    area = consultation.area.slug

    detail = client.get(
        reverse("consultations:feedback_detail", args=[area, consultation.pk])
    ).content.decode()
    action_url = reverse(
        "improvement:action_progress", args=[area, action.plan.strategy_id, action.pk]
    )
    assert action_url in detail
    assert "3.2 Open a waiting-list helpline" in detail

    page = client.get(action_url).content.decode()
    assert "What people said" in page
    assert "Waiting for help" in page
    assert "Families heard nothing while they waited." in page


def test_hidden_items_and_unpublished_plans_stay_off_public_pages(published) -> None:
    consultation, _theme, action, officer = published
    hidden = YouSaidWeDidFactory.create(
        consultation=consultation, you_said="A hidden draft.", is_published=False
    )
    feedback_services.feedback_item_actions_set(
        item=hidden, actions=[action], by=officer
    )
    client = client_for(None)
    area = consultation.area.slug
    page = client.get(
        reverse(
            "improvement:action_progress",
            args=[area, action.plan.strategy_id, action.pk],
        )
    ).content.decode()
    assert "A hidden draft." not in page

    action.plan.is_published = False
    action.plan.save()
    shown = YouSaidWeDidFactory.create(consultation=consultation, is_published=True)
    feedback_services.feedback_item_actions_set(
        item=shown, actions=[action], by=officer
    )
    detail = client.get(
        reverse("consultations:feedback_detail", args=[area, consultation.pk])
    ).content.decode()
    assert "Open a waiting-list helpline" not in detail


def test_yearly_page_groups_comments_and_actions_by_theme(
    published, django_assert_max_num_queries
) -> None:
    consultation, theme, action, officer = published
    for n in range(3):
        item = YouSaidWeDidFactory.create(
            consultation=consultation,
            theme=theme,
            you_said=f"Comment {n} about waiting.",
            said_count=3,
            we_did=f"Answer {n}.",
            is_published=True,
        )
        feedback_services.feedback_item_actions_set(
            item=item, actions=[action], by=officer
        )
    YouSaidWeDidFactory.create(
        consultation=consultation, you_said="Not for the public.", is_published=False
    )
    event = EventFactory.create(
        area=consultation.area,
        status=EventStatus.WRITTEN_UP,
        starts_at=datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC),
    )
    FindingFactory.create(event=event, text="The hub helped us.").themes.add(theme)
    client = client_for(None)
    area = consultation.area.slug

    years = client.get(reverse("you_said_we_did:year_list", args=[area]))
    assert reverse("you_said_we_did:year_detail", args=[area, 2026]) in (
        years.content.decode()
    )
    with django_assert_max_num_queries(12):
        page = client.get(reverse("you_said_we_did:year_detail", args=[area, 2026]))
    text = page.content.decode()
    assert "Comments received about the Local Offer and services" in text
    assert "What we did or will do about them" in text
    assert "Comment 2 about waiting." in text
    # Fewer than five people are not counted exactly in public.
    assert "(3 people)" not in text
    assert "The hub helped us." in text
    assert text.count("3.2 Open a waiting-list helpline") == 1
    assert "Not for the public." not in text
    assert "Print this page" in text
    assert (
        client.get(
            reverse("you_said_we_did:year_detail", args=[area, 2025])
        ).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_the_yearly_page_downloads_as_a_tagged_pdf(published) -> None:
    consultation, theme, action, officer = published
    item = YouSaidWeDidFactory.create(
        consultation=consultation,
        theme=theme,
        you_said="Nobody rang back <script>alert(1)</script>",
        is_published=True,
    )
    feedback_services.feedback_item_actions_set(item=item, actions=[action], by=officer)
    area = consultation.area.slug
    client = client_for(None)
    page = client.get(reverse("you_said_we_did:year_detail", args=[area, 2026]))
    url = reverse("you_said_we_did:year_pdf", args=[area, 2026])
    assert url in page.content.decode()

    response = client.get(url)

    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "What we did or will do about them" in text
    assert "Nobody rang back <script>alert(1)</script>" in text
    assert "3.2 Open a waiting-list helpline" in text
    assert (
        client.get(reverse("you_said_we_did:year_pdf", args=[area, 2024])).status_code
        == HTTPStatus.NOT_FOUND
    )
