"""Reports whose render stalled are made again; one that keeps failing says so."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.models import ProgressReport
from improvement.reports import services
from improvement.reports.models import ReportStatus
from improvement.reports.tasks import render_report
from improvement.reports.tasks import requeue_stale_reports
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from sendportal.outbox.models import OutboxTask
from tests.helpers import client_for
from tests.improvement.reports.conftest import Quarter

pytestmark = pytest.mark.django_db


def queued_report(quarter: Quarter, by: User, **changes: object) -> ProgressReport:
    """A requested report whose render task never ran."""
    report = services.report_create(
        plan=quarter.plan,
        period=quarter.period,
        executive_summary="A steady quarter.",
        next_steps="Keep going.",
        by=by,
    )
    ProgressReport.objects.filter(pk=report.pk).update(**changes)
    report.refresh_from_db()
    return report


def ago(**delta: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def retry_url(report: ProgressReport) -> str:
    return reverse("reports_staff:report_retry", args=[report.area.slug, report.pk])


def test_a_report_queued_too_long_is_queued_again_and_made(
    quarter: Quarter, officer: User, settings, django_capture_on_commit_callbacks
) -> None:
    settings.STALE_WORK_AFTER = 600
    report = queued_report(quarter, officer, queued_at=ago(seconds=601))

    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_reports() == 1

    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.render_attempts == 1
    assert (
        OutboxTask.objects.get().task_name == "improvement.reports.tasks.render_report"
    )


def test_a_report_queued_a_moment_ago_is_left_to_its_task(
    quarter: Quarter, officer: User, settings
) -> None:
    settings.STALE_WORK_AFTER = 600
    queued_report(quarter, officer, queued_at=ago(seconds=599))
    assert requeue_stale_reports() == 0
    assert not OutboxTask.objects.exists()


def test_a_render_whose_worker_died_is_made_again_and_counted(
    quarter: Quarter, officer: User, settings, django_capture_on_commit_callbacks
) -> None:
    settings.CELERY_TASK_TIME_LIMIT = 240
    report = queued_report(
        quarter,
        officer,
        status=ReportStatus.RENDERING,
        rendering_started_at=ago(seconds=241),
        render_attempts=1,
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_reports() == 1

    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.render_attempts == 2


def test_a_second_copy_of_the_task_leaves_a_live_render_alone(
    quarter: Quarter, officer: User
) -> None:
    report = queued_report(
        quarter,
        officer,
        status=ReportStatus.RENDERING,
        rendering_started_at=ago(seconds=30),
        render_attempts=1,
    )
    assert requeue_stale_reports() == 0
    render_report(report.pk)
    report.refresh_from_db()
    assert (report.status, report.render_attempts) == (ReportStatus.RENDERING, 1)


def test_a_report_that_keeps_stalling_ends_failed_with_a_clear_reason(
    quarter: Quarter, officer: User, settings
) -> None:
    settings.REPORT_RENDER_MAX_ATTEMPTS = 3
    report = queued_report(
        quarter,
        officer,
        status=ReportStatus.RENDERING,
        rendering_started_at=ago(hours=1),
        render_attempts=3,
    )

    assert requeue_stale_reports() == 0

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.failure_reason.startswith(
        "The PDF could not be made after 3 tries. Try again"
    )
    assert AuditEvent.objects.filter(verb="progress_report.failed").count() == 1
    assert not OutboxTask.objects.exists()


def test_a_task_redelivered_after_the_last_try_marks_the_report_failed(
    quarter: Quarter, officer: User, settings
) -> None:
    settings.REPORT_RENDER_MAX_ATTEMPTS = 3
    report = queued_report(
        quarter,
        officer,
        status=ReportStatus.RENDERING,
        rendering_started_at=ago(hours=1),
        render_attempts=3,
    )
    render_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert not report.pdf


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("cabinet", HTTPStatus.FOUND),
        ("officer", HTTPStatus.FOUND),
        ("admin", HTTPStatus.FOUND),
        ("lead", HTTPStatus.FORBIDDEN),
        ("no_role", HTTPStatus.FORBIDDEN),
        ("other_officer", HTTPStatus.FORBIDDEN),
    ],
)
def test_who_may_try_a_failed_report_again(
    role: str,
    expected: HTTPStatus,
    users_by_role: dict[str, User | None],
    quarter: Quarter,
    officer: User,
) -> None:
    report = queued_report(
        quarter, officer, status=ReportStatus.FAILED, failure_reason="Broken."
    )
    response = client_for(users_by_role[role]).post(retry_url(report))
    assert response.status_code == expected
    report.refresh_from_db()
    retried = expected == HTTPStatus.FOUND
    assert report.status == (ReportStatus.QUEUED if retried else ReportStatus.FAILED)


def test_a_cabinet_member_sees_why_it_failed_and_tries_again(
    users_by_role: dict[str, User | None],
    quarter: Quarter,
    officer: User,
    settings,
    django_capture_on_commit_callbacks,
) -> None:
    settings.REPORT_RENDER_MAX_ATTEMPTS = 3
    report = queued_report(
        quarter,
        officer,
        status=ReportStatus.RENDERING,
        rendering_started_at=ago(hours=1),
        render_attempts=3,
    )
    requeue_stale_reports()
    cabinet = client_for(users_by_role["cabinet"])

    page = cabinet.get(report.get_absolute_url()).content.decode()
    assert "The PDF could not be made after 3 tries." in page
    assert "Try again to make the PDF of this version." in page
    assert retry_url(report) in page

    with django_capture_on_commit_callbacks(execute=True):
        response = cabinet.post(retry_url(report), follow=True)

    assert "The PDF is being made again." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.render_attempts == 1
    event = AuditEvent.objects.get(verb="progress_report.retried")
    assert event.actor == users_by_role["cabinet"]


def test_only_a_failed_report_can_be_tried_again(
    users_by_role: dict[str, User | None], quarter: Quarter, officer: User
) -> None:
    report = queued_report(quarter, officer)
    response = client_for(officer).post(retry_url(report), follow=True)
    assert "Only a report that could not be made can be tried again." in (
        response.content.decode()
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED
    assert not AuditEvent.objects.filter(verb="progress_report.retried").exists()
    assert (
        "Try again</button>"
        not in client_for(officer).get(report.get_absolute_url()).content.decode()
    )


def test_retrying_is_a_post(quarter: Quarter, officer: User) -> None:
    report = queued_report(quarter, officer, status=ReportStatus.FAILED)
    response = client_for(officer).get(retry_url(report))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
