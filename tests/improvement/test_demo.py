"""The demo plans load twice to the same data."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from improvement.models import Action
from improvement.models import ActionUpdate
from improvement.models import FinanceValue
from improvement.models import Kpi
from improvement.models import KpiValue
from improvement.models import Workstream

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, object]:
    return {
        "actions": sorted(
            Action.objects.values_list("plan__area__slug", "reference", "rag", "status")
        ),
        "updates": ActionUpdate.objects.count(),
        "values": sorted(
            KpiValue.objects.values_list("kpi__code", "period__label", "value")
        ),
        "finance": FinanceValue.objects.count(),
        "workstreams": sorted(
            Workstream.objects.values_list("name", "rag", "lead__email")
        ),
    }


def test_loading_the_demo_twice_gives_the_same_data() -> None:
    call_command("load_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first


def test_demo_has_bucks_impact_groups_and_barnsley_kpis_over_eight_quarters() -> None:
    call_command("load_demo", stdout=io.StringIO())
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
