"""Signing in, in Chromium at 1024 px and 320 px with axe-core: setting up
two-factor, the code and recovery-code pages, the recovery codes, the lockout
page, and the timeout warning dialog open."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.conftest import assert_error_page
from tests.browser.conftest import enter_app_code
from tests.browser.conftest import sign_in
from tests.factories import UserFactory
from tests.factories import member
from tests.helpers import app_code
from tests.helpers import authentication_app_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def password_step(page: Page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_setting_up_and_using_two_factor_pass_axe(
    live_server, area, screen: str, request: pytest.FixtureRequest
) -> None:
    page: Page = request.getfixturevalue(screen)
    base = live_server.url
    person = member(area, "officer", f"{screen}@fenmere.example")

    password_step(page, base, person.email)
    expect(page.locator("h1")).to_have_text("Set up two-factor authentication")
    expect(page.locator("svg.app-qr-code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code from your authentication app").fill("12")
    page.get_by_role("button", name="Set up two-factor authentication").click()
    assert_error_page(page)
    assert_accessible(page)

    key = page.locator("#secret-key").inner_text()
    code = totp(base64.b32decode(key.replace(" ", "")))
    page.get_by_label("Code from your authentication app").fill(f"{code:06d}")
    page.get_by_role("button", name="Set up two-factor authentication").click()
    expect(page.locator("h1")).to_have_text("Save your recovery codes")
    expect(page.get_by_role("button", name="Print the codes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="I have saved my codes").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))

    # Next time: the code page, its error state and the recovery-code page.
    page.context.clear_cookies()
    password_step(page, base, person.email)
    expect(page.locator("h1")).to_have_text(
        "Enter the code from your authentication app"
    )
    assert_accessible(page)
    page.get_by_label("Code from your authentication app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    assert_error_page(page)
    assert_accessible(page)
    page.get_by_text("I cannot use my authentication app").click()
    page.get_by_role("link", name="Sign in with a recovery code").click()
    expect(page.locator("h1")).to_have_text("Sign in with a recovery code")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    assert_error_page(page)
    assert_accessible(page)


def test_the_lockout_page_passes_axe(
    live_server, area, page: Page, phone_page: Page
) -> None:
    person = UserFactory.create(email="locked@fenmere.example")
    for _ in range(5):
        password_step(page, live_server.url, person.email, "a wrong password")
    expect(page.locator("h1")).to_have_text("You cannot sign in at the moment")
    assert_accessible(page)
    password_step(phone_page, live_server.url, person.email)
    expect(phone_page.locator("h1")).to_have_text("You cannot sign in at the moment")
    assert_accessible(phone_page)


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_the_timeout_warning_opens_passes_axe_and_stay_signed_in_closes_it(
    live_server, area, screen: str, request: pytest.FixtureRequest, settings
) -> None:
    page: Page = request.getfixturevalue(screen)
    person = member(area, "officer", "officer@fenmere.example")
    sign_in(page, live_server.url, person.email, PASSWORD)
    # Less time left than the warning gives: it opens as the page loads.
    settings.SESSION_IDLE_TIMEOUT = 90
    page.goto(f"{live_server.url}/staff/{area.slug}/")
    dialog = page.get_by_role("dialog", name="You’ll be signed out soon")
    expect(dialog).to_be_visible()
    expect(page.locator("#session-timeout-title")).to_be_focused()
    expect(dialog).to_contain_text("We will sign you out in")
    # Activity can still put the end off: "Stay signed in", not "Continue".
    expect(dialog.get_by_role("button", name="Continue working")).to_be_hidden()
    assert_accessible(page)
    settings.SESSION_IDLE_TIMEOUT = 1800
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    state = page.evaluate("async () => (await fetch('/accounts/session/')).json()")
    assert state["signed_in"] is True
    assert state["seconds_left"] > 1700


def test_at_the_timeout_the_page_becomes_sign_in_and_leads_back(
    live_server, area, page: Page, settings
) -> None:
    person = member(area, "officer", "officer@fenmere.example")
    device = authentication_app_for(person)
    sign_in(page, live_server.url, person.email, PASSWORD)
    people_page = f"/staff/{area.slug}/strategies/"
    # Short, so that the countdown ends soon; long enough for the page to load.
    settings.SESSION_IDLE_TIMEOUT = 8
    page.goto(live_server.url + people_page)
    expect(page.get_by_role("dialog")).to_be_visible()
    # The dialog counts down, then the server has signed the person out.
    expect(page.locator("h1")).to_have_text("Staff sign in", timeout=40_000)
    settings.SESSION_IDLE_TIMEOUT = 1800
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You were signed out because you did not do anything for"
    )
    assert_accessible(page)
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_app_code(page, app_code(device))
    expect(page).to_have_url(live_server.url + people_page)
