"""Publishing individual responses: consent, strike-outs, the public copy."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from consultations import publishing
from consultations.models import Consultation
from consultations.models import ConsultationStatus
from consultations.models import PublicationState
from consultations.models import PublishedAnswer
from consultations.models import QuestionType
from consultations.models import Redaction
from consultations.models import RedactionReason
from consultations.models import Response
from consultations.models import Survey
from consultations.publishing import Strike
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from strategies.models import Theme
from tests.consultations.conftest import questions
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import ResponseFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

STORY = "My son Oliver waited two years. Ring me on 07700 900123, Mrs Patel knows."


def respond(
    survey: Survey, text: str = STORY, *, consent: bool | None = True
) -> Response:
    """A response with a choice, a free-text answer and a number."""
    likert, choice, free_text, number = questions(survey)
    response = ResponseFactory.create(survey=survey, publish_consent=consent)
    AnswerFactory.create(response=response, question=likert, option_code="agree")
    AnswerFactory.create(response=response, question=choice, option_code="early")
    AnswerFactory.create(response=response, question=free_text, text_value=text)
    AnswerFactory.create(response=response, question=number, number_value=3)
    return response


def free_text(response: Response):
    return response.answers.get(question__question_type=QuestionType.FREE_TEXT)


def public_url(consultation: Consultation, **params: str) -> str:
    url = reverse(
        "consultations:published_responses",
        kwargs={"area_slug": consultation.area.slug, "pk": consultation.pk},
    )
    return url + (
        "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    )


def review_url(response: Response) -> str:
    return reverse(
        "consultations_staff:response_review",
        kwargs={
            "area_slug": response.consultation.area.slug,
            "pk": response.consultation_id,
            "response_pk": response.pk,
        },
    )


@pytest.fixture
def closed(survey: Survey) -> Survey:
    Consultation.objects.filter(pk=survey.consultation_id).update(
        status=ConsultationStatus.CLOSED
    )
    survey.consultation.refresh_from_db()
    return survey


def strike_all_found(response: Response, by: User) -> None:
    answer = free_text(response)
    publishing.response_redact(
        response=response,
        strikes=[
            Strike(answer.pk, s.start, s.end, publishing.REASON_FOR_KIND[s.kind])
            for s in publishing.proposed_spans(answer)
        ],
        by=by,
    )


def test_redacted_text_replaces_names_and_other_details_and_merges_overlaps() -> None:
    text = "Ask Sam Lee on 07700 900123 today"
    redactions = [
        Redaction(start=4, end=7, reason=RedactionReason.NAME),
        Redaction(start=5, end=11, reason=RedactionReason.NAME),
        Redaction(start=15, end=27, reason=RedactionReason.CONTACT),
    ]
    assert publishing.redacted_text(text, redactions) == (
        "Ask [name removed] on [removed] today"
    )
    mixed = [
        Redaction(start=4, end=11, reason=RedactionReason.NAME),
        Redaction(start=8, end=27, reason=RedactionReason.CONTACT),
    ]
    assert publishing.redacted_text(text, mixed) == "Ask [removed] today"


def test_publishing_copies_answers_with_struck_spans_replaced(
    closed: Survey, officer: User
) -> None:
    response = respond(closed)
    strike_all_found(response, officer)
    publication = publishing.response_publish(response=response, by=officer)

    assert publication.state == PublicationState.PUBLISHED
    copies = {c.question.question_type: c.text for c in publication.answers.all()}
    assert copies[QuestionType.FREE_TEXT] == (
        "My son [name removed] waited two years. Ring me on [removed], "
        "[name removed] knows."
    )
    assert copies[QuestionType.SINGLE_CHOICE] == "Early support"
    assert copies[QuestionType.LIKERT] == "Agree"
    assert copies[QuestionType.NUMBER] == "3"
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {AuditVerb.RESPONSE_REDACTED, AuditVerb.RESPONSE_PUBLISHED} <= verbs


@pytest.mark.parametrize("consent", [False, None])
def test_a_response_without_consent_cannot_be_struck_out_or_published(
    closed: Survey, officer: User, consent: bool | None
) -> None:
    response = respond(closed, consent=consent)
    with pytest.raises(publishing.PublishingRefusedError):
        publishing.response_publish(response=response, by=officer)
    with pytest.raises(publishing.PublishingRefusedError):
        strike_all_found(response, officer)
    assert not PublishedAnswer.objects.exists()
    assert not PublishedAnswer.objects.published().exists()


def test_an_officer_posting_publish_for_a_response_without_consent_gets_404(
    closed: Survey, officer: User
) -> None:
    response = respond(closed, consent=False)
    page = client_for(officer).post(review_url(response), {"action": "publish"})
    assert page.status_code == HTTPStatus.NOT_FOUND
    listed = client_for(None).get(public_url(closed.consultation))
    assert "Oliver" not in listed.text
    assert "waited two years" not in listed.text


def test_consent_withdrawn_after_publishing_hides_the_copy(
    closed: Survey, officer: User
) -> None:
    response = respond(closed)
    publishing.response_publish(response=response, by=officer)
    Response.objects.filter(pk=response.pk).update(publish_consent=False)
    assert not PublishedAnswer.objects.published().exists()
    page = client_for(None).get(public_url(closed.consultation))
    assert "waited two years" not in page.text


def test_a_strike_outside_the_answer_is_refused(closed: Survey, officer: User) -> None:
    response = respond(closed)
    answer = free_text(response)
    with pytest.raises(publishing.PublishingRefusedError):
        publishing.response_redact(
            response=response,
            strikes=[Strike(answer.pk, 5, 500, RedactionReason.OTHER)],
            by=officer,
        )
    other = respond(closed)
    with pytest.raises(publishing.PublishingRefusedError):
        publishing.response_redact(
            response=response,
            strikes=[Strike(free_text(other).pk, 0, 2, RedactionReason.OTHER)],
            by=officer,
        )


def test_striking_a_published_response_updates_its_public_copy_at_once(
    closed: Survey, officer: User
) -> None:
    response = respond(closed, "We waited at Oakfield for two years")
    publishing.response_publish(response=response, by=officer)
    answer = free_text(response)
    publishing.response_redact(
        response=response,
        strikes=[Strike(answer.pk, 13, 21, RedactionReason.IDENTIFYING)],
        by=officer,
    )
    assert PublishedAnswer.objects.get(answer=answer).text == (
        "We waited at [removed] for two years"
    )


def test_withdrawing_a_published_response_deletes_its_public_copy(
    closed: Survey, officer: User
) -> None:
    response = respond(closed)
    publishing.response_publish(response=response, by=officer)
    publication = publishing.response_withhold(response=response, by=officer)
    assert publication.state == PublicationState.WITHHELD
    assert not PublishedAnswer.objects.exists()
    assert AuditEvent.objects.filter(
        verb=AuditVerb.RESPONSE_PUBLICATION_WITHDRAWN
    ).exists()
    assert not Response.objects.awaiting_publication_review().exists()


def test_awaiting_review_lists_consented_undecided_responses_only(
    closed: Survey, officer: User
) -> None:
    waiting = respond(closed)
    respond(closed, consent=False)
    respond(closed, consent=None)
    published = respond(closed)
    publishing.response_publish(response=published, by=officer)
    assert list(Response.objects.awaiting_publication_review()) == [waiting]


def test_for_theme_gives_the_redacted_quotes_of_published_consented_answers(
    closed: Survey, officer: User
) -> None:
    theme = Theme.objects.create(strategy=closed.consultation.strategy, name="Waits")
    published = respond(closed)
    unpublished = respond(closed, "Nobody listened")
    free_text(published).themes.add(theme)
    free_text(unpublished).themes.add(theme)
    strike_all_found(published, officer)
    publishing.response_publish(response=published, by=officer)

    quotes = list(PublishedAnswer.objects.for_theme(theme))
    assert [q.text for q in quotes] == [
        "My son [name removed] waited two years. Ring me on [removed], "
        "[name removed] knows."
    ]


def test_the_review_page_proposes_found_details_and_publishes_without_javascript(
    closed: Survey, officer: User
) -> None:
    response = respond(closed, "Mrs Patel was kind. We live in Oakfield.")
    client = client_for(officer)
    page = client.get(review_url(response))
    assert page.status_code == HTTPStatus.OK
    assert '<mark class="app-proposed">Mrs Patel</mark>' in page.text
    answer = free_text(response)
    page = client.post(
        review_url(response),
        {
            f"strike-{answer.pk}-0-9": "on",
            f"reason-{answer.pk}-0-9": "name",
            f"text-{answer.pk}": "Oakfield",
            f"text_reason-{answer.pk}": "address",
            "action": "publish",
        },
    )
    assert page.status_code == HTTPStatus.FOUND
    assert PublishedAnswer.objects.get(answer=answer).text == (
        "[name removed] was kind. We live in [removed]."
    )
    listed = client_for(None).get(public_url(closed.consultation))
    assert "[name removed] was kind." in listed.text
    assert "Patel" not in listed.text
    assert "Oakfield" not in listed.text


def test_typed_text_not_in_the_answer_is_an_error(
    closed: Survey, officer: User
) -> None:
    response = respond(closed, "All fine")
    answer = free_text(response)
    page = client_for(officer).post(
        review_url(response),
        {
            f"text-{answer.pk}": "Nowhere",
            f"text_reason-{answer.pk}": "name",
            "action": "publish",
        },
    )
    assert page.status_code == HTTPStatus.OK
    assert "Enter text exactly as it appears in the answer" in page.text
    assert not PublishedAnswer.objects.exists()


def test_the_public_list_filters_by_group_theme_and_question(
    closed: Survey, officer: User, django_assert_max_num_queries
) -> None:
    theme = Theme.objects.create(strategy=closed.consultation.strategy, name="Waits")
    parent = respond(closed, "Parents waited")
    free_text(parent).themes.add(theme)
    young = respond(closed, "Young people waited")
    Response.objects.filter(pk=young.pk).update(respondent_type="YOUNG_PERSON")
    for response in (parent, young):
        publishing.response_publish(response=response, by=officer)
    for _ in range(25):
        publishing.response_publish(response=respond(closed, "More"), by=officer)
    client = client_for(None)
    consultation = closed.consultation
    with django_assert_max_num_queries(12):
        page = client.get(public_url(consultation))
    assert page.status_code == HTTPStatus.OK
    assert "Page 1 of 2" in page.text
    page = client.get(public_url(consultation, respondent_type="YOUNG_PERSON"))
    assert "Young people waited" in page.text
    assert "Parents waited" not in page.text
    page = client.get(public_url(consultation, theme=str(theme.pk)))
    assert "Parents waited" in page.text
    assert "Young people waited" not in page.text
    page = client.get(public_url(consultation, theme="999999"))
    assert "No published responses match these filters." in page.text
    number = questions(closed)[3]
    page = client.get(public_url(consultation, question=str(number.pk)))
    assert "Page 1 of 2" in page.text
    page = client.get(public_url(consultation, question="999999"))
    assert "No published responses match these filters." in page.text


def test_the_public_list_says_so_when_nothing_is_published(closed: Survey) -> None:
    respond(closed)
    page = client_for(None).get(public_url(closed.consultation))
    assert page.status_code == HTTPStatus.OK
    assert "No responses have been published yet." in page.text
    assert "waited two years" not in page.text


def test_the_public_list_of_a_draft_consultation_is_not_found(survey: Survey) -> None:
    Consultation.objects.filter(pk=survey.consultation_id).update(
        status=ConsultationStatus.DRAFT
    )
    page = client_for(None).get(public_url(survey.consultation))
    assert page.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("no_role", False),
        ("officer", True),
        ("admin", True),
        ("lead", False),
        ("cabinet", False),
        ("other_officer", False),
    ],
)
def test_only_officers_and_area_admins_of_the_area_review_responses(
    closed: Survey, users_by_role: dict[str, User | None], role: str, allowed: bool
) -> None:
    response = respond(closed)
    page = client_for(users_by_role[role]).get(review_url(response))
    if allowed:
        assert page.status_code == HTTPStatus.OK
    else:
        assert page.status_code in (
            HTTPStatus.FOUND,
            HTTPStatus.FORBIDDEN,
            HTTPStatus.NOT_FOUND,
        )
        assert "Ring me on" not in page.text


def test_the_journey_asks_may_we_publish_after_who_helped_and_stores_it(
    client, survey: Survey
) -> None:
    from tests.consultations.test_journey import answer_everything
    from tests.consultations.test_journey import step
    from tests.consultations.test_journey import url

    answer_everything(client, survey)
    page = client.get(step(survey, "publish"))
    assert "May we publish your answers, without your name?" in page.text
    missing = client.post(step(survey, "publish"), {})
    assert "Select yes if we may publish your answers" in missing.text
    chosen = client.post(step(survey, "publish"), {"answer": "no"})
    assert chosen["Location"] == step(survey, "contact")
    check = client.get(url(survey, "journey_check"))
    assert "May we publish your answers, without your name?" in check.text
    assert step(survey, "publish") + "?change=1" in check.text.replace("&amp;", "&")
    assert "No, do not publish them" in check.text
    client.post(url(survey, "journey_check"))
    assert Response.objects.get().publish_consent is False


def test_the_easy_read_survey_asks_in_easy_read_words(client, easy_read_survey) -> None:
    from consultations.journey import journey_steps

    keys = [s.key for s in journey_steps(easy_read_survey, {"type": "PARENT_CARER"})]
    assert keys[-3:] == ["helped", "publish", "contact"]
    publish = journey_steps(easy_read_survey, {})[-2]
    assert publish.title == (
        "Can we show your answers to other people? We will not show your name."
    )
    assert [label for _code, label in publish.choices] == [
        "Yes, you can show my answers",
        "No, keep them private",
    ]


def test_an_imported_response_was_not_asked(survey: Survey) -> None:
    assert ResponseFactory.create(survey=survey).publish_consent is None


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["buckinghamshire", "hertfordshire"])
def test_the_demo_publishes_struck_out_responses_and_leaves_some_waiting(
    demo_db: None, slug: str
) -> None:
    consultation = Consultation.objects.get(area__slug=slug)
    published = PublishedAnswer.objects.published().for_consultation(consultation)
    texts = [p.text for p in published.filter(question__question_type="FREE_TEXT")]
    assert len(texts) >= 3
    assert any("[name removed]" in text for text in texts)
    assert not any("07700 900123" in t or "01632 960001" in t for t in texts)
    assert Redaction.objects.filter(answer__response__consultation=consultation)
    waiting = Response.objects.for_consultation(consultation)
    assert waiting.awaiting_publication_review().count() >= 2
    page = client_for(None).get(public_url(consultation))
    assert "[name removed]" in page.text
    assert "Oliver" not in page.text
    assert "Kwame" not in page.text


def test_the_consultation_and_feedback_pages_link_to_published_responses(
    closed: Survey, officer: User
) -> None:
    consultation = closed.consultation
    Consultation.objects.filter(pk=consultation.pk).update(
        status=ConsultationStatus.FEEDBACK_PUBLISHED
    )
    feedback = reverse(
        "consultations:feedback_detail",
        kwargs={"area_slug": consultation.area.slug, "pk": consultation.pk},
    )
    client = client_for(None)
    response = respond(closed)
    for url in (consultation.get_absolute_url(), feedback):
        assert public_url(consultation) not in client.get(url).text
    publishing.response_publish(response=response, by=officer)
    for url in (consultation.get_absolute_url(), feedback):
        assert public_url(consultation) in client.get(url).text
    staff_page = client_for(officer).get(consultation.get_staff_url())
    assert "Publish responses: remove personal details first" in staff_page.text
