"""Setting up a plan's finance lines, KPI targets, comparators and breakdowns,
board meetings, milestones and workstream members, and retiring what has
history.

Each service is atomic and recorded in the audit trail. Nothing with history is
deleted: a retired workstream, action, KPI or finance line keeps its rows and
stays in its history and the reports already made, but is no longer offered in
lists and forms, nor shown on the public pages or in new reports.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import model_update
from sendportal.audit.services import record_event

from .models import Action
from .models import BoardMeeting
from .models import FinanceLine
from .models import FinanceValue
from .models import Kpi
from .models import KpiBenchmark
from .models import KpiBreakdown
from .models import KpiTarget
from .models import KpiValue
from .models import Milestone
from .models import Plan
from .models import ReportingPeriod
from .models import Workstream
from .periods import PeriodType
from .services import _next_sort
from .services import _refuse_duplicate
from .services import _save_plan_row

FINANCE_LINE_FIELDS = ("name", "block", "code")


def _line_code(plan: Plan, data: Mapping[str, Any], line: FinanceLine | None) -> str:
    """The code typed, or one made from the name, unique in the plan."""
    code = data.get("code") or slugify(data.get("name", ""))[:40] or "line"
    taken = FinanceLine.objects.filter(plan=plan)
    if line is not None:
        taken = taken.exclude(pk=line.pk)
    if data.get("code"):
        _refuse_duplicate(
            taken.filter(code=code),
            "code",
            _("The plan already has a finance line with that code"),
        )
        return code
    base, number = code[:36], 2
    while taken.filter(code=code).exists():
        code, number = f"{base}-{number}", number + 1
    return code


@transaction.atomic
def finance_line_create(
    *, plan: Plan, by: User, data: Mapping[str, Any]
) -> FinanceLine:
    """Add a line (such as top-up funding) to the plan's high-needs finance."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    code = _line_code(plan, data, None)
    return _save_plan_row(
        FinanceLine(plan=plan, sort=_next_sort(plan.finance_lines.all())),
        plan=plan,
        by=by,
        verb=AuditVerb.FINANCE_LINE_ADDED,
        fields=FINANCE_LINE_FIELDS,
        data={**data, "code": code},
    )


@transaction.atomic
def finance_line_change(
    *, line: FinanceLine, by: User, data: Mapping[str, Any]
) -> FinanceLine:
    """Rename a finance line or move it to another block; its figures stay."""
    line = (
        FinanceLine.objects.select_for_update()
        .select_related("plan__area")
        .get(pk=line.pk)
    )
    code = _line_code(line.plan, data, line) if data.get("code") else line.code
    return _save_plan_row(
        line,
        plan=line.plan,
        by=by,
        verb=AuditVerb.FINANCE_LINE_CHANGED,
        fields=FINANCE_LINE_FIELDS,
        data={**data, "code": code},
    )


def _retire(instance: Any, *, by: User, verb: AuditVerb, plan: Plan, what: str) -> Any:
    if instance.retired_at is not None:
        raise ValidationError(
            _("The %(what)s is already retired.") % {"what": what}, code="retired"
        )
    changes = model_update(instance=instance, data={"retired_at": timezone.now()})
    record_event(
        by=by,
        verb=verb,
        target=instance,
        subject=plan,
        area_id=plan.area_id,
        changes=changes,
    )
    return instance


@transaction.atomic
def finance_line_retire(*, line: FinanceLine, by: User) -> FinanceLine:
    """Stop offering a line for new figures; its past figures stay in reports."""
    line = (
        FinanceLine.objects.select_for_update().select_related("plan").get(pk=line.pk)
    )
    return _retire(
        line,
        by=by,
        verb=AuditVerb.FINANCE_LINE_RETIRED,
        plan=line.plan,
        what=_("finance line"),
    )


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
    """Record (or correct) a line's budget, forecast and actual for a quarter."""
    line = (
        FinanceLine.objects.select_for_update().select_related("plan").get(pk=line.pk)
    )
    if line.retired_at is not None:
        raise ValidationError(
            _("This finance line is retired: it takes no new figures."),
            code="retired",
        )
    if period.area_id != line.plan.area_id or (
        period.period_type != PeriodType.FIN_QUARTER
    ):
        raise ValidationError(
            {"period": _("Select a financial quarter from the list")},
            code="period",
        )
    value = FinanceValue.objects.filter(line=line, period=period).first()
    value = value or FinanceValue(line=line, period=period)
    changes = model_update(
        instance=value,
        data={
            "budget": budget,
            "forecast_outturn": forecast_outturn,
            "actual": actual,
            "commentary": commentary,
        },
    )
    record_event(
        by=by,
        verb=AuditVerb.FINANCE_VALUE_RECORDED,
        target=line,
        subject=line.plan,
        area_id=line.plan.area_id,
        changes={"period": [None, period.label], **changes},
    )
    return value


def _check_kpi_period(kpi: Kpi, period: ReportingPeriod) -> None:
    if period.period_type != kpi.period_type or period.area_id != kpi.plan.area_id:
        raise ValidationError(
            {"period": _("Select a period from the list")}, code="period_type"
        )


@transaction.atomic
def kpi_target_set(
    *, kpi: Kpi, by: User, period: ReportingPeriod, value: Decimal
) -> KpiTarget:
    """Set (or change) what a KPI should reach in a period."""
    kpi = Kpi.objects.select_for_update().select_related("plan").get(pk=kpi.pk)
    _check_kpi_period(kpi, period)
    target = KpiTarget.objects.filter(kpi=kpi, period=period).first()
    target = target or KpiTarget(kpi=kpi, period=period)
    changes = model_update(instance=target, data={"value": value})
    record_event(
        by=by,
        verb=AuditVerb.KPI_TARGET_SET,
        target=kpi,
        subject=kpi.plan,
        area_id=kpi.plan.area_id,
        changes={"period": [None, period.label], **changes},
    )
    return target


@transaction.atomic
def kpi_benchmark_set(
    *,
    kpi: Kpi,
    by: User,
    period: ReportingPeriod,
    value: Decimal,
    comparator: str = KpiBenchmark.Comparator.ENGLAND,
    source: str = "",
) -> KpiBenchmark:
    """Set (or correct) a KPI's comparator, such as England, for a period."""
    kpi = Kpi.objects.select_for_update().select_related("plan").get(pk=kpi.pk)
    _check_kpi_period(kpi, period)
    benchmark = KpiBenchmark.objects.filter(
        kpi=kpi, period=period, comparator=comparator
    ).first()
    benchmark = benchmark or KpiBenchmark(kpi=kpi, period=period, comparator=comparator)
    changes = model_update(instance=benchmark, data={"value": value, "source": source})
    record_event(
        by=by,
        verb=AuditVerb.KPI_BENCHMARK_SET,
        target=kpi,
        subject=kpi.plan,
        area_id=kpi.plan.area_id,
        changes={"period": [None, period.label], "comparator": [None, comparator]}
        | changes,
    )
    return benchmark


MILESTONE_FIELDS = ("title", "due_date")


@transaction.atomic
def milestone_add(*, action: Action, by: User, data: Mapping[str, Any]) -> Milestone:
    """Add a dated step towards an action."""
    action = Action.objects.select_related("plan").get(pk=action.pk)
    milestone = Milestone(action=action)
    changes = model_update(instance=milestone, fields=MILESTONE_FIELDS, data=data)
    record_event(
        by=by,
        verb=AuditVerb.MILESTONE_ADDED,
        target=milestone,
        subject=action,
        area_id=action.plan.area_id,
        changes=changes,
    )
    return milestone


@transaction.atomic
def milestone_change(
    *, milestone: Milestone, by: User, data: Mapping[str, Any]
) -> Milestone:
    """Change a milestone's title, date or (un)completion date."""
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("action__plan")
        .get(pk=milestone.pk)
    )
    changes = model_update(
        instance=milestone, fields=(*MILESTONE_FIELDS, "completed_on"), data=data
    )
    if changes:
        record_event(
            by=by,
            verb=AuditVerb.MILESTONE_CHANGED,
            target=milestone,
            subject=milestone.action,
            area_id=milestone.action.plan.area_id,
            changes=changes,
        )
    return milestone


@transaction.atomic
def milestone_complete(
    *, milestone: Milestone, by: User, on: datetime.date | None = None
) -> Milestone:
    """Mark a milestone reached (today unless a date is given)."""
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("action__plan")
        .get(pk=milestone.pk)
    )
    if milestone.completed_on is not None:
        raise ValidationError(_("The milestone is already complete."), code="complete")
    changes = model_update(
        instance=milestone,
        data={"completed_on": on or timezone.localdate()},
    )
    record_event(
        by=by,
        verb=AuditVerb.MILESTONE_COMPLETED,
        target=milestone,
        subject=milestone.action,
        area_id=milestone.action.plan.area_id,
        changes=changes,
    )
    return milestone


def _refuse_meeting_date(
    plan: Plan, date: datetime.date | None, meeting: BoardMeeting | None = None
) -> None:
    if date is None:
        return
    _refuse_duplicate(
        BoardMeeting.objects.filter(plan=plan, date=date),
        "date",
        _("The board already meets on that date"),
        instance=meeting,
    )


@transaction.atomic
def board_meeting_add(*, plan: Plan, by: User, data: Mapping[str, Any]) -> BoardMeeting:
    """Add a meeting of the plan's board."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _refuse_meeting_date(plan, data.get("date"))
    meeting = BoardMeeting(plan=plan)
    changes = model_update(instance=meeting, fields=("date",), data=data)
    record_event(
        by=by,
        verb=AuditVerb.BOARD_MEETING_ADDED,
        target=meeting,
        subject=plan,
        area_id=plan.area_id,
        changes=changes,
    )
    return meeting


@transaction.atomic
def board_meeting_change(
    *, meeting: BoardMeeting, by: User, data: Mapping[str, Any]
) -> BoardMeeting:
    """Move a board meeting to another date."""
    meeting = (
        BoardMeeting.objects.select_for_update()
        .select_related("plan")
        .get(pk=meeting.pk)
    )
    _refuse_meeting_date(meeting.plan, data.get("date"), meeting)
    changes = model_update(instance=meeting, fields=("date",), data=data)
    if changes:
        record_event(
            by=by,
            verb=AuditVerb.BOARD_MEETING_CHANGED,
            target=meeting,
            subject=meeting.plan,
            area_id=meeting.plan.area_id,
            changes=changes,
        )
    return meeting


@transaction.atomic
def workstream_retire(*, workstream: Workstream, by: User) -> Workstream:
    """Stop offering a workstream for new actions; its history stays."""
    workstream = (
        Workstream.objects.select_for_update()
        .select_related("plan")
        .get(pk=workstream.pk)
    )
    if workstream.actions.active().exists():
        raise ValidationError(
            _("Retire or move the workstream’s actions before retiring it."),
            code="has_actions",
        )
    return _retire(
        workstream,
        by=by,
        verb=AuditVerb.WORKSTREAM_RETIRED,
        plan=workstream.plan,
        what=_("workstream"),
    )


@transaction.atomic
def action_retire(*, action: Action, by: User) -> Action:
    """Take an action off the plan's lists; its updates stay in history."""
    action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    return _retire(
        action, by=by, verb=AuditVerb.ACTION_RETIRED, plan=action.plan, what=_("action")
    )


@transaction.atomic
def kpi_retire(*, kpi: Kpi, by: User) -> Kpi:
    """Stop reporting a KPI; its values stay in its history and past reports."""
    kpi = Kpi.objects.select_for_update().select_related("plan").get(pk=kpi.pk)
    return _retire(kpi, by=by, verb=AuditVerb.KPI_RETIRED, plan=kpi.plan, what=_("KPI"))


BREAKDOWN_FIELDS = ("breakdown", "group")


def _refuse_breakdown_group(
    kpi: Kpi, data: Mapping[str, Any], row: KpiBreakdown | None = None
) -> None:
    _refuse_duplicate(
        KpiBreakdown.objects.filter(
            kpi=kpi, breakdown=data.get("breakdown"), group__iexact=data.get("group")
        ),
        "group",
        _("The KPI already has a group with that name in this breakdown"),
        instance=row,
    )


@transaction.atomic
def kpi_breakdown_add(*, kpi: Kpi, by: User, data: Mapping[str, Any]) -> KpiBreakdown:
    """Add a group the KPI is also reported for, such as one district."""
    kpi = Kpi.objects.select_for_update().select_related("plan").get(pk=kpi.pk)
    if kpi.retired_at is not None:
        raise ValidationError(
            _("This KPI is retired: it takes no new breakdown groups."),
            code="retired",
        )
    _refuse_breakdown_group(kpi, data)
    row = KpiBreakdown(kpi=kpi)
    changes = model_update(instance=row, fields=BREAKDOWN_FIELDS, data=data)
    record_event(
        by=by,
        verb=AuditVerb.KPI_BREAKDOWN_ADDED,
        target=row,
        subject=kpi.plan,
        area_id=kpi.plan.area_id,
        changes={"kpi": [None, kpi.code], **changes},
    )
    return row


@transaction.atomic
def kpi_breakdown_change(
    *, breakdown: KpiBreakdown, by: User, data: Mapping[str, Any]
) -> KpiBreakdown:
    """Rename a breakdown group (or move it to another breakdown).

    The values recorded for the group follow it, so a corrected name does not
    leave its history behind under the old one.
    """
    row = (
        KpiBreakdown.objects.select_for_update()
        .select_related("kpi__plan")
        .get(pk=breakdown.pk)
    )
    _refuse_breakdown_group(row.kpi, data, row)
    recorded = row.values()
    wanted = (data.get("breakdown"), data.get("group"))
    if wanted != (row.breakdown, row.group) and (
        KpiValue.objects.filter(
            kpi_id=row.kpi_id, breakdown=wanted[0], breakdown_value=wanted[1]
        ).exists()
    ):
        raise ValidationError(
            {"group": _("The KPI already has values for a group with that name")},
            code="duplicate",
        )
    changes = model_update(instance=row, fields=BREAKDOWN_FIELDS, data=data)
    if changes:
        moved = recorded.update(breakdown=row.breakdown, breakdown_value=row.group)
        if moved:
            changes["values_moved"] = [None, moved]
        record_event(
            by=by,
            verb=AuditVerb.KPI_BREAKDOWN_CHANGED,
            target=row,
            subject=row.kpi.plan,
            area_id=row.kpi.plan.area_id,
            changes=changes,
        )
    return row


@transaction.atomic
def kpi_breakdown_remove(*, breakdown: KpiBreakdown, by: User) -> KpiBreakdown:
    """Take a group off the KPI's breakdowns.

    A group with recorded values is retired: it takes no new values and its
    values stay. One with none is removed. The row returned says which
    (`retired_at` is set, or `pk` is None).
    """
    row = (
        KpiBreakdown.objects.select_for_update()
        .select_related("kpi__plan")
        .get(pk=breakdown.pk)
    )
    plan = row.kpi.plan
    if row.values().exists():
        return _retire(
            row,
            by=by,
            verb=AuditVerb.KPI_BREAKDOWN_RETIRED,
            plan=plan,
            what=_("breakdown group"),
        )
    record_event(
        by=by,
        verb=AuditVerb.KPI_BREAKDOWN_REMOVED,
        target=row,
        subject=plan,
        area_id=plan.area_id,
        changes={
            "kpi": [row.kpi.code, None],
            "breakdown": [row.breakdown, None],
            "group": [row.group, None],
        },
    )
    row.delete()
    return row


def workstream_member_choices(workstream: Workstream) -> Any:
    """Who may join the workstream: active people with a role in its area."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__area_id=workstream.plan.area_id,
            memberships__role__in=Role.values,
        )
        .exclude(pk__in=workstream.members.values("pk"))
        .distinct()
        .order_by("name", "email")
    )


@transaction.atomic
def workstream_member_add(
    *, workstream: Workstream, by: User, member: User
) -> Workstream:
    """Name a person of the area as a member of the workstream (impact group)."""
    workstream = (
        Workstream.objects.select_for_update()
        .select_related("plan")
        .get(pk=workstream.pk)
    )
    if workstream.retired_at is not None:
        raise ValidationError(
            _("This workstream is retired: it takes no new members."),
            code="retired",
        )
    if not member.is_active or not member.has_role(
        workstream.plan.area_id, *Role.values
    ):
        raise ValidationError(
            {"member": _("Select someone who works in this local area")},
            code="member_area",
        )
    if workstream.members.filter(pk=member.pk).exists():
        raise ValidationError(
            {"member": _("%(name)s is already a member") % {"name": member}},
            code="duplicate",
        )
    workstream.members.add(member)
    record_event(
        by=by,
        verb=AuditVerb.WORKSTREAM_MEMBER_ADDED,
        target=workstream,
        subject=workstream.plan,
        area_id=workstream.plan.area_id,
        changes={"member": [None, member.pk]},
    )
    return workstream


@transaction.atomic
def workstream_member_remove(
    *, workstream: Workstream, by: User, member: User
) -> Workstream:
    """Take a person off the workstream's members (its lead stays its lead)."""
    workstream = (
        Workstream.objects.select_for_update()
        .select_related("plan")
        .get(pk=workstream.pk)
    )
    if not workstream.members.filter(pk=member.pk).exists():
        raise ValidationError(
            _("%(name)s is not a member of the workstream.") % {"name": member},
            code="not_member",
        )
    workstream.members.remove(member)
    record_event(
        by=by,
        verb=AuditVerb.WORKSTREAM_MEMBER_REMOVED,
        target=workstream,
        subject=workstream.plan,
        area_id=workstream.plan.area_id,
        changes={"member": [member.pk, None]},
    )
    return workstream
