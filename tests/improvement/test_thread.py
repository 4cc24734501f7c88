"""The public theme pages: what people said about a theme, and what was done."""

import datetime
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from consultations import publishing
from consultations.models import Answer
from consultations.models import AnswerTheme
from consultations.models import ConsultationStatus
from consultations.models import RedactionReason
from consultations.models import Response
from consultations.publishing import Strike
from events.models import EventStatus
from improvement import thread
from improvement.models import ActionTheme
from strategies.models import StrategyStatus
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import YouSaidWeDidFactory
from tests.events.factories import EventFactory
from tests.events.factories import FindingFactory
from tests.improvement.conftest import HOSTILE
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import KpiFactory
from tests.improvement.reports.factories import ActionUpdateFactory
from tests.improvement.thread_data import code_answers
from tests.improvement.thread_data import free_text_question
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import StrategyFactory
from tests.strategies.factories import ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority(published):
    return PriorityFactory.create(
        strategy=published.strategy, number=2, title="Early help"
    )


@pytest.fixture
def theme(priority):
    return ThemeFactory.create(
        strategy=priority.strategy, priority=priority, name="Waiting for assessment"
    )


@pytest.fixture
def question(published):
    consultation = ConsultationFactory.create(
        area=published.area, strategy=published.strategy, title="Have your say 2026"
    )
    return free_text_question(consultation)


def theme_url(theme) -> str:
    return reverse(
        "themes:theme_detail",
        kwargs={"area_slug": theme.strategy.area.slug, "pk": theme.pk},
    )


def list_url(area) -> str:
    return reverse("themes:theme_list", kwargs={"area_slug": area.slug})


def page(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_people_are_counted_once_per_response_by_group_with_the_rule(
    theme, question
) -> None:
    families = code_answers(theme, question, {"PARENT_CARER": 8, "FAMILY_OTHER": 4})
    code_answers(theme, question, {"CYP": 2, "HEALTH": 6})
    # A second answer of the same response coded to the theme counts once.
    other = free_text_question(question.survey.consultation)
    AnswerTheme.objects.create(
        answer=Answer.objects.create(response=families[0], question=other),
        theme=theme,
    )

    people = thread.theme_thread(theme).people

    assert [(cell.label, cell.shown) for cell in people] == [
        ("Parents, carers and family", 12),
        ("Children and young people", None),
        ("Professionals", 6),
        ("Voluntary sector and forums", 0),
        ("Others", 0),
    ]
    assert str(people.total) == "19 to 22"
    html = page(theme_url(theme))
    assert "19 to 22 people raised this" in html
    assert "fewer than 5" in html
    assert "Have your say 2026" in html


def test_only_public_consultations_and_written_up_events_count(
    theme, question, published
) -> None:
    draft = ConsultationFactory.create(
        area=published.area,
        strategy=published.strategy,
        status=ConsultationStatus.DRAFT,
        title="A draft nobody has seen",
    )
    code_answers(theme, free_text_question(draft), {"PARENT_CARER": 9})
    code_answers(theme, question, {"PARENT_CARER": 5})
    written = EventFactory.create(
        area=published.area, status=EventStatus.WRITTEN_UP, title="Autumn forum"
    )
    held = EventFactory.create(
        area=published.area, status=EventStatus.HELD, title="Not yet written up"
    )
    for event, n in ((written, 3), (held, 4)):
        for _ in range(n):
            FindingFactory.create(event=event).themes.add(theme)

    html = page(theme_url(theme))

    assert "5 people raised this" in html
    assert "A draft nobody has seen" not in html
    assert "3 points were made about it at our events." in html
    assert "Autumn forum" in html
    assert "Not yet written up" not in html
    assert reverse("events:event_writeup", args=[published.area.slug, written.pk]) in (
        html
    )


def test_actions_show_their_rag_latest_update_and_the_priority_kpis(
    theme, published, workstream, priority
) -> None:
    action = ActionFactory.create(
        workstream=workstream, priority=priority, title="More assessors", rag="amber"
    )
    ActionTheme.objects.create(action=action, theme=theme)
    ActionUpdateFactory.create(
        action=action,
        narrative="Old news.",
        created_at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
    )
    ActionUpdateFactory.create(
        action=action,
        narrative="Two assessors started.",
        created_at=datetime.datetime(2026, 4, 14, 9, 0, tzinfo=datetime.UTC),
    )
    retired = ActionFactory.create(
        workstream=workstream,
        priority=priority,
        title="Retired action",
        retired_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    ActionTheme.objects.create(action=retired, theme=theme)
    KpiFactory.create(
        plan=published, priority=priority, name="Seen in 20 weeks", is_public=True
    )
    KpiFactory.create(plan=published, priority=priority, name="Staff-only measure")

    html = page(theme_url(theme))

    assert "More assessors" in html
    assert "Amber" in html
    assert "Latest update, 14 April 2026" in html
    assert "Two assessors started." in html
    assert "Old news." not in html
    assert "Retired action" not in html
    assert "Seen in 20 weeks" in html
    assert "Staff-only measure" not in html
    assert (
        reverse(
            "improvement:action_progress",
            args=[published.area.slug, published.strategy_id, action.pk],
        )
        in html
    )


def test_actions_of_an_unpublished_plan_are_not_shown(theme, plan, workstream) -> None:
    action = ActionFactory.create(workstream=workstream, title="Secret step")
    ActionTheme.objects.create(action=action, theme=theme)
    plan.is_published = False
    plan.save()

    html = page(theme_url(theme))

    assert "Secret step" not in html
    assert "No action has been linked to this theme yet." in html


def test_themes_of_draft_strategies_and_other_areas_are_not_found(
    area, other_area
) -> None:
    draft = ThemeFactory.create(strategy=StrategyFactory.create(area=area))
    elsewhere = ThemeFactory.create(
        strategy=StrategyFactory.create(area=other_area, approved=True)
    )
    client = Client()
    assert client.get(theme_url(draft)).status_code == HTTPStatus.NOT_FOUND
    wrong_area = reverse("themes:theme_detail", args=[area.slug, elsewhere.pk])
    assert client.get(wrong_area).status_code == HTTPStatus.NOT_FOUND
    assert draft.name not in page(list_url(area))


def test_the_list_groups_themes_by_priority_with_the_same_totals(
    theme, question, priority, published
) -> None:
    ThemeFactory.create(
        strategy=published.strategy, priority=priority, name="Quiet theme"
    )
    loose = ThemeFactory.create(strategy=published.strategy, name="Without priority")
    code_answers(theme, question, {"PARENT_CARER": 7, "CYP": 1})

    html = page(list_url(published.area))

    assert "Priority 2: Early help" in html
    assert html.index("Waiting for assessment") < html.index("Other themes")
    assert html.index("Other themes") < html.index("Without priority")
    assert html.index("Quiet theme") < html.index("Other themes")
    # The theme page shows a range, so the list must not print the exact 8.
    assert "8 to 11" in html
    assert ">8<" not in html
    assert theme_url(theme) in html
    assert theme_url(loose) in html


def test_hostile_text_stays_inert(published, priority, question) -> None:
    hostile = ThemeFactory.create(
        strategy=published.strategy,
        priority=priority,
        name=HOSTILE,
        description=HOSTILE,
    )
    question.survey.consultation.title = HOSTILE
    question.survey.consultation.save()
    code_answers(hostile, question, {"PARENT_CARER": 5})

    for url in (theme_url(hostile), list_url(published.area)):
        html = page(url)
        assert "<script>alert" not in html
        assert "&lt;script&gt;" in html
        assert "{{ 7|add:7 }}" in html


def test_quotes_are_the_redacted_copies_of_published_consented_answers(
    theme, question, officer
) -> None:
    assert thread.theme_quotes(theme) == []
    assert "In their own words" not in page(theme_url(theme))

    published, waiting, refused = code_answers(theme, question, {"PARENT_CARER": 3})
    Response.objects.filter(pk__in=[published.pk, waiting.pk]).update(
        publish_consent=True
    )
    Response.objects.filter(pk=refused.pk).update(publish_consent=False)
    Answer.objects.filter(response=published).update(
        text_value=f"Ask Sam Lee {HOSTILE} please"
    )
    Answer.objects.filter(response=waiting).update(text_value="WAITING-SENTINEL")
    Answer.objects.filter(response=refused).update(text_value="REFUSED-SENTINEL")
    published.refresh_from_db()
    answer = published.answers.get()
    publishing.response_redact(
        response=published,
        strikes=[Strike(answer.pk, 4, 11, RedactionReason.NAME)],
        by=officer,
    )
    publishing.response_publish(response=published, by=officer)

    html = page(theme_url(theme))
    assert "In their own words" in html
    assert "Ask [name removed]" in html
    assert "Sam Lee" not in html
    assert "&lt;script&gt;" in html
    assert "WAITING-SENTINEL" not in html
    assert "REFUSED-SENTINEL" not in html


@pytest.mark.parametrize(
    "url_of", [theme_url, lambda theme: list_url(theme.strategy.area)]
)
def test_queries_do_not_grow_with_answers(
    url_of,
    theme,
    question,
    published,
    workstream,
    priority,
    django_assert_max_num_queries,
) -> None:
    action = ActionFactory.create(workstream=workstream, priority=priority)
    ActionTheme.objects.create(action=action, theme=theme)
    ActionUpdateFactory.create(action=action)
    KpiFactory.create(plan=published, priority=priority, is_public=True)
    event = EventFactory.create(area=published.area, status=EventStatus.WRITTEN_UP)
    FindingFactory.create(event=event).themes.add(theme)
    code_answers(theme, question, {"PARENT_CARER": 3})
    client = Client()
    with django_assert_max_num_queries(16) as few:
        assert client.get(url_of(theme)).status_code == HTTPStatus.OK

    code_answers(theme, question, {"PARENT_CARER": 300, "CYP": 40, "HEALTH": 9})
    other = ConsultationFactory.create(area=published.area, strategy=published.strategy)
    code_answers(theme, free_text_question(other), {"VCS": 30})
    for _ in range(5):
        FindingFactory.create(
            event=EventFactory.create(
                area=published.area, status=EventStatus.WRITTEN_UP
            )
        ).themes.add(theme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url_of(theme)).status_code == HTTPStatus.OK


def test_the_strategy_progress_action_and_feedback_pages_link_to_the_theme(
    theme, published, workstream, question
) -> None:
    retired = ThemeFactory.create(
        strategy=published.strategy,
        priority=theme.priority,
        name="Retired theme",
        retired_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    action = ActionFactory.create(workstream=workstream, priority=theme.priority)
    ActionTheme.objects.create(action=action, theme=theme)
    consultation = question.survey.consultation
    consultation.status = ConsultationStatus.FEEDBACK_PUBLISHED
    consultation.save()
    YouSaidWeDidFactory.create(consultation=consultation, theme=theme)
    link = f'href="{theme_url(theme)}"'
    area = published.area

    strategy_html = page(published.strategy.get_absolute_url())
    assert link in strategy_html
    assert theme_url(retired) not in strategy_html
    assert link in page(published.get_absolute_url())
    assert link in page(
        reverse(
            "improvement:action_progress",
            args=[area.slug, published.strategy_id, action.pk],
        )
    )
    assert link in page(
        reverse("consultations:feedback_detail", args=[area.slug, consultation.pk])
    )


def test_a_draft_strategy_page_seen_by_staff_links_to_no_theme(area, officer) -> None:
    strategy = StrategyFactory.create(area=area, status=StrategyStatus.DRAFT)
    priority = PriorityFactory.create(strategy=strategy)
    theme = ThemeFactory.create(strategy=strategy, priority=priority)
    client = Client()
    client.force_login(officer)
    html = client.get(strategy.get_absolute_url()).content.decode()
    assert priority.title in html
    assert theme_url(theme) not in html


def test_cached_counts_change_as_soon_as_what_they_count_changes(
    theme, question
) -> None:
    responses = code_answers(theme, question, {"PARENT_CARER": 6})
    assert "6 people raised this" in page(theme_url(theme))
    assert "6 people raised this" in page(theme_url(theme))  # from the cache

    code_answers(theme, question, {"PARENT_CARER": 1})
    assert "7 people raised this" in page(theme_url(theme))

    AnswerTheme.objects.filter(answer__response=responses[0]).delete()
    AnswerTheme.objects.filter(answer__response=responses[1]).delete()
    code_answers(theme, question, {"PARENT_CARER": 1})
    assert "6 people raised this" in page(theme_url(theme))

    consultation = question.survey.consultation
    consultation.status = ConsultationStatus.DRAFT
    consultation.save()
    html = page(theme_url(theme))
    assert "No answers to our consultations have been sorted into this theme yet." in (
        html
    )
    assert ">0</td>" in page(list_url(consultation.area))
