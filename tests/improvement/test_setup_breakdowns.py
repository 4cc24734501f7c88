"""The groups a KPI is broken down by (districts, age bands...): defined on the
KPI's staff pages, audited, and the only groups its values may be recorded for."""

import datetime
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from improvement import services
from improvement import setup_services
from improvement.models import KpiBreakdown
from improvement.models import KpiValue
from improvement.models import ReportingPeriod
from improvement.periods import period_containing
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from sendportal.audit.models import subject_key
from tests.factories import DistrictFactory
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.improvement.factories import KpiFactory
from tests.improvement.factories import KpiValueFactory
from tests.improvement.factories import PlanFactory
from tests.strategies.factories import StrategyFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
ROLES = ("no_role", "officer", "lead", "cabinet", "admin", "other_officer")
EDITORS = {"officer", "admin"}


def _url(name: str, group: KpiBreakdown) -> str:
    kpi = group.kpi
    return staff_url(name, kpi.plan, plan_pk=kpi.plan_id, kpi_pk=kpi.pk, pk=group.pk)


def _create_url(kpi) -> str:
    return staff_url(
        "kpi_breakdown_create", kpi.plan, plan_pk=kpi.plan_id, kpi_pk=kpi.pk
    )


def _group(kpi, group: str = "North", breakdown: str = "district") -> KpiBreakdown:
    return KpiBreakdown.objects.create(kpi=kpi, breakdown=breakdown, group=group)


def _period(kpi) -> ReportingPeriod:
    return ReportingPeriod.for_bounds(
        kpi.plan.area_id, period_containing(kpi.period_type, datetime.date(2026, 5, 1))
    )


# Services


def test_adding_a_group_is_audited_against_the_plan(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan, code="EHCP_20WK")
    group = setup_services.kpi_breakdown_add(
        kpi=kpi, by=officer, data={"breakdown": "district", "group": "Dearne"}
    )
    assert (group.kpi, group.breakdown, group.group) == (kpi, "district", "Dearne")
    event = AuditEvent.objects.get(verb=AuditVerb.KPI_BREAKDOWN_ADDED)
    assert (event.actor, event.area_id) == (officer, plan.area_id)
    assert event.subject == subject_key(plan)
    assert event.changes == {
        "kpi": [None, "EHCP_20WK"],
        "breakdown": [None, "district"],
        "group": [None, "Dearne"],
    }


def test_a_group_is_not_added_twice_whatever_its_case(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    _group(kpi, "North")
    with pytest.raises(ValidationError) as caught:
        setup_services.kpi_breakdown_add(
            kpi=kpi, by=officer, data={"breakdown": "district", "group": "north"}
        )
    assert "group" in caught.value.error_dict
    # The same name in another breakdown is another group.
    setup_services.kpi_breakdown_add(
        kpi=kpi, by=officer, data={"breakdown": "phase", "group": "North"}
    )
    assert kpi.breakdowns.count() == 2


def test_a_retired_kpi_takes_no_new_groups(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan, retired_at=timezone.now())
    with pytest.raises(ValidationError):
        setup_services.kpi_breakdown_add(
            kpi=kpi, by=officer, data={"breakdown": "district", "group": "North"}
        )
    assert not KpiBreakdown.objects.exists()


def test_renaming_a_group_takes_its_values_with_it(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    group = _group(kpi, "Nrth")
    value = KpiValueFactory.create(
        kpi=kpi, breakdown="district", breakdown_value="Nrth", value=Decimal(70)
    )
    setup_services.kpi_breakdown_change(
        breakdown=group, by=officer, data={"breakdown": "district", "group": "North"}
    )
    value.refresh_from_db()
    group.refresh_from_db()
    assert (group.group, value.breakdown_value) == ("North", "North")
    event = AuditEvent.objects.get(verb=AuditVerb.KPI_BREAKDOWN_CHANGED)
    assert event.changes == {"group": ["Nrth", "North"], "values_moved": [None, 1]}
    # Saving it unchanged records nothing.
    setup_services.kpi_breakdown_change(
        breakdown=group, by=officer, data={"breakdown": "district", "group": "North"}
    )
    assert AuditEvent.objects.filter(verb=AuditVerb.KPI_BREAKDOWN_CHANGED).count() == 1


def test_a_group_is_not_renamed_onto_values_of_another_name(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    group = _group(kpi, "North")
    # Imported before the groups were defined.
    KpiValueFactory.create(kpi=kpi, breakdown="district", breakdown_value="South")
    with pytest.raises(ValidationError) as caught:
        setup_services.kpi_breakdown_change(
            breakdown=group,
            by=officer,
            data={"breakdown": "district", "group": "South"},
        )
    assert "group" in caught.value.error_dict
    group.refresh_from_db()
    assert group.group == "North"


def test_a_group_with_values_is_retired_and_one_without_is_removed(
    plan, officer
) -> None:
    kpi = KpiFactory.create(plan=plan)
    used = _group(kpi, "North")
    unused = _group(kpi, "South")
    KpiValueFactory.create(kpi=kpi, breakdown="district", breakdown_value="North")
    retired = setup_services.kpi_breakdown_remove(breakdown=used, by=officer)
    removed = setup_services.kpi_breakdown_remove(breakdown=unused, by=officer)
    assert retired.retired_at is not None
    assert removed.pk is None
    assert list(kpi.breakdowns.all()) == [used]
    assert KpiValue.objects.filter(breakdown_value="North").exists()
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {AuditVerb.KPI_BREAKDOWN_RETIRED, AuditVerb.KPI_BREAKDOWN_REMOVED} <= verbs
    removal = AuditEvent.objects.get(verb=AuditVerb.KPI_BREAKDOWN_REMOVED)
    assert removal.changes["group"] == ["South", None]


def test_values_are_recorded_only_for_the_kpis_groups_in_use(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    period = _period(kpi)
    with pytest.raises(ValidationError):
        services.kpi_value_record(
            kpi=kpi,
            by=officer,
            period=period,
            value=Decimal(70),
            breakdown="district",
            breakdown_value="North",
        )
    group = _group(kpi, "North")
    services.kpi_value_record(
        kpi=kpi,
        by=officer,
        period=period,
        value=Decimal(70),
        breakdown="district",
        breakdown_value="North",
    )
    setup_services.kpi_breakdown_remove(breakdown=group, by=officer)
    with pytest.raises(ValidationError):
        services.kpi_value_record(
            kpi=kpi,
            by=officer,
            period=period,
            value=Decimal(71),
            breakdown="district",
            breakdown_value="North",
        )
    assert KpiValue.objects.get(breakdown_value="North").value == Decimal(70)


# Pages


def test_officer_adds_a_group_from_the_kpi_page(plan, officer) -> None:
    DistrictFactory.create(area=plan.area, name="Dearne")
    kpi = KpiFactory.create(plan=plan)
    client = client_for(officer)
    page = client.get(kpi.get_staff_url()).content.decode()
    assert _create_url(kpi) in page
    assert "The KPI is reported for the whole area only." in page
    form = client.get(_create_url(kpi)).content.decode()
    # The hint names the area's districts, the groups most KPIs are split by.
    assert "The area’s districts are: Dearne" in form
    assert "Whole area" not in form
    response = client.post(
        _create_url(kpi), {"breakdown": "district", "group": "Dearne"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == kpi.get_staff_url() + "#breakdowns"
    assert kpi.breakdowns.get().group == "Dearne"
    page = client.get(kpi.get_staff_url()).content.decode()
    assert "Dearne" in page
    assert _url("kpi_breakdown_update", kpi.breakdowns.get()) in page


def test_group_errors_keep_what_was_typed(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    _group(kpi, "North")
    client = client_for(officer)
    response = client.post(_create_url(kpi), {"breakdown": "", "group": HOSTILE})
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<title>Error:" in content
    assert "There is a problem" in content
    assert "Select what the KPI is broken down by" in content
    assert ESCAPED in content
    assert HOSTILE not in content
    response = client.post(_create_url(kpi), {"breakdown": "district", "group": ""})
    assert "Enter the name of the group" in response.content.decode()
    response = client.post(
        _create_url(kpi), {"breakdown": "district", "group": "NORTH"}
    )
    content = response.content.decode()
    assert "The KPI already has a group with that name in this breakdown" in content
    assert 'value="NORTH"' in content
    assert kpi.breakdowns.count() == 1


def test_officer_renames_a_group_from_its_stored_values(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    group = _group(kpi, "Nrth")
    client = client_for(officer)
    assert (
        'value="Nrth"'
        in client.get(_url("kpi_breakdown_update", group)).content.decode()
    )
    response = client.post(
        _url("kpi_breakdown_update", group), {"breakdown": "district", "group": "North"}
    )
    assert response.status_code == HTTPStatus.FOUND
    group.refresh_from_db()
    assert group.group == "North"


def test_the_remove_page_says_whether_the_group_is_retired_or_removed(
    plan, officer
) -> None:
    kpi = KpiFactory.create(plan=plan)
    used = _group(kpi, "North")
    unused = _group(kpi, "South")
    KpiValueFactory.create(kpi=kpi, breakdown="district", breakdown_value="North")
    client = client_for(officer)
    assert "Retire this breakdown group?" in (
        client.get(_url("kpi_breakdown_remove", used)).content.decode()
    )
    assert "Remove this breakdown group?" in (
        client.get(_url("kpi_breakdown_remove", unused)).content.decode()
    )
    response = client.post(_url("kpi_breakdown_remove", used), follow=True)
    assert "Breakdown group retired. Its values stay." in response.content.decode()
    response = client.post(_url("kpi_breakdown_remove", unused), follow=True)
    assert "Breakdown group removed." in response.content.decode()
    used.refresh_from_db()
    assert used.retired_at is not None
    assert not KpiBreakdown.objects.filter(pk=unused.pk).exists()
    # A retired group is listed, marked, and cannot be removed again.
    page = client.get(kpi.get_staff_url()).content.decode()
    assert "Retired" in page
    assert _url("kpi_breakdown_remove", used) not in page
    assert client.get(_url("kpi_breakdown_remove", used)).status_code == 404


def test_the_value_form_offers_the_groups_in_use(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    client = client_for(officer)
    # No groups: no question about them.
    assert (
        "Who is the value for?" not in client.get(kpi.get_staff_url()).content.decode()
    )
    group = _group(kpi, "North")
    retired = _group(kpi, "Old town")
    retired.retired_at = timezone.now()
    retired.save()
    page = client.get(kpi.get_staff_url()).content.decode()
    assert "Who is the value for?" in page
    assert f'value="{group.pk}"' in page
    assert f'value="{retired.pk}"' not in page
    key = period_containing(kpi.period_type, timezone.localdate()).start.isoformat()
    response = client.post(
        kpi.get_staff_url(),
        {"period": key, "group": str(group.pk), "value": "71.5", "status": "final"},
    )
    assert response.status_code == HTTPStatus.FOUND
    value = KpiValue.objects.get()
    assert (value.breakdown, value.breakdown_value, value.value) == (
        "district",
        "North",
        Decimal("71.5"),
    )
    # A retired group's id is refused, and what was typed stays.
    response = client.post(
        kpi.get_staff_url(),
        {"period": key, "group": str(retired.pk), "value": "60", "status": "final"},
    )
    content = response.content.decode()
    assert "Select who the value is for" in content
    assert 'value="60"' in content
    assert KpiValue.objects.count() == 1
    client.post(
        kpi.get_staff_url(),
        {"period": key, "group": "area", "value": "65", "status": "final"},
    )
    assert KpiValue.objects.get(breakdown="").value == Decimal(65)


@pytest.mark.parametrize("role", ROLES)
def test_breakdown_pages_by_role(role, plan, workstream, users_by_role) -> None:
    # The lead of the KPI's workstream records its values, but defining its
    # groups is part of setting up the plan.
    kpi = KpiFactory.create(plan=plan, workstream=workstream)
    group = _group(kpi, "North")
    client = client_for(users_by_role[role])
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    urls = [
        _create_url(kpi),
        _url("kpi_breakdown_update", group),
        _url("kpi_breakdown_remove", group),
    ]
    for url in urls:
        assert client.get(url).status_code == expected, url
    responses = [
        client.post(_create_url(kpi), {"breakdown": "district", "group": "South"}),
        client.post(
            _url("kpi_breakdown_update", group),
            {"breakdown": "district", "group": "Renamed"},
        ),
    ]
    if role in EDITORS:
        assert [r.status_code for r in responses] == [HTTPStatus.FOUND] * 2
        assert client.post(_url("kpi_breakdown_remove", group)).status_code == 302
    else:
        assert [r.status_code for r in responses] == [HTTPStatus.FORBIDDEN] * 2
        assert client.post(_url("kpi_breakdown_remove", group)).status_code == 403
        assert list(KpiBreakdown.objects.values_list("group", flat=True)) == ["North"]
    if role != "officer":
        return
    page = client.get(kpi.get_staff_url()).content.decode()
    assert _create_url(kpi) in page


def test_the_lead_sees_the_groups_but_no_links_to_change_them(
    plan, workstream, lead
) -> None:
    kpi = KpiFactory.create(plan=plan, workstream=workstream)
    group = _group(kpi, "North")
    page = client_for(lead).get(kpi.get_staff_url()).content.decode()
    assert "North" in page
    assert _create_url(kpi) not in page
    assert _url("kpi_breakdown_update", group) not in page


def test_another_areas_groups_are_not_found(area, other_area, officer) -> None:
    other_plan = PlanFactory.create(strategy=StrategyFactory.create(area=other_area))
    mine = PlanFactory.create(strategy=StrategyFactory.create(area=area))
    other_kpi = KpiFactory.create(plan=other_plan)
    group = _group(other_kpi, "North")
    my_kpi = KpiFactory.create(plan=mine)
    my_group = _group(my_kpi, "South")
    client = client_for(officer)
    urls = []
    for plan_pk in (other_plan.pk, mine.pk):
        urls += [
            staff_url(
                "kpi_breakdown_create", mine, plan_pk=plan_pk, kpi_pk=other_kpi.pk
            ),
            staff_url(
                "kpi_breakdown_update",
                mine,
                plan_pk=plan_pk,
                kpi_pk=other_kpi.pk,
                pk=group.pk,
            ),
            staff_url(
                "kpi_breakdown_remove",
                mine,
                plan_pk=plan_pk,
                kpi_pk=other_kpi.pk,
                pk=group.pk,
            ),
        ]
    # Another KPI's group under this KPI's address.
    urls.append(
        staff_url(
            "kpi_breakdown_update", mine, plan_pk=mine.pk, kpi_pk=my_kpi.pk, pk=group.pk
        )
    )
    for url in urls:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url
        assert client.post(url, {}).status_code == HTTPStatus.NOT_FOUND, url
    group.refresh_from_db()
    assert group.retired_at is None
    assert my_group.kpi == my_kpi


def test_a_retired_kpi_offers_no_new_groups(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan, retired_at=timezone.now())
    client = client_for(officer)
    assert _create_url(kpi) not in client.get(kpi.get_staff_url()).content.decode()
    assert client.get(_create_url(kpi)).status_code == HTTPStatus.NOT_FOUND
