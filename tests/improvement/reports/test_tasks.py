"""Rendering in the background: the PDF's content, idempotency, failures, safety."""

import io

import pytest
from django.core import mail
from pypdf import PdfReader

from improvement.models import KpiValue
from improvement.models import ProgressReport
from improvement.models import Rag
from improvement.reports.models import ReportStatus
from improvement.reports.tasks import render_report
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from tests.improvement.reports.conftest import Quarter
from tests.improvement.reports.helpers import pdf_text
from tests.improvement.reports.helpers import request_report

pytestmark = pytest.mark.django_db


def test_the_pdf_shows_the_figures_and_rag_labels(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    assert report.status == ReportStatus.READY
    text = pdf_text(report)
    for expected in [
        "Progress report, 2026/27 Q1",
        "Timeliness improved for the third quarter running.",
        "1.1 Recruit two educational psychologists",
        "Both posts failed to recruit.",
        "Agency cover from June.",
        "Red: off track",
        "Amber: at risk",
        "New EHC plans issued within 20 weeks",
        "47.3%",
        "60%",
        "48.2%",
        "£42.100m",
        "£45.350m",
        "£3.250m",
        "Families wait too long for an assessment.",
        "Agree the recovery plan at the June board.",
        "Assessment impact group",
    ]:
        assert expected in text, expected


def test_the_pdf_is_tagged_with_its_title_and_language(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    with report.pdf.open("rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    assert reader.metadata is not None
    assert (reader.metadata.title or "").startswith("Progress report, 2026/27 Q1")
    assert reader.root_object["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in reader.root_object


def test_the_requester_is_emailed_a_link_to_the_status_page_once(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks, settings
) -> None:
    settings.SITE_URL = "https://send.example.gov.uk"
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    render_report(report.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]
    assert f"https://send.example.gov.uk{report.get_absolute_url()}" in (
        mail.outbox[0].body
    )


def test_rendering_a_ready_report_again_changes_nothing(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    name, completed = report.pdf.name, report.completed_at
    render_report(report.pk)
    report.refresh_from_db()
    assert (report.pdf.name, report.completed_at) == (name, completed)
    assert AuditEvent.objects.filter(verb="progress_report.ready").count() == 1


def test_a_render_over_the_time_limit_is_reported_as_failed(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks, settings
) -> None:
    settings.PDF_RENDER_TIMEOUT = 0.01
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    assert report.status == ReportStatus.FAILED
    assert "longer than" in report.failure_reason
    assert not report.pdf
    assert mail.outbox == []


def test_a_render_over_the_memory_limit_is_reported_as_failed(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks, settings
) -> None:
    settings.PDF_RENDER_MEMORY_BYTES = 1 << 20  # beyond what the worker holds
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    assert report.status == ReportStatus.FAILED
    # Past the limit, WeasyPrint either raises MemoryError or cannot even start
    # its font threads; both are reported, neither is left pending.
    assert report.failure_reason in {
        "The report needed more memory than allowed to render.",
        "The report could not be rendered.",
    }


def test_a_failed_report_can_be_rendered_again_by_its_task(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks, settings
) -> None:
    settings.PDF_RENDER_TIMEOUT = 0.01
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    settings.PDF_RENDER_TIMEOUT = 60
    render_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.failure_reason == ""


def test_the_pdf_keeps_the_figures_of_its_request_after_the_data_changes(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    first = request_report(django_capture_on_commit_callbacks, quarter, officer)
    KpiValue.objects.filter(kpi=quarter.kpi, period=quarter.period).update(value=61.9)
    quarter.red_action.rag = Rag.GREEN
    quarter.red_action.save()
    # The first version's PDF is rendered again from its snapshot: still old.
    ProgressReport.objects.filter(pk=first.pk).update(status=ReportStatus.FAILED)
    render_report(first.pk)
    first.refresh_from_db()
    old_text = pdf_text(first)
    assert "47.3%" in old_text
    assert "61.9%" not in old_text
    assert "Red: off track" in old_text
    second = request_report(django_capture_on_commit_callbacks, quarter, officer)
    assert second.version == 2
    new_text = pdf_text(second)
    assert "61.9%" in new_text
    assert (
        "Recruit two educational psychologists"
        not in new_text.split("Exceptions")[1].split("Performance indicators")[0]
    )


@pytest.mark.parametrize(
    "hostile",
    [
        '<img src="file:///etc/passwd">',
        '<img src="http://169.254.169.254/latest/meta-data/">',
        '<link rel="stylesheet" href="https://example.org/x.css">',
    ],
)
def test_hostile_markup_in_the_summary_is_shown_as_text_and_fetches_nothing(
    quarter: Quarter,
    officer: User,
    django_capture_on_commit_callbacks,
    monkeypatch: pytest.MonkeyPatch,
    hostile: str,
) -> None:
    from sendportal import pdf as pdf_module

    fetched: list[str] = []
    original = pdf_module.StaticOnlyFetcher.fetch

    def spy(self, url: str, headers: object = None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf_module.StaticOnlyFetcher, "fetch", spy)
    # In-process so the spy sees every fetch (a forked child's list is lost).
    monkeypatch.setattr(
        "improvement.reports.tasks.render_pdf",
        lambda html, **kwargs: pdf_module.render_pdf_in_process(html),
    )
    report = request_report(
        django_capture_on_commit_callbacks, quarter, officer, summary=hostile
    )
    assert report.status == ReportStatus.READY
    text = pdf_text(report)
    assert hostile in text.replace("\n", " ")
    assert "root:x:0:0" not in text
    assert fetched == ["https://portal.invalid/static/dist/report.css"]
