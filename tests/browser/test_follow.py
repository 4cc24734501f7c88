"""Following a response in Chromium: the page, asking for emails, confirming
and unsubscribing, each state with 0 axe violations and at 320 px."""

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page
from playwright.sync_api import expect

from follow import tasks
from follow.models import FollowDigest
from follow.models import FollowSubscription
from follow.tasks import send_follow_digests
from sendportal.areas.models import LocalArea
from sendportal.outbox.services import enqueue
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import sign_in
from tests.browser.test_council_setup import answer_as_a_family
from tests.consultations.conftest import make_survey
from tests.consultations.factories import ConsultationFactory
from tests.events.factories import BookingFactory
from tests.factories import DistrictFactory
from tests.factories import member
from tests.follow.conftest import SECRET_ANSWER
from tests.follow.conftest import Thread
from tests.follow.conftest import make_thread
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import PlanFactory
from tests.improvement.factories import WorkstreamFactory
from tests.outbox.conftest import Broker
from tests.outbox.conftest import broker  # noqa: F401  # the real broker fixture
from tests.outbox.mailfiles import bodies_to
from tests.outbox.mailfiles import sent_to
from tests.outbox.workers import start_worker
from tests.outbox.workers import stop
from tests.outbox.workers import wait_for
from tests.strategies.factories import StrategyFactory
from tests.strategies.factories import ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_thread(transactional_db: None, area: LocalArea) -> Thread:
    return make_thread(area)


def test_a_family_follows_their_response_asks_for_emails_and_stops_them(
    live_server, page: Page, browser_thread: Thread
) -> None:
    thread = browser_thread
    thread.update(rag="green", days_ago=3)
    page.goto(live_server.url + thread.response.get_follow_url())
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


def test_what_a_family_said_reaches_their_follow_page_and_one_digest(
    transactional_db: None,
    live_server,
    page: Page,
    browser,
    area: LocalArea,
    broker: Broker,  # noqa: F811  # the fixture imported above
    tmp_path: Path,
) -> None:
    """The golden thread end to end: a family answers, an officer codes the
    answer to a theme, links the theme to an action and records a change of
    rating; the family's follow page shows it, and the weekly digest (a real
    Celery worker) tells it once."""
    strategy = StrategyFactory.create(area=area, approved=True)
    DistrictFactory.create(area=area, name="Dacorum", code="dacorum")
    consultation = ConsultationFactory.create(area=area, strategy=strategy)
    make_survey(consultation)
    ThemeFactory.create(strategy=strategy, name="Waiting times")
    plan = PlanFactory.create(strategy=strategy, is_published=True)
    action = ActionFactory.create(
        workstream=WorkstreamFactory.create(plan=plan),
        title="Recruit two educational psychologists",
    )
    officer = member(area, "officer", "officer@fenmere.example")
    worker = start_worker(broker, tmp_path)
    try:
        # The family answers in a browser of its own, and asks for emails.
        family = browser.new_context(
            viewport={"width": 1024, "height": 768}, bypass_csp=True
        )
        family_page = family.new_page()
        family_page.goto(live_server.url + consultation.get_absolute_url())
        answer_as_a_family(family_page, "Is anything missing?", "Shorter waits.")
        family_page.get_by_role(
            "link", name="Follow what happens to your response"
        ).click()
        follow_url = family_page.url
        expect(family_page.locator("main")).to_contain_text("not been looked at yet")
        family_page.get_by_label("Email address").fill("parent@example.org")
        family_page.get_by_role(
            "button", name="Email me when something changes"
        ).click()
        wait_for(
            lambda: bool(bodies_to(tmp_path, "parent@example.org")),
            timeout=30,
            workers=(worker,),
        )
        confirm = re.search(
            r"http\S+/confirm/", bodies_to(tmp_path, "parent@example.org")[0]
        )
        assert confirm is not None
        family_page.goto(live_server.url + urlsplit(confirm.group(0)).path)
        family_page.get_by_role("button", name="Confirm").click()
        expect(family_page.locator("h1")).to_have_text("Emails confirmed")

        # The officer codes the answer, links the theme and rates the action.
        sign_in(page, live_server.url, officer.email, "correct horse battery")
        page.goto(
            f"{live_server.url}/staff/{area.slug}/consultations/{consultation.pk}"
            "/free-text/"
        )
        page.get_by_label(re.compile("Shorter waits")).check()
        page.get_by_label("Waiting times").check()
        page.get_by_role("button", name="Code selected answers").click()
        page.goto(live_server.url + action.get_staff_url())
        page.get_by_label(re.compile("Waiting times")).check()
        page.get_by_role("button", name="Link themes").click()
        page.get_by_label("Red: off track").check()
        page.get_by_label("Progress since the last update").fill("Two vacancies.")
        page.get_by_role("button", name="Record update").click()
        expect(page.locator("main")).to_contain_text("Update recorded")

        # The family's page shows it.
        family_page.goto(follow_url)
        main = family_page.locator("main")
        expect(main).to_contain_text("Waiting times")
        expect(main).to_contain_text("Recruit two educational psychologists")
        expect(main).to_contain_text("Red: off track")
        expect(main).to_contain_text("1 progress update")
        assert "Shorter waits." not in family_page.content()
        assert_accessible(family_page)
        family.close()

        # The weekly run, twice: one digest, the change told once.
        enqueue(send_follow_digests)
        wait_for(lambda: FollowDigest.objects.exists(), timeout=30, workers=(worker,))
        enqueue(send_follow_digests)
        time.sleep(3)
        assert sent_to(tmp_path)["parent@example.org"] == 2  # confirmation, digest
        digest = bodies_to(tmp_path, "parent@example.org")
        told = [body for body in digest if "Recruit two educational" in body]
        assert len(told) == 1
        assert "Red: off track" in told[0]
        assert "Shorter waits." not in told[0]
    finally:
        stop(worker)
