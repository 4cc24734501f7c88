"""Every public page of the demo areas, in Chromium, with 0 axe-core violations."""

import pytest
from playwright.sync_api import Page

from improvement.models import Action
from improvement.models import Plan
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
        if strategy.easy_read_sections.exists():
            paths.append(strategy.get_easy_read_url())
    return paths


def test_every_public_page_has_no_axe_violations(
    demo: None, live_server, page: Page
) -> None:
    paths = public_paths()
    with_easy_read = Strategy.objects.public().filter(easy_read_sections__isnull=False)
    assert len(paths) == (
        3
        + 5 * 3
        + Strategy.objects.public().count()
        + with_easy_read.distinct().count()
    )
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
    no_js_page.get_by_role("link", name="Read the Easy Read version").click()
    assert no_js_page.locator("h1").inner_text() == f"{strategy}: Easy Read"
    assert no_js_page.get_by_role("link", name="Download Easy Read (PDF)").is_visible()


def test_the_easy_read_strategy_reads_on_a_phone_and_prints_its_sections_only(
    demo: None, live_server, phone_page: Page
) -> None:
    """At 320 px: 0 axe violations, nothing wider than the screen, a picture
    beside each section; printed, the page's header and links are left out."""
    strategy = Strategy.objects.get(
        area__slug="hertfordshire", status="in_consultation"
    )
    sections = list(strategy.easy_read_sections.all())
    phone_page.goto(live_server.url + strategy.get_easy_read_url())
    assert_accessible(phone_page)
    assert phone_page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
    )
    headings = phone_page.locator("main h2")
    assert headings.all_inner_texts() == [s.heading for s in sections]
    pictures = phone_page.locator("main .app-easy-read-section img")
    assert pictures.count() == len(sections)
    # The picture sits beside its words, not above them.
    picture_box = pictures.first.bounding_box()
    text_box = phone_page.locator("main .app-picture-row__text").first.bounding_box()
    assert picture_box is not None
    assert text_box is not None
    assert text_box["x"] >= picture_box["x"] + picture_box["width"]
    assert abs(text_box["y"] - picture_box["y"]) < 40
    phone_page.emulate_media(media="print")
    assert not phone_page.locator("header.govuk-header").is_visible()
    assert not phone_page.locator(".govuk-service-navigation").is_visible()
    assert not phone_page.get_by_role(
        "link", name="Download Easy Read (PDF)"
    ).is_visible()
    assert headings.first.is_visible()
    assert pictures.first.is_visible()


def test_progress_and_action_pages_pass_axe_and_the_menu_opens_on_a_phone(
    demo: None, live_server, phone_page: Page
) -> None:
    plan = Plan.objects.filter(is_published=True).select_related("area").first()
    assert plan is not None
    action = Action.objects.filter(plan=plan).order_by("sort_key").first()
    assert action is not None
    phone_page.goto(live_server.url + plan.get_absolute_url())
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name=f"{action.reference} {action.title}").click()
    assert phone_page.locator("h1").inner_text() == f"{action.reference} {action.title}"
    assert_accessible(phone_page)
    # On a phone the menu is behind its button and holds the area's pages.
    phone_page.get_by_role("button", name="Menu").click()
    assert phone_page.get_by_role("link", name="Have your say").is_visible()
    assert phone_page.get_by_role("link", name="You said, we did").is_visible()
    assert_accessible(phone_page)
