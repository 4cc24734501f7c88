"""Setting up a plan from the staff pages: plan, workstreams and actions."""

import datetime
import re
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse

from improvement.models import Action
from improvement.models import Kpi
from improvement.models import Plan
from improvement.models import Workstream
from sendportal.accounts.models import Role
from sendportal.areas.models import PartnerOrganisation
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.factories import member
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import KpiFactory
from tests.improvement.factories import KpiValueFactory
from tests.improvement.factories import PlanFactory
from tests.improvement.factories import WorkstreamFactory
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import StrategyFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'
ROLES = ("no_role", "officer", "lead", "cabinet", "admin", "other_officer")
EDITORS = {"officer", "admin"}


def _create_url(area) -> str:
    return reverse("improvement_staff:plan_create", kwargs={"area_slug": area.slug})


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def _events(verb: AuditVerb) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb))


# Plans


def test_empty_plan_list_links_to_the_create_page(area, officer) -> None:
    response = client_for(officer).get(
        reverse("improvement_staff:plan_list", kwargs={"area_slug": area.slug})
    )
    assert _create_url(area) in response.content.decode()
    assert "An area admin can set one up" not in response.content.decode()


def test_empty_plan_list_for_a_cabinet_member_has_no_create_link(
    area, users_by_role
) -> None:
    response = client_for(users_by_role["cabinet"]).get(
        reverse("improvement_staff:plan_list", kwargs={"area_slug": area.slug})
    )
    assert _create_url(area) not in response.content.decode()


def test_officer_creates_a_plan(area, officer) -> None:
    strategy = StrategyFactory.create(area=area)
    response = client_for(officer).post(
        _create_url(area),
        {
            "strategy": strategy.pk,
            "title": "SEND Improvement Plan 2026",
            "board": "SEND Partnership Board",
            "update_period_type": "fin_quarter",
            **_date("starts_on", datetime.date(2026, 4, 1)),
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == plan.get_staff_url()
    assert plan.area == area
    assert plan.update_period_type == "fin_quarter"
    assert plan.starts_on == datetime.date(2026, 4, 1)
    (event,) = _events(AuditVerb.PLAN_CREATED)
    assert event.actor == officer
    assert event.area_id == area.pk
    assert event.changes["title"] == [None, "SEND Improvement Plan 2026"]


def test_plan_form_errors_keep_what_was_typed(area, officer) -> None:
    response = client_for(officer).post(
        _create_url(area),
        {"title": HOSTILE, "board": "", "starts_on_0": "31", "starts_on_1": "2"},
    )
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "There is a problem" in content
    assert "Select the strategy the plan delivers" in content
    assert "Enter the board that oversees the plan" in content
    assert "The start date must include a year" in content
    assert "This field is required." not in content
    assert HOSTILE not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    assert not Plan.objects.exists()


def test_plan_title_taken_for_the_strategy_is_refused_in_our_words(
    area, officer
) -> None:
    plan = PlanFactory.create(strategy=StrategyFactory.create(area=area))
    response = client_for(officer).post(
        _create_url(area),
        {
            "strategy": plan.strategy_id,
            "title": plan.title,
            "board": "Board",
            "update_period_type": "month",
        },
    )
    assert "This strategy already has a plan with that title" in (
        response.content.decode()
    )
    assert Plan.objects.count() == 1


def test_another_areas_strategy_cannot_be_chosen(area, other_area, officer) -> None:
    strategy = StrategyFactory.create(area=other_area)
    response = client_for(officer).post(
        _create_url(area),
        {
            "strategy": strategy.pk,
            "title": "Plan",
            "board": "Board",
            "update_period_type": "month",
        },
    )
    assert "Select the strategy the plan delivers" in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_plan_create_page_by_role(role, area, users_by_role) -> None:
    client = client_for(users_by_role[role])
    strategy = StrategyFactory.create(area=area)
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    assert client.get(_create_url(area)).status_code == expected
    response = client.post(
        _create_url(area),
        {
            "strategy": strategy.pk,
            "title": "Plan",
            "board": "Board",
            "update_period_type": "month",
        },
    )
    if role in EDITORS:
        assert response.status_code == HTTPStatus.FOUND
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert not Plan.objects.exists()


def test_officer_edits_a_plan_and_the_change_is_audited(plan, officer) -> None:
    response = client_for(officer).post(
        staff_url("plan_update", plan),
        {
            "title": "Renamed plan",
            "board": "Local Area Partnership Board",
            "update_period_type": "month",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    plan.refresh_from_db()
    assert plan.title == "Renamed plan"
    assert plan.board == "Local Area Partnership Board"
    (event,) = _events(AuditVerb.PLAN_CHANGED)
    assert set(event.changes) == {"title", "board"}


def test_plan_edit_page_shows_the_plan_and_keeps_errors(plan, officer) -> None:
    client = client_for(officer)
    page = client.get(staff_url("plan_update", plan)).content.decode()
    assert plan.title in page
    assert 'name="strategy"' not in page
    response = client.post(
        staff_url("plan_update", plan),
        {"title": "", "board": HOSTILE, "update_period_type": "month"},
    )
    content = response.content.decode()
    assert "Enter the plan’s title" in content
    assert "&lt;script&gt;" in content
    assert HOSTILE not in content


@pytest.mark.parametrize("role", ROLES)
def test_plan_edit_page_by_role(role, plan, users_by_role) -> None:
    client = client_for(users_by_role[role])
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    assert client.get(staff_url("plan_update", plan)).status_code == expected
    response = client.post(
        staff_url("plan_update", plan),
        {"title": "Changed", "board": "Board", "update_period_type": "month"},
    )
    assert response.status_code == (
        HTTPStatus.FOUND if role in EDITORS else HTTPStatus.FORBIDDEN
    )


def test_another_areas_plan_is_not_found(plan, other_area) -> None:
    other_officer = member(other_area, Role.OFFICER, "officer2@eastwold.example")
    url = reverse(
        "improvement_staff:plan_update",
        kwargs={"area_slug": other_area.slug, "pk": plan.pk},
    )
    assert client_for(other_officer).get(url).status_code == HTTPStatus.NOT_FOUND


# Workstreams


def test_officer_adds_a_workstream_with_its_lead(plan, lead, officer) -> None:
    priority = PriorityFactory.create(strategy=plan.strategy)
    response = client_for(officer).post(
        staff_url("workstream_create", plan, plan_pk=plan.pk),
        {"name": "Early identification", "lead": lead.pk, "priorities": [priority.pk]},
    )
    workstream = Workstream.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == workstream.get_staff_url()
    assert workstream.lead == lead
    assert list(workstream.priorities.all()) == [priority]
    (event,) = _events(AuditVerb.WORKSTREAM_CREATED)
    assert event.changes["lead"] == [None, lead.pk]
    assert event.subject.endswith(str(plan.pk))


def test_workstream_lead_choices_are_the_areas_workstream_leads(
    plan, lead, officer, other_area
) -> None:
    other_lead = member(other_area, Role.WORKSTREAM_LEAD, "lead@eastwold.example")
    response = client_for(officer).get(
        staff_url("workstream_create", plan, plan_pk=plan.pk)
    )
    choices = list(response.context["form"].fields["lead"].queryset)
    assert choices == [lead]
    assert officer not in choices
    assert other_lead not in choices
    refused = client_for(officer).post(
        staff_url("workstream_create", plan, plan_pk=plan.pk),
        {"name": "Sufficiency", "lead": other_lead.pk},
    )
    assert "Select a workstream lead from the list" in refused.content.decode()
    assert not Workstream.objects.exists()


def test_workstream_errors_keep_what_was_typed(plan, workstream, officer) -> None:
    client = client_for(officer)
    url = staff_url("workstream_create", plan, plan_pk=plan.pk)
    empty = client.post(url, {"name": ""}).content.decode()
    assert "Enter the workstream’s name" in empty
    assert "This field is required." not in empty
    taken = client.post(url, {"name": workstream.name}).content.decode()
    assert "The plan already has a workstream with that name" in taken
    assert f'value="{workstream.name}"' in taken
    assert Workstream.objects.count() == 1


def test_officer_edits_a_workstream(plan, workstream, officer, area) -> None:
    new_lead = member(area, Role.WORKSTREAM_LEAD, "newlead@fenmere.example")
    response = client_for(officer).post(
        staff_url("workstream_update", plan, plan_pk=plan.pk, pk=workstream.pk),
        {"name": "SEND Support and inclusion", "lead": new_lead.pk},
    )
    assert response.status_code == HTTPStatus.FOUND
    workstream.refresh_from_db()
    assert workstream.name == "SEND Support and inclusion"
    assert workstream.lead == new_lead
    (event,) = _events(AuditVerb.WORKSTREAM_CHANGED)
    assert set(event.changes) == {"name", "lead"}


@pytest.mark.parametrize("role", ROLES)
def test_workstream_pages_by_role(role, plan, workstream, users_by_role) -> None:
    client = client_for(users_by_role[role])
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    for name, obj, kwargs in (
        ("workstream_create", None, {"plan_pk": plan.pk}),
        ("workstream_update", workstream, {"plan_pk": plan.pk}),
    ):
        url = staff_url(name, plan, **kwargs, **({"pk": obj.pk} if obj else {}))
        assert client.get(url).status_code == expected, name
        response = client.post(url, {"name": f"Posted by {name}"})
        assert response.status_code == (
            HTTPStatus.FOUND if role in EDITORS else HTTPStatus.FORBIDDEN
        ), name


def test_another_plans_workstream_is_not_found(plan, area, officer) -> None:
    other_plan = PlanFactory.create(strategy=StrategyFactory.create(area=area))
    elsewhere = WorkstreamFactory.create(plan=other_plan)
    url = staff_url("workstream_update", plan, plan_pk=plan.pk, pk=elsewhere.pk)
    assert client_for(officer).get(url).status_code == HTTPStatus.NOT_FOUND


def test_another_areas_workstream_is_not_found(other_area, officer, area) -> None:
    other_plan = PlanFactory.create(strategy=StrategyFactory.create(area=other_area))
    elsewhere = WorkstreamFactory.create(plan=other_plan)
    url = reverse(
        "improvement_staff:workstream_update",
        kwargs={"area_slug": area.slug, "plan_pk": other_plan.pk, "pk": elsewhere.pk},
    )
    assert client_for(officer).get(url).status_code == HTTPStatus.NOT_FOUND


# Actions


def _action_data(workstream, **extra) -> dict[str, object]:
    return {
        "workstream": workstream.pk,
        "reference": "2.3",
        "title": "Train SENCOs in early identification",
        **_date("due_date", datetime.date(2026, 12, 31)),
        **extra,
    }


def test_officer_adds_an_action(plan, workstream, officer, area) -> None:
    partner = PartnerOrganisation.objects.create(
        area=area, name="Fenmere ICB", kind="icb"
    )
    priority = PriorityFactory.create(strategy=plan.strategy)
    response = client_for(officer).post(
        staff_url("action_create", plan, plan_pk=plan.pk),
        _action_data(
            workstream,
            owner=officer.pk,
            lead_partner=partner.pk,
            priority=priority.pk,
            **_date("start_date", datetime.date(2026, 1, 5)),
        ),
    )
    action = Action.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == action.get_staff_url()
    assert (action.reference, action.owner, action.lead_partner) == (
        "2.3",
        officer,
        partner,
    )
    assert action.start_date == datetime.date(2026, 1, 5)
    assert action.due_date == datetime.date(2026, 12, 31)
    assert action.priority == priority
    (event,) = _events(AuditVerb.ACTION_CREATED)
    assert event.changes["reference"] == [None, "2.3"]


def test_action_errors_keep_what_was_typed(plan, workstream, officer) -> None:
    ActionFactory.create(workstream=workstream, reference="2.3")
    client = client_for(officer)
    url = staff_url("action_create", plan, plan_pk=plan.pk)
    empty = client.post(url, {"title": HOSTILE}).content.decode()
    assert "Select the workstream that delivers the action" in empty
    assert "Enter the action’s number" in empty
    assert "Enter the due date" in empty
    assert "This field is required." not in empty
    assert HOSTILE not in empty
    assert "&lt;script&gt;" in empty
    backwards = client.post(
        url,
        _action_data(
            workstream,
            reference="2.4",
            **_date("start_date", datetime.date(2027, 1, 1)),
        ),
    ).content.decode()
    assert "The due date must be on or after the start" in backwards
    taken = client.post(url, _action_data(workstream)).content.decode()
    assert "The plan already has an action with that number" in taken
    assert Action.objects.count() == 1


def test_action_choices_are_of_this_plan_and_area(
    plan, workstream, officer, other_area, area
) -> None:
    other_plan = PlanFactory.create(strategy=StrategyFactory.create(area=area))
    foreign_workstream = WorkstreamFactory.create(plan=other_plan)
    outsider = member(other_area, Role.OFFICER, "someone@eastwold.example")
    foreign_partner = PartnerOrganisation.objects.create(
        area=other_area, name="Eastwold ICB", kind="icb"
    )
    response = client_for(officer).post(
        staff_url("action_create", plan, plan_pk=plan.pk),
        _action_data(
            foreign_workstream, owner=outsider.pk, lead_partner=foreign_partner.pk
        ),
    )
    content = response.content.decode()
    assert "Select the workstream that delivers the action" in content
    assert "Select an owner from the list" in content
    assert "Select a partner organisation from the list" in content
    assert not Action.objects.exists()


def test_officer_edits_an_action_and_keeps_its_progress(
    plan, workstream, officer
) -> None:
    action = ActionFactory.create(workstream=workstream, reference="1.9", rag="red")
    response = client_for(officer).post(
        staff_url("action_update", plan, plan_pk=plan.pk, pk=action.pk),
        _action_data(workstream, reference="1.10", title="Renamed"),
    )
    assert response.status_code == HTTPStatus.FOUND
    action.refresh_from_db()
    assert (action.reference, action.title, action.rag) == ("1.10", "Renamed", "red")
    assert action.sort_key != ""
    (event,) = _events(AuditVerb.ACTION_CHANGED)
    assert event.changes["reference"] == ["1.9", "1.10"]


@pytest.mark.parametrize("role", ROLES)
def test_action_pages_by_role(role, plan, workstream, users_by_role) -> None:
    action = ActionFactory.create(workstream=workstream, reference="9.1")
    client = client_for(users_by_role[role])
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    for name, obj, data in (
        ("action_create", None, _action_data(workstream, reference="9.2")),
        ("action_update", action, _action_data(workstream, reference="9.1")),
    ):
        url = staff_url(name, plan, plan_pk=plan.pk, **({"pk": obj.pk} if obj else {}))
        assert client.get(url).status_code == expected, name
        response = client.post(url, data)
        assert response.status_code == (
            HTTPStatus.FOUND if role in EDITORS else HTTPStatus.FORBIDDEN
        ), name


def test_another_areas_action_is_not_found(other_area, area, officer) -> None:
    action = ActionFactory.create(
        workstream__plan__strategy=StrategyFactory.create(area=other_area)
    )
    url = reverse(
        "improvement_staff:action_update",
        kwargs={"area_slug": area.slug, "plan_pk": action.plan_id, "pk": action.pk},
    )
    assert client_for(officer).get(url).status_code == HTTPStatus.NOT_FOUND


def test_plan_pages_link_to_the_set_up_pages(plan, workstream, officer) -> None:
    client = client_for(officer)
    action = ActionFactory.create(workstream=workstream)
    overview = client.get(plan.get_staff_url()).content.decode()
    assert staff_url("plan_update", plan) in overview
    assert staff_url("workstream_create", plan, plan_pk=plan.pk) in overview
    assert staff_url("action_create", plan, plan_pk=plan.pk) in overview
    ws_page = client.get(workstream.get_staff_url()).content.decode()
    assert (
        staff_url("workstream_update", plan, plan_pk=plan.pk, pk=workstream.pk)
        in ws_page
    )
    action_page = client.get(action.get_staff_url()).content.decode()
    assert (
        staff_url("action_update", plan, plan_pk=plan.pk, pk=action.pk) in action_page
    )


def test_a_lead_sees_no_set_up_links(plan, workstream, lead) -> None:
    page = client_for(lead).get(workstream.get_staff_url()).content.decode()
    assert (
        staff_url("workstream_update", plan, plan_pk=plan.pk, pk=workstream.pk)
        not in page
    )


# KPIs


def _kpi_data(**extra) -> dict[str, object]:
    return {
        "code": "ehcp-20-weeks",
        "name": "EHC plans issued within 20 weeks",
        "unit": "percent",
        "direction": "higher",
        "period_type": "month",
        "tolerance": "2.5",
        **extra,
    }


def test_officer_adds_a_kpi(plan, workstream, officer) -> None:
    response = client_for(officer).post(
        staff_url("kpi_create", plan, plan_pk=plan.pk),
        _kpi_data(
            workstream=workstream.pk,
            baseline_value="48.5",
            baseline_label="2024",
            is_public="on",
        ),
    )
    kpi = Kpi.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == kpi.get_staff_url()
    assert kpi.workstream == workstream
    assert kpi.tolerance == Decimal("2.5")
    assert kpi.baseline_value == Decimal("48.5")
    assert kpi.is_public
    (event,) = _events(AuditVerb.KPI_CREATED)
    assert event.changes["code"] == [None, "ehcp-20-weeks"]


def test_kpi_errors_keep_what_was_typed(plan, officer) -> None:
    KpiFactory.create(plan=plan, code="taken")
    client = client_for(officer)
    url = staff_url("kpi_create", plan, plan_pk=plan.pk)
    empty = client.post(url, {"name": HOSTILE, "tolerance": "-1"}).content.decode()
    for message in (
        "Enter the KPI’s code",
        "Select the unit",
        "Select whether higher or lower is better",
        "Select how often it is reported",
        "The tolerance cannot be negative",
    ):
        assert message in empty
    assert "This field is required." not in empty
    assert HOSTILE not in empty
    assert "&lt;script&gt;" in empty
    taken = client.post(url, _kpi_data(code="taken")).content.decode()
    assert "The plan already has a KPI with that code" in taken
    assert Kpi.objects.count() == 1


def test_officer_edits_a_kpi_and_keeps_its_values(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan, code="old-code")
    KpiValueFactory.create(kpi=kpi)
    response = client_for(officer).post(
        staff_url("kpi_update", plan, plan_pk=plan.pk, pk=kpi.pk),
        _kpi_data(direction="context"),
    )
    assert response.status_code == HTTPStatus.FOUND
    kpi.refresh_from_db()
    assert (kpi.code, kpi.direction) == ("ehcp-20-weeks", "context")
    assert kpi.values.count() == 1
    (event,) = _events(AuditVerb.KPI_CHANGED)
    assert event.changes["code"] == ["old-code", "ehcp-20-weeks"]


@pytest.mark.parametrize("role", ROLES)
def test_kpi_pages_by_role(role, plan, workstream, users_by_role) -> None:
    kpi = KpiFactory.create(plan=plan, workstream=workstream, code="k-1")
    client = client_for(users_by_role[role])
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    for name, extra, data in (
        ("kpi_create", {}, _kpi_data(code="k-2")),
        ("kpi_update", {"pk": kpi.pk}, _kpi_data(code="k-1")),
    ):
        url = staff_url(name, plan, plan_pk=plan.pk, **extra)
        assert client.get(url).status_code == expected, name
        response = client.post(url, data)
        assert response.status_code == (
            HTTPStatus.FOUND if role in EDITORS else HTTPStatus.FORBIDDEN
        ), name


def test_another_areas_kpi_is_not_found(other_area, area, officer) -> None:
    kpi = KpiFactory.create(
        plan=PlanFactory.create(strategy=StrategyFactory.create(area=other_area))
    )
    url = reverse(
        "improvement_staff:kpi_update",
        kwargs={"area_slug": area.slug, "plan_pk": kpi.plan_id, "pk": kpi.pk},
    )
    assert client_for(officer).get(url).status_code == HTTPStatus.NOT_FOUND


def test_kpi_pages_link_to_the_set_up_pages(plan, officer, users_by_role) -> None:
    kpi = KpiFactory.create(plan=plan)
    edit_url = staff_url("kpi_update", plan, plan_pk=plan.pk, pk=kpi.pk)
    create_url = staff_url("kpi_create", plan, plan_pk=plan.pk)
    list_url = staff_url("kpi_list", plan, plan_pk=plan.pk)
    assert create_url in client_for(officer).get(list_url).content.decode()
    assert edit_url in client_for(officer).get(kpi.get_staff_url()).content.decode()
    cabinet = client_for(users_by_role["cabinet"])
    assert create_url not in cabinet.get(list_url).content.decode()


def test_officer_revises_an_actions_due_date_and_marks_its_plans(
    plan, workstream, officer
) -> None:
    action = ActionFactory.create(
        workstream=workstream, reference="2.1", due_date=datetime.date(2027, 3, 31)
    )
    url = staff_url("action_update", plan, plan_pk=plan.pk, pk=action.pk)
    data = _action_data(workstream, reference="2.1", title=action.title)
    data.update(
        {
            "revised_due_date_0": "30",
            "revised_due_date_1": "9",
            "revised_due_date_2": "2027",
            "is_wsoa": "on",
        }
    )
    response = client_for(officer).post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    action.refresh_from_db()
    assert action.due_date == datetime.date(2026, 12, 31)  # as sent: the first date
    assert action.revised_due_date == datetime.date(2027, 9, 30)
    assert action.effective_due_date == datetime.date(2027, 9, 30)
    assert (action.is_wsoa, action.is_pap) == (True, False)
    (event,) = _events(AuditVerb.ACTION_CHANGED)
    assert event.changes["revised_due_date"] == [None, "2027-09-30"]
    page = client_for(officer).get(url).content.decode()
    (box,) = re.findall(r'<input[^>]*name="revised_due_date_0"[^>]*>', page)
    assert 'value="30"' in box, box
    (wsoa,) = re.findall(r'<input[^>]*name="is_wsoa"[^>]*>', page)
    assert "checked" in wsoa


def _value_of(html: str, name: str) -> str | None:
    (tag,) = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    found = re.search(r'value="([^"]*)"', tag)
    return found.group(1) if found else None


def test_every_edit_page_starts_from_what_is_stored(plan, workstream, officer) -> None:
    """A FormView always passes initial data: the stored values must still show."""
    action = ActionFactory.create(
        workstream=workstream,
        title="Recruit SENCOs",
        due_date=datetime.date(2027, 5, 9),
    )
    kpi = KpiFactory.create(plan=plan, name="Plans in 20 weeks")
    client = client_for(officer)
    pages = {
        staff_url("action_update", plan, plan_pk=plan.pk, pk=action.pk): {
            "title": "Recruit SENCOs",
            "due_date_0": "9",
            "due_date_2": "2027",
        },
        staff_url("kpi_update", plan, plan_pk=plan.pk, pk=kpi.pk): {
            "name": "Plans in 20 weeks"
        },
        staff_url("workstream_update", plan, plan_pk=plan.pk, pk=workstream.pk): {
            "name": workstream.name
        },
    }
    for url, expected in pages.items():
        html = client.get(url).content.decode()
        for name, value in expected.items():
            assert _value_of(html, name) == value, (url, name)
