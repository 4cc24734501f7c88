"""Changes to improvement plans: each is atomic and recorded in the audit trail."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sendportal.accounts.models import User
from sendportal.audit.services import record_event

from .models import Action
from .models import ActionStatus
from .models import ActionUpdate
from .models import FinanceLine
from .models import FinanceValue
from .models import Kpi
from .models import KpiValue
from .models import Plan
from .models import Rag
from .models import ReportingPeriod
from .models import Workstream


@transaction.atomic
def action_update_record(
    *,
    action: Action,
    by: User,
    rag: str,
    status: str,
    narrative: str,
    next_steps: str = "",
    evidence: str = "",
    at: datetime.datetime | None = None,
) -> ActionUpdate:
    """Append an update to an action's history and make its RAG and status current."""
    action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    if rag not in Rag.values:
        raise ValidationError(_("Select a RAG rating."), code="rag")
    if status not in ActionStatus.values:
        raise ValidationError(_("Select a status."), code="status")
    if not narrative.strip():
        raise ValidationError(_("Describe the progress made."), code="narrative")
    when = at or timezone.now()
    update = ActionUpdate(
        action=action,
        period=ReportingPeriod.for_bounds(
            action.plan.area_id, action.plan.update_period(on=timezone.localdate(when))
        ),
        rag=rag,
        status=status,
        narrative=narrative,
        next_steps=next_steps,
        evidence=evidence,
        created_by=by,
        created_at=when,
    )
    update.full_clean()
    update.save()
    before = {"rag": action.rag, "status": action.status}
    action.rag, action.status, action.last_updated_at = rag, status, when
    action.save(update_fields=["rag", "status", "last_updated_at"])
    record_event(
        by=by,
        verb="action.updated",
        target=action,
        subject=action.plan,
        area_id=action.plan.area_id,
        changes={
            name: [before[name], value]
            for name, value in (("rag", rag), ("status", status))
            if before[name] != value
        },
    )
    return update


@transaction.atomic
def workstream_rag_set(
    *,
    workstream: Workstream,
    by: User,
    rag: str,
    rag_reason: str,
    mitigation: str = "",
    impact_if_not_mitigated: str = "",
) -> Workstream:
    """Set a workstream's overall RAG with its reason, as a highlight report does."""
    workstream = (
        Workstream.objects.select_for_update()
        .select_related("plan")
        .get(pk=workstream.pk)
    )
    before = {
        "rag": workstream.rag,
        "rag_reason": workstream.rag_reason,
        "mitigation": workstream.mitigation,
        "impact_if_not_mitigated": workstream.impact_if_not_mitigated,
    }
    workstream.rag = rag
    workstream.rag_reason = rag_reason
    workstream.mitigation = mitigation
    workstream.impact_if_not_mitigated = impact_if_not_mitigated
    workstream.full_clean()
    workstream.save()
    after = {
        "rag": rag,
        "rag_reason": rag_reason,
        "mitigation": mitigation,
        "impact_if_not_mitigated": impact_if_not_mitigated,
    }
    record_event(
        by=by,
        verb="workstream.rag_set",
        target=workstream,
        subject=workstream.plan,
        area_id=workstream.plan.area_id,
        changes={k: [before[k], v] for k, v in after.items() if before[k] != v},
    )
    return workstream


@transaction.atomic
def kpi_value_record(
    *,
    kpi: Kpi,
    by: User,
    period: ReportingPeriod,
    value: Decimal,
    status: str = KpiValue.Status.PROVISIONAL,
    breakdown: str = "",
    breakdown_value: str = "",
    commentary: str = "",
) -> KpiValue:
    """Record (or correct) a KPI's value for a period; the change is audited."""
    if period.period_type != kpi.period_type or period.area_id != kpi.plan.area_id:
        raise ValidationError(
            _("This KPI is reported for a %(type)s; choose a period of that kind.")
            % {"type": kpi.get_period_type_display().lower()},
            code="period_type",
        )
    existing = (
        KpiValue.objects.select_for_update()
        .filter(
            kpi=kpi,
            period=period,
            breakdown=breakdown,
            breakdown_value=breakdown_value,
        )
        .first()
    )
    old_value = existing.value if existing else None
    kpi_value = existing or KpiValue(
        kpi=kpi, period=period, breakdown=breakdown, breakdown_value=breakdown_value
    )
    kpi_value.value = value
    kpi_value.status = status
    kpi_value.commentary = commentary
    kpi_value.recorded_by = by
    kpi_value.full_clean()
    kpi_value.save()
    record_event(
        by=by,
        verb="kpi.value_recorded",
        target=kpi,
        subject=kpi.plan,
        area_id=kpi.plan.area_id,
        changes={
            "period": [None, period.label],
            "value": [
                None if old_value is None else str(old_value),
                str(kpi_value.value),
            ],
            "status": [existing.status if existing else None, status],
        },
    )
    return kpi_value


@transaction.atomic
def finance_value_record(
    *,
    line: FinanceLine,
    by: User,
    period: ReportingPeriod,
    budget: Decimal,
    forecast_outturn: Decimal,
    actual: Decimal | None = None,
    commentary: str = "",
) -> FinanceValue:
    """Record a finance line's budget, forecast and actual spend for a period."""
    finance_value, _created = FinanceValue.objects.update_or_create(
        line=line,
        period=period,
        defaults={
            "budget": budget,
            "forecast_outturn": forecast_outturn,
            "actual": actual,
            "commentary": commentary,
        },
    )
    record_event(
        by=by,
        verb="finance.value_recorded",
        target=line,
        subject=line.plan,
        area_id=line.plan.area_id,
        changes={
            "period": [None, period.label],
            "budget": [None, str(budget)],
            "forecast_outturn": [None, str(forecast_outturn)],
        },
    )
    return finance_value


@transaction.atomic
def plan_publish(*, plan: Plan, by: User) -> Plan:
    """Show the plan's progress on the public pages."""
    plan = Plan.objects.select_for_update().select_related("strategy").get(pk=plan.pk)
    if not plan.strategy.is_public:
        raise ValidationError(
            _("Publish the strategy before publishing progress on its plan."),
            code="strategy_draft",
        )
    if plan.is_published:
        raise ValidationError(_("The plan is already published."), code="published")
    plan.is_published = True
    plan.published_at = plan.published_at or timezone.now()
    plan.save(update_fields=["is_published", "published_at"])
    record_event(
        by=by,
        verb="plan.published",
        target=plan,
        area_id=plan.area_id,
        changes={"is_published": [False, True]},
    )
    return plan


@transaction.atomic
def plan_unpublish(*, plan: Plan, by: User) -> Plan:
    """Take the plan's progress off the public pages."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_published:
        raise ValidationError(_("The plan is not published."), code="unpublished")
    plan.is_published = False
    plan.save(update_fields=["is_published"])
    record_event(
        by=by,
        verb="plan.unpublished",
        target=plan,
        area_id=plan.area_id,
        changes={"is_published": [True, False]},
    )
    return plan
