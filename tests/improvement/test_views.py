"""Staff dashboards and the public progress page."""

import datetime
import re
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.models import ActionUpdate
from improvement.models import KpiValue
from improvement.models import ReportingPeriod
from improvement.periods import PeriodType
from sendportal.accounts.models import Role
from tests.factories import member
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import FinanceLineFactory
from tests.improvement.factories import FinanceValueFactory
from tests.improvement.factories import KpiBenchmarkFactory
from tests.improvement.factories import KpiFactory
from tests.improvement.factories import KpiTargetFactory
from tests.improvement.factories import KpiValueFactory
from tests.improvement.factories import WorkstreamFactory
from tests.improvement.factories import period
from tests.markup import without_csrf_tokens

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


def test_plan_overview_shows_rag_counts_overdue_and_unupdated_actions(
    plan, workstream, officer
) -> None:
    ActionFactory.create(
        workstream=workstream,
        title="Late action",
        due_date=datetime.date(2020, 1, 1),
        start_date=None,
        rag="red",
    )
    ActionFactory.create(workstream=workstream, title="On track", rag="green")
    response = client_for(officer).get(plan.get_staff_url())
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "1 overdue action" in content
    assert "2 actions without an update" in content
    assert [o.title for o in response.context["overdue"]] == ["Late action"]
    totals: dict[str, int] = {}
    for group in response.context["groups"]:
        for rag, _label, count in group.rag_counts:
            totals[rag] = totals.get(rag, 0) + count
    assert totals == {"red": 1, "amber": 0, "green": 1, "blue": 0, "grey": 0}


def test_overview_query_count_does_not_grow_with_actions(
    plan, workstream, officer, django_assert_max_num_queries
) -> None:
    client = client_for(officer)
    ActionFactory.create_batch(5, workstream=workstream, owner=officer)
    client.get(plan.get_staff_url())  # warm the period row and sessions
    with django_assert_max_num_queries(14) as small:
        client.get(plan.get_staff_url())
    ActionFactory.create_batch(45, workstream=workstream, owner=officer)
    other = WorkstreamFactory.create(plan=plan)
    ActionFactory.create_batch(5, workstream=other)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(plan.get_staff_url())
    assert response.context["action_count"] == 55
    assert len(large.captured_queries) == len(small.captured_queries)


def test_workstream_and_kpi_pages_query_counts_are_constant(
    plan, workstream, officer, django_assert_max_num_queries
) -> None:
    client = client_for(officer)
    url = staff_url(
        "workstream_detail",
        plan,
        plan_pk=plan.pk,
        pk=workstream.pk,
    )
    ActionFactory.create_batch(5, workstream=workstream, owner=officer)
    KpiFactory.create_batch(2, plan=plan, workstream=workstream)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    ActionFactory.create_batch(45, workstream=workstream, owner=officer)
    for kpi in KpiFactory.create_batch(5, plan=plan, workstream=workstream):
        KpiValueFactory.create(kpi=kpi)
        KpiTargetFactory.create(kpi=kpi)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
    kpi_url = staff_url("kpi_list", plan, plan_pk=plan.pk)
    client.get(kpi_url)
    with django_assert_max_num_queries(12):
        client.get(kpi_url)


def test_lead_records_an_update_on_their_own_workstreams_action(
    plan, workstream, lead
) -> None:
    action = ActionFactory.create(workstream=workstream)
    url = staff_url("action_detail", plan, plan_pk=plan.pk, pk=action.pk)
    client = client_for(lead)
    page = client.get(url)
    assert 'type="radio"' in page.content.decode()
    response = client.post(
        url,
        {"rag": "amber", "status": "in_progress", "narrative": "Recruiting."},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert ActionUpdate.objects.get().rag == "amber"
    history = client.get(url).content.decode()
    assert "Recruiting." in history
    assert "Amber: at risk" in history


def test_lead_cannot_update_another_workstreams_action(
    plan, other_workstream, lead
) -> None:
    action = ActionFactory.create(workstream=other_workstream)
    url = staff_url("action_detail", plan, plan_pk=plan.pk, pk=action.pk)
    client = client_for(lead)
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "Record an update" not in page.content.decode()
    response = client.post(
        url, {"rag": "green", "status": "complete", "narrative": "Done"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not ActionUpdate.objects.exists()


def test_cabinet_member_reads_but_cannot_update(
    plan, workstream, users_by_role
) -> None:
    action = ActionFactory.create(workstream=workstream)
    url = staff_url("action_detail", plan, plan_pk=plan.pk, pk=action.pk)
    client = client_for(users_by_role["cabinet"])
    assert client.get(url).status_code == HTTPStatus.OK
    response = client.post(
        url, {"rag": "green", "status": "complete", "narrative": "x"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_other_areas_officer_is_refused_every_staff_page(
    plan, workstream, users_by_role
) -> None:
    action = ActionFactory.create(workstream=workstream)
    kpi = KpiFactory.create(plan=plan)
    client = client_for(users_by_role["other_officer"])
    for url in (
        plan.get_staff_url(),
        staff_url("action_detail", plan, plan_pk=plan.pk, pk=action.pk),
        staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk),
        staff_url("finance", plan, plan_pk=plan.pk),
        staff_url(
            "workstream_detail",
            plan,
            plan_pk=plan.pk,
            pk=workstream.pk,
        ),
    ):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN, url


def test_an_action_of_another_plan_is_not_found_under_this_plan(
    plan, workstream, officer
) -> None:
    elsewhere = ActionFactory.create()
    url = staff_url("action_detail", plan, plan_pk=plan.pk, pk=elsewhere.pk)
    assert client_for(officer).get(url).status_code == HTTPStatus.NOT_FOUND


def test_update_form_errors_keep_answers_and_prefix_the_title(
    plan, workstream, lead
) -> None:
    action = ActionFactory.create(workstream=workstream)
    url = staff_url("action_detail", plan, plan_pk=plan.pk, pk=action.pk)
    response = client_for(lead).post(url, {"rag": "red", "narrative": ""})
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<title>Error:" in content
    assert "Select the action’s status" in content
    assert re.search(r'value="red"[^>]*checked', content)


def test_kpi_page_draws_an_accessible_chart_with_a_table(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan, name=HOSTILE)
    KpiValueFactory.create(kpi=kpi, value=Decimal(40))
    KpiTargetFactory.create(kpi=kpi, value=Decimal(60))
    KpiBenchmarkFactory.create(kpi=kpi, value=Decimal(50))
    url = staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk)
    content = client_for(officer).get(url).content.decode()
    assert "<svg" in content
    assert 'role="img"' in content
    assert f"kpi-{kpi.pk}-chart-desc" in content
    assert HOSTILE not in content
    assert "&lt;script&gt;" in content
    assert "Show the figures as a table" in content
    assert "Red: off track" in content


def test_lead_enters_a_kpi_value_for_their_workstream(plan, workstream, lead) -> None:
    kpi = KpiFactory.create(
        plan=plan, workstream=workstream, period_type=PeriodType.MONTH
    )
    url = staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk)
    client = client_for(lead)
    form = client.get(url).context["form"]
    first_period = form.fields["period"].choices[0][0]
    response = client.post(
        url, {"period": first_period, "value": "55.5", "status": "final"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert KpiValue.objects.get().value == Decimal("55.5")


def test_a_percentage_over_100_is_refused(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    url = staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk)
    client = client_for(officer)
    first_period = client.get(url).context["form"].fields["period"].choices[0][0]
    response = client.post(
        url, {"period": first_period, "value": "101", "status": "final"}
    )
    assert "A percentage must be 100 or less" in response.content.decode()
    assert not KpiValue.objects.exists()


def test_finance_summary_shows_variance(plan, officer) -> None:
    FinanceValueFactory.create(
        line__plan=plan,
        line__name="Independent and non-maintained special schools",
        budget=Decimal("10.000"),
        forecast_outturn=Decimal("12.500"),
    )
    response = client_for(officer).get(staff_url("finance", plan, plan_pk=plan.pk))
    content = response.content.decode()
    assert "£2.500m" in content
    assert response.context["totals"]["variance"] == Decimal("2.5")


def test_public_progress_page_needs_a_published_plan(plan, workstream) -> None:
    ActionFactory.create(workstream=workstream, title="Recruit SENCOs", rag="green")
    url = plan.get_absolute_url()
    assert Client().get(url).status_code == HTTPStatus.NOT_FOUND
    plan.is_published = True
    plan.save()
    response = Client().get(url)
    assert response.status_code == HTTPStatus.OK
    assert "Recruit SENCOs" in response.content.decode()


def test_public_progress_page_lists_only_public_kpis(plan) -> None:
    plan.is_published = True
    plan.save()
    KpiValueFactory.create(kpi__plan=plan, kpi__name="Shown KPI", kpi__is_public=True)
    KpiValueFactory.create(kpi__plan=plan, kpi__name="Internal KPI")
    content = Client().get(plan.get_absolute_url()).content.decode()
    assert "Shown KPI" in content
    assert "Internal KPI" not in content


def test_public_progress_page_escapes_hostile_action_titles(plan, workstream) -> None:
    plan.is_published = True
    plan.save()
    ActionFactory.create(workstream=workstream, title=HOSTILE)
    content = Client().get(plan.get_absolute_url()).content.decode()
    assert HOSTILE not in content


def test_officer_publishes_the_plan_after_confirming(plan, officer, lead) -> None:
    url = staff_url("plan_publish", plan, pk=plan.pk)
    assert client_for(lead).post(url).status_code == HTTPStatus.FORBIDDEN
    client = client_for(officer)
    assert client.get(url).status_code == HTTPStatus.OK
    assert client.post(url).status_code == HTTPStatus.FOUND
    plan.refresh_from_db()
    assert plan.is_published


def test_lead_rates_their_workstream(plan, workstream, other_workstream, lead) -> None:
    client = client_for(lead)
    url = staff_url("workstream_rag", plan, plan_pk=plan.pk, pk=workstream.pk)
    response = client.post(url, {"rag": "amber", "rag_reason": "Vacancies"})
    assert response.status_code == HTTPStatus.FOUND
    workstream.refresh_from_db()
    assert workstream.rag == "amber"
    other_url = staff_url(
        "workstream_rag",
        plan,
        plan_pk=plan.pk,
        pk=other_workstream.pk,
    )
    assert client.get(other_url).status_code == HTTPStatus.FORBIDDEN


def test_kpi_quarter_period_is_reused_not_duplicated(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    first = period(plan.area, PeriodType.FIN_QUARTER, datetime.date(2026, 5, 1))
    second = period(plan.area, PeriodType.FIN_QUARTER, datetime.date(2026, 6, 30))
    assert first.pk == second.pk
    assert kpi.period_type == first.period_type


def test_public_progress_page_query_count_does_not_grow_with_actions(
    plan, workstream, django_assert_max_num_queries
) -> None:
    plan.is_published = True
    plan.save()
    client = Client()
    ActionFactory.create_batch(5, workstream=workstream)
    KpiValueFactory.create(kpi__plan=plan, kpi__is_public=True)
    client.get(plan.get_absolute_url())
    with django_assert_max_num_queries(12) as small:
        client.get(plan.get_absolute_url())
    ActionFactory.create_batch(45, workstream=workstream)
    for _ in range(4):
        KpiValueFactory.create(kpi__plan=plan, kpi__is_public=True)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(plan.get_absolute_url())
    assert response.content.decode().count('role="img"') == 0  # one period each


def test_kpi_page_states_a_percentage_tolerance_in_points(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan, tolerance=Decimal("10.000"))
    url = staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk)
    assert (
        "10 percentage points of target"
        in client_for(officer).get(url).content.decode()
    )


def test_finance_page_totals_each_period(plan, officer) -> None:
    line = FinanceLineFactory.create(plan=plan)
    other = FinanceLineFactory.create(plan=plan)
    for day, forecast in (
        (datetime.date(2026, 5, 1), "11"),
        (datetime.date(2026, 8, 1), "13"),
    ):
        quarter = period(plan.area, PeriodType.FIN_QUARTER, day)
        for finance_line in (line, other):
            FinanceValueFactory.create(
                line=finance_line,
                period=quarter,
                budget=Decimal(10),
                forecast_outturn=Decimal(forecast),
            )
    response = client_for(officer).get(staff_url("finance", plan, plan_pk=plan.pk))
    history = response.context["history"]
    assert [t.period.label for t in history] == ["2026/27 Q1", "2026/27 Q2"]
    assert [t.variance for t in history] == [Decimal(2), Decimal(6)]
    assert response.context["period"].label == "2026/27 Q2"


def test_kpi_page_shows_the_latest_breakdown_by_district(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    KpiValueFactory.create(kpi=kpi, value=Decimal(50))
    for name, value in (("Wycombe", 44), ("Chiltern", 58)):
        KpiValueFactory.create(
            kpi=kpi, breakdown="district", breakdown_value=name, value=Decimal(value)
        )
    url = staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk)
    response = client_for(officer).get(url)
    assert [g.breakdown_value for g in response.context["breakdown"]] == [
        "Chiltern",
        "Wycombe",
    ]
    assert "Breakdown, 2026/27 Q1" in response.content.decode()
    # The whole-area value alone drives the chart and the RAG.
    assert response.context["row"].latest_value.value == Decimal(50)


def test_a_lead_opening_a_kpi_of_no_workstream_reads_it_without_the_form(
    plan, lead
) -> None:
    kpi = KpiFactory.create(plan=plan, workstream=None)
    url = staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk)
    client = client_for(lead)
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "Enter a value" not in page.content.decode()
    response = client.post(url, {"value": "50", "status": "final"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not KpiValue.objects.exists()


def test_a_cabinet_member_named_as_lead_neither_rates_nor_records(
    plan, workstream, users_by_role
) -> None:
    cabinet = users_by_role["cabinet"]
    workstream.lead = cabinet
    workstream.save()
    kpi = KpiFactory.create(plan=plan, workstream=workstream)
    client = client_for(cabinet)
    detail = staff_url("workstream_detail", plan, plan_pk=plan.pk, pk=workstream.pk)
    assert "Change the workstream’s rating" not in client.get(detail).content.decode()
    rating = staff_url("workstream_rag", plan, plan_pk=plan.pk, pk=workstream.pk)
    assert client.get(rating).status_code == HTTPStatus.FORBIDDEN
    response = client.post(rating, {"rag": "green", "rag_reason": "Fine"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    kpi_url = staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk)
    assert "Enter a value" not in client.get(kpi_url).content.decode()
    response = client.post(kpi_url, {"value": "50", "status": "final"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    workstream.refresh_from_db()
    assert workstream.rag != "green"
    assert not KpiValue.objects.exists()


def test_a_lead_of_another_area_named_as_lead_is_refused_the_workstream(
    plan, workstream, other_area
) -> None:
    outsider = member(other_area, Role.WORKSTREAM_LEAD, "lead@eastwold.example")
    workstream.lead = outsider
    workstream.save()
    kpi = KpiFactory.create(plan=plan, workstream=workstream)
    client = client_for(outsider)
    rating = staff_url("workstream_rag", plan, plan_pk=plan.pk, pk=workstream.pk)
    kpi_url = staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk)
    assert client.post(rating, {"rag": "green"}).status_code == HTTPStatus.FORBIDDEN
    response = client.post(kpi_url, {"value": "50", "status": "final"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not KpiValue.objects.exists()


def test_a_lead_sees_the_kpi_form_only_for_their_own_workstream(
    plan, workstream, other_workstream, lead
) -> None:
    own = KpiFactory.create(plan=plan, workstream=workstream)
    theirs = KpiFactory.create(plan=plan, workstream=other_workstream)
    client = client_for(lead)
    for kpi, shown in ((own, True), (theirs, False)):
        url = staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk)
        assert ("Enter a value" in client.get(url).content.decode()) is shown
    url = staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=theirs.pk)
    response = client.post(url, {"value": "50", "status": "final"})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_a_workstream_or_kpi_of_another_plan_is_not_found_under_this_plan(
    plan, officer
) -> None:
    elsewhere = WorkstreamFactory.create(plan__strategy__area=plan.area)
    kpi = KpiFactory.create(plan=elsewhere.plan)
    for name, pk in (
        ("workstream_detail", elsewhere.pk),
        ("workstream_rag", elsewhere.pk),
        ("kpi_detail", kpi.pk),
    ):
        url = staff_url(name, plan, plan_pk=plan.pk, pk=pk)
        assert client_for(officer).get(url).status_code == HTTPStatus.NOT_FOUND, name


def test_a_stranger_is_refused_before_a_plan_or_its_rows_are_looked_up(
    plan, users_by_role
) -> None:
    client = client_for(users_by_role["no_role"])
    # 999999 names nothing: a 404 would tell a stranger what the area holds.
    for name, kwargs in (
        ("plan_publish", {"pk": 999999}),
        ("workstream_rag", {"plan_pk": plan.pk, "pk": 999999}),
        ("kpi_detail", {"plan_pk": 999999, "pk": 999999}),
        ("import_confirm", {"plan_pk": plan.pk, "token": "x"}),
    ):
        url = staff_url(name, plan, **kwargs)
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN, name


def test_only_editors_publish_import_or_confirm_an_import(plan, users_by_role) -> None:
    for role in ("lead", "cabinet"):
        client = client_for(users_by_role[role])
        for url in (
            staff_url("plan_publish", plan, pk=plan.pk),
            staff_url("plan_unpublish", plan, pk=plan.pk),
            staff_url("import", plan, plan_pk=plan.pk),
            # A token that names nothing: refused before it is looked up.
            staff_url("import_confirm", plan, plan_pk=plan.pk, token="x"),
        ):
            assert client.get(url).status_code == HTTPStatus.FORBIDDEN, (role, url)
    plan.refresh_from_db()
    assert not plan.is_published


def test_kpi_pages_rate_a_kpi_within_tolerance_amber(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan, tolerance=Decimal(5))
    KpiValueFactory.create(kpi=kpi, value=Decimal(56))
    KpiTargetFactory.create(kpi=kpi, value=Decimal(60))
    client = client_for(officer)
    listed = client.get(staff_url("kpi_list", plan, plan_pk=plan.pk))
    (row,) = listed.context["kpi_rows"]
    assert row.latest_rag == "amber"
    detail = client.get(staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk))
    assert [entry["rag"] for entry in detail.context["row"].history()] == ["amber"]
    for page in (listed, detail):
        content = page.content.decode()
        assert "govuk-tag--yellow" in content
        assert "Amber: at risk" in content
        assert "govuk-tag--red" not in content


def test_kpi_pages_show_a_target_without_a_value_as_not_rated(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    KpiTargetFactory.create(kpi=kpi, value=Decimal(60))
    client = client_for(officer)
    listed = client.get(staff_url("kpi_list", plan, plan_pk=plan.pk))
    (row,) = listed.context["kpi_rows"]
    assert (row.latest_value, row.latest_rag, row.latest_target) == (None, None, None)
    detail = client.get(staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk))
    assert detail.status_code == HTTPStatus.OK
    (entry,) = detail.context["row"].history()
    assert (entry["value"], entry["target"], entry["rag"]) == (None, Decimal(60), None)
    for page in (listed, detail):
        assert "Not rated" in page.content.decode()
    assert "60%" in detail.content.decode()


def test_reading_the_plan_and_kpi_pages_writes_nothing(
    plan, workstream, officer
) -> None:
    action = ActionFactory.create(workstream=workstream, owner=officer)
    kpi = KpiFactory.create(plan=plan, workstream=workstream, is_public=True)
    KpiValueFactory.create(kpi=kpi)
    FinanceValueFactory.create(line__plan=plan)
    plan.is_published = True
    plan.save()
    client = client_for(officer)
    urls = [
        reverse("improvement_staff:plan_list", kwargs={"area_slug": plan.area.slug}),
        plan.get_staff_url(),
        staff_url("workstream_detail", plan, plan_pk=plan.pk, pk=workstream.pk),
        staff_url("workstream_rag", plan, plan_pk=plan.pk, pk=workstream.pk),
        staff_url("action_detail", plan, plan_pk=plan.pk, pk=action.pk),
        staff_url("kpi_list", plan, plan_pk=plan.pk),
        staff_url("kpi_detail", plan, plan_pk=plan.pk, pk=kpi.pk),
        staff_url("finance", plan, plan_pk=plan.pk),
        plan.get_absolute_url(),
    ]
    periods = ReportingPeriod.objects.count()

    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url).status_code == HTTPStatus.OK, url

    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert ReportingPeriod.objects.count() == periods


def kpi_card(content: str, name: str) -> str:
    card = content.split(f">{name}</h3>")[1].split('class="govuk-summary-card"')[0]
    return without_csrf_tokens(card)


def test_public_progress_page_shows_a_count_of_3_as_fewer_than_5_and_draws_nothing(
    plan, officer
) -> None:
    plan.is_published = True
    plan.save()
    kpi = KpiFactory.create(
        plan=plan,
        name="Young people placed out of area",
        unit="count",
        direction="lower",
        is_public=True,
        baseline_value=Decimal(2),
    )
    for day, value in [(datetime.date(2026, 2, 1), 12), (datetime.date(2026, 5, 1), 3)]:
        KpiValueFactory.create(
            kpi=kpi,
            period=period(plan.area, PeriodType.FIN_QUARTER, day),
            value=Decimal(value),
        )
    card = kpi_card(Client().get(plan.get_absolute_url()).content.decode(), kpi.name)
    latest = re.search(r"Latest</dt><dd[^>]*>([^<(]+)", card)
    assert latest is not None
    assert latest[1].strip() == "fewer than 5"
    assert (
        'Where we started</dt><dd class="govuk-summary-list__value">fewer than 5'
        in card
    )
    svg = card.split("<svg")[1].split("</svg>")[0]
    assert svg.count("<circle") == 2  # the 12, and the legend's marker
    cells = re.findall(r'govuk-table__cell--numeric"[^>]*>([^<]+)<', card)
    assert cells == ["12", "fewer than 5"]
    # The same page had the value been 4: nothing tells 3 from 4.
    KpiValue.objects.filter(kpi=kpi, value=3).update(value=4)
    again = kpi_card(Client().get(plan.get_absolute_url()).content.decode(), kpi.name)
    assert again == card
    # Staff keep the exact figure.
    staff = client_for(officer).get(kpi.get_staff_url()).content.decode()
    assert ">4<" in staff
