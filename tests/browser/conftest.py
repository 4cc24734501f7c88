"""Headless Chromium (Debian's build) driven by Playwright, with axe-core checks."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect
from playwright.sync_api import sync_playwright

from sendportal.accounts.models import User
from tests.browser.reflow import reflow_problems
from tests.helpers import app_code
from tests.helpers import authentication_app_for

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
# The flags keep Chromium from reaching for Google's services, which this
# machine's closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1024, "height": 768}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A 320 px wide screen, the narrowest WCAG reflow asks for."""
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core with the WCAG 2.2 AA tags on the page once it has loaded."""
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE_SCRIPT))
    result: dict[str, Any] = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags}
        })""",
        WCAG_TAGS,
    )
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in result["violations"]
    ]


def assert_accessible(page: Page) -> None:
    """0 axe-core violations; at the page's width nothing scrolls sideways or
    reaches past the screen, and charts keep readable, sans-serif words and
    their tables (tests/browser/reflow.py)."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"
    problems = reflow_problems(page)
    assert problems == [], f"{page.url}: {problems}"


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    """Sign in through the pages: the password, then the code the person's
    authentication app would show (an app is set up for them first if they
    have none), computed from the device's key."""
    user = User.objects.filter(email__iexact=email).first()
    device = authentication_app_for(user) if user is not None else None
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        enter_app_code(page, app_code(device))


def enter_app_code(page: Page, code: str) -> None:
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?"))
    page.get_by_label("Code from your authentication app").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/two-factor/"))


def assert_error_page(page: Page) -> None:
    """The page after a refused form: its title starts "Error:" (waits for it)."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
