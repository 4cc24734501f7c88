import datetime
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from consultations import services
from consultations.models import Answer
from consultations.models import Consultation
from consultations.models import Response
from consultations.models import ResponseContact
from consultations.models import Survey
from consultations.services import Submission
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from tests.consultations.conftest import questions
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import QuestionFactory
from tests.consultations.factories import SurveyFactory
from tests.consultations.factories import YouSaidWeDidFactory
from tests.helpers import enqueued
from tests.strategies.factories import StrategyFactory

pytestmark = pytest.mark.django_db


def submission(survey: Survey, token: uuid.UUID | None = None, **extra) -> Submission:
    likert, choice, free, number = questions(survey)
    return Submission(
        token=token or uuid.uuid4(),
        respondent_type="PARENT_CARER",
        answers={
            likert.pk: "agree",
            choice.pk: "early",
            free.pk: '=HYPERLINK("x") <script>alert(1)</script>',
            number.pk: 2,
        },
        **extra,
    )


def test_publishing_a_draft_opens_it_when_its_window_has_started(
    officer: User,
) -> None:
    consultation = ConsultationFactory.create(
        area=officer.memberships.get().area, status="draft"
    )
    QuestionFactory.create(survey__consultation=consultation)
    services.consultation_publish(
        consultation=consultation, by=officer, no_easy_read_reason="Being made."
    )
    consultation.refresh_from_db()
    assert consultation.status == "open"
    assert AuditEvent.objects.filter(verb="consultation.published").count() == 1


def test_publishing_a_draft_without_questions_is_refused(officer: User) -> None:
    consultation = ConsultationFactory.create(status="draft")
    with pytest.raises(ValidationError, match="at least one question"):
        services.consultation_publish(consultation=consultation, by=officer)


def test_publishing_twice_is_refused(officer: User) -> None:
    consultation = ConsultationFactory.create(status="open")
    with pytest.raises(ValidationError, match="Only a draft"):
        services.consultation_publish(consultation=consultation, by=officer)


def test_closing_an_open_consultation_stops_responses_now(
    officer: User, survey: Survey
) -> None:
    consultation = survey.consultation
    services.consultation_close(consultation=consultation, by=officer)
    consultation.refresh_from_db()
    assert consultation.status == "closed"
    assert not consultation.accepts_responses()
    with pytest.raises(services.ConsultationClosedError):
        services.response_submit(survey=survey, submission=submission(survey))


def test_response_is_stored_with_answers_as_typed(survey: Survey) -> None:
    response, created = services.response_submit(
        survey=survey, submission=submission(survey)
    )
    assert created
    free = questions(survey)[2]
    stored = Answer.objects.get(response=response, question=free)
    assert stored.text_value == '=HYPERLINK("x") <script>alert(1)</script>'
    assert response.answers.count() == 4
    assert not ResponseContact.objects.exists()


def test_submitting_twice_with_one_token_stores_one_response(survey: Survey) -> None:
    token = uuid.uuid4()
    first, created = services.response_submit(
        survey=survey, submission=submission(survey, token)
    )
    second, created_again = services.response_submit(
        survey=survey, submission=submission(survey, token)
    )
    assert created
    assert not created_again
    assert first.pk == second.pk
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 4


def test_a_response_one_second_after_closing_is_refused(survey: Survey) -> None:
    consultation = survey.consultation
    closes = consultation.closes_at
    with pytest.raises(services.ConsultationClosedError):
        services.response_submit(
            survey=survey,
            submission=submission(survey),
            at=closes + datetime.timedelta(seconds=1),
        )
    _response, created = services.response_submit(
        survey=survey,
        submission=submission(survey),
        at=closes - datetime.timedelta(seconds=1),
    )
    assert created


def test_questions_not_for_the_respondent_type_are_not_stored(survey: Survey) -> None:
    sub = submission(survey)
    sub = Submission(token=sub.token, respondent_type="HEALTH", answers=sub.answers)
    response, _ = services.response_submit(survey=survey, submission=sub)
    assert response.answers.count() == 3


def test_contact_details_are_stored_apart_from_the_answers(survey: Survey) -> None:
    response, _ = services.response_submit(
        survey=survey, submission=submission(survey, contact_email="a@example.org")
    )
    assert ResponseContact.objects.get().response == response
    assert "a@example.org" not in str(list(Answer.objects.values()))


@pytest.mark.django_db(transaction=True)
def test_parallel_submits_with_one_token_store_one_response(area) -> None:
    survey = SurveyFactory.create(consultation__area=area)
    QuestionFactory.create(survey=survey, question_type="LIKERT_AGREE_5")
    question = survey.questions.get()
    token = uuid.uuid4()
    barrier = threading.Barrier(4)
    results: list[int] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait()
            response, _ = services.response_submit(
                survey=survey,
                submission=Submission(
                    token=token,
                    respondent_type="CYP",
                    answers={question.pk: "agree"},
                ),
            )
            results.append(response.pk)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 1


def test_feedback_is_published_only_after_closing(
    officer: User, django_capture_on_commit_callbacks
) -> None:
    consultation = ConsultationFactory.create(
        area=officer.memberships.get().area,
        status="closed",
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    YouSaidWeDidFactory.create(consultation=consultation)
    with django_capture_on_commit_callbacks() as callbacks:
        services.consultation_publish_feedback(consultation=consultation, by=officer)
    assert enqueued(callbacks) == [
        ("consultations.tasks.send_feedback_published", (consultation.pk,))
    ]
    consultation.refresh_from_db()
    assert consultation.status == "feedback_published"
    open_one = ConsultationFactory.create(status="open")
    YouSaidWeDidFactory.create(consultation=open_one)
    with pytest.raises(ValidationError):
        services.consultation_publish_feedback(consultation=open_one, by=officer)


def test_consultation_queryset_open_uses_the_window(survey: Survey) -> None:
    consultation: Consultation = survey.consultation
    assert list(Consultation.objects.open()) == [consultation]
    later = consultation.closes_at + datetime.timedelta(seconds=1)
    assert list(Consultation.objects.open(at=later)) == []


def question_data(**extra: object) -> dict[str, object]:
    return {
        "text": "How easy was it to find the Local Offer?",
        "help_text": "",
        "question_type": "SINGLE_CHOICE",
        "required": True,
        "priority": None,
        "show_to": [],
        "section_title": "",
        "option_labels": ["Easy", "Hard"],
        **extra,
    }


def test_changing_a_question_records_its_old_and_new_wording_and_options(
    officer,
) -> None:
    survey = SurveyFactory.create(consultation__status="draft")
    question = services.question_save(
        survey=survey, question=None, by=officer, data=question_data()
    )
    services.question_save(
        survey=survey,
        question=question,
        by=officer,
        data=question_data(
            text="How easy was it to find help?",
            option_labels=["Easy", "Hard", "Don’t know"],
        ),
    )
    added, changed = AuditEvent.objects.for_subject(survey.consultation).order_by("pk")
    assert added.verb == "question.added"
    assert added.changes["text"] == [None, "How easy was it to find the Local Offer?"]
    assert changed.verb == "question.changed"
    assert changed.changes == {
        "text": [
            "How easy was it to find the Local Offer?",
            "How easy was it to find help?",
        ],
        "options": [["Easy", "Hard"], ["Easy", "Hard", "Don’t know"]],
    }


def test_changing_a_consultation_records_only_what_changed(officer) -> None:
    consultation = ConsultationFactory.create(status="draft", title="Old title")
    services.consultation_update(
        consultation=consultation,
        by=officer,
        data={"title": "New title", "summary": consultation.summary},
    )
    event = AuditEvent.objects.for_subject(consultation).get()
    assert event.changes == {"title": ["Old title", "New title"]}
    consultation.refresh_from_db()
    assert consultation.title == "New title"


def test_editing_a_feedback_item_through_its_page_saves_and_records_the_change(
    client, officer, area
) -> None:
    consultation = ConsultationFactory.create(area=area)
    item = YouSaidWeDidFactory.create(
        consultation=consultation, you_said="Too few places", we_did="Looking"
    )
    client.force_login(officer)
    response = client.post(
        f"{consultation.get_staff_url()}you-said-we-did/{item.pk}/edit/",
        {
            "you_said": "Too few specialist places",
            "we_did": "Opened 40 places",
            "status": item.status,
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    item.refresh_from_db()
    assert item.you_said == "Too few specialist places"
    assert item.is_published
    event = AuditEvent.objects.filter(verb="feedback_item.saved").latest("pk")
    assert event.changes["we_did"] == ["Looking", "Opened 40 places"]


def test_a_new_consultation_expects_the_areas_usual_mix(area, officer) -> None:
    area.default_expected_mix = {"FAMILIES": 60, "CYP": 20, "PROFESSIONALS": 20}
    area.save()
    strategy = StrategyFactory.create(area=area)
    consultation = services.consultation_create(
        area=area,
        by=officer,
        data={
            "strategy": strategy,
            "title": "Our draft strategy",
            "summary": "Tell us",
            "opens_at": timezone.now(),
            "closes_at": timezone.now() + datetime.timedelta(days=30),
        },
    )
    assert consultation.expected_mix == {"FAMILIES": 60, "CYP": 20, "PROFESSIONALS": 20}
