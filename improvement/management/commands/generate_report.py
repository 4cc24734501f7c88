"""Generate a plan's progress report for a period, as an officer's request does."""

from typing import Any

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.core.management.base import CommandParser

from improvement.models import Plan
from improvement.models import ReportingPeriod
from improvement.reports.models import ReportStatus
from improvement.reports.services import report_request
from improvement.reports.tasks import render_report
from sendportal.accounts.models import User


class Command(BaseCommand):
    help = (
        "Freeze the figures of a new version of a plan's progress report for a "
        "period and render its PDF now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, required=True, help="Plan id")
        parser.add_argument(
            "--period", type=int, required=True, help="Reporting period id"
        )
        parser.add_argument(
            "--by", default="", help="Email of the requesting member of staff"
        )
        parser.add_argument(
            "--summary", default="", help="Executive summary (optional)"
        )
        parser.add_argument("--next-steps", default="", help="Next steps (optional)")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan with id {options['plan']}.")
        period = ReportingPeriod.objects.filter(
            pk=options["period"], area_id=plan.area_id
        ).first()
        if period is None:
            raise CommandError(
                f"No reporting period with id {options['period']} in {plan.area}."
            )
        by = None
        if options["by"]:
            by = User.objects.filter(email__iexact=options["by"]).first()
            if by is None:
                raise CommandError(f"No user with email {options['by']}.")
        report = report_request(
            plan=plan,
            period=period,
            executive_summary=options["summary"],
            next_steps=options["next_steps"],
            by=by,
        )
        # Render here rather than wait for a worker; a no-op if one already did.
        render_report(report.pk)
        report.refresh_from_db()
        if report.status != ReportStatus.READY:
            raise CommandError(
                f"Report {report.pk} (version {report.version}) failed: "
                f"{report.failure_reason}"
            )
        self.stdout.write(
            f"Report {report.pk}: {plan}, {period}, version {report.version}, "
            f"ready ({report.pdf.name})."
        )
