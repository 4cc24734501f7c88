"""The published report and its PDF: no count of fewer than 5 people can be
worked out from what they show, by subtraction or from a chart."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from improvement.models import Kpi
from improvement.models import ProgressReport
from improvement.reports.rendering import report_context
from sendportal.accounts.models import User
from tests.consultations.factories import ResponseFactory
from tests.helpers import client_for
from tests.improvement.factories import KpiFactory
from tests.improvement.factories import KpiValueFactory
from tests.improvement.reports.conftest import IN_QUARTER
from tests.improvement.reports.conftest import Quarter
from tests.improvement.reports.conftest import q
from tests.improvement.reports.helpers import pdf_text
from tests.improvement.reports.helpers import request_report
from tests.subtraction import by_subtraction
from tests.subtraction import hidden_values

pytestmark = pytest.mark.django_db

FEWER = "fewer than 5"
# The quarter's voices (see conftest): 7 parents and 3 young people answered
# surveys; 23 parents and 4 health professionals came to the event.
SENTENCE = re.compile(
    r"In 2026/27 Q1: (?P<responses>.+?) survey responses and "
    r"(?P<attendance>.+?) people at events\."
)
ROW = re.compile(
    r'<th scope="row" class="govuk-table__header">(?P<group>[^<]+)</th>'
    r'<td class="govuk-table__cell[^"]*"[^>]*>(?P<responses>[^<]+)</td>'
    r'<td class="govuk-table__cell[^"]*"[^>]*>(?P<attendance>[^<]+)</td>'
)


def publish(report: ProgressReport, officer: User) -> str:
    slug = report.area.slug
    client_for(officer).post(
        reverse("reports_staff:report_publish", args=[slug, report.pk])
    )
    url = reverse("reports:report_detail", args=[slug, report.pk])
    return Client().get(url).content.decode()


def voices(page: str) -> str:
    return page.split('id="coproduction-heading"')[1].split("You said, we did")[0]


def read_voices(page: str) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """What a reader takes from the section: the totals and each group's row."""
    section = voices(page)
    match = SENTENCE.search(" ".join(section.split()))
    assert match is not None
    rows = {
        m["group"]: (m["responses"], m["attendance"]) for m in ROW.finditer(section)
    }
    return match.groupdict(), rows


def assert_nothing_recovered(total: str, cells: list[str]) -> None:
    shown = [cell for cell in cells if cell != FEWER]
    assert len(shown) == len(cells) - 1
    assert by_subtraction(total, shown) is None
    assert hidden_values(total, shown) == {1, 2, 3, 4}


def test_a_group_of_3_cannot_be_worked_out_from_the_published_report(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    totals, rows = read_voices(publish(report, officer))
    young = "Young person with SEND (16 to 25)"
    assert rows[young] == (FEWER, "0")
    assert totals == {"responses": "8 to 11", "attendance": "24 to 27"}
    assert_nothing_recovered(totals["responses"], [r for r, _a in rows.values()])
    assert_nothing_recovered(totals["attendance"], [a for _r, a in rows.values()])


def test_the_published_report_reads_the_same_had_4_young_people_answered(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    first = request_report(django_capture_on_commit_callbacks, quarter, officer)
    before = voices(publish(first, officer))
    consultation = quarter.plan.area.consultations.get()
    ResponseFactory.create(
        survey=consultation.surveys.first(),
        respondent_type="YOUNG_PERSON",
        submitted_at=IN_QUARTER,
    )
    second = request_report(django_capture_on_commit_callbacks, quarter, officer)
    assert second.snapshot["coproduction"]["responses_total"] == 11
    assert voices(publish(second, officer)) == before
    assert pdf_voices(second) == pdf_voices(first)


def pdf_voices(report: ProgressReport) -> str:
    text = " ".join(pdf_text(report).split())
    return text.split("Co-production: voices heard")[1].split("You said, we did")[0]


def test_a_group_of_3_cannot_be_worked_out_from_the_pdf(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    text = " ".join(pdf_text(report).split())
    match = SENTENCE.search(text)
    assert match is not None
    assert match["responses"] == "8 to 11"
    assert match["attendance"] == "24 to 27"
    assert "10 survey responses" not in text
    assert "27 people at events" not in text.replace("24 to 27 people", "")
    table = text.split("Voices heard by group")[-1].split("To protect people")[0]
    assert table.count(FEWER) == 2
    # Total minus the 7 parents who answered, or the 23 who came.
    assert_nothing_recovered(match["responses"], ["7", FEWER])
    assert_nothing_recovered(match["attendance"], ["23", FEWER])
    assert "To protect people’s privacy" in text


def test_the_staff_page_of_a_report_keeps_exact_figures(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    url = reverse("reports_staff:report_view", args=[report.area.slug, report.pk])
    section = voices(client_for(officer).get(url).content.decode())
    assert "In 2026/27 Q1: 10 survey responses and 27 people at events." in section
    assert FEWER not in section


def test_how_many_said_something_is_suppressed_in_public_and_exact_for_staff(
    quarter: Quarter, officer: User, django_capture_on_commit_callbacks
) -> None:
    quarter.plan.area.consultations.get().feedback_items.update(said_count=3)
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    said = "Families wait too long for an assessment."
    assert f"{said} (fewer than 5 people)" in " ".join(pdf_text(report).split())
    page = publish(report, officer)
    assert f"{said} (fewer than 5 people)" in page
    assert "(3 people)" not in page
    staff = report_context(report)["s"]["you_said_we_did"][0]["said_people"]
    assert staff == "3 people"


@pytest.fixture
def count_kpi(quarter: Quarter) -> Kpi:
    """A count of people: 12, then 3 in the report's quarter."""
    kpi = KpiFactory.create(
        plan=quarter.plan,
        code="ooa",
        name="Young people placed out of area",
        unit="count",
        direction="lower",
    )
    area = quarter.plan.area
    for day, value in [(datetime.date(2026, 2, 1), 12), (datetime.date(2026, 5, 1), 3)]:
        KpiValueFactory.create(kpi=kpi, period=q(area, day), value=Decimal(value))
    return kpi


def kpi_block(html: str) -> str:
    return html.split("<h3")[0]


def test_a_count_kpi_of_3_is_not_shown_or_drawn_in_public(
    quarter: Quarter,
    officer: User,
    count_kpi: Kpi,
    django_capture_on_commit_callbacks,
) -> None:
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    public = report_context(report, public=True)
    (kpi,) = [k for k in public["kpis"] if k["code"] == "ooa"]
    assert kpi["value_display"] == FEWER
    assert kpi["rows"][-1] == ("2026/27 Q1", f"Value {FEWER}")
    svg = str(kpi["chart"].svg())
    # Only the 12 is drawn: one point, plus the legend's marker.
    assert svg.count("<circle") == 2
    staff = report_context(report)
    (exact,) = [k for k in staff["kpis"] if k["code"] == "ooa"]
    assert exact["value_display"] == "3"
    assert str(exact["chart"].svg()).count("<circle") == 3
    text = " ".join(pdf_text(report).split())
    assert f"2026/27 Q1: Value {FEWER}" in text
    # Had the value been 4, the public chart would be the same drawing.
    count_kpi.values.filter(value=3).update(value=4)
    again = request_report(django_capture_on_commit_callbacks, quarter, officer)
    (other,) = [
        k for k in report_context(again, public=True)["kpis"] if k["code"] == "ooa"
    ]
    assert str(other["chart"].svg()) == svg
