"""The public theme pages in Chromium, on the demo: reached from the strategy
and the progress page, 0 axe violations at desktop and phone widths."""

import pytest
from playwright.sync_api import Page

from consultations.models import AnswerTheme
from improvement.models import ActionTheme
from improvement.models import Plan
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None, demo_db: None) -> None:
    """The demo, committed for the live server."""


def test_theme_pages_are_reached_from_the_strategy_and_are_accessible(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    link = (
        ActionTheme.objects.filter(
            action__plan__in=Plan.objects.published(),
            action__retired_at__isnull=True,
            theme__retired_at__isnull=True,
            theme__priority__isnull=False,
        )
        .select_related("theme__strategy__area", "action__plan__strategy")
        .first()
    )
    assert link is not None, "the demo links actions to themes"
    theme, plan = link.theme, link.action.plan

    page.goto(live_server.url + plan.strategy.get_absolute_url())
    page.get_by_role("link", name=theme.name, exact=True).first.click()
    assert page.locator("h1").inner_text() == theme.name
    assert page.get_by_role("heading", name="What we are doing").is_visible()
    assert (
        page.get_by_role(
            "link", name=f"{link.action.reference} {link.action.title}"
        ).count()
        == 1
    )
    for browser_page in (page, phone_page):
        browser_page.goto(live_server.url + theme.get_absolute_url())
        assert_accessible(browser_page)

    # Back through the progress page's "Responds to" link.
    page.goto(live_server.url + plan.get_absolute_url())
    page.get_by_role("link", name=theme.name, exact=True).first.click()
    assert page.locator("h1").inner_text() == theme.name

    page.get_by_role("link", name="What people told us").first.click()
    assert page.locator("h1").inner_text() == "What people told us"
    for browser_page in (page, phone_page):
        browser_page.goto(page.url)
        assert_accessible(browser_page)


def test_a_theme_with_coded_answers_draws_its_chart_accessibly(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    coding = (
        AnswerTheme.objects.filter(
            theme__strategy__status__in=["approved", "in_consultation"],
            answer__response__consultation__status__in=[
                "open",
                "closed",
                "feedback_published",
            ],
        )
        .select_related("theme__strategy__area")
        .first()
    )
    assert coding is not None, "the demo codes answers to themes"
    for browser_page in (page, phone_page):
        browser_page.goto(live_server.url + coding.theme.get_absolute_url())
        assert browser_page.get_by_text("Show the figures as a table").count() == 1
        assert_accessible(browser_page)
