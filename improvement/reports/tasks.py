"""Rendering progress reports in the background."""

from celery import shared_task
from celery.utils.log import get_task_logger
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sendportal.pdf import PdfRenderError
from sendportal.pdf import render_pdf

from .models import ProgressReport
from .rendering import render_report_html

logger = get_task_logger(__name__)


def _email_requester(report: ProgressReport) -> None:
    user = report.requested_by
    if user is None or not user.email:
        return
    context = {
        "report": report,
        "url": f"{settings.SITE_URL.rstrip('/')}{report.get_absolute_url()}",
    }
    send_mail(
        subject=_("Progress report ready: %(plan)s, %(period)s")
        % {"plan": report.plan.title, "period": report.period.label},
        message=render_to_string(
            "improvement/reports/emails/report_ready.txt", context
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def render_report_pdf(report_id: int) -> ProgressReport | None:
    """Render and store the report's PDF; the report if it has just become ready."""
    # Imported here, not at the top: the services import this module to
    # enqueue its tasks, and tasks are the one side that imports lazily.
    from . import services

    if not services.report_start_rendering(report_id=report_id):
        return None
    report = ProgressReport.objects.select_related(
        "area", "plan", "period", "requested_by"
    ).get(pk=report_id)
    try:
        pdf = render_pdf(
            render_report_html(report),
            timeout=float(settings.PDF_RENDER_TIMEOUT),
            memory_bytes=int(settings.PDF_RENDER_MEMORY_BYTES),
        )
    except PdfRenderError as error:
        logger.warning("Progress report %s failed: %s", report_id, error)
        services.report_fail(report=report, reason=str(error))
        return None
    return report if services.report_store(report=report, pdf=pdf) else None


@shared_task
def render_report(report_id: int) -> None:
    """Render the report's PDF from its snapshot, then email the requester.

    A report already ready is left alone, so a repeated task does nothing; a
    render that fails is recorded with its reason rather than left pending.
    """
    report = render_report_pdf(report_id)
    if report is not None:
        _email_requester(report)


@shared_task
def requeue_stale_reports() -> int:
    """Every few minutes: queue again the reports whose render stalled."""
    from . import services

    return services.reports_requeue_stale()
