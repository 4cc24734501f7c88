"""The demo plans tell the seed stories (tests/test_demo.py loads them twice),
set up through the same audited services as the staff pages."""

import io
from decimal import Decimal

import pytest
from django.db.models import QuerySet

from improvement.demo import load
from improvement.models import ActionTheme
from improvement.models import ActionUpdate
from improvement.models import FinanceValue
from improvement.models import Kpi
from improvement.models import KpiBreakdown
from improvement.models import KpiValue
from improvement.models import Plan
from improvement.models import Workstream
from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from sendportal.audit.models import subject_key

pytestmark = pytest.mark.django_db


def test_demo_has_bucks_impact_groups_and_barnsley_kpis_over_eight_quarters(
    demo_db: None,
) -> None:
    bucks = set(
        Workstream.objects.filter(plan__area__slug="buckinghamshire").values_list(
            "name", flat=True
        )
    )
    assert "Sufficiency (ASC and SEMH)" in bucks
    assert len(bucks) == 8
    kpi = Kpi.objects.get(plan__area__slug="barnsley", code="EHCP_20WK")
    values = list(
        kpi.values.filter(breakdown="")
        .order_by("period__start")
        .values_list("value", flat=True)
    )
    assert len(values) == 8
    assert values[0] < Decimal(40) < Decimal(70) < values[-1]
    for slug in ("barnsley", "buckinghamshire"):
        assert Workstream.objects.filter(lead__email=f"lead@{slug}.demo").exists()
    assert (
        ActionUpdate.objects.filter(action__plan__area__slug="buckinghamshire")
        .values("created_at__month")
        .distinct()
        .count()
        >= 6
    )
    assert FinanceValue.objects.filter(line__plan__area__slug="barnsley").exists()
    # Barnsley's 20-week timeliness is broken down by its six districts, and
    # every value by district is one of those groups.
    groups = set(kpi.breakdowns.values_list("breakdown", "group"))
    assert len(groups) == 6
    assert ("district", "Dearne") in groups
    recorded = set(
        kpi.values.exclude(breakdown="").values_list("breakdown", "breakdown_value")
    )
    assert recorded == groups


def _plan_events(slug: str) -> QuerySet[AuditEvent]:
    plan = Plan.objects.get(area__slug=slug)
    return AuditEvent.objects.filter(area=plan.area, subject=subject_key(plan))


@pytest.mark.parametrize("slug", ["barnsley", "buckinghamshire"])
def test_the_demo_plans_were_set_up_through_the_services_by_the_officer(
    demo_db: None, slug: str
) -> None:
    plan = Plan.objects.get(area__slug=slug)
    officer = User.objects.get(email=f"officer@{slug}.demo")
    events = _plan_events(slug)
    set_up = events.filter(
        verb__in=[
            AuditVerb.PLAN_CREATED,
            AuditVerb.PLAN_PUBLISHED,
            AuditVerb.WORKSTREAM_CREATED,
            AuditVerb.ACTION_CREATED,
            AuditVerb.KPI_CREATED,
            AuditVerb.KPI_VALUE_RECORDED,
            AuditVerb.KPI_BREAKDOWN_ADDED,
            AuditVerb.WORKSTREAM_MEMBER_ADDED,
        ]
    )
    assert set(set_up.values_list("actor", flat=True)) == {officer.pk}
    created = events.filter(actor=officer)
    assert created.filter(verb=AuditVerb.PLAN_CREATED).count() == 1
    assert created.filter(verb=AuditVerb.PLAN_PUBLISHED).count() == 1
    for verb, rows in (
        (AuditVerb.WORKSTREAM_CREATED, plan.workstreams.count()),
        (AuditVerb.ACTION_CREATED, plan.actions.count()),
        (AuditVerb.KPI_CREATED, plan.kpis.count()),
        (
            AuditVerb.KPI_VALUE_RECORDED,
            KpiValue.objects.filter(kpi__plan=plan).count(),
        ),
        (
            AuditVerb.KPI_BREAKDOWN_ADDED,
            KpiBreakdown.objects.filter(kpi__plan=plan).count(),
        ),
        (
            AuditVerb.WORKSTREAM_MEMBER_ADDED,
            Workstream.members.through.objects.filter(workstream__plan=plan).count(),
        ),
    ):
        assert created.filter(verb=verb).count() == rows, verb
    # Each monthly update is one event, by whoever reported it.
    updates = ActionUpdate.objects.filter(action__plan=plan)
    assert events.filter(verb=AuditVerb.ACTION_UPDATED).count() == updates.count()
    assert not updates.filter(created_by=None).exists()
    # The rule of the set-up pages holds: a workstream's lead holds the role.
    for workstream in plan.workstreams.exclude(lead=None).select_related("lead"):
        assert workstream.lead is not None
        assert workstream.lead.has_role(plan.area_id, Role.WORKSTREAM_LEAD)


@pytest.mark.slow
def test_loading_the_demo_plans_again_records_nothing_more(demo_db: None) -> None:
    before = {
        slug: _plan_events(slug).count() for slug in ("barnsley", "buckinghamshire")
    }
    load(io.StringIO())
    after = {
        slug: _plan_events(slug).count() for slug in ("barnsley", "buckinghamshire")
    }
    assert after == before


def test_demo_bucks_actions_respond_to_themes_of_their_priority(demo_db: None) -> None:
    links = ActionTheme.objects.filter(
        action__plan__area__slug="buckinghamshire"
    ).select_related("action", "theme")
    assert links.exists()
    assert all(link.theme.priority_id == link.action.priority_id for link in links)
    assert AuditEvent.objects.filter(
        verb=AuditVerb.ACTION_THEME_LINKED, area_id=links[0].action.plan.area_id
    ).count() == (links.count())
