import io

import pytest
from django.core.management import call_command

from improvement.models import ProgressReport
from improvement.reports.models import ReportStatus
from tests.improvement.reports.helpers import pdf_text

pytestmark = pytest.mark.django_db


def rows() -> list[tuple[object, ...]]:
    return list(
        ProgressReport.objects.order_by("pk").values_list(
            "pk", "version", "pdf", "completed_at"
        )
    )


def test_the_demo_has_one_ready_report_per_plan_for_its_last_quarter_loaded_once() -> (
    None
):
    call_command("load_demo", stdout=io.StringIO())
    reports = {r.area.slug: r for r in ProgressReport.objects.select_related("area")}
    assert set(reports) == {"barnsley", "buckinghamshire"}
    assert reports["barnsley"].period.label == "2023/24 Q4"
    assert reports["buckinghamshire"].period.label == "2022/23 Q4"
    assert all(r.status == ReportStatus.READY for r in reports.values())
    assert "Progress report, 2023/24 Q4" in pdf_text(reports["barnsley"])
    first = rows()
    # Loading again neither renders again nor adds a version.
    call_command("load_demo", stdout=io.StringIO())
    assert rows() == first
