import datetime
import json
from decimal import Decimal

import pytest

from improvement.reports.snapshot import gather_snapshot
from tests.improvement.factories import KpiFactory
from tests.improvement.factories import KpiTargetFactory
from tests.improvement.factories import KpiValueFactory
from tests.improvement.reports.conftest import IN_QUARTER
from tests.improvement.reports.conftest import Quarter

pytestmark = pytest.mark.django_db

AS_AT = IN_QUARTER + datetime.timedelta(days=30)


def snapshot_of(quarter: Quarter) -> dict:
    return gather_snapshot(
        plan=quarter.plan,
        period=quarter.period,
        executive_summary="Summary",
        next_steps="Steps",
        as_at=AS_AT,
    )


def test_the_snapshot_survives_a_json_round_trip_unchanged(quarter: Quarter) -> None:
    snapshot = snapshot_of(quarter)
    assert json.loads(json.dumps(snapshot)) == snapshot


def test_rag_counts_are_given_per_priority(quarter: Quarter) -> None:
    priorities = snapshot_of(quarter)["priorities"]
    counts = {
        p["number"]: {c["code"]: c["count"] for c in p["counts"]} for p in priorities
    }
    assert counts[1]["red"] == 1
    assert counts[1]["amber"] == 1
    assert counts[2]["green"] == 1
    assert [p["total"] for p in priorities] == [2, 1]


def test_exceptions_are_red_then_amber_with_the_last_reason_and_mitigation(
    quarter: Quarter,
) -> None:
    exceptions = snapshot_of(quarter)["exceptions"]
    assert [e["reference"] for e in exceptions] == ["1.1", "1.2"]
    assert exceptions[0]["reason"] == "Both posts failed to recruit."
    assert exceptions[0]["mitigation"] == "Agency cover from June."
    assert exceptions[1]["reason"] == ""


def test_kpis_show_the_quarter_against_target_and_england_with_their_trend(
    quarter: Quarter,
) -> None:
    (kpi,) = snapshot_of(quarter)["kpis"]
    assert kpi["value_display"] == "47.3%"
    assert kpi["target_display"] == "60%"
    assert kpi["england_display"] == "48.2%"
    assert kpi["rag"]["code"] == "red"
    assert kpi["trend"]["labels"] == ["2025/26 Q3", "2025/26 Q4", "2026/27 Q1"]
    assert kpi["trend"]["value"] == ["38", "41.5", "47.3"]


def test_finance_gives_budget_forecast_actual_and_variance(quarter: Quarter) -> None:
    finance = snapshot_of(quarter)["finance"]
    (line,) = finance["lines"]
    assert (line["budget"], line["forecast"], line["actual"], line["variance"]) == (
        "42.1",
        "45.35",
        "11",
        "3.25",
    )
    assert finance["totals"]["variance"] == "3.25"


def test_coproduction_counts_responses_and_attendance_in_the_quarter_by_group(
    quarter: Quarter,
) -> None:
    coproduction = snapshot_of(quarter)["coproduction"]
    groups = {
        g["code"]: (g["responses"], g["attendance"]) for g in coproduction["groups"]
    }
    assert groups == {"PARENT_CARER": (7, 23), "YOUNG_PERSON": (3, 0), "HEALTH": (0, 4)}
    assert coproduction["responses_total"] == 10
    assert coproduction["attendance_total"] == 27


def test_you_said_we_did_items_are_included(quarter: Quarter) -> None:
    (item,) = snapshot_of(quarter)["you_said_we_did"]
    assert item["we_did"] == "We recruited more educational psychologists."


def kpi_in(snapshot: dict, code: str) -> dict:
    (kpi,) = [k for k in snapshot["kpis"] if k["code"] == code]
    return kpi


def test_a_kpi_short_of_target_within_tolerance_is_amber(quarter: Quarter) -> None:
    kpi = KpiFactory.create(plan=quarter.plan, code="amber", tolerance=Decimal(5))
    KpiValueFactory.create(kpi=kpi, period=quarter.period, value=Decimal("56.5"))
    KpiTargetFactory.create(kpi=kpi, period=quarter.period, value=Decimal(60))
    shown = kpi_in(snapshot_of(quarter), "amber")
    assert shown["rag"] == {"code": "amber", "label": "Amber: at risk"}
    assert shown["is_current"] is True
    assert (shown["value_display"], shown["target_display"]) == ("56.5%", "60%")


def test_a_kpi_with_a_target_but_no_value_is_not_rated(quarter: Quarter) -> None:
    kpi = KpiFactory.create(plan=quarter.plan, code="no_value")
    KpiTargetFactory.create(kpi=kpi, period=quarter.period, value=Decimal(60))
    shown = kpi_in(snapshot_of(quarter), "no_value")
    assert shown["rag"] is None
    assert shown["period"] is None
    assert shown["is_current"] is False
    assert shown["value"] is None
    assert shown["value_display"] == "–"
    assert shown["trend"]["labels"] == [quarter.period.label]
    assert shown["trend"]["value"] == [None]
    assert shown["trend"]["target"] == ["60"]
