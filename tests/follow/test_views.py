"""The follow page: reached only with reference and token, and never shows answers."""

import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import tasks as consultation_tasks
from consultations.models import Response
from follow.models import FollowSubscription
from tests.consultations.conftest import make_consultation
from tests.consultations.conftest import make_survey
from tests.consultations.factories import ResponseContactFactory
from tests.consultations.factories import ResponseFactory
from tests.consultations.test_journey import answer_everything
from tests.consultations.test_journey import url as journey_url
from tests.events.factories import BookingFactory
from tests.follow.conftest import SECRET_ANSWER
from tests.follow.conftest import Thread

pytestmark = pytest.mark.django_db


def page_url(thread: Thread) -> str:
    return thread.response.get_follow_url()


def test_the_follow_page_shows_themes_actions_and_what_changed_since_answering(
    client, thread: Thread
) -> None:
    thread.update(rag="green", days_ago=5)
    thread.update(rag="blue", status="complete", days_ago=1)
    page = client.get(page_url(thread))
    assert page.status_code == HTTPStatus.OK
    text = page.content.decode()
    assert "Waiting for assessments" in text
    assert "Recruit two educational psychologists" in text
    assert "2 progress updates" in text
    assert "Rating changed from Amber: at risk to Blue: complete" in text
    assert "The action was completed" in text
    assert page["Cache-Control"] == "no-store"


def test_the_follow_page_never_shows_the_answers(client, thread: Thread) -> None:
    page = client.get(page_url(thread))
    assert SECRET_ANSWER not in page.content.decode()


def test_a_response_not_yet_coded_says_so(client, area) -> None:
    response = ResponseFactory.create(survey__consultation__area=area)
    page = client.get(response.get_follow_url())
    assert page.status_code == HTTPStatus.OK
    assert "have not been looked at yet" in page.content.decode()


def test_a_wrong_token_and_an_unknown_reference_get_the_same_404(
    client, thread: Thread
) -> None:
    slug = thread.area.slug
    ref = thread.response.reference
    token = thread.response.follow_token
    pages = []
    for args in ([slug, ref, "x" * len(token)], [slug, "ZZZZ-ZZZZ", token]):
        url = reverse("follow:follow_response", args=args)
        page = client.get(url)
        assert page.status_code == HTTPStatus.NOT_FOUND
        # The page names its own address (the language links) and has a
        # fresh CSRF token; nothing else may differ.
        text = page.content.decode().replace(url, "URL")
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text))
    assert pages[0] == pages[1]


def test_a_follow_link_does_not_open_in_another_area(
    client, thread: Thread, other_area
) -> None:
    url = thread.response.get_follow_url().replace(
        f"/{thread.area.slug}/", f"/{other_area.slug}/", 1
    )
    page = client.get(url)
    assert page.status_code == HTTPStatus.NOT_FOUND


def test_follow_tokens_are_distinct_and_long() -> None:
    responses = ResponseFactory.create_batch(20)
    tokens = {response.follow_token for response in responses}
    assert len(tokens) == 20
    assert all(len(token) >= 32 for token in tokens)
    assert all(
        response.reference not in response.follow_token for response in responses
    )


def test_the_page_keeps_its_queries_as_themes_and_actions_grow(
    client, thread: Thread, django_assert_max_num_queries
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_url(thread)).status_code == HTTPStatus.OK
        return len(queries)

    few = count()
    for _ in range(6):
        _theme, action = thread.link_theme()
        for rag in ("red", "amber", "green"):
            thread.action = action
            thread.update(rag=rag, days_ago=2)
    with django_assert_max_num_queries(few):
        assert client.get(page_url(thread)).status_code == HTTPStatus.OK


def test_a_typed_address_must_confirm_before_any_digest(
    client, thread: Thread, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(page_url(thread), {"email": "Parent@Example.org"})
    assert answer.status_code == HTTPStatus.FOUND
    assert "subscribed=confirm" in answer["Location"]
    subscription = FollowSubscription.objects.get()
    assert subscription.email == "parent@example.org"
    assert subscription.confirmed_at is None
    assert len(mail.outbox) == 1
    confirm = reverse("follow:confirm", args=[thread.area.slug, subscription.token])
    assert confirm in mail.outbox[0].body
    # Looking at the link (a mail scanner) changes nothing; the button does.
    assert client.get(confirm).status_code == HTTPStatus.OK
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert client.post(confirm).status_code == HTTPStatus.OK
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_the_address_given_with_the_response_is_used_without_showing_it(
    client, thread: Thread
) -> None:
    ResponseContactFactory.create(response=thread.response, email="given@example.org")
    page = client.get(page_url(thread))
    assert "given@example.org" not in page.content.decode()
    assert "the address I gave" in page.content.decode()
    client.post(page_url(thread), {"use_contact": "1"})
    subscription = FollowSubscription.objects.get()
    assert subscription.email == "given@example.org"
    assert subscription.confirmed_at is not None


def test_an_invalid_address_shows_the_error_on_the_page(client, thread: Thread) -> None:
    page = client.post(page_url(thread), {"email": "not an address"})
    assert page.status_code == HTTPStatus.OK
    assert "Enter an email address in the correct format" in page.content.decode()
    assert not FollowSubscription.objects.exists()


def test_unsubscribing_asks_on_get_stops_on_post_and_forgets_the_address(
    client, thread: Thread
) -> None:
    subscription = FollowSubscription.objects.create(
        response=thread.response,
        email="a@example.org",
        confirmed_at=thread.response.submitted_at,
    )
    url = reverse("follow:unsubscribe", args=[thread.area.slug, subscription.token])
    assert client.get(url).status_code == HTTPStatus.OK
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None
    # A mail program's one-click POST carries no CSRF token.
    one_click = Client(enforce_csrf_checks=True).post(
        url, {"List-Unsubscribe": "One-Click"}
    )
    assert one_click.status_code == HTTPStatus.OK
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert subscription.email == ""
    assert "You have stopped these emails" in client.get(url).content.decode()


def test_an_unsubscribe_link_of_another_area_is_not_found(
    client, thread: Thread, other_area
) -> None:
    subscription = FollowSubscription.objects.create(
        response=thread.response, email="a@example.org"
    )
    url = reverse("follow:unsubscribe", args=[other_area.slug, subscription.token])
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND


def test_a_booker_opts_in_from_the_booking_page(client, area) -> None:
    booking = BookingFactory.create(event__area=area)
    page = client.get(booking.get_absolute_url())
    assert "Email me what comes of this event" in page.content.decode()
    url = reverse("follow:follow_booking", args=[area.slug, booking.token])
    answer = client.post(url)
    assert answer.status_code == HTTPStatus.FOUND
    subscription = FollowSubscription.objects.get()
    assert subscription.booking == booking
    assert subscription.email == booking.email
    assert subscription.is_active
    client.post(url)
    assert FollowSubscription.objects.count() == 1
    page = client.get(booking.get_absolute_url())
    assert "We will email you when the write-up" in page.content.decode()


def test_a_forged_booking_token_subscribes_nothing(client, area) -> None:
    BookingFactory.create(event__area=area)
    url = reverse("follow:follow_booking", args=[area.slug, "1:forged"])
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    assert not FollowSubscription.objects.exists()


def test_the_confirmation_page_offers_the_follow_link(client, area) -> None:
    survey = make_survey(make_consultation(area))
    answer_everything(client, survey)
    client.post(journey_url(survey, "journey_check"))
    done = client.get(journey_url(survey, "journey_done"))
    response = Response.objects.get()
    link = response.get_follow_url()
    assert link in done.content.decode()
    assert client.get(link).status_code == HTTPStatus.OK


def test_the_feedback_email_gives_each_respondent_their_own_follow_link(
    thread: Thread, django_capture_on_commit_callbacks
) -> None:

    consultation = thread.response.consultation
    ResponseContactFactory.create(response=thread.response, email="a@example.org")
    other = ResponseContactFactory.create(
        response__survey=thread.response.survey, email="b@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        consultation_tasks.send_feedback_published(consultation.pk)
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert thread.response.get_follow_url() in by_address["a@example.org"]
    assert other.response.get_follow_url() in by_address["b@example.org"]
    assert thread.response.follow_token not in by_address["b@example.org"]


def test_hostile_action_and_theme_names_stay_inert_on_the_page(
    client, thread: Thread
) -> None:
    thread.theme.name = "<script>alert('theme')</script>"
    thread.theme.save()
    thread.action.title = "<img src=x onerror=alert(1)>"
    thread.action.save()
    text = client.get(page_url(thread)).content.decode()
    assert "<script>alert('theme')</script>" not in text
    assert "<img src=x onerror=alert(1)>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
