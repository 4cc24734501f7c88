"""The demo's golden thread runs both ways for Buckinghamshire and Hertfordshire:
every published "You said, we did" item is answered by an action of its theme,
and every public action responds to a theme people were heard on."""

import io

import pytest
from django.urls import reverse

from consultations.models import AnswerTheme
from consultations.models import YouSaidWeDid
from events.models import Finding
from improvement.demo import load
from improvement.models import Action
from improvement.models import ActionEvidence
from improvement.models import ActionTheme
from improvement.models import FeedbackAction
from improvement.models import Plan
from sendportal.audit.models import AuditEvent
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

AREAS = ["buckinghamshire", "hertfordshire"]


def heard_theme_ids(slug: str) -> set[int]:
    """Themes of the area that answers or findings were coded to."""
    return set(
        AnswerTheme.objects.filter(
            answer__response__consultation__area__slug=slug
        ).values_list("theme_id", flat=True)
    ) | set(
        Finding.objects.filter(event__area__slug=slug)
        .exclude(themes=None)
        .values_list("themes", flat=True)
    )


def public_actions(slug: str) -> list[Action]:
    plans = Plan.objects.filter(area__slug=slug).published()
    return list(Action.objects.filter(plan__in=plans).active())


@pytest.mark.parametrize("slug", AREAS)
def test_every_published_item_is_answered_by_an_action_of_its_theme(
    demo_db: None, slug: str
) -> None:
    items = list(YouSaidWeDid.objects.published().filter(consultation__area__slug=slug))
    for item in items:
        themes_of_actions = set(
            ActionTheme.objects.filter(
                action__feedback_links__feedback_item=item,
                action__in=public_actions(slug),
            ).values_list("theme_id", flat=True)
        )
        assert item.theme_id in themes_of_actions, item
    if slug == "buckinghamshire":
        assert len(items) == 4


@pytest.mark.parametrize("slug", AREAS)
def test_every_public_action_responds_to_a_theme_people_were_heard_on(
    demo_db: None, slug: str
) -> None:
    heard = heard_theme_ids(slug)
    actions = public_actions(slug)
    assert actions
    for action in actions:
        linked = set(action.theme_links.values_list("theme_id", flat=True))
        assert linked & heard, action
        assert ActionEvidence.objects.filter(action=action).exists(), action


def test_the_public_pages_show_the_thread_both_ways(demo_db: None) -> None:
    item = (
        YouSaidWeDid.objects.published()
        .filter(consultation__area__slug="buckinghamshire")
        .get(theme__name="Social and leisure activities")
    )
    link = FeedbackAction.objects.filter(feedback_item=item).first()
    assert link is not None
    action = link.action
    client = client_for(None)
    action_url = reverse(
        "improvement:action_progress",
        args=["buckinghamshire", action.plan.strategy_id, action.pk],
    )
    feedback = client.get(
        reverse(
            "consultations:feedback_detail",
            args=["buckinghamshire", item.consultation_id],
        )
    ).content.decode()
    assert action_url in feedback
    page = client.get(action_url).content.decode()
    assert "Social and leisure activities" in page
    assert "Some young people said there were few clubs" in page
    year = client.get(
        reverse("you_said_we_did:year_detail", args=["buckinghamshire", 2021])
    ).content.decode()
    assert "Some young people said there were few clubs" in year
    assert action_url in year


def test_loading_the_thread_again_records_nothing(demo_db: None) -> None:
    before = AuditEvent.objects.count()
    load(io.StringIO())
    assert AuditEvent.objects.count() == before
