"""Demo progress reports: each demo plan's report to cabinet for its last quarter.

A report is created and rendered only the first time: loading again finds it
and neither renders it again nor adds a version.
"""

from typing import TextIO

from django.utils import timezone

from sendportal.accounts.models import User

from ..models import ActionUpdate
from ..models import Plan
from ..models import ReportingPeriod
from ..periods import PeriodType
from ..periods import period_containing
from .models import ProgressReport
from .sentences import suggested_text
from .services import report_create
from .snapshot import gather_snapshot
from .tasks import render_report_pdf

# The demo plans whose last quarter gets a report to cabinet. Their words are
# drawn from their figures (`sentences.suggested_text`), so they always agree.
REPORTED_AREAS = ("barnsley", "buckinghamshire")


def last_quarter(plan: Plan) -> ReportingPeriod | None:
    """The latest financial quarter with figures, or of the latest action update."""
    quarter = (
        ReportingPeriod.objects.for_area(plan.area_id)
        .of_type(PeriodType.FIN_QUARTER)
        .order_by("-start")
        .first()
    )
    if quarter is not None:
        return quarter
    update = (
        ActionUpdate.objects.filter(action__plan=plan).order_by("-created_at").first()
    )
    if update is None:
        return None
    day = timezone.localtime(update.created_at).date()
    return ReportingPeriod.for_bounds(
        plan.area_id, period_containing(PeriodType.FIN_QUARTER, day)
    )


def load(stdout: TextIO) -> None:
    count = 0
    for slug in REPORTED_AREAS:
        plan = Plan.objects.filter(area__slug=slug).order_by("pk").first()
        period = last_quarter(plan) if plan else None
        if plan is None or period is None:
            continue
        report = ProgressReport.objects.filter(plan=plan, period=period).first()
        if report is None:
            draft = gather_snapshot(
                plan=plan,
                period=period,
                executive_summary="",
                next_steps="",
                as_at=timezone.now(),
            )
            summary, next_steps = suggested_text(draft)
            report = report_create(
                plan=plan,
                period=period,
                executive_summary=summary,
                next_steps=next_steps,
                by=User.objects.filter(email=f"officer@{slug}.demo").first(),
            )
        if not report.is_ready:
            render_report_pdf(report.pk)
        count += 1
    stdout.write(f"  {count} progress reports")
