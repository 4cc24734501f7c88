"""The golden thread in Chromium: the action's link controls, drafting and
editing "You said, we did", and the yearly page on screen and in print."""

import pytest
from django.conf import settings
from playwright.sync_api import Page
from playwright.sync_api import expect

from consultations.models import Consultation
from consultations.models import YouSaidWeDid
from improvement.models import Action
from improvement.models import ActionEvidence
from improvement.models import ActionTheme
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None, demo_db: None) -> None:
    """The demo, committed for the live server."""


def test_officer_links_and_unlinks_a_theme_and_removes_evidence_by_keyboard(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    action = Action.objects.select_related("plan__area").get(
        plan__area__slug="buckinghamshire", reference="7.1"
    )
    url = live_server.url + action.get_staff_url()
    for browser_page in (page, phone_page):
        sign_in(
            browser_page,
            live_server.url,
            "officer@buckinghamshire.demo",
            settings.DEMO_PASSWORD,
        )
        browser_page.goto(url)
        assert_accessible(browser_page)

    page.get_by_label("Post-16 options").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Link themes").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 theme linked")
    assert ActionTheme.objects.filter(
        action=action, theme__name="Post-16 options"
    ).exists()
    assert_accessible(page)

    page.get_by_role("button", name="Remove Post-16 options").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Theme link removed"
    )
    assert not ActionTheme.objects.filter(
        action=action, theme__name="Post-16 options"
    ).exists()
    assert_accessible(page)

    cited = ActionEvidence.objects.filter(action=action).count()
    assert cited
    page.get_by_role("button", name="Remove this evidence").first.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Evidence removed"
    )
    assert ActionEvidence.objects.filter(action=action).count() == cited - 1
    assert_accessible(page)


def test_officer_drafts_and_edits_you_said_we_did_with_its_actions(
    demo: None, live_server, page: Page
) -> None:
    consultation = Consultation.objects.select_related("area").get(
        area__slug="buckinghamshire"
    )
    item = YouSaidWeDid.objects.get(
        consultation=consultation, theme__name="Social and leisure activities"
    )
    item.delete()
    sign_in(
        page, live_server.url, "officer@buckinghamshire.demo", settings.DEMO_PASSWORD
    )
    page.goto(live_server.url + consultation.get_staff_url())
    page.get_by_role("button", name="Draft from what people said").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 item drafted")
    assert_accessible(page)
    drafted = YouSaidWeDid.objects.get(
        consultation=consultation, theme__name="Social and leisure activities"
    )
    assert not drafted.is_published
    assert drafted.action_links.count() == 3

    page.get_by_role("link", name="Edit").last.click()
    assert_accessible(page)
    expect(page.get_by_label("7.1", exact=False)).to_be_checked()
    page.get_by_label("Show on the public page").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved")
    drafted.refresh_from_db()
    assert drafted.is_published


def test_yearly_page_reads_and_prints_without_navigation(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    url = f"{live_server.url}/buckinghamshire/you-said-we-did/2021/"
    for browser_page in (page, phone_page):
        browser_page.goto(url)
        assert browser_page.locator("h1").count() == 1
        assert_accessible(browser_page)
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(page.locator(".govuk-footer")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    expect(
        page.get_by_role(
            "heading", name="Comments received about the Local Offer and services"
        ).first
    ).to_be_visible()
    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}/buckinghamshire/")
    page.get_by_role(
        "link", name="What you said about the Local Offer and services each year"
    ).click()
    page.get_by_role("link", name="Comments received and what we did in 2021").click()
    expect(page).to_have_url(url)
