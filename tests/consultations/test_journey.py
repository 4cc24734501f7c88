"""The family's journey through the test client: no JavaScript involved."""

import datetime
import re
from http import HTTPStatus

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations.journey import QUESTION_ERRORS
from consultations.journey import StepForm
from consultations.journey import _question_step
from consultations.models import QuestionType
from consultations.models import Response
from consultations.models import ResponseContact
from consultations.models import Survey
from tests.consultations.conftest import questions
from tests.consultations.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def url(survey: Survey, name: str, **kwargs) -> str:
    consultation = survey.consultation
    return reverse(
        f"consultations:{name}",
        kwargs={
            "area_slug": consultation.area.slug,
            "pk": consultation.pk,
            "survey_pk": survey.pk,
            **kwargs,
        },
    )


def step(survey: Survey, key: str) -> str:
    return url(survey, "journey_step", step=key)


def answer_everything(
    client: Client, survey: Survey, *, email: str = "", helped: str = "NOBODY"
) -> None:
    likert, choice, free, number = questions(survey)
    district = survey.consultation.area.districts.all()[0]
    client.get(url(survey, "journey_start"))
    posts = [
        ("type", {"answer": "PARENT_CARER"}),
        ("district", {"answer": str(district.pk)}),
        ("age", {"answer": ["AGE_5_10"]}),
        ("need", {"answer": ["ASD", "SLCN"]}),
        ("setting", {"answer": "MAINSTREAM_PRIMARY"}),
        ("support", {"answer": "SEN_SUPPORT"}),
        (f"q{likert.pk}", {"answer": "agree"}),
        (f"q{choice.pk}", {"answer": "early"}),
        (f"q{free.pk}", {"answer": "<b>More</b> {{ 7*7 }} \u202eevil"}),
        (f"q{number.pk}", {"answer": "2"}),
        ("helped", {"answer": helped}),
        ("publish", {"answer": "yes"}),
        ("contact", {"answer": "yes" if email else "no", "email": email}),
    ]
    for key, data in posts:
        page = client.post(step(survey, key), data)
        assert page.status_code == HTTPStatus.FOUND, (key, page.content[:2000])


def test_start_page_links_to_the_survey(client: Client, survey: Survey) -> None:
    page = client.get(survey.consultation.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assert url(survey, "journey_start").encode() in page.content


def test_start_leads_to_the_first_question_one_per_page(
    client: Client, survey: Survey
) -> None:
    page = client.get(url(survey, "journey_start"))
    assert page["Location"] == step(survey, "type")
    page = client.get(page["Location"])
    assert page.status_code == HTTPStatus.OK
    assert page.content.count(b"<h1") == 1
    assert b"In what capacity are you responding?" in page.content


def test_a_missing_answer_shows_the_error_summary_and_keeps_other_answers(
    client: Client, survey: Survey
) -> None:
    client.get(url(survey, "journey_start"))
    page = client.post(step(survey, "type"), {})
    assert page.status_code == HTTPStatus.OK
    assert b"govuk-error-summary" in page.content
    # In the summary and by the question, naming what is missing.
    assert page.content.decode().count("Select how you are responding") >= 2
    assert "Select an answer" not in page.content.decode()
    assert "<title>Error:" in page.content.decode()


def test_an_invalid_email_keeps_what_was_typed(client: Client, survey: Survey) -> None:
    answer_everything(client, survey)
    page = client.post(
        step(survey, "contact"), {"answer": "yes", "email": "not-an-email"}
    )
    assert page.status_code == HTTPStatus.OK
    assert b"correct format" in page.content
    assert b'value="not-an-email"' in page.content
    assert re.search(rb'value="yes"\s+checked', page.content)


def test_back_link_goes_to_the_previous_question_with_its_answer_kept(
    client: Client, survey: Survey
) -> None:
    client.get(url(survey, "journey_start"))
    client.post(step(survey, "type"), {"answer": "HEALTH"})
    page = client.get(step(survey, "district"))
    assert f'href="{step(survey, "type")}"'.encode() in page.content
    back = client.get(step(survey, "type"))
    assert re.search(rb'value="HEALTH"\s+checked', back.content)


def test_professionals_skip_the_questions_about_a_child(
    client: Client, survey: Survey
) -> None:
    client.get(url(survey, "journey_start"))
    client.post(step(survey, "type"), {"answer": "HEALTH"})
    district = survey.consultation.area.districts.all()[0]
    page = client.post(step(survey, "district"), {"answer": str(district.pk)})
    assert page["Location"] == step(survey, f"q{questions(survey)[0].pk}")


def test_check_answers_lists_every_answer_with_change_links(
    client: Client, survey: Survey
) -> None:
    answer_everything(client, survey, email="parent@example.org")
    page = client.get(url(survey, "journey_check"))
    content = page.content.decode()
    assert "Check your answers before sending them" in content
    assert "Autism, Speech, language and communication needs" in content
    assert "&lt;b&gt;More&lt;/b&gt; {{ 7*7 }}" in content
    assert "<b>More" not in content
    assert f"{step(survey, 'type')}?change=1" in content


def test_a_change_link_returns_to_check_answers(client: Client, survey: Survey) -> None:
    answer_everything(client, survey)
    likert = questions(survey)[0]
    page = client.post(
        step(survey, f"q{likert.pk}") + "?change=1", {"answer": "disagree"}
    )
    assert page["Location"] == url(survey, "journey_check")


def test_submitting_shows_a_reference_and_stores_one_response(
    client: Client, survey: Survey
) -> None:
    answer_everything(client, survey, email="parent@example.org")
    page = client.post(url(survey, "journey_check"))
    assert page["Location"] == url(survey, "journey_done")
    again = client.post(url(survey, "journey_check"))
    assert again["Location"] == url(survey, "journey_done")
    response = Response.objects.get()
    done = client.get(url(survey, "journey_done"))
    assert response.reference.encode() in done.content
    assert response.respondent_type == "PARENT_CARER"
    assert response.need_codes == ["ASD", "SLCN"]
    assert ResponseContact.objects.get().email == "parent@example.org"
    assert response.answers.get(question=questions(survey)[2]).text_value == (
        "<b>More</b> {{ 7*7 }} \u202eevil"
    )


def test_two_tabs_submitting_the_same_answers_store_one_response(
    client: Client, survey: Survey
) -> None:
    answer_everything(client, survey)
    # Another tab of the same browser shares the session and its token.
    session_key = client.cookies["sessionid"].value
    other_tab = Client()
    other_tab.cookies["sessionid"] = session_key
    client.post(url(survey, "journey_check"))
    other_tab.post(url(survey, "journey_check"))
    assert Response.objects.count() == 1


def test_submitting_one_second_after_closing_shows_the_closed_page_and_keeps_answers(
    client: Client, survey: Survey
) -> None:
    consultation = survey.consultation
    consultation.closes_at = timezone.now() + datetime.timedelta(hours=1)
    consultation.save()
    answer_everything(client, survey)
    closes = consultation.closes_at
    with time_machine.travel(closes + datetime.timedelta(seconds=1), tick=False):
        page = client.post(url(survey, "journey_check"))
    assert page.status_code == HTTPStatus.OK
    assert b"This consultation is closed" in page.content
    assert Response.objects.count() == 0
    assert client.session[f"consultations:survey:{survey.pk}"]["answers"]["type"] == (
        "PARENT_CARER"
    )


def test_check_answers_sends_back_to_an_unanswered_question(
    client: Client, survey: Survey
) -> None:
    client.get(url(survey, "journey_start"))
    page = client.get(url(survey, "journey_check"))
    assert page["Location"] == step(survey, "type")


def test_a_draft_consultation_is_not_found(client: Client, survey: Survey) -> None:
    survey.consultation.status = "draft"
    survey.consultation.save()
    assert client.get(url(survey, "journey_start")).status_code == HTTPStatus.NOT_FOUND
    assert (
        client.get(survey.consultation.get_absolute_url()).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_dont_know_cannot_be_chosen_with_other_answers(
    client: Client, survey: Survey
) -> None:
    from tests.consultations.factories import OptionFactory
    from tests.consultations.factories import QuestionFactory

    multi = QuestionFactory.create(
        survey=survey, text="Which apply?", question_type="MULTI_CHOICE", sort=0
    )
    OptionFactory.create(question=multi, code="a", label="A")
    OptionFactory.create(
        question=multi, code="dk", label="Don’t know", is_exclusive=True
    )
    client.get(url(survey, "journey_start"))
    page = client.post(step(survey, f"q{multi.pk}"), {"answer": ["a", "dk"]})
    assert page.status_code == HTTPStatus.OK
    assert "Select “Don’t know” on its own" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_parallel_submit_requests_from_one_session_store_one_response(area) -> None:
    import threading

    from django.db import connection

    from tests.consultations.conftest import make_consultation
    from tests.consultations.conftest import make_survey

    survey = make_survey(make_consultation(area))
    client = Client()
    answer_everything(client, survey)
    cookie = client.cookies["sessionid"].value
    barrier = threading.Barrier(5)
    statuses: list[int] = []

    def submit() -> None:
        tab = Client()
        tab.cookies["sessionid"] = cookie
        barrier.wait()
        try:
            statuses.append(tab.post(url(survey, "journey_check")).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [HTTPStatus.FOUND] * 5
    assert Response.objects.count() == 1


def test_null_characters_and_very_long_text_get_clear_errors(
    client: Client, survey: Survey
) -> None:
    free = questions(survey)[2]
    client.get(url(survey, "journey_start"))
    page = client.post(step(survey, f"q{free.pk}"), {"answer": "a\x00b"})
    assert page.status_code == HTTPStatus.OK
    assert b"govuk-error-summary" in page.content
    page = client.post(step(survey, f"q{free.pk}"), {"answer": "x" * 5001})
    assert b"5,000 characters or fewer" in page.content


def test_each_kind_of_survey_question_names_what_is_missing() -> None:
    for question_type, message in [
        (QuestionType.LIKERT, "Select how much you agree or disagree"),
        (QuestionType.FREE_TEXT, "Enter your answer"),
        (QuestionType.NUMBER, "Enter a number"),
        (QuestionType.CONSENT, "Select yes or no"),
    ]:
        question = QuestionFactory.create(question_type=question_type)
        form = StepForm({}, step=_question_step(question))
        assert not form.is_valid()
        assert form.errors["answer"] == [message]
        assert str(QUESTION_ERRORS[question_type]) == message


@pytest.mark.parametrize(
    ("status", "opens_in_days"),
    [("scheduled", 2), ("closed", -9), ("feedback_published", -9)],
)
def test_a_family_cannot_answer_a_consultation_that_is_not_open(
    client: Client, survey: Survey, status: str, opens_in_days: int
) -> None:
    consultation = survey.consultation
    consultation.status = status
    consultation.opens_at = timezone.now() + datetime.timedelta(days=opens_in_days)
    consultation.closes_at = consultation.opens_at + datetime.timedelta(days=7)
    consultation.save()
    for page_url in (url(survey, "journey_start"), step(survey, "type")):
        page = client.get(page_url)
        assert page.status_code == HTTPStatus.OK
        assert b"This consultation is closed" in page.content
    page = client.post(step(survey, "type"), {"answer": "PARENT_CARER"})
    assert b"This consultation is closed" in page.content
    assert f"consultations:survey:{survey.pk}" not in client.session
    start_page = client.get(consultation.get_absolute_url())
    assert url(survey, "journey_start").encode() not in start_page.content


def test_a_signed_in_officer_answers_an_open_consultation_like_anyone(
    client: Client, survey: Survey, officer
) -> None:
    client.force_login(officer)
    answer_everything(client, survey)
    client.post(url(survey, "journey_check"))
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_double_submit_with_the_limits_in_redis_stores_one_response(
    redis_cache: str, client: Client, survey: Survey
) -> None:
    answer_everything(client, survey, email="parent@example.org")
    first = client.post(url(survey, "journey_check"))
    second = client.post(url(survey, "journey_check"))
    assert first["Location"] == second["Location"] == url(survey, "journey_done")
    assert Response.objects.count() == 1
    assert ResponseContact.objects.count() == 1


def test_a_filled_honeypot_on_check_answers_stores_no_response(
    client: Client, survey: Survey
) -> None:
    answer_everything(client, survey)
    check = client.get(url(survey, "journey_check")).content.decode()
    assert 'name="website"' in check
    page = client.post(url(survey, "journey_check"), {"website": "buy now"})
    assert page.status_code == HTTPStatus.OK
    assert b"Thank you" in page.content
    assert b"reference" not in page.content
    assert Response.objects.count() == 0


@pytest.mark.usefixtures("two_submits_per_email")
def test_one_contact_email_cannot_send_response_after_response(
    redis_cache: str, survey: Survey
) -> None:
    statuses = []
    for n in range(3):
        respondent = Client(REMOTE_ADDR=f"198.51.100.{n}")
        answer_everything(respondent, survey, email="Victim@example.org")
        statuses.append(respondent.post(url(survey, "journey_check")).status_code)
    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND, 429]
    assert Response.objects.count() == 2


def test_journey_pages_showing_answers_are_not_stored_by_any_cache(
    client: Client, survey: Survey
) -> None:
    answer_everything(client, survey, email="parent@example.org")
    assert client.get(step(survey, "contact"))["Cache-Control"] == "no-store"
    assert client.get(url(survey, "journey_check"))["Cache-Control"] == "no-store"
    client.post(url(survey, "journey_check"))
    assert client.get(url(survey, "journey_done"))["Cache-Control"] == "no-store"
