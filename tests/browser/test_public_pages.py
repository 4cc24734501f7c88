"""Every public page of the demo areas, in Chromium, with 0 axe-core violations."""

import pytest
from playwright.sync_api import Page

from strategies.models import Strategy
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AREAS = (
    "northamptonshire",
    "hertfordshire",
    "oxfordshire",
    "barnsley",
    "buckinghamshire",
)


@pytest.fixture
def demo(transactional_db: None, demo_db: None) -> None:
    """The demo, committed for the live server."""


def public_paths() -> list[str]:
    paths = ["/", "/accounts/login/", "/no-such-area/"]
    for slug in AREAS:
        paths += [f"/{slug}/", f"/{slug}/accessibility/", f"/{slug}/privacy/"]
    for strategy in Strategy.objects.public().select_related("area"):
        paths.append(strategy.get_absolute_url())
    return paths


def test_every_public_page_has_no_axe_violations(
    demo: None, live_server, page: Page
) -> None:
    paths = public_paths()
    assert len(paths) == 3 + 5 * 3 + Strategy.objects.public().count()
    for path in paths:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_public_pages_fit_a_320px_screen(
    demo: None, live_server, phone_page: Page
) -> None:
    for slug in AREAS:
        for strategy in Strategy.objects.public().filter(area__slug=slug):
            phone_page.goto(live_server.url + strategy.get_absolute_url())
            assert_accessible(phone_page)


def test_strategy_page_works_without_javascript(
    demo: None, live_server, no_js_page: Page
) -> None:
    strategy = Strategy.objects.get(
        area__slug="hertfordshire", status="in_consultation"
    )
    no_js_page.goto(live_server.url + "/hertfordshire/")
    no_js_page.get_by_role("link", name=str(strategy)).click()
    assert no_js_page.locator("h1").inner_text() == str(strategy)
    assert no_js_page.get_by_role(
        "link", name="Draft SEND strategy: Easy Read"
    ).is_visible()
