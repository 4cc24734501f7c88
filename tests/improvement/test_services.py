"""Recording progress: history kept, RAG made current, every change audited."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from improvement import services
from improvement.models import Action
from improvement.models import ActionUpdate
from improvement.models import KpiValue
from improvement.periods import PeriodType
from sendportal.audit.models import AuditEvent
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import KpiFactory
from tests.improvement.factories import period

pytestmark = pytest.mark.django_db


def test_recording_an_update_keeps_the_earlier_rag_in_the_history(
    workstream, lead
) -> None:
    action = ActionFactory.create(workstream=workstream)
    with time_machine.travel(datetime.datetime(2026, 3, 5, 10, tzinfo=datetime.UTC)):
        services.action_update_record(
            action=action,
            by=lead,
            rag="amber",
            status="in_progress",
            narrative="Recruitment slipped.",
        )
    with time_machine.travel(datetime.datetime(2026, 4, 7, 10, tzinfo=datetime.UTC)):
        services.action_update_record(
            action=action,
            by=lead,
            rag="green",
            status="in_progress",
            narrative="Two posts filled.",
        )
    history = list(ActionUpdate.objects.for_action(action))
    assert [u.rag for u in history] == ["green", "amber"]
    assert [u.period.label if u.period else "" for u in history] == [
        "Apr 2026",
        "Mar 2026",
    ]
    action.refresh_from_db()
    assert (action.rag, action.status) == ("green", "in_progress")
    assert AuditEvent.objects.filter(verb="action.updated").count() == 2


def test_an_update_can_never_be_overwritten(workstream, lead) -> None:
    action = ActionFactory.create(workstream=workstream)
    update = services.action_update_record(
        action=action, by=lead, rag="red", status="on_hold", narrative="Paused."
    )
    update.rag = "green"
    with pytest.raises(ValidationError):
        update.save()
    assert ActionUpdate.objects.get(pk=update.pk).rag == "red"


def test_an_update_needs_a_narrative(workstream, lead) -> None:
    action = ActionFactory.create(workstream=workstream)
    with pytest.raises(ValidationError):
        services.action_update_record(
            action=action, by=lead, rag="red", status="on_hold", narrative="  "
        )
    assert not ActionUpdate.objects.exists()


def test_audit_records_the_rag_change(workstream, lead) -> None:
    action = ActionFactory.create(workstream=workstream)
    services.action_update_record(
        action=action, by=lead, rag="red", status="in_progress", narrative="Late."
    )
    event = AuditEvent.objects.get(verb="action.updated")
    assert event.changes["rag"] == ["grey", "red"]
    assert event.actor == lead
    assert event.area_id == action.plan.area_id


def test_recording_a_kpi_value_twice_for_a_period_corrects_it(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan)
    quarter = period(plan.area, PeriodType.FIN_QUARTER, datetime.date(2026, 5, 1))
    services.kpi_value_record(kpi=kpi, by=officer, period=quarter, value=Decimal(40))
    services.kpi_value_record(
        kpi=kpi, by=officer, period=quarter, value=Decimal(42), status="final"
    )
    value = KpiValue.objects.get(kpi=kpi)
    assert (value.value, value.status) == (Decimal(42), "final")
    event = AuditEvent.objects.filter(verb="kpi.value_recorded").first()
    assert event is not None
    assert event.changes["value"] == ["40.000", "42"]


def test_a_kpi_value_must_be_for_a_period_of_the_kpis_type(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan, period_type=PeriodType.FIN_QUARTER)
    month = period(plan.area, PeriodType.MONTH, datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError):
        services.kpi_value_record(kpi=kpi, by=officer, period=month, value=Decimal(1))


def test_action_references_are_unique_within_a_plan(workstream) -> None:
    ActionFactory.create(workstream=workstream, reference="2.3")
    with pytest.raises(IntegrityError):
        ActionFactory.create(workstream=workstream, reference="2.3")


def test_references_sort_numerically(workstream) -> None:
    for reference in ("2.10", "2.9", "10.1", "2.1"):
        ActionFactory.create(workstream=workstream, reference=reference)
    references = list(
        Action.objects.order_by("sort_key").values_list("reference", flat=True)
    )
    assert references == ["2.1", "2.9", "2.10", "10.1"]


def test_publishing_needs_a_public_strategy(plan, officer) -> None:
    plan.strategy.status = "draft"
    plan.strategy.approved_on = None
    plan.strategy.approval_body = ""
    plan.strategy.save()
    with pytest.raises(ValidationError):
        services.plan_publish(plan=plan, by=officer)
    plan.refresh_from_db()
    assert not plan.is_published


def test_publishing_and_withdrawing_a_plan_is_audited(plan, officer) -> None:
    services.plan_publish(plan=plan, by=officer)
    services.plan_unpublish(plan=plan, by=officer)
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"plan.published", "plan.unpublished"} <= verbs


def test_workstream_rating_is_saved_with_its_reason(workstream, lead) -> None:
    services.workstream_rag_set(
        workstream=workstream,
        by=lead,
        rag="amber",
        rag_reason="Staffing gaps",
        mitigation="Agency cover",
        impact_if_not_mitigated="Plans issued late",
    )
    workstream.refresh_from_db()
    assert (workstream.rag, workstream.rag_reason) == ("amber", "Staffing gaps")
    assert AuditEvent.objects.filter(verb="workstream.rag_set").exists()
