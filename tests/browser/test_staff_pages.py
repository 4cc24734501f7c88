"""Staff pages in Chromium: an officer drafts a strategy by keyboard with 0 axe
violations, and every staff page of the demo reflows at 320 px."""

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import resolve
from playwright.sync_api import Page
from playwright.sync_api import expect

from consultations.models import Consultation
from events.models import Event
from improvement.models import Plan
from sendportal.accounts.models import Role
from strategies.models import Strategy
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import assert_error_page
from tests.browser.conftest import sign_in
from tests.browser.reflow import reflow_problems
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

    # The Easy Read version, from the strategy's page: an empty section is
    # refused with an error summary, then one with a symbol is added.
    page.get_by_role("link", name="Write or change the Easy Read version").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a section").click()
    page.get_by_role("button", name="Save section").click()
    assert_error_page(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Heading").fill("Help at school")
    page.get_by_label("Text").fill("Teachers will help you.\nThey will listen to you.")
    page.get_by_label("Choose a picture").select_option("school")
    page.get_by_role("button", name="Save section").press("Enter")
    page.wait_for_selector(".govuk-notification-banner--success")
    assert page.get_by_role("heading", name="1. Help at school").is_visible()
    assert page.get_by_role("img", name="School").is_visible()
    assert_accessible(page)


# Every staff page of the demo at 320 px ---------------------------------------

# Two areas: Hertfordshire's consultations have responses to analyse, Barnsley
# holds an improvement plan with KPIs and reports.
CRAWLED_AREAS = ("hertfordshire", "barnsley")
DOWNLOADS = (".csv", ".xlsx", ".json", ".pdf", "/pdf/", "/download/", "/template/")
# Pages of one kind (one URL pattern) checked in each area: enough to meet
# their long and short versions without walking every action of a plan.
PER_KIND = 3


def crawl(page: Page, base: str, starts: list[str], prefix: str) -> Iterator[str]:
    """Visit the start pages and every page under `prefix` linked from a
    visited page, at most PER_KIND of each URL pattern; yield each path once
    its HTML page has loaded, for the caller to check."""
    link = re.compile(rf'href="({re.escape(prefix)}[^"#?]*)"')
    queue, seen, kinds = list(starts), set(starts), Counter[str]()
    while queue:
        path = queue.pop(0)
        kind = resolve(path).route
        if path.endswith(DOWNLOADS) or kinds[kind] >= PER_KIND:
            continue
        response = page.goto(base + path)
        assert response is not None, path
        if not response.ok or "html" not in response.headers.get("content-type", ""):
            continue
        kinds[kind] += 1
        yield path
        for found in sorted(set(link.findall(page.content())) - seen):
            seen.add(found)
            queue.append(found)


def opened_problems(page: Page) -> list[str]:
    """The reflow problems with every details element open: a chart's table
    must fit too once its reader opens it."""
    page.evaluate(
        "document.querySelectorAll('details').forEach((d) => { d.open = true; })"
    )
    return reflow_problems(page)


def staff_starts(slug: str) -> list[str]:
    starts = [f"/staff/{slug}/"]
    for model in (Strategy, Consultation, Event, Plan):
        starts += [obj.get_staff_url() for obj in model.objects.filter(area__slug=slug)]
    return starts


@pytest.mark.slow
def test_every_staff_page_and_public_chart_reflows_at_320px(
    transactional_db: None, demo_db: None, live_server, phone_page: Page
) -> None:
    """At 320 CSS px (what 1280 px shows at 400% zoom) no staff page of two
    demo areas, nor their public pages, scrolls sideways or pushes anything
    past the screen, and every chart's words are at least 12 px and
    sans-serif, with a table of its figures (opened)."""
    base = live_server.url
    found: list[str] = []
    staff_pages = public_pages = 0
    for slug in CRAWLED_AREAS:
        sign_in(phone_page, base, f"officer@{slug}.demo", settings.DEMO_PASSWORD)
        phone_page.wait_for_url("**/staff/**")
        for path in crawl(phone_page, base, staff_starts(slug), f"/staff/{slug}/"):
            staff_pages += 1
            found += [f"{path}: {problem}" for problem in opened_problems(phone_page)]
        phone_page.context.clear_cookies()
        for path in crawl(phone_page, base, [f"/{slug}/"], f"/{slug}/"):
            public_pages += 1
            found += [f"{path}: {problem}" for problem in opened_problems(phone_page)]
    assert staff_pages > 60, "the crawl found too few staff pages to mean anything"
    assert public_pages > 10, "the crawl found too few public pages"
    assert found == [], "\n".join(found)
