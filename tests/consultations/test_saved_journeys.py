"""Save and come back later: the emailed link, what it restores, and when it stops."""

import datetime
import re
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from consultations.models import Response
from consultations.models import SavedJourney
from consultations.models import Survey
from consultations.tasks import erase_expired_saved_journeys
from consultations.tasks import send_saved_journey_link
from sendportal.outbox.models import OutboxTask
from tests.consultations.conftest import make_survey
from tests.consultations.conftest import questions
from tests.consultations.factories import ConsultationFactory
from tests.consultations.test_journey import step
from tests.consultations.test_journey import url
from tests.helpers import enqueued

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/resume/(?P<token>[\w-]+)/")


def start_as_parent(client: Client, survey: Survey) -> None:
    """Start, and answer the first two profile pages as a parent."""
    district = survey.consultation.area.districts.all()[0]
    client.get(url(survey, "journey_start"))
    client.post(step(survey, "type"), {"answer": "PARENT_CARER"})
    client.post(step(survey, "district"), {"answer": str(district.pk)})


def save_with_email(
    client: Client, survey: Survey, captured, email: str = "parent@example.org"
):
    with captured(execute=True):
        return client.post(url(survey, "journey_save"), {"email": email})


def emailed_link(index: int = -1) -> str:
    match = LINK.search(str(mail.outbox[index].body))
    assert match, mail.outbox[index].body
    return urlsplit(match.group(0)).path


@pytest.fixture
def saved_link(
    client: Client, survey: Survey, django_capture_on_commit_callbacks
) -> str:
    """A parent's first answers, saved: the path of the link emailed to them."""
    start_as_parent(client, survey)
    save_with_email(client, survey, django_capture_on_commit_callbacks)
    return emailed_link()


def test_every_question_page_offers_to_save_and_come_back_later(
    client: Client, survey: Survey
) -> None:
    client.get(url(survey, "journey_start"))
    for key in ("type", f"q{questions(survey)[2].pk}", "contact"):
        page = client.get(step(survey, key)).content.decode()
        assert re.search(
            r'<button[^>]*name="save"[^>]*>\s*Save and come back later', page
        ), key
        assert "govuk-button--secondary" in page


def test_save_asks_for_an_email_address_and_says_no_account_is_needed(
    client: Client, survey: Survey
) -> None:
    start_as_parent(client, survey)
    page = client.post(
        step(survey, "age"),
        {"answer": ["AGE_5_10"], "save": "Save and come back later"},
    )
    assert page["Location"] == f"{url(survey, 'journey_save')}?from=age"
    form = client.get(page["Location"])
    content = form.content.decode()
    assert form.status_code == HTTPStatus.OK
    assert "Save your answers and come back later" in content
    assert "You do not need an account" in content
    assert f'href="{step(survey, "age")}"' in content  # the back link
    assert 'autocomplete="email"' in content
    assert 'name="website"' in content  # the honeypot
    # The page's valid answer is kept before leaving it.
    assert client.session[f"consultations:survey:{survey.pk}"]["answers"]["age"] == [
        "AGE_5_10"
    ]


def test_the_emailed_link_restores_the_answers_in_a_new_session_at_the_first_unanswered_page(
    client: Client, survey: Survey, django_capture_on_commit_callbacks
) -> None:
    start_as_parent(client, survey)
    client.post(step(survey, "age"), {"answer": ["AGE_5_10"], "save": "1"})
    page = save_with_email(client, survey, django_capture_on_commit_callbacks)
    assert page["Location"] == url(survey, "journey_saved")
    saved_page = client.get(page["Location"]).content.decode()
    assert "Your answers have been saved" in saved_page
    assert "We have sent an email to parent@example.org" in saved_page

    (message,) = mail.outbox
    assert message.to == ["parent@example.org"]
    assert survey.consultation.title in message.subject
    assert "You do not need an account" in message.body
    link = emailed_link()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 40

    saved = SavedJourney.objects.get()
    # Only the hash of the link's secret is kept, and the address is gone.
    assert saved.token_hash == SavedJourney.hash_token(token)
    assert saved.email == ""
    assert saved.link_sent_at is not None
    assert saved.expires_at == survey.consultation.closes_at
    assert token not in str(list(OutboxTask.objects.values_list("args", flat=True)))
    assert saved.answers["type"] == "PARENT_CARER"

    other_device = Client()
    resumed = other_device.get(link)
    assert resumed.status_code == HTTPStatus.FOUND
    assert resumed["Location"] == step(survey, "need")
    assert resumed["Cache-Control"] == "no-store"
    back = other_device.get(step(survey, "age"))
    assert re.search(rb'value="AGE_5_10"\s+checked', back.content)

    likert, choice, free, _number = questions(survey)
    for key, data in [
        ("need", {"answer": ["ASD"]}),
        ("setting", {}),
        ("support", {}),
        (f"q{likert.pk}", {"answer": "agree"}),
        (f"q{choice.pk}", {"answer": "early"}),
        (f"q{free.pk}", {"answer": "<b>More</b> {{ 7*7 }}"}),
        (f"q{questions(survey)[3].pk}", {}),
        ("helped", {"answer": "NOBODY"}),
        ("publish", {"answer": "no"}),
        ("contact", {"answer": "no"}),
    ]:
        assert other_device.post(step(survey, key), data).status_code == 302, key
    sent = other_device.post(url(survey, "journey_check"))
    assert sent["Location"] == url(survey, "journey_done")
    response = Response.objects.get()
    assert response.age_bands == ["AGE_5_10"]
    assert response.need_codes == ["ASD"]
    assert response.answers.get(question=free).text_value == "<b>More</b> {{ 7*7 }}"
    # Sending the response erases the saved answers; the link then stops.
    assert not SavedJourney.objects.exists()
    gone = Client().get(link)
    assert gone.status_code == HTTPStatus.NOT_FOUND
    assert b"This link does not work" in gone.content


def test_saving_again_updates_the_same_saved_answers_without_another_email(
    client: Client, survey: Survey, django_capture_on_commit_callbacks
) -> None:
    start_as_parent(client, survey)
    client.post(step(survey, "age"), {"save": "1"})
    save_with_email(client, survey, django_capture_on_commit_callbacks)
    other_device = Client()
    other_device.get(emailed_link())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page = other_device.post(
            step(survey, "age"), {"answer": ["AGE_11_15"], "save": "1"}
        )
    assert page["Location"] == url(survey, "journey_saved")
    assert enqueued(callbacks) == []
    assert len(mail.outbox) == 1
    saved = SavedJourney.objects.get()
    assert saved.answers["age"] == ["AGE_11_15"]
    content = other_device.get(page["Location"]).content.decode()
    assert "Use the link in the email we sent you" in content
    # The first link still works, and brings back the newer answers.
    third = Client()
    third.get(emailed_link())
    answers = third.session[f"consultations:survey:{survey.pk}"]["answers"]
    assert answers["age"] == ["AGE_11_15"]


def test_a_new_link_replaces_the_earlier_one(
    client: Client, survey: Survey, django_capture_on_commit_callbacks, saved_link: str
) -> None:
    first = saved_link
    save_with_email(
        client, survey, django_capture_on_commit_callbacks, email="other@example.org"
    )
    assert mail.outbox[1].to == ["other@example.org"]
    second = emailed_link()
    assert first != second
    assert SavedJourney.objects.count() == 1
    assert Client().get(first).status_code == HTTPStatus.NOT_FOUND
    assert Client().get(second).status_code == HTTPStatus.FOUND


def test_a_wrong_link_is_a_clear_not_found_page(client: Client, survey: Survey) -> None:
    for token in ("not-a-real-token", "x" * 43, "A" * 300):
        page = client.get(url(survey, "journey_resume", token=token))
        assert page.status_code == HTTPStatus.NOT_FOUND
        content = page.content.decode()
        assert "This link does not work" in content
        assert survey.consultation.get_absolute_url() in content
    assert f"consultations:survey:{survey.pk}" not in client.session


def test_a_link_to_another_survey_finds_nothing(
    survey: Survey, saved_link: str
) -> None:
    token = saved_link.rstrip("/").rsplit("/", 1)[1]
    other = make_survey(survey.consultation)
    page = Client().get(url(other, "journey_resume", token=token))
    assert page.status_code == HTTPStatus.NOT_FOUND


def test_the_link_stops_when_the_consultation_closes_and_the_answers_are_erased(
    survey: Survey, saved_link: str
) -> None:
    link = saved_link
    closes = survey.consultation.closes_at
    assert f"closes on {timezone.localtime(closes).day} " in mail.outbox[0].body
    with time_machine.travel(closes - datetime.timedelta(seconds=1), tick=False):
        assert Client().get(link).status_code == HTTPStatus.FOUND
    with time_machine.travel(closes + datetime.timedelta(seconds=1), tick=False):
        page = Client().get(link)
    assert page.status_code == HTTPStatus.OK
    content = page.content.decode()
    assert "This consultation is closed" in content
    assert "the answers you saved with this link have been deleted" in content
    assert not SavedJourney.objects.exists()
    # Still the closed page, not "not found", once the answers are gone.
    with time_machine.travel(closes + datetime.timedelta(days=1), tick=False):
        again = Client().get(link)
    assert b"This consultation is closed" in again.content


def test_saving_after_the_consultation_closed_shows_the_closed_page(
    client: Client, survey: Survey
) -> None:
    start_as_parent(client, survey)
    closes = survey.consultation.closes_at
    with time_machine.travel(closes + datetime.timedelta(seconds=1), tick=False):
        page = client.post(url(survey, "journey_save"), {"email": "a@example.org"})
    assert b"This consultation is closed" in page.content
    assert not SavedJourney.objects.exists()


def test_the_daily_clean_up_erases_the_saved_answers_of_closed_consultations(
    area, survey: Survey
) -> None:
    closed = make_survey(
        ConsultationFactory.create(
            area=area,
            status="closed",
            opens_at=timezone.now() - datetime.timedelta(days=40),
            closes_at=timezone.now() - datetime.timedelta(days=1),
        )
    )
    for each in (survey, closed):
        SavedJourney.objects.create(
            survey=each, answers={"type": "HEALTH"}, expires_at=timezone.now()
        )
    assert erase_expired_saved_journeys() == 1
    assert list(SavedJourney.objects.values_list("survey", flat=True)) == [survey.pk]
    schedule = settings.CELERY_BEAT_SCHEDULE.values()
    assert "consultations.tasks.erase_expired_saved_journeys" in [
        entry["task"] for entry in schedule
    ]


def test_the_link_email_is_sent_once_however_often_its_task_runs(
    survey: Survey,
) -> None:
    saved = SavedJourney.objects.create(
        survey=survey,
        email="parent@example.org",
        expires_at=survey.consultation.closes_at,
    )
    assert send_saved_journey_link(saved.pk) is True
    assert send_saved_journey_link(saved.pk) is False
    assert len(mail.outbox) == 1


def test_saving_queues_the_link_email_through_the_outbox(
    client: Client, survey: Survey, django_capture_on_commit_callbacks
) -> None:
    start_as_parent(client, survey)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(url(survey, "journey_save"), {"email": "parent@example.org"})
    saved = SavedJourney.objects.get()
    assert enqueued(callbacks) == [
        ("consultations.tasks.send_saved_journey_link", (saved.pk,))
    ]
    assert OutboxTask.objects.filter(args=[saved.pk]).exists()


def test_a_bad_email_address_gets_a_clear_message(
    client: Client, survey: Survey
) -> None:
    start_as_parent(client, survey)
    for data, message in [
        ({}, "Enter your email address"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
    ]:
        page = client.post(url(survey, "journey_save"), data)
        assert page.status_code == HTTPStatus.OK
        content = page.content.decode()
        assert "govuk-error-summary" in content
        assert message in content
        assert "<title>Error:" in content
    assert not SavedJourney.objects.exists()


def test_saving_from_a_page_with_a_bad_answer_keeps_the_earlier_answers(
    client: Client, survey: Survey
) -> None:
    client.get(url(survey, "journey_start"))
    client.post(step(survey, "type"), {"answer": "HEALTH"})
    page = client.post(step(survey, "district"), {"answer": "nonsense", "save": "1"})
    assert page["Location"] == f"{url(survey, 'journey_save')}?from=district"
    answers = client.session[f"consultations:survey:{survey.pk}"]["answers"]
    assert answers == {"type": "HEALTH"}


def test_the_save_pages_need_a_journey_under_way(
    client: Client, survey: Survey
) -> None:
    for name in ("journey_save", "journey_saved"):
        page = client.get(url(survey, name))
        assert page["Location"] == survey.consultation.get_absolute_url()


def test_a_filled_honeypot_saves_nothing(client: Client, survey: Survey) -> None:
    start_as_parent(client, survey)
    page = client.post(
        url(survey, "journey_save"), {"email": "a@example.org", "website": "spam"}
    )
    assert page.status_code == HTTPStatus.OK
    assert b"Thank you" in page.content
    assert not SavedJourney.objects.exists()


@pytest.mark.usefixtures("two_submits_per_email")
def test_one_email_address_cannot_be_sent_link_after_link(
    redis_cache: str, survey: Survey, django_capture_on_commit_callbacks
) -> None:
    statuses = []
    for n in range(3):
        respondent = Client(REMOTE_ADDR=f"198.51.100.{n}")
        start_as_parent(respondent, survey)
        page = save_with_email(
            respondent, survey, django_capture_on_commit_callbacks, "Victim@example.org"
        )
        statuses.append(page.status_code)
    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND, 429]
    assert len(mail.outbox) == 2
