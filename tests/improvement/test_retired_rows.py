"""Retired actions and KPIs: families see the plan as it stands, new reports
leave them out, reminders forget them, and staff still find them (marked)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from improvement.models import BoardMeeting
from improvement.reports.snapshot import gather_snapshot
from improvement.tasks import send_overdue_digests
from improvement.tasks import send_update_reminders
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import FinanceLineFactory
from tests.improvement.factories import FinanceValueFactory
from tests.improvement.factories import KpiFactory
from tests.improvement.factories import KpiValueFactory
from tests.improvement.factories import WorkstreamFactory
from tests.improvement.reports.conftest import IN_QUARTER
from tests.improvement.reports.conftest import Quarter
from tests.improvement.reports.conftest import build_quarter
from tests.improvement.reports.conftest import q

pytestmark = pytest.mark.django_db

RETIRED = datetime.datetime(2026, 4, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def quarter(plan, area) -> Quarter:
    return build_quarter(plan, area)


@pytest.fixture
def published(plan):
    plan.is_published = True
    plan.save()
    return plan


def _public_action_url(plan, action) -> str:
    return reverse(
        "improvement:action_progress",
        kwargs={
            "area_slug": plan.area.slug,
            "strategy_pk": plan.strategy_id,
            "pk": action.pk,
        },
    )


# The public progress page


def test_the_progress_page_shows_no_retired_action_or_kpi(published, workstream):
    current = ActionFactory.create(workstream=workstream, title="Train SENCOs")
    retired = ActionFactory.create(
        workstream=workstream, title="Old transport review", retired_at=RETIRED
    )
    KpiFactory.create(plan=published, name="Plans within 20 weeks", is_public=True)
    KpiFactory.create(
        plan=published, name="Old tribunal measure", is_public=True, retired_at=RETIRED
    )
    html = Client().get(published.get_absolute_url()).content.decode()
    assert "Train SENCOs" in html
    assert "Plans within 20 weeks" in html
    assert "Old transport review" not in html
    assert "Old tribunal measure" not in html
    assert _public_action_url(published, current) in html
    assert _public_action_url(published, retired) not in html


def test_a_retired_actions_public_page_is_not_found(published, workstream) -> None:
    action = ActionFactory.create(workstream=workstream, retired_at=RETIRED)
    response = Client().get(_public_action_url(published, action))
    assert response.status_code == 404


# New reports


def test_a_new_report_leaves_out_retired_actions_kpis_and_workstreams(
    quarter: Quarter,
) -> None:
    plan = quarter.plan
    quarter.red_action.retired_at = RETIRED
    quarter.red_action.save()
    quarter.kpi.retired_at = RETIRED
    quarter.kpi.save()
    old_group = WorkstreamFactory.create(
        plan=plan, name="Old impact group", retired_at=RETIRED
    )
    snapshot = gather_snapshot(
        plan=plan,
        period=quarter.period,
        executive_summary="",
        next_steps="",
        as_at=IN_QUARTER,
    )
    assert snapshot["action_count"] == 2
    assert "1.1" not in [e["reference"] for e in snapshot["exceptions"]]
    assert [p["total"] for p in snapshot["priorities"]] == [1, 1]
    assert snapshot["kpis"] == []
    assert old_group.name not in [w["name"] for w in snapshot["workstreams"]]


def test_a_retired_finance_line_counts_only_in_quarters_it_has_figures_for(
    quarter: Quarter, area
) -> None:
    plan = quarter.plan
    old = FinanceLineFactory.create(plan=plan, name="Old line", retired_at=RETIRED)
    previous = q(area, datetime.date(2026, 2, 1))
    FinanceValueFactory.create(
        line=old,
        period=previous,
        budget=Decimal(5),
        forecast_outturn=Decimal(6),
    )

    def finance(period):
        return gather_snapshot(
            plan=plan,
            period=period,
            executive_summary="",
            next_steps="",
            as_at=IN_QUARTER,
        )["finance"]

    # The quarter it had figures for still counts them...
    assert "Old line" in [line["name"] for line in finance(previous)["lines"]]
    # ...but they are not carried into the quarter after it was retired.
    this_quarter = finance(quarter.period)
    assert [line["name"] for line in this_quarter["lines"]] == ["Top-up funding"]
    assert this_quarter["totals"]["budget"] == "42.1"


# Reminders


def test_no_reminder_or_digest_names_a_retired_action(plan, workstream, lead) -> None:
    BoardMeeting.objects.create(plan=plan, date=datetime.date(2026, 6, 12))
    due = datetime.date(2026, 5, 31)
    ActionFactory.create(
        workstream=workstream,
        owner=lead,
        due_date=due,
        start_date=None,
        title="Retired one",
        retired_at=RETIRED,
    )
    with time_machine.travel(datetime.datetime(2026, 6, 8, 7, 30, tzinfo=datetime.UTC)):
        assert send_update_reminders() == 0
        assert send_overdue_digests() == 0
    assert mail.outbox == []


# Staff pages keep them, apart


def test_staff_pages_list_retired_actions_workstreams_and_kpis_apart(
    plan, workstream, officer, lead
) -> None:
    ActionFactory.create(workstream=workstream, title="Train SENCOs")
    retired = ActionFactory.create(
        workstream=workstream, title="Old transport review", retired_at=RETIRED
    )
    old_group = WorkstreamFactory.create(
        plan=plan, name="Old impact group", retired_at=RETIRED
    )
    kpi = KpiFactory.create(plan=plan, name="Old tribunal measure", retired_at=RETIRED)
    KpiValueFactory.create(kpi=kpi)
    for who in (officer, lead):
        client = client_for(who)
        page = client.get(plan.get_staff_url()).content.decode()
        retired_part = page.split('id="retired"')[1]
        assert "Old transport review" in retired_part
        assert retired.get_staff_url() in retired_part
        assert old_group.get_staff_url() in retired_part
        assert "retired 20 Apr 2026" in retired_part
        assert "Train SENCOs" not in retired_part
        kpis = client.get(staff_url("kpi_list", plan, plan_pk=plan.pk)).content.decode()
        retired_kpis = kpis.split('id="retired"')[1]
        assert kpi.get_staff_url() in retired_kpis
        # Its page still shows its values, marked retired.
        detail = client.get(kpi.get_staff_url()).content.decode()
        assert "Retired" in detail
        assert "No values yet." not in detail


def test_no_retired_section_when_nothing_is_retired(plan, workstream, officer):
    ActionFactory.create(workstream=workstream)
    KpiFactory.create(plan=plan)
    client = client_for(officer)
    assert 'id="retired"' not in client.get(plan.get_staff_url()).content.decode()
    assert 'id="retired"' not in (
        client.get(staff_url("kpi_list", plan, plan_pk=plan.pk)).content.decode()
    )


def test_retiring_says_where_the_row_will_no_longer_show(
    plan, workstream, officer
) -> None:
    action = ActionFactory.create(workstream=workstream)
    page = client_for(officer).get(
        staff_url("action_retire", plan, plan_pk=plan.pk, pk=action.pk)
    )
    assert "nor shown on the public progress page or in new reports" in (
        page.content.decode()
    )
