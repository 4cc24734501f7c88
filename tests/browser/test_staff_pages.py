"""An officer drafts a strategy in Chromium: keyboard only, 0 axe violations."""

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from sendportal.accounts.models import Role
from strategies.models import Strategy
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import assert_error_page
from tests.factories import member
from tests.helpers import app_code
from tests.helpers import authentication_app_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HARD_VISION = (
    "Every child and young person with special educational needs will receive "
    "comprehensive, integrated support, coordinated through their EHCP and "
    "reviewed collaboratively by every organisation responsible for provision."
)


def test_officer_drafts_and_publishes_a_strategy_by_keyboard(
    live_server, page: Page, area
) -> None:
    officer = member(area, Role.OFFICER, "officer@fenmere.example")
    device = authentication_app_for(officer)
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email address").focus()
    page.keyboard.type("officer@fenmere.example")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    # The second step, by keyboard too.
    page.wait_for_url("**/accounts/two-factor/**")
    page.get_by_label("Code from your authentication app").focus()
    page.keyboard.type(app_code(device))
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    assert_accessible(page)

    page.goto(f"{live_server.url}/staff/{area.slug}/strategies/new/")
    page.get_by_label("Title").fill("SEND and Inclusion Strategy")
    page.get_by_role("button", name="Save strategy").click()
    assert_error_page(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.get_by_label("Title").input_value() == "SEND and Inclusion Strategy"
    assert_accessible(page)

    page.get_by_label("First year").fill("2026")
    page.get_by_label("Last year").fill("2029")
    page.get_by_label("Vision").fill(HARD_VISION)
    # The plain-English advice, before anything is saved.
    page.get_by_role("button", name="Check the wording").click()
    advice = page.locator("#id_vision-wording")
    assert "Reading grade" in advice.inner_text()
    assert "EHCP (education, health and care plan)" in advice.inner_text()
    assert page.get_by_label("Vision").input_value() == HARD_VISION
    assert not Strategy.objects.exists()
    assert_accessible(page)
    # With JavaScript, the advice follows the typing.
    page.get_by_label("Vision").fill(f"{HARD_VISION} Ask the SENCO.")
    expect(page.locator("#id_vision-wording")).to_contain_text("SENCO (the teacher")
    page.get_by_role("button", name="Save strategy").click()
    assert_accessible(page)

    page.get_by_role("link", name="Add a priority").click()
    page.get_by_label("Title").fill("Early identification")
    page.get_by_role("button", name="Save priority").click()
    page.get_by_role("link", name="Publish for consultation").click()
    assert page.locator(".app-wording-summary").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish strategy").press("Enter")
    page.wait_for_selector(".govuk-notification-banner--success")
    assert_accessible(page)
    assert Strategy.objects.get().status == "in_consultation"
