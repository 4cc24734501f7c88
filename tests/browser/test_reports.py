"""Requesting a progress report in Chromium: form, status page, report, 0 axe violations."""

import pytest
from playwright.sync_api import Page

from improvement.models import ProgressReport
from improvement.reports.services import report_create
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import sign_in
from tests.improvement.factories import PlanFactory
from tests.improvement.reports.conftest import Quarter
from tests.improvement.reports.conftest import build_quarter
from tests.improvement.reports.factories import ProgressReportFactory
from tests.strategies.factories import StrategyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quarter(area: LocalArea) -> Quarter:
    plan = PlanFactory.create(strategy=StrategyFactory.create(area=area, approved=True))
    return build_quarter(plan, area)


def test_an_officer_requests_a_report_and_reads_it_with_no_axe_violations(
    quarter: Quarter, officer: User, live_server, page: Page, phone_page: Page
) -> None:
    base = live_server.url
    sign_in(page, base, officer.email, "correct horse battery")
    page.goto(f"{base}/staff/{quarter.plan.area.slug}/reports/")
    assert_accessible(page)
    page.get_by_role("link", name="Request a progress report").click()
    assert_accessible(page)
    page.get_by_role("button", name="Request the report").click()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    page.get_by_label("Which quarter is the report for?").select_option(
        label=quarter.period.label
    )
    page.get_by_label("Executive summary").fill("A steady quarter for families.")
    page.get_by_label("Next steps").fill("Recruit the psychologists.")
    page.get_by_role("button", name="Request the report").click()
    # Celery runs eagerly in tests: the status page already says ready.
    assert "version 1" in page.locator("h1").inner_text()
    assert page.get_by_text("The report is ready.").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Read the report").click()
    assert page.get_by_text("A steady quarter for families.").is_visible()
    assert_accessible(page)
    report = ProgressReport.objects.get()
    pending = ProgressReportFactory.create(
        plan=quarter.plan, period=quarter.period, version=2
    )
    page.goto(base + pending.get_absolute_url())
    assert page.get_by_text("Queued", exact=True).is_visible()
    assert_accessible(page)
    page.goto(base + report.get_absolute_url())
    page.get_by_role("button", name="Publish on the public pages").click()
    assert page.get_by_text("The report is on the public pages.").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Published on the public pages").click()
    assert "fewer than 5" in page.content()
    assert_accessible(page)
    sign_in(phone_page, base, officer.email, "correct horse battery")
    public = f"/{quarter.plan.area.slug}/reports/{report.pk}/"
    for url in (
        report.get_absolute_url(),
        f"{report.get_absolute_url()}report/",
        public,
    ):
        phone_page.goto(base + url)
        assert_accessible(phone_page)


def test_a_cabinet_member_tries_a_failed_report_again_with_no_axe_violations(
    quarter: Quarter,
    users_by_role: dict[str, User | None],
    live_server,
    page: Page,
    phone_page: Page,
) -> None:
    cabinet = users_by_role["cabinet"]
    assert cabinet is not None
    report = report_create(
        plan=quarter.plan,
        period=quarter.period,
        executive_summary="A steady quarter for families.",
        next_steps="Recruit the psychologists.",
        by=cabinet,
    )
    ProgressReport.objects.filter(pk=report.pk).update(
        status="failed", failure_reason="The PDF could not be made after 3 tries."
    )
    base = live_server.url
    sign_in(phone_page, base, cabinet.email, "correct horse battery")
    phone_page.goto(base + report.get_absolute_url())
    assert phone_page.get_by_text(
        "The PDF could not be made after 3 tries."
    ).is_visible()
    assert_accessible(phone_page)
    sign_in(page, base, cabinet.email, "correct horse battery")
    page.goto(base + report.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name="Try again").click()
    assert page.get_by_text("The PDF is being made again.").is_visible()
    assert_accessible(page)
    # Celery runs eagerly in tests: made again at once, from the same figures.
    assert page.get_by_text("The report is ready.").is_visible()
    report.refresh_from_db()
    assert report.status == "ready"
