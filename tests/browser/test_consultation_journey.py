"""The family journey in headless Chromium: keyboard only, 0 axe violations in
every state (question, error, check answers, confirmation, closed)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from consultations.models import Response
from consultations.models import Survey
from sendportal.areas.models import LocalArea
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import assert_error_page
from tests.consultations.conftest import make_consultation
from tests.consultations.conftest import make_survey
from tests.consultations.conftest import questions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_survey(transactional_db: None, area: LocalArea) -> Survey:
    return make_survey(make_consultation(area))


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)",
            selector,
        ):
            return
    raise AssertionError(f"Tab never reached {selector}")


def continue_with_keyboard(page: Page) -> None:
    tab_to(page, "button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def choose_first(page: Page, kind: str = "radio") -> None:
    tab_to(page, f"input[type={kind}]")
    page.keyboard.press("Space")


def test_family_answers_by_keyboard_alone_with_no_axe_violations(
    live_server, page: Page, browser_survey: Survey
) -> None:
    consultation = browser_survey.consultation
    page.goto(live_server.url + consultation.get_absolute_url())
    assert_accessible(page)
    tab_to(page, "a.govuk-button--start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "In what capacity are you responding?"
    assert_accessible(page)

    # Error state: continue without an answer.
    continue_with_keyboard(page)
    assert_error_page(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)

    choose_first(page)  # parent or carer
    continue_with_keyboard(page)
    choose_first(page)  # district
    continue_with_keyboard(page)
    choose_first(page, "checkbox")  # age
    continue_with_keyboard(page)
    choose_first(page, "checkbox")  # need
    continue_with_keyboard(page)
    continue_with_keyboard(page)  # setting (optional)
    continue_with_keyboard(page)  # support (optional)
    assert_accessible(page)
    choose_first(page)  # likert
    continue_with_keyboard(page)
    choose_first(page)  # single choice
    continue_with_keyboard(page)
    tab_to(page, "textarea")
    page.keyboard.type("<script>alert(1)</script> =1+1")
    continue_with_keyboard(page)
    tab_to(page, "input[name=answer]")
    page.keyboard.type("2")
    continue_with_keyboard(page)
    # Who helped: the second choice, by arrow key, as radios are chosen.
    assert page.locator("h1").inner_text() == "Did someone help you answer?"
    assert_accessible(page)
    choose_first(page)
    page.keyboard.press("ArrowDown")
    continue_with_keyboard(page)
    # May we publish: "No", the second choice.
    assert (
        page.locator("h1").inner_text()
        == "May we publish your answers, without your name?"
    )
    assert_accessible(page)
    choose_first(page)
    page.keyboard.press("ArrowDown")
    continue_with_keyboard(page)
    # Contact: "Yes" with a bad email gives an error that keeps the answer.
    choose_first(page)
    tab_to(page, "input[type=email]")
    page.keyboard.type("not-an-email")
    continue_with_keyboard(page)
    assert_error_page(page)
    assert page.locator("input[type=email]").input_value() == "not-an-email"
    assert_accessible(page)
    page.locator("input[type=email]").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("parent@example.org")
    continue_with_keyboard(page)

    assert page.locator("h1").inner_text() == "Check your answers before sending them"
    assert "<script>alert(1)</script> =1+1" in page.locator("main").inner_text()
    assert (
        "A parent or carer helped them to answer." in page.locator("main").inner_text()
    )
    assert_accessible(page)
    tab_to(page, "button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Response sent"
    response = Response.objects.get()
    assert response.reference in page.locator(".govuk-panel__body").inner_text()
    assert response.supported_by == "PARENT_CARER"
    assert_accessible(page)

    # The browser's back button, then resubmitting, stores nothing new.
    page.go_back()
    page.wait_for_load_state()
    assert Response.objects.count() == 1


def test_closed_consultation_page_has_no_axe_violations(
    live_server, phone_page: Page, browser_survey: Survey
) -> None:
    consultation = browser_survey.consultation
    phone_page.goto(live_server.url + consultation.get_absolute_url())
    phone_page.get_by_role("button", name="Start now").click()
    assert_accessible(phone_page)
    consultation.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    consultation.opens_at = consultation.closes_at - datetime.timedelta(days=30)
    consultation.save()
    phone_page.get_by_label("Health professional").check()
    phone_page.get_by_role("button", name="Continue").click()
    assert phone_page.locator("h1").inner_text() == "This consultation is closed"
    assert_accessible(phone_page)


def test_journey_works_without_javascript(
    live_server, no_js_page: Page, browser_survey: Survey
) -> None:
    page = no_js_page
    page.goto(live_server.url + browser_survey.consultation.get_absolute_url())
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Health professional").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Dacorum").check()
    page.get_by_role("button", name="Continue").click()
    likert, _choice, _free, _number = questions(browser_survey)
    page.get_by_label("Strongly agree").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Early support").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # optional free text
    page.get_by_label("No, I answered on my own").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes, you may publish my answers").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name=f"Change {likert.text}").click()
    page.get_by_label("Disagree", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    assert "Disagree" in page.locator("main").inner_text()
    page.get_by_role("button", name="Accept and send").click()
    assert page.locator("h1").inner_text() == "Response sent"
    assert Response.objects.get().answers.get(question=likert).option_code == "disagree"


def test_demo_consultation_pages_have_no_axe_violations(
    transactional_db: None, demo_db: None, live_server, phone_page: Page
) -> None:
    from consultations.models import Consultation

    herts = Consultation.objects.get(area__slug="hertfordshire")
    bucks = Consultation.objects.get(area__slug="buckinghamshire")
    paths = [
        "/hertfordshire/consultations/",
        herts.get_absolute_url(),
        bucks.get_absolute_url(),
        "/buckinghamshire/consultations/you-said-we-did/",
        f"/buckinghamshire/consultations/{bucks.pk}/you-said-we-did/",
    ]
    for path in paths:
        phone_page.goto(live_server.url + path)
        assert phone_page.locator("h1").count() == 1, path
        assert_accessible(phone_page)
    phone_page.goto(live_server.url + herts.get_absolute_url())
    phone_page.get_by_role("button", name="Start now").first.click()
    assert "In what capacity" in phone_page.locator("h1").inner_text()
