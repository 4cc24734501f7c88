"""The plain-English advice on officers' form pages and publish pages.

Advice shows beside each public text: of the stored text when the page opens,
of the typed text after "Check the wording" (which saves nothing and keeps
what was typed), and as a summary where the officer publishes. It never stops
a save or a publication.
"""

from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from consultations.models import Consultation
from strategies.models import StrategyStatus
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import QuestionFactory
from tests.consultations.factories import SurveyFactory
from tests.consultations.factories import YouSaidWeDidFactory
from tests.events.factories import EventFactory
from tests.events.factories import EventSessionFactory
from tests.helpers import staff_url
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import StrategyFactory

pytestmark = pytest.mark.django_db

HARD = (
    "The partnership will strengthen the identification of special educational "
    "needs through comprehensive multi-agency collaboration, integrated "
    "commissioning arrangements and strategic oversight across every locality "
    "so that each EHCP is delivered."
)
ADVICE = 'class="govuk-inset-text app-wording-advice"'
HOSTILE = '<script>alert(1)</script> {{ secret }} =HYPERLINK("x") ' + HARD


@pytest.fixture
def officer_client(client: Client, officer) -> Client:
    client.force_login(officer)
    return client


def strategy_page(area) -> tuple[str, Model]:
    strategy = StrategyFactory.create(area=area)
    return staff_url("strategy_update", strategy), strategy


def priority_page(area) -> tuple[str, Model]:
    priority = PriorityFactory.create(strategy=StrategyFactory.create(area=area))
    url = staff_url(
        "priority_update",
        priority.strategy,
        priority_pk=priority.pk,
    )
    return url, priority


def draft_consultation(area) -> Consultation:
    return ConsultationFactory.create(area=area, status="draft")


def consultation_page(area) -> tuple[str, Model]:
    consultation = draft_consultation(area)
    return staff_url("consultation_update", consultation), consultation


def survey_page(area) -> tuple[str, Model]:
    consultation = draft_consultation(area)
    return staff_url("survey_create", consultation), consultation


def question_page(area) -> tuple[str, Model]:
    survey = SurveyFactory.create(consultation=draft_consultation(area))
    question = QuestionFactory.create(survey=survey)
    url = staff_url(
        "question_update",
        survey.consultation,
        survey_pk=survey.pk,
        question_pk=question.pk,
    )
    return url, question


def feedback_page(area) -> tuple[str, Model]:
    item = YouSaidWeDidFactory.create(consultation=ConsultationFactory(area=area))
    url = staff_url("feedback_update", item.consultation, item_pk=item.pk)
    return url, item


def event_page(area) -> tuple[str, Model]:
    event = EventFactory.create(area=area)
    return staff_url("event_update", event), event


def topic_page(area) -> tuple[str, Model]:
    session = EventSessionFactory.create(event__area=area)
    return staff_url("session_update", session.event, session_pk=session.pk), session


PAGES: list[tuple[Callable[..., tuple[str, Model]], str, str]] = [
    (strategy_page, "vision", "id_vision"),
    (priority_page, "description", "id_description"),
    (consultation_page, "summary", "id_summary"),
    (survey_page, "intro", "id_intro"),
    (question_page, "text", "id_text"),
    (feedback_page, "we_did", "id_we_did"),
    (event_page, "description", "id_description"),
    (topic_page, "description", "id_description"),
]


@pytest.mark.parametrize(("page", "field", "field_id"), PAGES)
def test_check_the_wording_shows_advice_keeps_the_text_and_saves_nothing(
    officer_client, area, page, field, field_id
) -> None:
    url, obj = page(area)
    before = obj.__class__.objects.count()
    stored = getattr(obj, field, None)
    opened = officer_client.get(url).content.decode()
    assert 'name="check_wording"' in opened
    response = officer_client.post(url, {field: HOSTILE, "check_wording": ""})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f'{ADVICE} id="{field_id}-wording"' in html
    assert "Reading grade" in html
    assert "(target 9)" in html
    assert "1 sentence has more than 25 words" in html
    assert "<strong>EHCP</strong> (education, health and care plan)" in html
    # What was typed is back in the box, inert; the page shows no errors.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ secret }}" in html
    assert "<script>alert(1)" not in html
    assert "govuk-error-summary" not in html
    obj.refresh_from_db()
    assert obj.__class__.objects.count() == before
    assert getattr(obj, field, None) == stored


def test_the_edit_page_shows_the_advice_on_the_stored_text(
    officer_client, area
) -> None:
    strategy = StrategyFactory.create(area=area, vision=HARD, summary="")
    html = officer_client.get(staff_url("strategy_update", strategy)).content.decode()
    assert f'{ADVICE} id="id_vision-wording"' in html
    assert "How easy “Vision” is to read" in html
    # No advice beside an empty box.
    assert f'{ADVICE} id="id_summary-wording"' not in html


def test_saving_hard_wording_is_not_blocked_and_says_its_grade(
    officer_client, area
) -> None:
    strategy = StrategyFactory.create(area=area)
    url = staff_url("strategy_update", strategy)
    data = {
        "title": "SEND Strategy",
        "period_start": "2026",
        "period_end": "2029",
        "summary": "",
        "vision": HARD,
    }
    response = officer_client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == strategy.get_staff_url()
    strategy.refresh_from_db()
    assert strategy.vision == HARD
    html = response.content.decode()
    assert "Some wording may be hard to read: “Vision” at grade" in html
    assert "(target 9)" in html


def test_an_easy_read_survey_is_checked_against_the_easy_read_target(
    officer_client, area
) -> None:
    consultation = draft_consultation(area)
    text = "Tell us what you think about the new plans for all of the schools."
    response = officer_client.post(
        staff_url("survey_create", consultation),
        {"intro": text, "is_easy_read": "on", "check_wording": ""},
    )
    html = response.content.decode()
    assert "(target 5)" in html
    assert "This is an Easy Read text." in html
    survey = SurveyFactory.create(consultation=consultation, is_easy_read=True)
    page = staff_url("question_create", consultation, survey_pk=survey.pk)
    html = officer_client.post(page, {"text": text, "check_wording": ""}).content
    assert "(target 5)" in html.decode()
    assert "1 sentence has more than 15 words" not in html.decode()


def test_publishing_a_strategy_shows_the_hard_texts_and_is_not_blocked(
    officer_client, area
) -> None:
    strategy = StrategyFactory.create(area=area, vision=HARD)
    PriorityFactory.create(
        strategy=strategy, number=1, description="Children are welcome."
    )
    PriorityFactory.create(strategy=strategy, number=2, description=HOSTILE)
    url = staff_url("strategy_publish", strategy)
    html = officer_client.get(url).content.decode()
    assert "2 texts may be hard for families to read" in html
    assert "<strong>Vision</strong>: reading grade" in html
    assert "<strong>Priority 2: description</strong>" in html
    assert "Priority 1: description" not in html
    assert "words to explain: EHCP" in html
    officer_client.post(url)
    strategy.refresh_from_db()
    assert strategy.status == StrategyStatus.IN_CONSULTATION


def test_approving_a_strategy_shows_the_hard_texts(officer_client, area) -> None:
    strategy = StrategyFactory.create(
        area=area, vision=HARD, status=StrategyStatus.IN_CONSULTATION
    )
    html = officer_client.get(staff_url("strategy_approve", strategy)).content
    assert "1 text may be hard for families to read" in html.decode()


def test_a_plain_strategy_gets_no_summary(officer_client, area) -> None:
    strategy = StrategyFactory.create(area=area, vision="Every child is welcome.")
    html = officer_client.get(staff_url("strategy_publish", strategy)).content
    assert "may be hard for families to read" not in html.decode()


def test_publishing_a_consultation_summarises_its_surveys_and_is_not_blocked(
    officer_client, area
) -> None:
    consultation = draft_consultation(area)
    easy = SurveyFactory.create(
        consultation=consultation, title="Easy Read", is_easy_read=True
    )
    QuestionFactory.create(
        survey=easy,
        text="Do you agree with our proposed priorities for improving provision?",
    )
    QuestionFactory.create(survey=easy, text="Do you like it?")
    url = staff_url("consultation_publish", consultation)
    html = officer_client.get(url).content.decode()
    assert "<strong>“Easy Read”: question 1</strong>" in html
    assert "(target 5)" in html
    assert "question 2" not in html
    officer_client.post(url)
    consultation.refresh_from_db()
    assert consultation.status != "draft"


def test_publishing_you_said_we_did_summarises_the_shown_items(
    officer_client, area
) -> None:
    consultation = ConsultationFactory.create(area=area, status="closed")
    YouSaidWeDidFactory.create(consultation=consultation, we_did=HARD)
    YouSaidWeDidFactory.create(
        consultation=consultation, we_did=HARD + " Hidden.", is_published=False
    )
    url = staff_url("feedback_publish", consultation)
    html = officer_client.get(url).content.decode()
    assert "1 text may be hard for families to read" in html
    assert "<strong>Item 1: we did</strong>" in html
    officer_client.post(url)
    consultation.refresh_from_db()
    assert consultation.feedback_published_at is not None


def test_opening_an_event_summarises_its_description(officer_client, area) -> None:
    event = EventFactory.create(area=area, status="planned", description=HARD)
    url = staff_url("event_transition", event, step="open")
    html = officer_client.get(url).content.decode()
    assert "<strong>Description</strong>: reading grade" in html
    cancel = staff_url("event_transition", event, step="cancel")
    assert "may be hard" not in officer_client.get(cancel).content.decode()


def test_check_the_wording_keeps_every_field_as_typed(officer_client, area) -> None:
    event = EventFactory.create(area=area)
    consultation = draft_consultation(area)
    typed = {
        "title": "Typed title",
        "description": HARD,
        "date_0": "3",
        "date_1": "4",
        "date_2": "2031",
        "start_time": "09:45",
        "check_wording": "",
    }
    html = officer_client.post(staff_url("event_update", event), typed).content
    page = html.decode()
    assert 'value="Typed title"' in page
    assert 'value="2031"' in page
    assert 'value="09:45"' in page
    typed = {"summary": HARD, "closes_on_2": "2040", "check_wording": ""}
    url = staff_url("consultation_update", consultation)
    assert 'value="2040"' in officer_client.post(url, typed).content.decode()


def test_the_typing_check_answers_staff_of_the_area_with_the_advice(
    client, area, users_by_role
) -> None:
    url = reverse("staff:wording_check", kwargs={"area_slug": area.slug})
    data = {"text": HOSTILE, "label": "<b>Vision</b>", "advice_id": "id_vision-wording"}
    client.force_login(users_by_role["other_officer"])
    assert client.post(url, data).status_code == HTTPStatus.FORBIDDEN
    client.force_login(users_by_role["officer"])
    assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    html = client.post(url, data).json()["html"]
    assert 'id="id_vision-wording"' in html
    assert "(target 9)" in html
    assert "&lt;script&gt;" in html
    assert "<script>" not in html
    assert "&lt;b&gt;Vision&lt;/b&gt;" in html
    easy = client.post(url, {**data, "easy_read": "1", "advice_id": '"><x'}).json()
    assert "(target 5)" in easy["html"]
    assert 'id="wording"' in easy["html"]
    assert client.post(url, {"text": "  "}).json() == {"html": ""}


def test_each_advice_sits_in_a_slot_the_script_refreshes(officer_client, area) -> None:
    strategy = StrategyFactory.create(area=area)
    html = officer_client.get(staff_url("strategy_update", strategy)).content.decode()
    check_url = reverse("staff:wording_check", kwargs={"area_slug": area.slug})
    assert f'data-wording-url="{check_url}" data-field="id_vision"' in html
    assert 'data-field="id_summary"' in html
