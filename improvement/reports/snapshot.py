"""Gathering a progress report's figures into a frozen, JSON-ready snapshot.

Everything the report shows is read here, once, when the report is requested,
and stored with it: the HTML view and the PDF are drawn from the snapshot and
never from live data, so what cabinet saw can be shown again exactly. The
number of queries does not grow with the number of actions, KPIs or lines.
"""

import datetime
import json
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import Consultation
from consultations.models import Response
from consultations.models import YouSaidWeDid
from events.models import AttendanceCount
from events.models import Event
from events.models import EventStatus
from strategies.codes import CoproductionLevel
from strategies.codes import RespondentGroup
from strategies.codes import RespondentType
from strategies.models import Theme

from ..dashboards import RAG_ORDER
from ..dashboards import kpi_rows
from ..models import Action
from ..models import ActionTheme
from ..models import ActionUpdate
from ..models import FinanceBlock
from ..models import FinanceValue
from ..models import Kpi
from ..models import Plan
from ..models import Rag
from ..models import ReportingPeriod
from ..thread import findings_by_theme
from ..thread import people_by_group

SCHEMA_VERSION = 1
# How many periods of each KPI's trend the report charts.
TREND_PERIODS = 8
Snapshot = dict[str, Any]


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _rag(value: str | None) -> dict[str, str] | None:
    if not value:
        return None
    return {"code": str(value), "label": str(Rag(value).label)}


def _day_bounds(
    period: ReportingPeriod,
) -> tuple[datetime.datetime, datetime.datetime]:
    """The period's first moment and the moment after its last day, local time."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(
        period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, after


def _priorities(plan: Plan, actions: list[Action]) -> list[dict[str, Any]]:
    priorities = list(plan.strategy.priorities.all())
    counts: dict[int | None, Counter[str]] = {p.pk: Counter() for p in priorities}
    for action in actions:
        key = action.priority_id if action.priority_id in counts else None
        counts.setdefault(key, Counter())[action.rag] += 1
    rows: list[tuple[int | None, str | None, Counter[str]]] = [
        (p.number, p.title, counts[p.pk]) for p in priorities
    ]
    if counts.get(None):
        rows.append((None, None, counts[None]))
    return [
        {
            "number": number,
            "title": title,
            "total": sum(rag_counts.values()),
            "counts": [
                {
                    "code": str(rag.value),
                    "label": str(rag.label),
                    "count": rag_counts[rag],
                }
                for rag in RAG_ORDER
            ],
        }
        for number, title, rag_counts in rows
    ]


def _exceptions(actions: list[Action], *, as_at: datetime.date) -> list[dict[str, Any]]:
    """Red then amber actions, with the reason and mitigation of their last update."""
    trouble = [a for a in actions if a.rag in (Rag.RED, Rag.AMBER)]
    # Newest first, keeping the first seen per action (portable DISTINCT ON).
    latest: dict[int, ActionUpdate] = {}
    for newer in ActionUpdate.objects.filter(
        action_id__in=[a.pk for a in trouble]
    ).order_by("action_id", "-created_at", "-pk"):
        latest.setdefault(newer.action_id, newer)
    trouble.sort(key=lambda a: (RAG_ORDER.index(Rag(a.rag)), a.sort_key))
    rows = []
    for action in trouble:
        update = latest.get(action.pk)
        rows.append(
            {
                "reference": action.reference,
                "title": action.title,
                "priority": action.priority.number if action.priority else None,
                "workstream": action.workstream.name,
                "owner": action.owner.name if action.owner else "",
                "rag": _rag(action.rag),
                "status": str(action.get_status_display()),
                "due": action.effective_due_date.isoformat(),
                "overdue": action.is_overdue(as_at),
                "reason": update.narrative if update else "",
                "mitigation": update.next_steps if update else "",
            }
        )
    return rows


def _kpis(plan: Plan, period: ReportingPeriod) -> list[dict[str, Any]]:
    kpis = list(Kpi.objects.for_plan(plan).active())
    rows = []
    for row in kpi_rows(kpis):
        kpi = row.kpi
        periods = [p for p in row.periods if p.start <= period.start][-TREND_PERIODS:]
        with_value = [p for p in periods if p.pk in row.values]
        shown = with_value[-1] if with_value else None
        value = row.values.get(shown.pk) if shown else None
        target = row.targets.get(shown.pk) if shown else None
        england = row.benchmarks.get(shown.pk) if shown else None
        rows.append(
            {
                "code": kpi.code,
                "name": kpi.name,
                "unit": kpi.unit,
                "direction": kpi.direction,
                "direction_label": str(kpi.get_direction_display()),
                "period": shown.label if shown else None,
                "is_current": shown is not None and shown.pk == period.pk,
                "value": _decimal(value.value if value else None),
                "value_display": kpi.format(value.value if value else None),
                "target_display": kpi.format(target),
                "england_display": kpi.format(england),
                "rag": _rag(row.rag_for(shown)),
                "commentary": value.commentary if value else "",
                "trend": {
                    "labels": [p.label for p in periods],
                    "value": [
                        _decimal(row.values[p.pk].value) if p.pk in row.values else None
                        for p in periods
                    ],
                    "target": [_decimal(row.targets.get(p.pk)) for p in periods],
                    "england": [_decimal(row.benchmarks.get(p.pk)) for p in periods],
                },
            }
        )
    return rows


def _finance(plan: Plan, period: ReportingPeriod) -> dict[str, Any]:
    """Each line's figures for the period, or its latest before it."""
    latest: dict[int, FinanceValue] = {}
    for recorded in (
        FinanceValue.objects.filter(line__plan=plan, period__start__lte=period.start)
        .select_related("period")
        .order_by("line_id", "-period__start")
    ):
        latest.setdefault(recorded.line_id, recorded)
    # A retired line counts only in a quarter it has figures for: its last
    # figures must not be carried into the quarters after it was retired.
    lines = [
        line
        for line in plan.finance_lines.all()
        if line.retired_at is None
        or (line.pk in latest and latest[line.pk].period_id == period.pk)
    ]
    latest = {line.pk: latest[line.pk] for line in lines if line.pk in latest}
    rows = []
    totals = dict.fromkeys(("budget", "forecast", "actual", "variance"), Decimal(0))
    for line in lines:
        value = latest.get(line.pk)
        if value is not None:
            totals["budget"] += value.budget
            totals["forecast"] += value.forecast_outturn
            totals["actual"] += value.actual or 0
            totals["variance"] += value.variance
        rows.append(
            {
                "name": line.name,
                "block": str(FinanceBlock(line.block).label),
                "is_dsg": line.is_dsg,
                "period": value.period.label if value else None,
                "budget": _decimal(value.budget) if value else None,
                "forecast": _decimal(value.forecast_outturn) if value else None,
                "actual": _decimal(value.actual) if value else None,
                "variance": _decimal(value.variance) if value else None,
                "commentary": value.commentary if value else "",
            }
        )
    return {
        "lines": rows,
        "totals": {key: _decimal(total) for key, total in totals.items()}
        if latest
        else None,
    }


def _group_label(code: str) -> str:
    """The respondent group's name from the shared code list."""
    return str(RespondentType(code).label) if code in RespondentType.values else code


def _coproduction(plan: Plan, period: ReportingPeriod) -> dict[str, Any]:
    """Voices heard in the period: survey responses and event attendance by group."""
    start, after = _day_bounds(period)
    responses = {
        row["respondent_type"]: row["count"]
        for row in Response.objects.filter(
            consultation__area_id=plan.area_id,
            submitted_at__gte=start,
            submitted_at__lt=after,
        )
        .values("respondent_type")
        .annotate(count=Count("pk"))
    }
    attendance_rows = (
        AttendanceCount.objects.filter(
            event__area_id=plan.area_id,
            event__starts_at__gte=start,
            event__starts_at__lt=after,
        )
        .exclude(event__status=EventStatus.CANCELLED)
        .values("respondent_type")
        .annotate(count=Sum("count"), events=Count("event_id", distinct=True))
    )
    attendance = {row["respondent_type"]: row["count"] for row in attendance_rows}
    codes = sorted(
        set(responses) | set(attendance),
        key=lambda code: -(responses.get(code, 0) + attendance.get(code, 0)),
    )
    return {
        "groups": [
            {
                "code": code,
                "label": _group_label(code),
                "responses": responses.get(code, 0),
                "attendance": attendance.get(code, 0),
            }
            for code in codes
        ],
        "responses_total": sum(responses.values()),
        "attendance_total": sum(attendance.values()),
    }


def _coproduction_levels(plan: Plan, period: ReportingPeriod) -> dict[str, Any]:
    """Activities by rung of the ladder of engagement: the area's published
    consultations open at some time in the period, and its events held in it
    (not cancelled). These count activities, not people."""
    start, after = _day_bounds(period)
    consultations = Counter(
        {
            row["coproduction_level"]: row["count"]
            for row in Consultation.objects.public()
            .filter(area_id=plan.area_id, opens_at__lt=after, closes_at__gt=start)
            .values("coproduction_level")
            .annotate(count=Count("pk"))
        }
    )
    events = Counter(
        {
            row["coproduction_level"]: row["count"]
            for row in Event.objects.filter(
                area_id=plan.area_id, starts_at__gte=start, starts_at__lt=after
            )
            .exclude(status=EventStatus.CANCELLED)
            .values("coproduction_level")
            .annotate(count=Count("pk"))
        }
    )
    rungs = [(str(level.value), str(level.label)) for level in CoproductionLevel]
    rungs.append(("", str(_("Not set"))))
    return {
        "rows": [
            {
                "code": code,
                "label": label,
                "consultations": consultations[code],
                "events": events[code],
            }
            for code, label in rungs
        ],
        "consultations_total": sum(consultations.values()),
        "events_total": sum(events.values()),
    }


def _you_said_we_did(plan: Plan, period: ReportingPeriod) -> list[dict[str, Any]]:
    """Published feedback of the area's consultations, up to the end of the period."""
    _start, after = _day_bounds(period)
    items = (
        YouSaidWeDid.objects.published()
        .filter(
            consultation__area_id=plan.area_id,
            consultation__feedback_published_at__lt=after,
        )
        .select_related("consultation", "theme")
        .order_by("-consultation__feedback_published_at", "consultation", "sort", "pk")
    )
    return [
        {
            "consultation": item.consultation.title,
            "theme": item.theme.name if item.theme else "",
            "you_said": item.you_said,
            "said_count": item.said_count,
            "we_did": item.we_did,
            "status": str(item.get_status_display()),
        }
        for item in items
    ]


def _thread(plan: Plan, period: ReportingPeriod) -> dict[str, Any]:
    """The golden thread of the period, per priority: the themes people raised
    (answers of responses submitted in the period, by respondent group, and
    findings of events held in it, as public) and the plan's actions linked
    to those themes, with their RAG. Exact counts, as the snapshot keeps all
    figures: the public rendering applies the disclosure rule."""
    start, after = _day_bounds(period)
    themes = list(
        Theme.objects.filter(strategy_id=plan.strategy_id).order_by("name", "pk")
    )
    ids = [theme.pk for theme in themes]
    people = people_by_group(ids, since=start, before=after)
    findings = findings_by_theme(ids, since=start, before=after)
    heard = [theme for theme in themes if people[theme.pk] or findings[theme.pk]]
    links = (
        ActionTheme.objects.filter(
            theme__in=heard, action__plan=plan, action__retired_at__isnull=True
        )
        .select_related("action", "theme")
        .order_by("action__sort_key", "action__reference", "theme__name")
    )
    # An action linked to themes of two priorities is listed under both.
    fed: dict[int | None, dict[int, dict[str, Any]]] = {}
    for link in links:
        action = link.action
        row = fed.setdefault(link.theme.priority_id, {}).setdefault(
            action.pk,
            {
                "reference": action.reference,
                "title": action.title,
                "rag": _rag(action.rag),
                "themes": [],
            },
        )
        row["themes"].append(link.theme.name)
    priorities: list[tuple[int | None, int | None, str | None]] = [
        (p.pk, p.number, p.title) for p in plan.strategy.priorities.all()
    ]
    priorities.append((None, None, None))
    rows = []
    for priority_id, number, title in priorities:
        own = [theme for theme in heard if theme.priority_id == priority_id]
        if not own:
            continue
        rows.append(
            {
                "number": number,
                "title": title,
                "themes": [
                    {
                        "name": theme.name,
                        "groups": {
                            str(group.value): people[theme.pk][group]
                            for group in RespondentGroup
                        },
                        "people": sum(people[theme.pk].values()),
                        "findings": findings[theme.pk],
                    }
                    for theme in own
                ],
                "actions": list(fed.get(priority_id, {}).values()),
            }
        )
    return {"priorities": rows}


def gather_snapshot(
    *,
    plan: Plan,
    period: ReportingPeriod,
    executive_summary: str,
    next_steps: str,
    as_at: datetime.datetime,
) -> Snapshot:
    """Every figure of the plan's report for `period`, as JSON-ready data.

    Reads only; `as_at` is when the figures were taken (actions are overdue
    against the earlier of that day and the period's last day).
    """
    plan = (
        Plan.objects.select_related("area", "strategy")
        .prefetch_related("strategy__priorities")
        .get(pk=plan.pk)
    )
    overdue_on = min(timezone.localtime(as_at).date(), period.end)
    # A new report shows the plan as it stands: retired actions, KPIs and
    # workstreams stay in the reports already made, not in new ones.
    actions = list(
        Action.objects.for_plan(plan)
        .active()
        .select_related("workstream", "priority", "owner")
        .order_by("sort_key", "reference")
    )
    rag_totals = Counter(action.rag for action in actions)
    workstreams = [
        {
            "name": w.name,
            "rag": _rag(w.rag),
            "reason": w.rag_reason,
            "mitigation": w.mitigation,
        }
        for w in plan.workstreams.active()
    ]
    snapshot: Snapshot = {
        "schema": SCHEMA_VERSION,
        "taken_at": as_at.isoformat(),
        "area": {"name": plan.area.name, "slug": plan.area.slug},
        "plan": {
            "title": plan.title,
            "board": plan.board,
            "strategy": plan.strategy.title,
        },
        "period": {
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "executive_summary": executive_summary,
        "next_steps": next_steps,
        "action_count": len(actions),
        "overdue_count": sum(1 for a in actions if a.is_overdue(overdue_on)),
        "rag_totals": [
            {"code": str(r.value), "label": str(r.label), "count": rag_totals[r]}
            for r in RAG_ORDER
        ],
        "priorities": _priorities(plan, actions),
        "workstreams": workstreams,
        "exceptions": _exceptions(actions, as_at=overdue_on),
        "kpis": _kpis(plan, period),
        "finance": _finance(plan, period),
        "coproduction": _coproduction(plan, period),
        "coproduction_levels": _coproduction_levels(plan, period),
        "you_said_we_did": _you_said_we_did(plan, period),
        "thread": _thread(plan, period),
    }
    # A round trip through JSON: what is returned is exactly what is stored.
    frozen: Snapshot = json.loads(json.dumps(snapshot))
    return frozen
