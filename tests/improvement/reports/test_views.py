"""Report pages: who may see and request them, status, HTML view, PDF download."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from improvement.models import KpiValue
from improvement.models import ProgressReport
from improvement.models import Rag
from improvement.reports.models import ReportStatus
from sendportal.accounts.models import User
from tests.helpers import client_for
from tests.improvement.reports.conftest import Quarter
from tests.improvement.reports.factories import ProgressReportFactory
from tests.improvement.reports.helpers import request_report

pytestmark = pytest.mark.django_db


def urls_of(report: ProgressReport) -> dict[str, str]:
    args = [report.area.slug, report.pk]
    return {
        "list": reverse("reports_staff:report_list", args=[report.area.slug]),
        "detail": reverse("reports_staff:report_detail", args=args),
        "view": reverse("reports_staff:report_view", args=args),
        "pdf": reverse("reports_staff:report_pdf", args=args),
        "request": reverse(
            "reports_staff:report_request", args=[report.area.slug, report.plan_id]
        ),
    }


@pytest.fixture
def ready_report(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks
) -> ProgressReport:
    return request_report(django_capture_on_commit_callbacks, quarter, officer)


READ = {"officer", "admin", "cabinet"}
REQUEST = {"officer", "admin"}


@pytest.mark.parametrize(
    "role",
    ["anonymous", "no_role", "officer", "lead", "cabinet", "admin", "other_officer"],
)
def test_who_may_read_download_and_request_reports(
    role: str, users_by_role: dict[str, User | None], ready_report: ProgressReport
) -> None:
    client = client_for(users_by_role[role])
    urls = urls_of(ready_report)
    for page in ["list", "detail", "view", "pdf", "request"]:
        response = client.get(urls[page])
        allowed = role in (REQUEST if page == "request" else READ)
        if role == "anonymous":
            assert response.status_code == HTTPStatus.FOUND, page
            assert "/accounts/" in response["Location"]
        elif allowed:
            assert response.status_code == HTTPStatus.OK, (role, page)
        else:
            # Refused like every staff page (sendportal/areas/mixins.py).
            assert response.status_code == HTTPStatus.FORBIDDEN, (role, page)


def test_the_pdf_is_served_as_a_private_attachment(
    users_by_role: dict[str, User | None], ready_report: ProgressReport
) -> None:
    response = client_for(users_by_role["cabinet"]).get(urls_of(ready_report)["pdf"])
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_the_pdf_is_not_under_the_public_media_root(
    ready_report: ProgressReport, settings
) -> None:
    assert ready_report.pdf.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not ready_report.pdf.path.startswith(str(settings.MEDIA_ROOT) + "/")


def test_another_areas_report_is_not_found_even_by_its_number(
    users_by_role: dict[str, User | None], ready_report: ProgressReport, other_area
) -> None:
    client = client_for(users_by_role["other_officer"])
    for name in ["report_detail", "report_view", "report_pdf"]:
        url = reverse(f"reports_staff:{name}", args=[other_area.slug, ready_report.pk])
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_stranger_is_refused_before_any_report_is_looked_up(
    users_by_role: dict[str, User | None], area
) -> None:
    client = client_for(users_by_role["no_role"])
    # 999999 names nothing: a 404 here would tell a stranger what exists.
    for name in ["report_detail", "report_view", "report_pdf"]:
        url = reverse(f"reports_staff:{name}", args=[area.slug, 999999])
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN, name
    url = reverse("reports_staff:report_publish", args=[area.slug, 999999])
    assert client.post(url).status_code == HTTPStatus.FORBIDDEN


def test_publishing_is_a_post_and_withdrawing_takes_the_report_back(
    officer: User, ready_report: ProgressReport
) -> None:
    args = [ready_report.area.slug, ready_report.pk]
    publish = reverse("reports_staff:report_publish", args=args)
    client = client_for(officer)
    assert client.get(publish).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.post(publish).status_code == HTTPStatus.FOUND
    ready_report.refresh_from_db()
    assert ready_report.is_published
    withdraw = reverse("reports_staff:report_withdraw", args=args)
    assert client.post(withdraw).status_code == HTTPStatus.FOUND
    ready_report.refresh_from_db()
    assert not ready_report.is_published


def test_a_pending_report_refreshes_its_status_page_on_request_and_has_no_download(
    officer: User, quarter: Quarter
) -> None:
    report = ProgressReportFactory.create(plan=quarter.plan, period=quarter.period)
    client = client_for(officer)
    content = client.get(urls_of(report)["detail"]).content.decode()
    assert "http-equiv" not in content
    assert "?refresh=1" in content
    assert "Queued" in content
    refreshing = client.get(urls_of(report)["detail"] + "?refresh=1")
    assert '<meta http-equiv="refresh" content="5">' in refreshing.content.decode()
    assert urls_of(report)["pdf"] not in content
    assert client_for(officer).get(urls_of(report)["pdf"]).status_code == 404


def test_a_failed_report_shows_its_reason_and_stops_refreshing(
    officer: User, quarter: Quarter
) -> None:
    report = ProgressReportFactory.create(
        plan=quarter.plan,
        period=quarter.period,
        status=ReportStatus.FAILED,
        failure_reason="The report took longer than 60 seconds to render.",
    )
    url = urls_of(report)["detail"] + "?refresh=1"
    content = client_for(officer).get(url).content.decode()
    assert "The report took longer than 60 seconds to render." in content
    assert "http-equiv" not in content


def test_requesting_a_report_goes_straight_to_its_status_page(
    officer: User, quarter: Quarter, django_capture_on_commit_callbacks
) -> None:
    url = reverse(
        "reports_staff:report_request", args=[quarter.plan.area.slug, quarter.plan.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer).post(
            url,
            {
                "period": quarter.period.start.isoformat(),
                "executive_summary": "A steady quarter.",
                "next_steps": "Keep going.",
            },
        )
    report = ProgressReport.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == report.get_absolute_url()
    assert report.period == quarter.period
    assert report.status == ReportStatus.READY


def test_a_request_without_a_summary_shows_the_error_and_keeps_the_answers(
    officer: User, quarter: Quarter
) -> None:
    url = reverse(
        "reports_staff:report_request", args=[quarter.plan.area.slug, quarter.plan.pk]
    )
    response = client_for(officer).post(
        url, {"period": quarter.period.start.isoformat(), "next_steps": "Kept text"}
    )
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<title>Error:" in content
    assert "Enter the executive summary" in content
    assert "Kept text" in content
    assert not ProgressReport.objects.exists()


def test_the_html_view_keeps_the_old_figures_after_the_data_changes(
    officer: User,
    quarter: Quarter,
    ready_report: ProgressReport,
    django_capture_on_commit_callbacks,
) -> None:
    KpiValue.objects.filter(kpi=quarter.kpi, period=quarter.period).update(value=61.9)
    quarter.red_action.rag = Rag.GREEN
    quarter.red_action.save()
    client = client_for(officer)
    old = client.get(urls_of(ready_report)["view"]).content.decode()
    assert "47.3%" in old
    assert "61.9%" not in old
    assert "Red: off track" in old
    new_report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    new = client.get(urls_of(new_report)["view"]).content.decode()
    assert "61.9%" in new
    # Both versions stay listed.
    listing = client.get(urls_of(new_report)["list"]).content.decode()
    assert listing.count(quarter.period.label) >= 2


def test_hostile_text_in_the_summary_is_escaped_in_the_html_view(
    officer: User, quarter: Quarter, django_capture_on_commit_callbacks
) -> None:
    report = request_report(
        django_capture_on_commit_callbacks,
        quarter,
        officer,
        summary='<img src="file:///etc/passwd"><script>alert(1)</script>',
    )
    content = client_for(officer).get(urls_of(report)["view"]).content.decode()
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in content
    assert "<script>alert(1)" not in content


@pytest.mark.parametrize(("role", "shown"), [("cabinet", True), ("lead", False)])
def test_the_staff_home_links_to_reports_only_for_those_who_may_read_them(
    role: str, shown: bool, users_by_role: dict[str, User | None], area
) -> None:
    content = client_for(users_by_role[role]).get(f"/staff/{area.slug}/").content
    url = reverse("reports_staff:report_list", args=[area.slug])
    assert (url.encode() in content) is shown


def public_url(report: ProgressReport) -> str:
    return reverse("reports:report_detail", args=[report.area.slug, report.pk])


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("officer", True), ("admin", True), ("cabinet", False), ("lead", False)],
)
def test_only_officers_and_admins_publish_a_report(
    role: str,
    allowed: bool,
    users_by_role: dict[str, User | None],
    ready_report: ProgressReport,
) -> None:
    url = reverse(
        "reports_staff:report_publish", args=[ready_report.area.slug, ready_report.pk]
    )
    response = client_for(users_by_role[role]).post(url)
    ready_report.refresh_from_db()
    assert ready_report.is_published is allowed
    assert response.status_code == (
        HTTPStatus.FOUND if allowed else HTTPStatus.FORBIDDEN
    )


def test_a_published_report_is_public_with_small_counts_suppressed(
    officer: User, ready_report: ProgressReport
) -> None:
    assert Client().get(public_url(ready_report)).status_code == 404
    home = Client().get(reverse("area_home", args=["fenmere"])).content.decode()
    assert reverse("reports:report_list", args=["fenmere"]) not in home
    url = reverse(
        "reports_staff:report_publish", args=[ready_report.area.slug, ready_report.pk]
    )
    client_for(officer).post(url)
    content = Client().get(public_url(ready_report)).content.decode()
    assert "47.3%" in content
    voices = content.split('id="coproduction-heading"')[1].split("To protect")[0]
    # 4 health professionals came to the event; 3 young people responded.
    assert voices.count("fewer than 5") == 2
    assert ">4<" not in voices
    assert ">3<" not in voices
    assert ">23<" in voices
    listing = Client().get(reverse("reports:report_list", args=["fenmere"]))
    assert public_url(ready_report) in listing.content.decode()
    home = Client().get(reverse("area_home", args=["fenmere"])).content.decode()
    assert reverse("reports:report_list", args=["fenmere"]) in home


def test_publishing_a_new_version_replaces_the_old_one_and_withdrawing_hides_it(
    officer: User,
    quarter: Quarter,
    ready_report: ProgressReport,
    django_capture_on_commit_callbacks,
) -> None:
    client = client_for(officer)
    slug = ready_report.area.slug
    client.post(reverse("reports_staff:report_publish", args=[slug, ready_report.pk]))
    second = request_report(django_capture_on_commit_callbacks, quarter, officer)
    client.post(reverse("reports_staff:report_publish", args=[slug, second.pk]))
    assert Client().get(public_url(ready_report)).status_code == 404
    assert Client().get(public_url(second)).status_code == 200
    client.post(reverse("reports_staff:report_withdraw", args=[slug, second.pk]))
    assert Client().get(public_url(second)).status_code == 404


def test_a_report_that_is_not_ready_cannot_be_published(
    officer: User, quarter: Quarter
) -> None:
    report = ProgressReportFactory.create(plan=quarter.plan, period=quarter.period)
    url = reverse("reports_staff:report_publish", args=[report.area.slug, report.pk])
    response = client_for(officer).post(url, follow=True)
    report.refresh_from_db()
    assert not report.is_published
    assert "Only a ready report can be published." in response.content.decode()


HARD_SUMMARY = (
    "Performance against the statutory timeliness indicator deteriorated "
    "significantly, notwithstanding additional commissioning of independent "
    "educational psychology capacity and the reprofiling of the high needs block."
)


def test_the_report_request_shows_the_wording_advice_and_saves_nothing(
    officer: User, plan
) -> None:
    url = reverse("reports_staff:report_request", args=[plan.area.slug, plan.pk])
    client = client_for(officer)
    response = client.post(
        url, {"executive_summary": HARD_SUMMARY, "check_wording": ""}
    )
    html = response.content.decode()
    assert 'app-wording-advice" id="id_executive_summary-wording"' in html
    assert "(target 9)" in html
    assert "<strong>statutory</strong> (required by law)" in html
    assert "high needs block" in html
    assert HARD_SUMMARY in html
    assert not ProgressReport.objects.exists()


def test_a_ready_reports_page_summarises_hard_wording_before_publishing(
    officer: User, quarter: Quarter, django_capture_on_commit_callbacks
) -> None:
    report = request_report(
        django_capture_on_commit_callbacks, quarter, officer, summary=HARD_SUMMARY
    )
    client = client_for(officer)
    html = client.get(urls_of(report)["detail"]).content.decode()
    assert "<strong>Executive summary</strong>: reading grade" in html
    publish = reverse(
        "reports_staff:report_publish", args=[report.area.slug, report.pk]
    )
    client.post(publish)
    report.refresh_from_db()
    assert report.is_published
    html = client.get(urls_of(report)["detail"]).content.decode()
    assert "may be hard for families to read" not in html
