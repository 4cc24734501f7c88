"""Save and come back later in headless Chromium: save by keyboard, follow the
emailed link on another device, finish; 0 axe violations on the new pages."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Browser
from playwright.sync_api import Page

from consultations.models import Response
from consultations.models import SavedJourney
from consultations.models import Survey
from sendportal.areas.models import LocalArea
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import assert_error_page
from tests.browser.test_consultation_journey import choose_first
from tests.browser.test_consultation_journey import continue_with_keyboard
from tests.browser.test_consultation_journey import tab_to
from tests.consultations.conftest import make_consultation
from tests.consultations.conftest import make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_survey(transactional_db: None, area: LocalArea) -> Survey:
    return make_survey(make_consultation(area))


def caption(page: Page) -> str:
    return page.locator(".govuk-caption-m").inner_text()


def test_save_follow_the_emailed_link_and_finish(
    live_server, page: Page, browser: Browser, browser_survey: Survey
) -> None:
    page.goto(live_server.url + browser_survey.consultation.get_absolute_url())
    assert "It takes about 4 to 5 minutes" in page.locator("main").inner_text()
    page.get_by_role("button", name="Start now").click()
    # The answer that decides the pages is still to come: no total yet.
    assert caption(page) == "Question 1"
    choose_first(page)  # parent or carer
    continue_with_keyboard(page)
    assert caption(page) == "Question 2 of 13"
    choose_first(page)  # district
    continue_with_keyboard(page)
    choose_first(page, "checkbox")  # age

    # Save by keyboard: past Continue to the secondary button.
    tab_to(page, "button[name=save]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Save your answers and come back later"
    assert_accessible(page)
    tab_to(page, "button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_error_page(page)
    assert_accessible(page)
    tab_to(page, "input[type=email]")
    page.keyboard.type("parent@example.org")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/saved/$"))
    assert page.locator("h1").inner_text() == "Your answers have been saved"
    assert "parent@example.org" in page.locator("main").inner_text()
    assert_accessible(page)

    (message,) = mail.outbox
    match = re.search(r"https?://\S+/resume/[\w-]+/", str(message.body))
    assert match
    link = live_server.url + urlsplit(match.group(0)).path

    # Another device: the link brings the answers back at the next page.
    other = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    phone = other.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(link)
    assert "main areas of need" in phone.locator("h1").inner_text()
    assert caption(phone) == "Question 4 of 13"
    assert_accessible(phone)
    phone.get_by_role("link", name="Back").click()
    assert phone.locator("input[type=checkbox]").first.is_checked()
    phone.get_by_role("button", name="Continue").click()
    phone.locator("input[type=checkbox]").first.check()  # need
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("button", name="Continue").click()  # setting (optional)
    phone.get_by_role("button", name="Continue").click()  # support (optional)
    phone.get_by_label("Strongly agree").check()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_label("Early support").check()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("button", name="Continue").click()  # free text (optional)
    phone.get_by_role("button", name="Continue").click()  # number (optional)
    assert caption(phone) == "Question 11 of 13"
    phone.get_by_label("No, I answered on my own").check()
    phone.get_by_role("button", name="Continue").click()
    assert caption(phone) == "Question 12 of 13"
    phone.get_by_label("No, do not publish them").check()
    phone.get_by_role("button", name="Continue").click()
    assert caption(phone) == "Question 13 of 13"
    phone.get_by_label("No").check()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("button", name="Accept and send").click()
    assert phone.locator("h1").inner_text() == "Response sent"
    assert Response.objects.get().age_bands
    assert not SavedJourney.objects.exists()

    # The used link now says plainly that it does not work.
    phone.goto(link)
    assert phone.locator("h1").inner_text() == "This link does not work"
    assert_accessible(phone)
    other.close()
