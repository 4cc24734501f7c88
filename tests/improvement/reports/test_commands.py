import io

import pytest
from django.core.management import CommandError
from django.core.management import call_command

from improvement.models import ProgressReport
from improvement.reports.models import ReportStatus
from sendportal.accounts.models import User
from tests.improvement.reports.conftest import Quarter

pytestmark = pytest.mark.django_db


def test_generate_report_makes_a_ready_version_for_the_plan_and_period(
    quarter: Quarter, officer: User
) -> None:
    out = io.StringIO()
    call_command(
        "generate_report",
        "--plan",
        str(quarter.plan.pk),
        "--period",
        str(quarter.period.pk),
        "--by",
        officer.email,
        stdout=out,
    )
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.READY
    assert report.requested_by == officer
    assert "version 1, ready" in out.getvalue()


def test_generate_report_refuses_a_period_of_another_area(
    quarter: Quarter, other_area
) -> None:
    from tests.improvement.factories import period

    foreign = period(other_area, "fin_quarter", quarter.period.start)
    with pytest.raises(CommandError, match="No reporting period"):
        call_command(
            "generate_report",
            "--plan",
            str(quarter.plan.pk),
            "--period",
            str(foreign.pk),
        )
    assert not ProgressReport.objects.exists()
