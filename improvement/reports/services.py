"""Requesting and recording progress reports: atomic, audited, rendered after commit."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sendportal.accounts.models import User
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import record_event

from ..models import Plan
from ..models import ReportingPeriod
from .models import ProgressReport
from .models import ReportStatus
from .snapshot import gather_snapshot
from .tasks import render_report as render_report_task


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
    render_report_task.delay_on_commit(report.pk)  # type: ignore[attr-defined]  # DjangoTask; celery-types lacks it
    return report


def report_start_rendering(*, report_id: int) -> bool:
    """Claim a report for rendering; False if it is already ready."""
    return bool(
        ProgressReport.objects.filter(pk=report_id)
        .exclude(status=ReportStatus.READY)
        .update(status=ReportStatus.RENDERING, failure_reason="")
    )


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
