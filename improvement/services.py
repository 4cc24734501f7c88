"""Changes to improvement plans: each is atomic and recorded in the audit trail."""

import datetime
from collections.abc import Mapping
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import Answer
from events.models import Finding
from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import model_update
from sendportal.audit.services import record_event
from strategies.models import Theme

from .models import Action
from .models import ActionEvidence
from .models import ActionStatus
from .models import ActionTheme
from .models import ActionUpdate
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
    # What Action.clean() reads comes with it (no query of its own).
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("plan", "workstream", "priority")
        .get(pk=action.pk)
    )
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
    changes = model_update(
        instance=action,
        data={"rag": rag, "status": status, "last_updated_at": when},
    )
    # The event's own time says when; the record keeps the rating and status.
    changes.pop("last_updated_at", None)
    record_event(
        by=by,
        verb=AuditVerb.ACTION_UPDATED,
        target=action,
        subject=action.plan,
        area_id=action.plan.area_id,
        changes=changes,
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
    changes = model_update(
        instance=workstream,
        data={
            "rag": rag,
            "rag_reason": rag_reason,
            "mitigation": mitigation,
            "impact_if_not_mitigated": impact_if_not_mitigated,
        },
    )
    record_event(
        by=by,
        verb=AuditVerb.WORKSTREAM_RAG_SET,
        target=workstream,
        subject=workstream.plan,
        area_id=workstream.plan.area_id,
        changes=changes,
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
    if breakdown and not (
        kpi.breakdowns.active()
        .filter(breakdown=breakdown, group=breakdown_value)
        .exists()
    ):
        raise ValidationError(
            {"breakdown": _("Select one of the KPI’s breakdown groups")},
            code="breakdown",
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
    kpi_value = existing or KpiValue(
        kpi=kpi, period=period, breakdown=breakdown, breakdown_value=breakdown_value
    )
    changes = model_update(
        instance=kpi_value,
        data={
            "value": value,
            "status": status,
            "commentary": commentary,
            "recorded_by": by,
        },
    )
    record_event(
        by=by,
        verb=AuditVerb.KPI_VALUE_RECORDED,
        target=kpi,
        subject=kpi.plan,
        area_id=kpi.plan.area_id,
        # The period says which value this is, changed or not.
        changes={"period": [None, period.label], **changes},
    )
    return kpi_value


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
        verb=AuditVerb.PLAN_PUBLISHED,
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
        verb=AuditVerb.PLAN_UNPUBLISHED,
        target=plan,
        area_id=plan.area_id,
        changes={"is_published": [True, False]},
    )
    return plan


PLAN_FIELDS = ("strategy", "title", "board", "update_period_type", "starts_on")
WORKSTREAM_FIELDS = ("name", "lead", "priorities")
ACTION_FIELDS = (
    "workstream",
    "reference",
    "title",
    "description",
    "priority",
    "owner",
    "lead_partner",
    "start_date",
    "due_date",
    "revised_due_date",
    "is_wsoa",
    "is_pap",
    "success_measure",
)


def _refuse_duplicate(
    queryset: Any, field: str, message: str, *, instance: Any = None
) -> None:
    """Name the field a unique constraint of the plan would refuse, in our words."""
    if instance is not None and instance.pk:
        queryset = queryset.exclude(pk=instance.pk)
    if queryset.exists():
        raise ValidationError({field: message}, code="duplicate")


def _check_lead(area_id: int, lead: User | None) -> None:
    """A workstream's lead holds the workstream lead role in the plan's area."""
    if lead is not None and not lead.has_role(area_id, Role.WORKSTREAM_LEAD):
        raise ValidationError(
            {"lead": _("Select a workstream lead of this local area")},
            code="lead_role",
        )


def _check_action_people(action: Action) -> None:
    """The owner is a member, and the partner one, of the plan's area."""
    area_id = action.plan.area_id
    if action.owner is not None and not action.owner.has_role(area_id, *Role.values):
        raise ValidationError(
            {"owner": _("Select an owner who works in this local area")},
            code="owner_area",
        )
    partner = action.lead_partner
    if partner is not None and partner.area_id != area_id:
        raise ValidationError(
            {"lead_partner": _("Select a partner organisation of this local area")},
            code="partner_area",
        )


RowT = TypeVar("RowT", bound=Model)


def _next_sort(rows: QuerySet[Any]) -> int:
    """The `sort` that puts a new row after the plan's others of its kind."""
    last = rows.order_by("-sort").values_list("sort", flat=True).first()
    return (last or 0) + 1


def _save_plan_row(
    row: RowT,
    *,
    plan: Plan,
    by: User,
    verb: AuditVerb,
    fields: Sequence[str],
    data: Mapping[str, Any],
) -> RowT:
    """Copy the form's `fields` onto a row of the plan (a workstream, action,
    KPI or finance line) and record it under the plan: a new row always, a
    changed one only when something changed."""
    adding = row._state.adding
    changes = model_update(instance=row, fields=fields, data=data)
    if adding or changes:
        record_event(
            by=by,
            verb=verb,
            target=row,
            subject=plan,
            area_id=plan.area_id,
            changes=changes,
        )
    return row


@transaction.atomic
def plan_create(*, area: LocalArea, by: User, data: Mapping[str, Any]) -> Plan:
    """Set up an improvement plan that delivers one of the area's strategies."""
    plan = Plan(area=area)
    _refuse_duplicate(
        Plan.objects.filter(strategy=data.get("strategy"), title=data.get("title")),
        "title",
        _("This strategy already has a plan with that title"),
    )
    changes = model_update(instance=plan, fields=PLAN_FIELDS, data=data)
    record_event(
        by=by,
        verb=AuditVerb.PLAN_CREATED,
        target=plan,
        area_id=area.pk,
        changes=changes,
    )
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, by: User, data: Mapping[str, Any]) -> Plan:
    """Change a plan's title, board, update rhythm or start (not its strategy)."""
    plan = Plan.objects.select_for_update().select_related("area").get(pk=plan.pk)
    fields = [name for name in PLAN_FIELDS if name != "strategy"]
    _refuse_duplicate(
        Plan.objects.filter(strategy_id=plan.strategy_id, title=data.get("title")),
        "title",
        _("This strategy already has a plan with that title"),
        instance=plan,
    )
    changes = model_update(instance=plan, fields=fields, data=data)
    if changes:
        record_event(
            by=by,
            verb=AuditVerb.PLAN_CHANGED,
            target=plan,
            area_id=plan.area_id,
            changes=changes,
        )
    return plan


@transaction.atomic
def workstream_create(*, plan: Plan, by: User, data: Mapping[str, Any]) -> Workstream:
    """Add a workstream (impact group) to a plan, with its lead."""
    _check_lead(plan.area_id, data.get("lead"))
    _refuse_duplicate(
        plan.workstreams.filter(name=data.get("name")),
        "name",
        _("The plan already has a workstream with that name"),
    )
    return _save_plan_row(
        Workstream(plan=plan, sort=_next_sort(plan.workstreams.all())),
        plan=plan,
        by=by,
        verb=AuditVerb.WORKSTREAM_CREATED,
        fields=WORKSTREAM_FIELDS,
        data=data,
    )


@transaction.atomic
def workstream_update(
    *, workstream: Workstream, by: User, data: Mapping[str, Any]
) -> Workstream:
    """Rename a workstream, change its lead or the priorities it covers."""
    workstream = (
        Workstream.objects.select_for_update()
        .select_related("plan__area")
        .get(pk=workstream.pk)
    )
    _check_lead(workstream.plan.area_id, data.get("lead"))
    _refuse_duplicate(
        Workstream.objects.filter(plan_id=workstream.plan_id, name=data.get("name")),
        "name",
        _("The plan already has a workstream with that name"),
        instance=workstream,
    )
    return _save_plan_row(
        workstream,
        plan=workstream.plan,
        by=by,
        verb=AuditVerb.WORKSTREAM_CHANGED,
        fields=WORKSTREAM_FIELDS,
        data=data,
    )


@transaction.atomic
def action_create(*, plan: Plan, by: User, data: Mapping[str, Any]) -> Action:
    """Add a numbered action to one of the plan's workstreams."""
    action = Action(plan=plan)
    for name in ("owner", "lead_partner"):
        setattr(action, name, data.get(name))
    _check_action_people(action)
    _refuse_duplicate(
        plan.actions.filter(reference=data.get("reference")),
        "reference",
        _("The plan already has an action with that number"),
    )
    return _save_plan_row(
        action,
        plan=plan,
        by=by,
        verb=AuditVerb.ACTION_CREATED,
        fields=ACTION_FIELDS,
        data=data,
    )


@transaction.atomic
def action_change(*, action: Action, by: User, data: Mapping[str, Any]) -> Action:
    """Change what an action is: its number, title, owner, dates; not its progress."""
    action = (
        Action.objects.select_for_update()
        .select_related("plan__area")
        .get(pk=action.pk)
    )
    probe = Action(plan=action.plan)
    for name in ("owner", "lead_partner"):
        setattr(probe, name, data.get(name))
    _check_action_people(probe)
    _refuse_duplicate(
        Action.objects.filter(plan_id=action.plan_id, reference=data.get("reference")),
        "reference",
        _("The plan already has an action with that number"),
        instance=action,
    )
    return _save_plan_row(
        action,
        plan=action.plan,
        by=by,
        verb=AuditVerb.ACTION_CHANGED,
        fields=ACTION_FIELDS,
        data=data,
    )


KPI_FIELDS = (
    "workstream",
    "priority",
    "code",
    "name",
    "description",
    "unit",
    "direction",
    "period_type",
    "tolerance",
    "baseline_value",
    "baseline_label",
    "is_public",
)


@transaction.atomic
def kpi_create(*, plan: Plan, by: User, data: Mapping[str, Any]) -> Kpi:
    """Add a performance indicator to the plan."""
    _refuse_duplicate(
        plan.kpis.filter(code=data.get("code")),
        "code",
        _("The plan already has a KPI with that code"),
    )
    return _save_plan_row(
        Kpi(plan=plan, sort=_next_sort(plan.kpis.all())),
        plan=plan,
        by=by,
        verb=AuditVerb.KPI_CREATED,
        fields=KPI_FIELDS,
        data=data,
    )


@transaction.atomic
def kpi_change(*, kpi: Kpi, by: User, data: Mapping[str, Any]) -> Kpi:
    """Change a KPI's definition; its values and targets stay as they are."""
    kpi = Kpi.objects.select_for_update().select_related("plan__area").get(pk=kpi.pk)
    _refuse_duplicate(
        Kpi.objects.filter(plan_id=kpi.plan_id, code=data.get("code")),
        "code",
        _("The plan already has a KPI with that code"),
        instance=kpi,
    )
    return _save_plan_row(
        kpi,
        plan=kpi.plan,
        by=by,
        verb=AuditVerb.KPI_CHANGED,
        fields=KPI_FIELDS,
        data=data,
    )


def _record_link_event(
    *, action: Action, by: User, verb: AuditVerb, changes: dict[str, list[Any]]
) -> None:
    """Audit a change to what an action responds to, in its plan's history."""
    plan = Plan.objects.get(pk=action.plan_id)
    record_event(
        by=by,
        verb=verb,
        target=action,
        subject=plan,
        area_id=plan.area_id,
        changes=changes,
    )


@transaction.atomic
def action_theme_link(*, action: Action, theme: Theme, by: User) -> ActionTheme:
    """Link an action to a theme of its plan's strategy (once; again is a no-op)."""
    strategy_id = Plan.objects.values_list("strategy_id", flat=True).get(
        pk=action.plan_id
    )
    # The plan's strategy belongs to the plan's area, so this refuses other areas too.
    if theme.strategy_id != strategy_id:
        raise ValidationError(
            _("Choose a theme of this plan’s strategy."), code="theme_area"
        )
    link, created = ActionTheme.objects.get_or_create(
        action=action, theme=theme, defaults={"linked_by": by}
    )
    if created:
        _record_link_event(
            action=action,
            by=by,
            verb=AuditVerb.ACTION_THEME_LINKED,
            changes={"theme": [None, theme.name]},
        )
    return link


@transaction.atomic
def action_theme_unlink(*, action: Action, theme: Theme, by: User) -> bool:
    """Remove an action's link to a theme; False when there was none."""
    deleted, _rows = ActionTheme.objects.filter(action=action, theme=theme).delete()
    if deleted:
        _record_link_event(
            action=action,
            by=by,
            verb=AuditVerb.ACTION_THEME_UNLINKED,
            changes={"theme": [theme.name, None]},
        )
    return bool(deleted)


def _evidence_target(
    answer: Answer | None, finding: Finding | None
) -> dict[str, Answer | Finding]:
    if answer is not None and finding is None:
        return {"answer": answer}
    if finding is not None and answer is None:
        return {"finding": finding}
    raise ValidationError(
        _("Cite either an answer or a finding."), code="evidence_target"
    )


def _evidence_area_id(target: dict[str, Answer | Finding]) -> int:
    if "answer" in target:
        return Answer.objects.values_list(
            "response__consultation__area_id", flat=True
        ).get(pk=target["answer"].pk)
    return Finding.objects.values_list("event__area_id", flat=True).get(
        pk=target["finding"].pk
    )


def _evidence_label(target: dict[str, Answer | Finding]) -> str:
    kind, obj = next(iter(target.items()))
    return f"{kind} {obj.pk}"


@transaction.atomic
def action_evidence_add(
    *,
    action: Action,
    by: User,
    answer: Answer | None = None,
    finding: Finding | None = None,
) -> ActionEvidence:
    """Cite an answer or a finding of the action's own area as its evidence."""
    target = _evidence_target(answer, finding)
    area_id = Plan.objects.values_list("area_id", flat=True).get(pk=action.plan_id)
    if _evidence_area_id(target) != area_id:
        raise ValidationError(
            _("Evidence must come from this area’s consultations and events."),
            code="evidence_area",
        )
    evidence, created = ActionEvidence.objects.get_or_create(
        action=action, **target, defaults={"linked_by": by}
    )
    if created:
        _record_link_event(
            action=action,
            by=by,
            verb=AuditVerb.ACTION_EVIDENCE_ADDED,
            changes={"evidence": [None, _evidence_label(target)]},
        )
    return evidence


@transaction.atomic
def action_evidence_remove(*, evidence: ActionEvidence, by: User) -> None:
    """Stop citing an answer or finding as an action's evidence."""
    target = _evidence_target(evidence.answer, evidence.finding)
    action = evidence.action
    evidence.delete()
    _record_link_event(
        action=action,
        by=by,
        verb=AuditVerb.ACTION_EVIDENCE_REMOVED,
        changes={"evidence": [_evidence_label(target), None]},
    )


@transaction.atomic
def action_evidence_cite(
    *,
    action: Action,
    by: User,
    answers: Sequence[Answer] = (),
    findings: Sequence[Finding] = (),
) -> int:
    """Cite several answers or findings at once; each new link is audited.
    Returns how many were not cited already."""
    before = ActionEvidence.objects.filter(action=action).count()
    for answer in answers:
        action_evidence_add(action=action, answer=answer, by=by)
    for finding in findings:
        action_evidence_add(action=action, finding=finding, by=by)
    return ActionEvidence.objects.filter(action=action).count() - before
