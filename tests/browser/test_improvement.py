"""Improvement dashboards and the public progress page in Chromium: 0 axe violations."""

import pytest
from django.conf import settings
from playwright.sync_api import FilePayload
from playwright.sync_api import Page

from improvement.models import Action
from improvement.models import Kpi
from improvement.models import Plan
from improvement.models import Workstream
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import assert_error_page
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None, demo_db: None) -> None:
    """The demo, committed for the live server."""


def test_public_progress_pages_have_no_axe_violations(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    plans = list(Plan.objects.published().select_related("area"))
    assert len(plans) == 3
    for plan in plans:
        for browser_page in (page, phone_page):
            browser_page.goto(live_server.url + plan.get_absolute_url())
            assert browser_page.locator("h1").count() == 1
            assert_accessible(browser_page)
        page.goto(live_server.url + plan.area.get_absolute_url())
        page.get_by_role("link", name=plan.title).click()
        assert "Progress on the" in page.locator("h1").inner_text()


def test_staff_dashboards_have_no_axe_violations(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    plan = Plan.objects.select_related("area").get(area__slug="barnsley")
    sign_in(page, live_server.url, "lead@barnsley.demo", settings.DEMO_PASSWORD)
    sign_in(phone_page, live_server.url, "lead@barnsley.demo", settings.DEMO_PASSWORD)
    workstream = Workstream.objects.get(plan=plan, lead__email="lead@barnsley.demo")
    action = Action.objects.filter(workstream=workstream).first()
    kpi = Kpi.objects.get(plan=plan, code="EHCP_20WK")
    assert action is not None
    base = live_server.url
    for url in (
        f"/staff/{plan.area.slug}/",
        f"/staff/{plan.area.slug}/improvement/",
        plan.get_staff_url(),
        workstream.get_staff_url(),
        action.get_staff_url(),
        f"/staff/{plan.area.slug}/improvement/{plan.pk}/kpis/",
        kpi.get_staff_url(),
        f"/staff/{plan.area.slug}/improvement/{plan.pk}/finance/",
    ):
        for browser_page in (page, phone_page):
            browser_page.goto(base + url)
            assert browser_page.locator("h1").count() == 1, url
            assert_accessible(browser_page)
    # The update form, and its error state, by keyboard and without mistakes.
    page.goto(base + action.get_staff_url())
    page.get_by_role("button", name="Record update").click()
    assert_error_page(page)
    assert_accessible(page)
    page.get_by_label("Red: off track").check()
    page.get_by_label("Progress since the last update").fill("Two vacancies.")
    page.get_by_role("button", name="Record update").click()
    assert "Update recorded" in page.content()
    assert_accessible(page)


def csv_payload(content: bytes) -> FilePayload:
    return {"name": "values.csv", "mimeType": "text/csv", "buffer": content}


def test_import_and_rating_pages_have_no_axe_violations(
    demo: None, live_server, page: Page
) -> None:
    plan = Plan.objects.select_related("area").get(area__slug="barnsley")
    workstream = Workstream.objects.filter(plan=plan).first()
    assert workstream is not None
    sign_in(page, live_server.url, "officer@barnsley.demo", settings.DEMO_PASSWORD)
    base = f"{live_server.url}/staff/barnsley/improvement/{plan.pk}"
    page.goto(f"{base}/workstreams/{workstream.pk}/rating/")
    assert_accessible(page)
    page.goto(f"{base}/import/")
    assert_accessible(page)
    page.get_by_label("KPI values: kpi_code, period, value, status").check()
    page.get_by_label("Upload a file").set_input_files(
        files=csv_payload(b"kpi_code,period,value\nEHCP_20WK,2024/25 Q1,lots\n")
    )
    page.get_by_role("button", name="Check the file").click()
    assert_error_page(page)
    assert "Row 2, column" in page.content()
    assert_accessible(page)
    page.get_by_label("KPI values: kpi_code, period, value, status").check()
    page.get_by_label("Upload a file").set_input_files(
        files=csv_payload(b"kpi_code,period,value\nEHCP_20WK,2024/25 Q1,78.5\n")
    )
    page.get_by_role("button", name="Check the file").click()
    assert page.locator("h1").inner_text() == "Check the import"
    assert_accessible(page)
    page.get_by_role("button", name="Import").click()
    assert "Imported 1 row." in page.content()
