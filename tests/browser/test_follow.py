"""Following a response in Chromium: the page, asking for emails, confirming
and unsubscribing, each state with 0 axe violations and at 320 px."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page

from follow import tasks
from follow.models import FollowSubscription
from follow.views import follow_path
from sendportal.areas.models import LocalArea
from tests.browser.conftest import assert_accessible
from tests.events.factories import BookingFactory
from tests.follow.conftest import SECRET_ANSWER
from tests.follow.conftest import Thread
from tests.follow.conftest import make_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_thread(transactional_db: None, area: LocalArea) -> Thread:
    return make_thread(area)


def test_a_family_follows_their_response_asks_for_emails_and_stops_them(
    live_server, page: Page, browser_thread: Thread
) -> None:
    thread = browser_thread
    thread.update(rag="green", days_ago=3)
    page.goto(live_server.url + follow_path(thread.response, thread.area.slug))
    assert_accessible(page)
    body = page.locator("main").inner_text()
    assert "Waiting for assessments" in body
    assert "Recruit two educational psychologists" in body
    assert "Rating changed from Amber: at risk to Green: on track" in body
    assert SECRET_ANSWER not in page.content()

    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Email me when something changes").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)

    page.get_by_label("Email address").fill("parent@example.org")
    page.get_by_role("button", name="Email me when something changes").click()
    assert "Check your email" in page.locator("main").inner_text()
    assert_accessible(page)

    confirm = re.search(r"http\S+/confirm/", str(mail.outbox[-1].body))
    assert confirm is not None
    page.goto(live_server.url + urlsplit(confirm.group(0)).path)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    assert page.locator("h1").inner_text() == "Emails confirmed"
    assert_accessible(page)

    thread.update(rag="red")
    subscription = FollowSubscription.objects.get()
    assert tasks.send_follow_digest_batch("2026-W49", [subscription.pk]) == 1
    digest = mail.outbox[-1]
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(live_server.url + urlsplit(unsubscribe).path)
    assert_accessible(page)
    page.get_by_role("button", name="Stop the emails").click()
    assert page.locator("h1").inner_text() == "You have stopped these emails"
    assert_accessible(page)
    subscription.refresh_from_db()
    assert subscription.email == ""


def test_a_booker_asks_for_what_comes_of_their_event(
    live_server, page: Page, transactional_db: None, area: LocalArea
) -> None:
    booking = BookingFactory.create(event__area=area)
    page.goto(live_server.url + booking.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name="Email me what comes of this event").click()
    assert "We will email you when the write-up" in page.locator("main").inner_text()
    assert_accessible(page)
    assert FollowSubscription.objects.get().booking == booking
