"""Requesting and recording progress reports: atomic, audited, rendered after commit."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sendportal.accounts.models import User
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import record_event
from sendportal.outbox.services import enqueue

from ..models import Plan
from ..models import ReportingPeriod
from .models import ProgressReport
from .models import ReportStatus
from .snapshot import gather_snapshot
from .tasks import render_report as render_report_task

logger = logging.getLogger(__name__)


@transaction.atomic
def report_create(
    *,
    plan: Plan,
    period: ReportingPeriod,
    executive_summary: str,
    next_steps: str,
    by: User | None,
) -> ProgressReport:
    """A new queued version of the plan's report, its figures frozen now."""
    # Lock the plan so two requests cannot take the same version number.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    latest = ProgressReport.objects.filter(plan=plan, period=period).aggregate(
        latest=Max("version")
    )["latest"]
    now = timezone.now()
    report = ProgressReport(
        area_id=plan.area_id,
        plan=plan,
        period=period,
        version=(latest or 0) + 1,
        requested_by=by,
        requested_at=now,
        queued_at=now,
        executive_summary=executive_summary,
        next_steps=next_steps,
        snapshot=gather_snapshot(
            plan=plan,
            period=period,
            executive_summary=executive_summary,
            next_steps=next_steps,
            as_at=now,
        ),
    )
    report.full_clean()
    report.save()
    record_event(
        by=by,
        verb=AuditVerb.PROGRESS_REPORT_REQUESTED,
        target=report,
        area_id=plan.area_id,
        changes={"period": period.label, "version": report.version},
        subject=plan,
    )
    return report


@transaction.atomic
def report_request(
    *,
    plan: Plan,
    period: ReportingPeriod,
    executive_summary: str,
    next_steps: str,
    by: User | None,
) -> ProgressReport:
    """Freeze the figures of a new report version and render it in the background."""
    report = report_create(
        plan=plan,
        period=period,
        executive_summary=executive_summary,
        next_steps=next_steps,
        by=by,
    )
    enqueue(render_report_task, report.pk)
    return report


def _render_time_limit() -> datetime.timedelta:
    """How long a render can run: after this its worker is gone."""
    return datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def _too_many_renders(report: ProgressReport) -> str:
    return _(
        "The PDF could not be made after %(count)s tries. Try again; if it "
        "fails again, contact the portal's support team."
    ) % {"count": report.render_attempts}


def report_start_rendering(*, report_id: int) -> bool:
    """Claim a report for rendering; False if it is ready or being rendered.

    A render whose worker died (still "rendering" past the task's time limit)
    may be claimed again, up to REPORT_RENDER_MAX_ATTEMPTS renders; then the
    report is marked failed, for someone to try again.
    """
    now = timezone.now()
    with transaction.atomic():
        report = ProgressReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status == ReportStatus.READY:
            return False
        if (
            report.status == ReportStatus.RENDERING
            and report.rendering_started_at is not None
            and report.rendering_started_at > now - _render_time_limit()
        ):
            return False
        if report.render_attempts >= settings.REPORT_RENDER_MAX_ATTEMPTS:
            if report.status != ReportStatus.FAILED:
                report_fail(report=report, reason=_too_many_renders(report))
            return False
        report.status = ReportStatus.RENDERING
        report.rendering_started_at = now
        report.render_attempts += 1
        report.failure_reason = ""
        report.save(
            update_fields=[
                "status",
                "rendering_started_at",
                "render_attempts",
                "failure_reason",
            ]
        )
    return True


def reports_requeue_stale(*, now: datetime.datetime | None = None) -> int:
    """Queue again the renders that stalled; fail reports that kept stalling.

    A report still queued STALE_WORK_AFTER seconds after it was queued lost
    its task (the broker lost it); one still rendering past the task's time
    limit lost its worker. A render queued twice is claimed once.
    """
    now = now or timezone.now()
    stale = ProgressReport.objects.filter(
        Q(
            status=ReportStatus.QUEUED,
            queued_at__lt=now - datetime.timedelta(seconds=settings.STALE_WORK_AFTER),
        )
        | Q(
            status=ReportStatus.RENDERING,
            rendering_started_at__lt=now - _render_time_limit(),
        )
    ).select_related("plan")
    requeued = 0
    for report in stale:
        if report.render_attempts >= settings.REPORT_RENDER_MAX_ATTEMPTS:
            report_fail(report=report, reason=_too_many_renders(report))
            continue
        with transaction.atomic():
            enqueue(render_report_task, report.pk)
        requeued += 1
    if requeued:
        logger.warning("Queued %s stalled progress reports again", requeued)
    return requeued


@transaction.atomic
def report_retry(*, report: ProgressReport, by: User) -> ProgressReport:
    """Render a failed report again, from the figures frozen when it was requested."""
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != ReportStatus.FAILED:
        raise ValidationError(
            _("Only a report that could not be made can be tried again.")
        )
    locked.status = ReportStatus.QUEUED
    locked.queued_at = timezone.now()
    locked.render_attempts = 0
    locked.rendering_started_at = None
    locked.completed_at = None
    locked.failure_reason = ""
    locked.save(
        update_fields=[
            "status",
            "queued_at",
            "render_attempts",
            "rendering_started_at",
            "completed_at",
            "failure_reason",
        ]
    )
    record_event(
        by=by,
        verb=AuditVerb.PROGRESS_REPORT_RETRIED,
        target=locked,
        area_id=locked.area_id,
        subject=locked.plan,
    )
    enqueue(render_report_task, locked.pk)
    return locked


@transaction.atomic
def report_store(*, report: ProgressReport, pdf: bytes) -> bool:
    """Keep the rendered PDF and mark the report ready; False if it already was."""
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if locked.status == ReportStatus.READY:
        return False
    locked.pdf.save(locked.pdf_filename(), ContentFile(pdf), save=False)
    locked.status = ReportStatus.READY
    locked.completed_at = timezone.now()
    locked.failure_reason = ""
    locked.save(update_fields=["pdf", "status", "completed_at", "failure_reason"])
    record_event(
        by=None,
        verb=AuditVerb.PROGRESS_REPORT_READY,
        target=locked,
        area_id=locked.area_id,
        subject=locked.plan,
    )
    report.refresh_from_db()
    return True


@transaction.atomic
def report_fail(*, report: ProgressReport, reason: str) -> None:
    """Record that the report could not be rendered, and why."""
    updated = (
        ProgressReport.objects.filter(pk=report.pk)
        .exclude(status=ReportStatus.READY)
        .update(
            status=ReportStatus.FAILED,
            failure_reason=reason,
            completed_at=timezone.now(),
        )
    )
    if updated:
        record_event(
            by=None,
            verb=AuditVerb.PROGRESS_REPORT_FAILED,
            target=report,
            area_id=report.area_id,
            changes={"reason": reason},
            subject=report.plan,
        )
    report.refresh_from_db()


@transaction.atomic
def report_publish(*, report: ProgressReport, by: User, publish: bool) -> None:
    """Show a ready version on the area's public pages, or withdraw it.

    Only one version of a quarter is public at a time.
    """
    if publish and report.status != ReportStatus.READY:
        raise ValidationError(_("Only a ready report can be published."))
    if publish:
        ProgressReport.objects.filter(
            plan_id=report.plan_id, period_id=report.period_id, is_published=True
        ).exclude(pk=report.pk).update(is_published=False)
    report.is_published = publish
    report.save(update_fields=["is_published"])
    record_event(
        by=by,
        verb=AuditVerb.PROGRESS_REPORT_PUBLISHED
        if publish
        else AuditVerb.PROGRESS_REPORT_WITHDRAWN,
        target=report,
        area_id=report.area_id,
        subject=report.plan,
    )
