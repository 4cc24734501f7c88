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
from .services import report_create
from .tasks import render_report_pdf

SUMMARIES = {
    "barnsley": (
        "Timeliness of new EHC plans has improved for a fourth quarter, but "
        "remains below target and the England average. High-needs spending is "
        "forecast to overspend; the recovery actions are set out below.",
        "The SEND Oversight Board will agree the revised sufficiency plan and "
        "review the red actions in April.",
    ),
    "buckinghamshire": (
        "Most actions are on track. The impact groups flagged slower progress on "
        "annual reviews, which the SEND Board is tracking as an exception.",
        "Impact group leads will report mitigation of the amber and red actions "
        "to the next SEND Board.",
    ),
}


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
    for slug, (summary, next_steps) in SUMMARIES.items():
        plan = Plan.objects.filter(area__slug=slug).order_by("pk").first()
        period = last_quarter(plan) if plan else None
        if plan is None or period is None:
            continue
        report = ProgressReport.objects.filter(plan=plan, period=period).first()
        if report is None:
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
