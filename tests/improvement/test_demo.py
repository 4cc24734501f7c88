"""The demo plans tell the seed stories (tests/test_demo.py loads them twice)."""

from decimal import Decimal

import pytest

from improvement.models import ActionUpdate
from improvement.models import FinanceValue
from improvement.models import Kpi
from improvement.models import Workstream

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
