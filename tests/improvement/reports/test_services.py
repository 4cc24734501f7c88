import pytest

from improvement.models import ProgressReport
from improvement.reports.models import ReportStatus
from improvement.reports.services import report_request
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from tests.helpers import enqueued
from tests.improvement.reports.conftest import Quarter

pytestmark = pytest.mark.django_db


def request(quarter: Quarter, officer: User) -> ProgressReport:
    return report_request(
        plan=quarter.plan,
        period=quarter.period,
        executive_summary="Summary",
        next_steps="Steps",
        by=officer,
    )


def test_a_request_is_queued_with_its_figures_frozen_and_audited(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        report = request(quarter, officer)
    assert report.status == ReportStatus.QUEUED
    assert report.version == 1
    assert report.requested_by == officer
    assert report.snapshot["kpis"][0]["value_display"] == "47.3%"
    assert report.snapshot["executive_summary"] == "Summary"
    assert enqueued(callbacks) == [
        ("improvement.reports.tasks.render_report", (report.pk,))
    ]
    event = AuditEvent.objects.get(verb="progress_report.requested")
    assert event.actor == officer


def test_each_request_for_the_same_quarter_is_a_new_version(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks():
        versions = [request(quarter, officer).version for _ in range(3)]
    assert versions == [1, 2, 3]
    assert ProgressReport.objects.filter(plan=quarter.plan).count() == 3
