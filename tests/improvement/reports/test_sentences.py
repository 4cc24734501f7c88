"""A report's generated words follow its figures; its dates and numbers read well."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from improvement.models import Action
from improvement.models import Kpi
from improvement.models import ProgressReport
from improvement.models import Rag
from improvement.reports.rendering import money
from improvement.reports.rendering import report_context
from improvement.reports.sentences import kpi_sentence
from improvement.reports.sentences import suggested_text
from improvement.reports.snapshot import gather_snapshot
from sendportal.govuk_format import MINUS
from sendportal.govuk_format import govuk_date
from tests.improvement.reports.conftest import Quarter
from tests.improvement.reports.helpers import request_report

pytestmark = pytest.mark.django_db

AS_AT = datetime.datetime(2026, 6, 30, 12, 0, tzinfo=datetime.UTC)


def snapshot_of(quarter: Quarter) -> dict:
    return gather_snapshot(
        plan=quarter.plan,
        period=quarter.period,
        executive_summary="",
        next_steps="",
        as_at=AS_AT,
    )


def test_next_steps_name_red_actions_only_when_there_are_some(quarter: Quarter) -> None:
    summary, next_steps = suggested_text(snapshot_of(quarter))
    assert "will review the red action" in next_steps
    assert "1 action is red" in summary

    Action.objects.filter(rag=Rag.RED).update(rag=Rag.GREEN)
    summary, next_steps = suggested_text(snapshot_of(quarter))
    assert "red action" not in next_steps
    assert "no action is red" in summary


def test_a_kpi_that_meets_its_target_is_not_called_below_it() -> None:
    kpi = {
        "name": "New EHC plans issued within 20 weeks",
        "direction": "higher",
        "value": "75.1",
        "value_display": "75.1%",
        "target_display": "75%",
        "england_display": "46.4%",
        "period": "2023/24 Q4",
        "trend": {
            "labels": ["2023/24 Q3", "2023/24 Q4"],
            "target": ["70", "75"],
            "england": ["46.4", "46.4"],
        },
    }
    assert kpi_sentence(kpi) == (
        "New EHC plans issued within 20 weeks was 75.1% in 2023/24 Q4, meeting its "
        "target of 75% and better than the England average of 46.4%."
    )
    lower_is_better = {
        **kpi,
        "direction": "lower",
        "value": "80",
        "value_display": "80%",
    }
    sentence = kpi_sentence(lower_is_better) or ""
    assert "short of its target" in sentence
    assert "worse than the England average" in sentence


def test_the_demo_reports_say_only_what_their_figures_show() -> None:
    call_command("load_demo", stdout=io.StringIO())
    for report in ProgressReport.objects.all():
        snapshot = report.snapshot
        red = next(r["count"] for r in snapshot["rag_totals"] if r["code"] == "red")
        mentions_red = "red action" in report.next_steps
        assert mentions_red == (red > 0), (report.area.slug, red, report.next_steps)
    barnsley = ProgressReport.objects.get(area__slug="barnsley")
    assert "below target" not in barnsley.executive_summary
    assert "meeting its target of 75%" in barnsley.executive_summary


def test_negative_money_keeps_its_sign_with_the_number() -> None:
    assert money("-1.25") == f"{MINUS}£1.250m"
    assert "\u2060" in MINUS  # a word joiner: no line break after the sign
    assert money("2.5") == "£2.500m"
    assert Kpi(unit="gbp_m").format(Decimal("-0.5")).startswith(MINUS)
    assert Kpi(unit="weeks").format(Decimal("12")) == "12\u00a0weeks"


def test_report_dates_are_in_govuk_style(
    quarter: Quarter, officer, django_capture_on_commit_callbacks
) -> None:
    assert govuk_date("2024-03-31") == "31 March 2024"
    report = request_report(django_capture_on_commit_callbacks, quarter, officer)
    html = render_to_string(
        "improvement/reports/includes/_cover.html", report_context(report)
    )
    assert "1 April 2026 to 30 June 2026" in html
    assert "2026-04-01" not in html
