import io
from collections.abc import Callable
from typing import Any

from pypdf import PdfReader

from improvement.models import ProgressReport
from improvement.models import ReportingPeriod
from improvement.reports.services import report_request
from sendportal.accounts.models import User
from tests.improvement.reports.conftest import Quarter


def request_report(
    django_capture_on_commit_callbacks: Callable[..., Any],
    quarter: Quarter,
    by: User | None,
    *,
    summary: str = "Timeliness improved for the third quarter running.",
    period: ReportingPeriod | None = None,
) -> ProgressReport:
    """Request a report and run its render task, as after a real commit."""
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            plan=quarter.plan,
            period=period or quarter.period,
            executive_summary=summary,
            next_steps="Agree the recovery plan at the June board.",
            by=by,
        )
    report.refresh_from_db()
    return report


def pdf_text(report: ProgressReport) -> str:
    with report.pdf.open("rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    return "\n".join(page.extract_text() for page in reader.pages)
