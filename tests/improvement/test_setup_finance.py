"""Setting up a plan's finance, KPI targets and comparators, milestones and
board meetings from the staff pages, and retiring what has history."""

import datetime
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.utils import timezone

from improvement.models import Action
from improvement.models import BoardMeeting
from improvement.models import FinanceLine
from improvement.models import FinanceValue
from improvement.models import Kpi
from improvement.models import KpiBenchmark
from improvement.models import KpiTarget
from improvement.models import Milestone
from improvement.models import Workstream
from improvement.periods import PeriodType
from improvement.periods import period_containing
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import FinanceLineFactory
from tests.improvement.factories import FinanceValueFactory
from tests.improvement.factories import KpiFactory
from tests.improvement.factories import PlanFactory
from tests.strategies.factories import StrategyFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
ROLES = ("no_role", "officer", "lead", "cabinet", "admin", "other_officer")
EDITORS = {"officer", "admin"}


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def _events(verb: AuditVerb) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb))


def _quarter_key() -> str:
    return period_containing(
        PeriodType.FIN_QUARTER, timezone.localdate()
    ).start.isoformat()


def _line_url(name: str, line: FinanceLine) -> str:
    return staff_url(name, line.plan, plan_pk=line.plan_id, pk=line.pk)


def _row_url(name: str, row) -> str:
    return staff_url(name, row.plan, plan_pk=row.plan_id, pk=row.pk)


def _milestone_url(name: str, milestone: Milestone) -> str:
    action = milestone.action
    return staff_url(
        name, action.plan, plan_pk=action.plan_id, action_pk=action.pk, pk=milestone.pk
    )


# Finance lines and figures


def test_officer_adds_a_finance_line_and_it_is_audited(plan, officer) -> None:
    response = client_for(officer).post(
        staff_url("finance_line_create", plan, plan_pk=plan.pk),
        {"name": "Top-up funding", "block": "high_needs", "code": ""},
    )
    line = FinanceLine.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == staff_url("finance", plan, plan_pk=plan.pk)
    assert (line.plan, line.code, line.is_dsg) == (plan, "top-up-funding", True)
    (event,) = _events(AuditVerb.FINANCE_LINE_ADDED)
    assert event.actor == officer
    assert event.area_id == plan.area_id
    assert event.changes["name"] == [None, "Top-up funding"]


def test_finance_line_errors_keep_what_was_typed(plan, officer) -> None:
    FinanceLineFactory.create(plan=plan, code="top-up")
    response = client_for(officer).post(
        staff_url("finance_line_create", plan, plan_pk=plan.pk),
        {"name": HOSTILE, "block": "", "code": "top-up"},
    )
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "There is a problem" in content
    assert "Select the block that funds the line" in content
    assert ESCAPED in content
    assert HOSTILE not in content
    response = client_for(officer).post(
        staff_url("finance_line_create", plan, plan_pk=plan.pk),
        {"name": "Top-up", "block": "general_fund", "code": "top-up"},
    )
    assert "The plan already has a finance line with that code" in (
        response.content.decode()
    )
    assert FinanceLine.objects.count() == 1


def test_officer_edits_a_finance_line(plan, officer) -> None:
    line = FinanceLineFactory.create(plan=plan, name="Top-up", code="top-up")
    client = client_for(officer)
    assert (
        "Top-up" in client.get(_line_url("finance_line_update", line)).content.decode()
    )
    response = client.post(
        _line_url("finance_line_update", line),
        {"name": "Independent placements", "block": "general_fund", "code": ""},
    )
    assert response.status_code == HTTPStatus.FOUND
    line.refresh_from_db()
    assert (line.name, line.block, line.code) == (
        "Independent placements",
        "general_fund",
        "top-up",
    )
    (event,) = _events(AuditVerb.FINANCE_LINE_CHANGED)
    assert set(event.changes) == {"name", "block"}


def test_officer_records_and_corrects_a_lines_figures(plan, officer) -> None:
    line = FinanceLineFactory.create(plan=plan)
    client = client_for(officer)
    url = _line_url("finance_value_record", line)
    data = {
        "period": _quarter_key(),
        "budget": "10.5",
        "forecast_outturn": "12.25",
        "actual": "",
        "commentary": "Placements rising",
    }
    assert client.post(url, data).status_code == HTTPStatus.FOUND
    assert client.post(url, data | {"actual": "3.1"}).status_code == HTTPStatus.FOUND
    value = FinanceValue.objects.get()
    assert value.budget == Decimal("10.5")
    assert value.forecast_outturn == Decimal("12.25")
    assert value.actual == Decimal("3.1")
    assert value.period.period_type == PeriodType.FIN_QUARTER
    first, second = AuditEvent.objects.filter(
        verb=AuditVerb.FINANCE_VALUE_RECORDED
    ).order_by("pk")
    assert {"period", "budget", "forecast_outturn"} <= set(first.changes)
    assert set(second.changes) == {"period", "actual"}
    page = client.get(staff_url("finance", plan, plan_pk=plan.pk)).content.decode()
    assert "Record figures" in page


def test_finance_figure_errors_are_govuk_and_keep_what_was_typed(plan, officer) -> None:
    line = FinanceLineFactory.create(plan=plan)
    response = client_for(officer).post(
        _line_url("finance_value_record", line),
        {"period": "1999-01-01", "budget": "ten", "forecast_outturn": ""},
    )
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter the budget as a number, like 12.5" in content
    assert "Enter the forecast outturn" in content
    assert 'value="ten"' in content
    assert "This field is required." not in content
    assert not FinanceValue.objects.exists()


def test_a_retired_line_keeps_its_figures_but_takes_no_new_ones(plan, officer) -> None:
    line = FinanceLineFactory.create(plan=plan, name="Old line")
    FinanceValueFactory.create(line=line)
    client = client_for(officer)
    assert client.get(_line_url("finance_line_retire", line)).status_code == 200
    response = client.post(_line_url("finance_line_retire", line))
    assert response.status_code == HTTPStatus.FOUND
    line.refresh_from_db()
    assert line.retired_at is not None
    assert FinanceValue.objects.filter(line=line).exists()
    assert len(_events(AuditVerb.FINANCE_LINE_RETIRED)) == 1
    assert client.get(_line_url("finance_value_record", line)).status_code == 404
    assert client.post(_line_url("finance_line_retire", line)).status_code == 404
    page = client.get(staff_url("finance", plan, plan_pk=plan.pk)).content.decode()
    # Still in the figures table (its history), no longer offered for figures.
    assert "Old line" in page
    assert _line_url("finance_value_record", line) not in page


@pytest.mark.parametrize("role", ROLES)
def test_finance_set_up_pages_by_role(role, plan, users_by_role) -> None:
    client = client_for(users_by_role[role])
    line = FinanceLineFactory.create(plan=plan)
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    urls = [
        staff_url("finance_line_create", plan, plan_pk=plan.pk),
        _line_url("finance_line_update", line),
        _line_url("finance_value_record", line),
        _line_url("finance_line_retire", line),
    ]
    for url in urls:
        assert client.get(url).status_code == expected, url
    response = client.post(
        _line_url("finance_value_record", line),
        {"period": _quarter_key(), "budget": "1", "forecast_outturn": "1"},
    )
    if role in EDITORS:
        assert response.status_code == HTTPStatus.FOUND
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert client.post(_line_url("finance_line_retire", line)).status_code == 403
        assert not FinanceValue.objects.exists()
        line.refresh_from_db()
        assert line.retired_at is None


def test_another_areas_rows_are_not_found(area, other_area, officer) -> None:
    other_plan = PlanFactory.create(strategy=StrategyFactory.create(area=other_area))
    mine = PlanFactory.create(strategy=StrategyFactory.create(area=area))
    line = FinanceLineFactory.create(plan=other_plan)
    kpi = KpiFactory.create(plan=other_plan)
    action = ActionFactory.create(plan=other_plan)
    milestone = Milestone.objects.create(
        action=action, title="Step", due_date=datetime.date(2027, 1, 1)
    )
    meeting = BoardMeeting.objects.create(
        plan=other_plan, date=datetime.date(2027, 1, 5)
    )
    client = client_for(officer)
    # Another area's ids under this area's address, and under this plan.
    for plan_pk in (other_plan.pk, mine.pk):
        urls = [
            staff_url("finance_line_update", mine, plan_pk=plan_pk, pk=line.pk),
            staff_url("finance_value_record", mine, plan_pk=plan_pk, pk=line.pk),
            staff_url("finance_line_retire", mine, plan_pk=plan_pk, pk=line.pk),
            staff_url("kpi_target_set", mine, plan_pk=plan_pk, pk=kpi.pk),
            staff_url("kpi_benchmark_set", mine, plan_pk=plan_pk, pk=kpi.pk),
            staff_url("kpi_retire", mine, plan_pk=plan_pk, pk=kpi.pk),
            staff_url("action_retire", mine, plan_pk=plan_pk, pk=action.pk),
            staff_url(
                "workstream_retire", mine, plan_pk=plan_pk, pk=action.workstream_id
            ),
            staff_url("milestone_create", mine, plan_pk=plan_pk, action_pk=action.pk),
            staff_url(
                "milestone_update",
                mine,
                plan_pk=plan_pk,
                action_pk=action.pk,
                pk=milestone.pk,
            ),
            staff_url(
                "milestone_complete",
                mine,
                plan_pk=plan_pk,
                action_pk=action.pk,
                pk=milestone.pk,
            ),
            staff_url("board_meeting_update", mine, plan_pk=plan_pk, pk=meeting.pk),
        ]
        for url in urls:
            assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url
            assert client.post(url, {}).status_code == HTTPStatus.NOT_FOUND, url


# KPI targets and comparators


def test_officer_sets_a_kpi_target_and_the_england_comparator(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan, period_type=PeriodType.FIN_QUARTER)
    client = client_for(officer)
    quarter = _quarter_key()
    response = client.post(
        _row_url("kpi_target_set", kpi), {"period": quarter, "value": "52.5"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == kpi.get_staff_url()
    response = client.post(
        _row_url("kpi_benchmark_set", kpi),
        {
            "period": quarter,
            "comparator": "england",
            "value": "48",
            "source": "DfE SEN2",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    target = KpiTarget.objects.get(kpi=kpi)
    benchmark = KpiBenchmark.objects.get(kpi=kpi)
    assert target.value == Decimal("52.5")
    assert target.period.start.isoformat() == quarter
    assert (benchmark.value, benchmark.source) == (Decimal(48), "DfE SEN2")
    assert len(_events(AuditVerb.KPI_TARGET_SET)) == 1
    assert len(_events(AuditVerb.KPI_BENCHMARK_SET)) == 1
    page = client.get(kpi.get_staff_url()).content.decode()
    assert _row_url("kpi_target_set", kpi) in page


def test_kpi_target_errors_keep_what_was_typed(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    response = client_for(officer).post(
        _row_url("kpi_target_set", kpi), {"period": "", "value": HOSTILE}
    )
    content = response.content.decode()
    assert "Select the period" in content
    assert "Enter the target as a number, like 12.5" in content
    assert ESCAPED in content
    assert not KpiTarget.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_kpi_set_up_pages_by_role(role, plan, workstream, users_by_role) -> None:
    # Even the lead of the KPI's workstream (who records its values) may not
    # change its targets: that is part of setting up the plan.
    kpi = KpiFactory.create(plan=plan, workstream=workstream)
    client = client_for(users_by_role[role])
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    for name in ("kpi_target_set", "kpi_benchmark_set", "kpi_retire"):
        assert client.get(_row_url(name, kpi)).status_code == expected, name
    response = client.post(
        _row_url("kpi_target_set", kpi), {"period": "", "value": "1"}
    )
    if role not in EDITORS:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert client.post(_row_url("kpi_retire", kpi)).status_code == 403


# Milestones


def test_officer_adds_edits_and_completes_a_milestone(plan, officer) -> None:
    action = ActionFactory.create(plan=plan)
    client = client_for(officer)
    add_url = staff_url("milestone_create", plan, plan_pk=plan.pk, action_pk=action.pk)
    assert add_url in client.get(action.get_staff_url()).content.decode()
    response = client.post(
        add_url,
        {"title": "Panel agreed", **_date("due_date", datetime.date(2027, 2, 1))},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == action.get_staff_url()
    milestone = Milestone.objects.get()
    response = client.post(
        _milestone_url("milestone_update", milestone),
        {
            "title": "Panel agreed terms",
            **_date("due_date", datetime.date(2027, 3, 1)),
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    milestone.refresh_from_db()
    assert milestone.title == "Panel agreed terms"
    assert milestone.due_date == datetime.date(2027, 3, 1)
    assert (
        client.post(_milestone_url("milestone_complete", milestone)).status_code == 302
    )
    milestone.refresh_from_db()
    assert milestone.completed_on == timezone.localdate()
    assert [e.verb for e in AuditEvent.objects.order_by("pk")] == [
        AuditVerb.MILESTONE_ADDED,
        AuditVerb.MILESTONE_CHANGED,
        AuditVerb.MILESTONE_COMPLETED,
    ]


def test_milestone_errors_keep_what_was_typed(plan, officer) -> None:
    action = ActionFactory.create(plan=plan)
    response = client_for(officer).post(
        staff_url("milestone_create", plan, plan_pk=plan.pk, action_pk=action.pk),
        {"title": HOSTILE, "due_date_0": "31", "due_date_1": "2"},
    )
    content = response.content.decode()
    assert "There is a problem" in content
    assert "The due date must include a year" in content
    assert ESCAPED in content
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_milestone_pages_by_role(role, plan, workstream, users_by_role) -> None:
    action = ActionFactory.create(plan=plan, workstream=workstream)
    milestone = Milestone.objects.create(
        action=action, title="Step", due_date=datetime.date(2027, 1, 1)
    )
    client = client_for(users_by_role[role])
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    urls = [
        staff_url("milestone_create", plan, plan_pk=plan.pk, action_pk=action.pk),
        _milestone_url("milestone_update", milestone),
        _milestone_url("milestone_complete", milestone),
    ]
    for url in urls:
        assert client.get(url).status_code == expected, url
    if role not in EDITORS:
        assert client.post(urls[2]).status_code == HTTPStatus.FORBIDDEN
        milestone.refresh_from_db()
        assert milestone.completed_on is None


# Board meetings


def test_officer_adds_and_moves_a_board_meeting(plan, officer) -> None:
    client = client_for(officer)
    list_url = staff_url("board_meeting_list", plan, plan_pk=plan.pk)
    assert "No board meetings have been added yet." in (
        client.get(list_url).content.decode()
    )
    add_url = staff_url("board_meeting_create", plan, plan_pk=plan.pk)
    response = client.post(add_url, _date("date", datetime.date(2027, 1, 14)))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == list_url
    meeting = BoardMeeting.objects.get()
    response = client.post(add_url, _date("date", datetime.date(2027, 1, 14)))
    assert "The board already meets on that date" in response.content.decode()
    response = client.post(
        _row_url("board_meeting_update", meeting),
        _date("date", datetime.date(2027, 1, 21)),
    )
    assert response.status_code == HTTPStatus.FOUND
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2027, 1, 21)
    assert "21 January 2027" in client.get(list_url).content.decode()
    assert len(_events(AuditVerb.BOARD_MEETING_ADDED)) == 1
    assert len(_events(AuditVerb.BOARD_MEETING_CHANGED)) == 1


@pytest.mark.parametrize("role", ROLES)
def test_board_meeting_pages_by_role(role, plan, users_by_role) -> None:
    meeting = BoardMeeting.objects.create(plan=plan, date=datetime.date(2027, 1, 5))
    client = client_for(users_by_role[role])
    readers = EDITORS | {"lead", "cabinet"}
    list_expected = HTTPStatus.OK if role in readers else HTTPStatus.FORBIDDEN
    list_url = staff_url("board_meeting_list", plan, plan_pk=plan.pk)
    assert client.get(list_url).status_code == list_expected
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    for url in (
        staff_url("board_meeting_create", plan, plan_pk=plan.pk),
        _row_url("board_meeting_update", meeting),
    ):
        assert client.get(url).status_code == expected, url
    response = client.post(
        staff_url("board_meeting_create", plan, plan_pk=plan.pk),
        _date("date", datetime.date(2027, 2, 5)),
    )
    assert BoardMeeting.objects.count() == (2 if role in EDITORS else 1)
    if role not in EDITORS:
        assert response.status_code == HTTPStatus.FORBIDDEN


# Retiring workstreams, actions and KPIs


def test_retired_action_and_kpi_leave_the_lists_but_keep_their_history(
    plan, workstream, officer
) -> None:
    action = ActionFactory.create(plan=plan, workstream=workstream, title="Old action")
    kpi = KpiFactory.create(plan=plan, name="Old KPI")
    client = client_for(officer)
    assert client.post(_row_url("action_retire", action)).status_code == 302
    assert client.post(_row_url("kpi_retire", kpi)).status_code == 302
    action.refresh_from_db()
    kpi.refresh_from_db()
    assert action.retired_at is not None
    assert kpi.retired_at is not None
    # They leave the plan's lists for its "Retired" section.
    current, retired = (
        client.get(plan.get_staff_url()).content.decode().split('id="retired"')
    )
    assert "Old action" not in current
    assert "Old action" in retired
    assert "Old action" not in client.get(workstream.get_staff_url()).content.decode()
    kpi_list = staff_url("kpi_list", plan, plan_pk=plan.pk)
    current, retired = client.get(kpi_list).content.decode().split('id="retired"')
    assert "Old KPI" not in current
    assert "Old KPI" in retired
    # Their own pages (their history) are still there.
    assert client.get(action.get_staff_url()).status_code == HTTPStatus.OK
    assert client.get(kpi.get_staff_url()).status_code == HTTPStatus.OK
    assert Action.objects.filter(pk=action.pk).exists()
    assert Kpi.objects.filter(pk=kpi.pk).exists()
    assert len(_events(AuditVerb.ACTION_RETIRED)) == 1
    assert len(_events(AuditVerb.KPI_RETIRED)) == 1


def test_a_workstream_with_open_actions_is_not_retired(
    plan, workstream, officer
) -> None:
    action = ActionFactory.create(plan=plan, workstream=workstream)
    client = client_for(officer)
    client.post(_row_url("workstream_retire", workstream))
    workstream.refresh_from_db()
    assert workstream.retired_at is None
    client.post(_row_url("action_retire", action))
    response = client.post(_row_url("workstream_retire", workstream))
    assert response.status_code == HTTPStatus.FOUND
    workstream.refresh_from_db()
    assert workstream.retired_at is not None
    assert len(_events(AuditVerb.WORKSTREAM_RETIRED)) == 1
    # A retired workstream is no longer offered for new actions.
    form = client.get(staff_url("action_create", plan, plan_pk=plan.pk))
    assert f'value="{workstream.pk}"' not in form.content.decode()
    assert not Workstream.objects.active().filter(pk=workstream.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_retire_pages_by_role(role, plan, workstream, users_by_role) -> None:
    action = ActionFactory.create(plan=plan, workstream=workstream)
    client = client_for(users_by_role[role])
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    for url in (
        _row_url("action_retire", action),
        _row_url("workstream_retire", workstream),
    ):
        assert client.get(url).status_code == expected, url
    if role not in EDITORS:
        assert client.post(_row_url("action_retire", action)).status_code == 403
        action.refresh_from_db()
        assert action.retired_at is None


# Permission truth table: `improvement.manage_plan` on the new rows


@pytest.mark.parametrize("role", ROLES)
def test_manage_plan_on_finance_milestones_and_meetings_by_role(
    role, plan, users_by_role
) -> None:
    user = users_by_role[role]
    line = FinanceLineFactory.create(plan=plan)
    action = ActionFactory.create(plan=plan)
    milestone = Milestone.objects.create(
        action=action, title="Step", due_date=datetime.date(2027, 1, 1)
    )
    meeting = BoardMeeting.objects.create(plan=plan, date=datetime.date(2027, 1, 5))
    for obj in (line, milestone, meeting):
        assert user.has_perm("improvement.manage_plan", obj) is (role in EDITORS)
