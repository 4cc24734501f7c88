"""The demo's reports (tests/test_demo.py checks a second load renders nothing)."""

import pytest

from improvement.models import ProgressReport
from improvement.reports.models import ReportStatus
from tests.improvement.reports.helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_ready_report_per_plan_for_its_last_quarter(
    demo_db: None,
) -> None:
    reports = {r.area.slug: r for r in ProgressReport.objects.select_related("area")}
    assert set(reports) == {"barnsley", "buckinghamshire"}
    assert reports["barnsley"].period.label == "2023/24 Q4"
    assert reports["buckinghamshire"].period.label == "2022/23 Q4"
    assert all(r.status == ReportStatus.READY for r in reports.values())
    assert all(r.version == 1 for r in reports.values())
    assert "Progress report, 2023/24 Q4" in pdf_text(reports["barnsley"])
