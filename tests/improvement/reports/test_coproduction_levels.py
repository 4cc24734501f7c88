"""The report's "Co-production in this quarter": activities by rung of the ladder."""

import datetime

import pytest

from improvement.models import ProgressReport
from sendportal.accounts.models import User
from strategies.codes import CoproductionLevel
from tests.consultations.factories import ConsultationFactory
from tests.events.factories import EventFactory
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.improvement.reports.conftest import IN_QUARTER
from tests.improvement.reports.conftest import Quarter
from tests.improvement.reports.helpers import pdf_text
from tests.improvement.reports.helpers import request_report
from tests.improvement.reports.test_snapshot import snapshot_of

pytestmark = pytest.mark.django_db

DAYS = datetime.timedelta(days=1)


@pytest.fixture
def activities(quarter: Quarter) -> Quarter:
    """Beside the quarter's event (level not set): activities in and out of it."""
    area = quarter.plan.area
    # Open across the quarter's first day: it counts.
    ConsultationFactory.create(
        area=area,
        coproduction_level=CoproductionLevel.CONSULT,
        opens_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2026, 4, 20, tzinfo=datetime.UTC),
    )
    # Closed before the quarter began, a draft, another area's: they do not.
    ConsultationFactory.create(
        area=area,
        coproduction_level=CoproductionLevel.CONSULT,
        opens_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC),
    )
    ConsultationFactory.create(
        area=area,
        status="draft",
        coproduction_level=CoproductionLevel.CONSULT,
        opens_at=IN_QUARTER,
        closes_at=IN_QUARTER + DAYS,
    )
    ConsultationFactory.create(
        coproduction_level=CoproductionLevel.CONSULT,
        opens_at=IN_QUARTER,
        closes_at=IN_QUARTER + DAYS,
    )
    EventFactory.create(
        area=area,
        status="held",
        coproduction_level=CoproductionLevel.CO_DESIGN,
        starts_at=IN_QUARTER + DAYS,
    )
    # After the quarter, and cancelled in it: not counted.
    EventFactory.create(
        area=area,
        status="held",
        coproduction_level=CoproductionLevel.CO_DESIGN,
        starts_at=IN_QUARTER + 90 * DAYS,
    )
    EventFactory.create(
        area=area,
        status="cancelled",
        coproduction_level=CoproductionLevel.CO_DESIGN,
        starts_at=IN_QUARTER,
    )
    return quarter


def test_the_snapshot_counts_consultations_and_events_in_the_period_by_rung(
    activities: Quarter,
) -> None:
    levels = snapshot_of(activities)["coproduction_levels"]
    rows = {
        row["code"]: (row["consultations"], row["events"]) for row in levels["rows"]
    }
    assert rows == {
        "inform": (0, 0),
        "consult": (1, 0),
        "engage": (0, 0),
        "co_design": (0, 1),
        "co_produce": (0, 0),
        # The quarter fixture's event has no level.
        "": (0, 1),
    }
    assert [row["label"] for row in levels["rows"]] == [
        "Inform",
        "Consult",
        "Engage",
        "Co-design",
        "Co-produce",
        "Not set",
    ]
    assert (levels["consultations_total"], levels["events_total"]) == (1, 2)


def test_the_staff_view_and_the_pdf_show_the_table(
    activities: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    report = request_report(django_capture_on_commit_callbacks, activities, officer)
    page = (
        client_for(officer)
        .get(staff_url("reports_staff:report_view", report))
        .content.decode()
    )
    assert "Co-production in this quarter" in page
    assert "Co-design" in page
    text = pdf_text(report)
    assert "Co-production in this quarter" in text
    assert "Not set" in text


def test_a_report_stored_before_the_levels_were_counted_still_shows(
    activities: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    report = request_report(django_capture_on_commit_callbacks, activities, officer)
    del report.snapshot["coproduction_levels"]
    ProgressReport.objects.filter(pk=report.pk).update(snapshot=report.snapshot)
    page = client_for(officer).get(staff_url("reports_staff:report_view", report))
    assert page.status_code == 200
    assert "Co-production in this quarter" not in page.content.decode()
