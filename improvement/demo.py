"""Demo improvement plans: Buckinghamshire's impact groups, Barnsley's programme.

Buckinghamshire's SEND Improvement Plan 2021-23 is delivered by eight impact
groups beneath the SEND Board, rated monthly; Barnsley's SEND Improvement
Programme (6 priorities and 4 enablers) reports KPIs and high-needs finance to
cabinet quarterly. Dates are fixed and the random choices seeded, so loading
twice gives the same data.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from typing import TextIO

from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.areas.demo import load_demo_user
from sendportal.areas.models import LocalArea
from sendportal.areas.models import PartnerOrganisation
from strategies.models import Priority
from strategies.models import Strategy

from . import services
from . import setup_services
from .demo_thread import load_thread as load_area_thread
from .models import Action
from .models import ActionStatus
from .models import Breakdown
from .models import FinanceBlock
from .models import FinanceLine
from .models import FinanceValue
from .models import Kpi
from .models import KpiBenchmark
from .models import KpiTarget
from .models import KpiValue
from .models import Plan
from .models import Rag
from .models import ReportingPeriod
from .models import Workstream
from .periods import PeriodType
from .periods import period_containing
from .reports.demo import load as load_reports


@dataclass(frozen=True)
class DemoAction:
    title: str
    partner: str
    due: datetime.date
    success_measure: str = ""
    is_wsoa: bool = False


@dataclass(frozen=True)
class DemoWorkstream:
    name: str
    priorities: tuple[int, ...]
    actions: tuple[DemoAction, ...]
    # The lead's demo login (`<lead>@<area>.demo`) and what they are called
    # after the area's name. "lead" is the area's own workstream lead login.
    lead: str
    lead_title: str = "Workstream Lead"


d = datetime.date
BUCKS_COUNCIL = "Buckinghamshire Council"
BUCKS_HEALTH = "Buckinghamshire Healthcare NHS Trust"
BUCKS_CCG = "Buckinghamshire Clinical Commissioning Group"
FACT = "FACT Bucks (Family and Carers Together)"

BUCKS_WORKSTREAMS = (
    DemoWorkstream(
        "SEND Support",
        (1, 3),
        (
            DemoAction(
                "Publish a graduated approach toolkit for schools and settings",
                BUCKS_COUNCIL,
                d(2022, 9, 30),
                "Every school SENCO has used the toolkit in a review",
            ),
            DemoAction(
                "Train SENCOs in writing SEN support plans with families",
                BUCKS_COUNCIL,
                d(2022, 12, 31),
                "80% of SENCOs trained; families say plans reflect their views",
            ),
        ),
        lead="lead",
    ),
    DemoWorkstream(
        "Sufficiency (ASC and SEMH)",
        (1, 2),
        (
            DemoAction(
                "Open two new resourced provisions for autistic pupils",
                BUCKS_COUNCIL,
                d(2022, 9, 1),
                "40 additional specialist places in local mainstream schools",
            ),
            DemoAction(
                "Commission SEMH outreach for primary schools",
                BUCKS_COUNCIL,
                d(2023, 1, 31),
            ),
        ),
        lead="lead.sufficiency",
        lead_title="Sufficiency Impact Group Lead",
    ),
    DemoWorkstream(
        "Preparation for Adulthood",
        (1, 2, 3),
        (
            DemoAction(
                "Record Preparing for Adulthood outcomes at every Year 9 review",
                BUCKS_COUNCIL,
                d(2022, 7, 31),
                "90% of Year 9+ reviews record PfA outcomes",
            ),
            DemoAction(
                "Extend supported internships with local employers",
                BUCKS_COUNCIL,
                d(2023, 3, 31),
            ),
        ),
        lead="lead.pfa",
        lead_title="Preparation for Adulthood Impact Group Lead",
    ),
    DemoWorkstream(
        "Joint Commissioning",
        (4,),
        (
            DemoAction(
                "Agree a therapies strategy for speech and language and OT",
                BUCKS_CCG,
                d(2022, 11, 30),
                "Waiting times for therapy assessment under 18 weeks",
                is_wsoa=True,
            ),
            DemoAction(
                "Reduce autism and ADHD assessment waits",
                BUCKS_HEALTH,
                d(2023, 3, 31),
                "No child waits more than 52 weeks for assessment",
                is_wsoa=True,
            ),
        ),
        lead="lead.commissioning",
        lead_title="Joint Commissioning Impact Group Lead",
    ),
    DemoWorkstream(
        "Statutory Performance",
        (4,),
        (
            DemoAction(
                "Keep EHC plans issued within 20 weeks above 80%",
                BUCKS_COUNCIL,
                d(2022, 12, 31),
                "20-week timeliness above 80% every month",
            ),
            DemoAction(
                "Clear the backlog of annual reviews",
                BUCKS_COUNCIL,
                d(2023, 2, 28),
            ),
        ),
        lead="lead.performance",
        lead_title="Statutory Performance Impact Group Lead",
    ),
    DemoWorkstream(
        "Quality Assurance",
        (1, 4),
        (
            DemoAction(
                "Audit EHC plans termly with FACT Bucks",
                FACT,
                d(2022, 12, 31),
                "66% of audited plans rated good or better",
            ),
        ),
        lead="lead.quality",
        lead_title="Quality Assurance Impact Group Lead",
    ),
    DemoWorkstream(
        "Local Offer Advisory",
        (3,),
        (
            DemoAction(
                "Rebuild the Local Offer website with young people",
                BUCKS_COUNCIL,
                d(2022, 10, 31),
                "Young people test and approve the new site",
            ),
            DemoAction(
                "Publish “You said, we did” every quarter",
                FACT,
                d(2023, 3, 31),
            ),
        ),
        lead="lead.local-offer",
        lead_title="Local Offer Advisory Group Lead",
    ),
    DemoWorkstream(
        "Voluntary and Community Sector",
        (3,),
        (
            DemoAction(
                "Map short breaks and leisure offers with Pace",
                "Pace",
                d(2022, 8, 31),
            ),
        ),
        lead="lead.vcs",
        lead_title="Voluntary and Community Sector Impact Group Lead",
    ),
)

BARNSLEY_COUNCIL = "Barnsley Metropolitan Borough Council"
BARNSLEY_ICS = "Barnsley Integrated Care System"
ALLIANCE = "Barnsley Schools Alliance"
KIDS = "KIDS Barnsley parent participation"

BARNSLEY_WORKSTREAMS = (
    DemoWorkstream(
        "P1 Children and young people’s participation (SEND Oversight Board)",
        (1,),
        (
            DemoAction(
                "Grow the SEND Youth Forum and involve it in every priority group",
                "Barnsley SEND Youth Forum",
                d(2023, 7, 31),
            ),
        ),
        lead="lead.participation",
        lead_title="Participation Priority Lead",
    ),
    DemoWorkstream(
        "P2 Parent and carer participation",
        (2,),
        (
            DemoAction(
                "Hold termly SEND Talkabouts hosted by the Executive Director",
                BARNSLEY_COUNCIL,
                d(2023, 3, 31),
                "Parents say their experience shapes plans",
                is_wsoa=True,
            ),
            DemoAction(
                "Support parents to form a designated parent carer forum",
                KIDS,
                d(2023, 9, 30),
                is_wsoa=True,
            ),
        ),
        lead="lead.parents",
        lead_title="Parent and Carer Participation Priority Lead",
    ),
    DemoWorkstream(
        "P3 Early identification and SEN support (Schools Alliance)",
        (3,),
        (
            DemoAction(
                "Agree a borough-wide SEN support offer with schools",
                ALLIANCE,
                d(2023, 7, 31),
                is_wsoa=True,
            ),
        ),
        lead="lead.sen-support",
        lead_title="SEN Support Priority Lead",
    ),
    DemoWorkstream(
        "P4 Specialist support and provision (SEND Sufficiency Group)",
        (4,),
        (
            DemoAction(
                "Improve EHC needs assessment timeliness",
                BARNSLEY_COUNCIL,
                d(2024, 3, 31),
                "75% of EHC plans issued within 20 weeks",
            ),
            DemoAction(
                "Create 60 local specialist places",
                BARNSLEY_COUNCIL,
                d(2024, 9, 1),
            ),
        ),
        lead="lead",
    ),
    DemoWorkstream(
        "P5 Autism and SLCN (Autism Partnership Board)",
        (5,),
        (
            DemoAction(
                "Launch a neurodevelopmental pathway with the ICS",
                BARNSLEY_ICS,
                d(2023, 12, 31),
            ),
        ),
        lead="lead.autism",
        lead_title="Autism and SLCN Priority Lead",
    ),
    DemoWorkstream(
        "P6 Preparation for adulthood (PfA Steering Group)",
        (6,),
        (
            DemoAction(
                "Start PfA planning at every Year 9 annual review",
                BARNSLEY_COUNCIL,
                d(2023, 7, 31),
            ),
        ),
        lead="lead.pfa",
        lead_title="Preparation for Adulthood Priority Lead",
    ),
    DemoWorkstream(
        "Enabler: quality of data",
        (7,),
        (
            DemoAction(
                "Publish a monthly SEND performance scorecard",
                BARNSLEY_COUNCIL,
                d(2022, 12, 31),
            ),
        ),
        lead="lead.data",
        lead_title="Quality of Data Enabler Lead",
    ),
    DemoWorkstream(
        "Enabler: Local Offer",
        (8,),
        (
            DemoAction(
                "Review the Local Offer with families",
                BARNSLEY_COUNCIL,
                d(2023, 3, 31),
            ),
        ),
        lead="lead.local-offer",
        lead_title="Local Offer Enabler Lead",
    ),
    DemoWorkstream(
        "Enabler: financial balance",
        (9,),
        (
            DemoAction(
                "Agree a high needs deficit recovery plan",
                BARNSLEY_COUNCIL,
                d(2023, 6, 30),
            ),
        ),
        lead="lead.finance",
        lead_title="Financial Balance Enabler Lead",
    ),
    DemoWorkstream(
        "Enabler: workforce development",
        (10,),
        (
            DemoAction(
                "Deliver SEND training for all school staff",
                ALLIANCE,
                d(2024, 3, 31),
            ),
        ),
        lead="lead.workforce",
        lead_title="Workforce Development Enabler Lead",
    ),
)

NARRATIVES = {
    Rag.GREY: "Not started yet: scheduled to begin next quarter.",
    Rag.GREEN: "On track. Milestones this month met; reported to the board.",
    Rag.AMBER: "Some slippage because of staff vacancies; recovery plan agreed.",
    Rag.RED: "Off track: needs the board's help to unblock funding.",
    Rag.BLUE: "Complete and embedded in everyday practice.",
}
NEXT_STEPS = {
    Rag.GREY: "Confirm the project lead.",
    Rag.GREEN: "Continue as planned and report next month.",
    Rag.AMBER: "Agency cover in place; review at the next meeting.",
    Rag.RED: "Escalate to the board with options.",
    Rag.BLUE: "Monitor through the scorecard.",
}
STATUS_FOR = {
    Rag.GREY: ActionStatus.NOT_STARTED,
    Rag.GREEN: ActionStatus.IN_PROGRESS,
    Rag.AMBER: ActionStatus.IN_PROGRESS,
    Rag.RED: ActionStatus.IN_PROGRESS,
    Rag.BLUE: ActionStatus.COMPLETE,
}


def _next_rag(rng: random.Random, rag: str, step: int, steps: int) -> str:
    """A plausible month-on-month move: most actions start, some slip, most finish."""
    if rag == Rag.BLUE:
        return rag
    if rag == Rag.GREY:
        return Rag.GREEN if rng.random() < 0.6 else Rag.GREY
    if step >= steps - 3 and rng.random() < 0.15:
        return Rag.BLUE
    return rng.choices([Rag.GREEN, Rag.AMBER, Rag.RED], weights=[6, 3, 1])[0]


def _months(first: datetime.date, count: int) -> list[datetime.date]:
    days = []
    year, month = first.year, first.month
    for _ in range(count):
        days.append(datetime.date(year, month, first.day))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return days


def _user(prefix: str, slug: str) -> User | None:
    return User.objects.filter(email=f"{prefix}@{slug}.demo").first()


def _officer(area: LocalArea) -> User:
    """The area's demo officer, who sets the plan up through the staff services."""
    officer = _user("officer", area.slug)
    if officer is None:
        raise LookupError(f"The demo officer of {area.slug} is missing.")
    return officer


# Fixed, so that loading again (and the public pages) show the same date.
PUBLISHED_AT = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


def load_plan(
    *,
    area: LocalArea,
    strategy: Strategy,
    title: str,
    board: str,
    workstreams: Sequence[DemoWorkstream],
    update_months: Sequence[datetime.date],
    start: datetime.date,
) -> Plan:
    """Set up the plan as an officer would on the staff pages, then its history.

    Every row goes through the services of the set-up pages (audited, as the
    demo officer); a second load finds each row and changes nothing, so no
    event is recorded again.
    """
    officer = _officer(area)
    data = {
        "strategy": strategy,
        "title": title,
        "board": board,
        "update_period_type": PeriodType.MONTH,
    }
    plan = Plan.objects.filter(strategy=strategy, title=title).first()
    if plan is None:
        plan = services.plan_create(area=area, by=officer, data=data)
    else:
        plan = services.plan_update(plan=plan, by=officer, data=data)
    if not plan.is_published:
        # No service sets the first publication date; plan_publish keeps one
        # already set, so the demo's plans were first published on a fixed day.
        Plan.objects.filter(pk=plan.pk, published_at=None).update(
            published_at=PUBLISHED_AT
        )
        plan = services.plan_publish(plan=plan, by=officer)
    meetings = set(plan.meetings.values_list("date", flat=True))
    for month in update_months:
        day = month + datetime.timedelta(days=14)
        if day not in meetings:
            setup_services.board_meeting_add(plan=plan, by=officer, data={"date": day})
    rng = random.Random(f"improvement-{area.slug}")
    priorities = {p.number: p for p in strategy.priorities.all()}
    partners = {p.name: p for p in PartnerOrganisation.objects.filter(area=area)}
    for index, item in enumerate(workstreams, start=1):
        # A workstream's lead holds the workstream lead role (the service and
        # the page refuse anyone else); they own its actions and report on them.
        lead = load_demo_user(
            area, item.lead, Role.WORKSTREAM_LEAD, f"{area.name} {item.lead_title}"
        )
        reporter = lead
        workstream = _load_workstream(plan, officer, item, lead, priorities)
        for number, demo in enumerate(item.actions, start=1):
            action = _load_action(
                plan,
                officer,
                {
                    "workstream": workstream,
                    "reference": f"{index}.{number}",
                    "title": demo.title,
                    "priority": priorities[item.priorities[0]],
                    "owner": reporter,
                    "lead_partner": partners.get(demo.partner),
                    "start_date": start,
                    "due_date": demo.due,
                    "success_measure": demo.success_measure,
                },
            )
            if action.is_wsoa != demo.is_wsoa:
                # No set-up service or page field for the written statement of
                # action flag yet.
                Action.objects.filter(pk=action.pk).update(is_wsoa=demo.is_wsoa)
            _load_updates(action, reporter, rng, update_months)
        _load_workstream_rag(workstream, reporter)
    return plan


def _load_workstream(
    plan: Plan,
    officer: User,
    item: DemoWorkstream,
    lead: User,
    priorities: dict[int, Priority],
) -> Workstream:
    data = {
        "name": item.name,
        "lead": lead,
        "priorities": [priorities[n] for n in item.priorities],
    }
    workstream = plan.workstreams.filter(name=item.name).first()
    if workstream is None:
        workstream = services.workstream_create(plan=plan, by=officer, data=data)
    else:
        workstream = services.workstream_update(
            workstream=workstream, by=officer, data=data
        )
    if not workstream.members.filter(pk=lead.pk).exists():
        # The lead sits in the group as well as leading it.
        setup_services.workstream_member_add(
            workstream=workstream, by=officer, member=lead
        )
    return workstream


def _load_action(plan: Plan, officer: User, data: dict[str, Any]) -> Action:
    action = plan.actions.filter(reference=data["reference"]).first()
    if action is None:
        return services.action_create(plan=plan, by=officer, data=data)
    return services.action_change(action=action, by=officer, data=data)


def _load_workstream_rag(workstream: Workstream, by: User) -> None:
    """The workstream's overall RAG is its worst action's, as a highlight report."""
    ratings = set(workstream.actions.values_list("rag", flat=True))
    worst = next(
        (rag for rag in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE) if rag in ratings),
        Rag.GREY,
    )
    wanted = {
        "rag": worst,
        "rag_reason": NARRATIVES[Rag(worst)],
        "mitigation": NEXT_STEPS[Rag(worst)] if worst in (Rag.AMBER, Rag.RED) else "",
        "impact_if_not_mitigated": (
            "Families wait longer for support." if worst == Rag.RED else ""
        ),
    }
    stored = Workstream.objects.filter(pk=workstream.pk).values(*wanted).get()
    if stored != wanted:
        services.workstream_rag_set(workstream=workstream, by=by, **wanted)


def _load_updates(
    action: Action,
    by: User,
    rng: random.Random,
    months: Sequence[datetime.date],
) -> None:
    """A monthly update per month, oldest first, through the update service."""
    recorded = set(action.updates.values_list("created_at", flat=True))
    rag: str = Rag.GREY
    for step, month in enumerate(months):
        # Drawn for every month, recorded or not, so a second load draws alike.
        rag = _next_rag(rng, rag, step, len(months))
        when = datetime.datetime.combine(
            month, datetime.time(10, 0), tzinfo=datetime.UTC
        )
        if when in recorded:
            continue
        services.action_update_record(
            action=action,
            by=by,
            rag=rag,
            status=STATUS_FOR[Rag(rag)],
            narrative=NARRATIVES[Rag(rag)],
            next_steps=NEXT_STEPS[Rag(rag)],
            evidence="Board papers, " + month.strftime("%B %Y"),
            at=when,
        )


@dataclass(frozen=True)
class DemoKpi:
    code: str
    name: str
    unit: str
    direction: str
    tolerance: Decimal
    values: tuple[float, ...]
    targets: tuple[float, ...] = ()
    england: tuple[float, ...] = ()
    is_public: bool = True
    workstream: str = ""


BARNSLEY_QUARTERS_FROM = d(2022, 4, 1)
P4 = "P4 Specialist support and provision (SEND Sufficiency Group)"
BARNSLEY_KPIS = (
    DemoKpi(
        "EHCP_20WK",
        "New EHC plans issued within 20 weeks (excluding exceptions)",
        "percent",
        "higher",
        Decimal(5),
        (35.2, 38.9, 44.1, 47.6, 55.3, 61.8, 68.4, 75.1),
        (40, 45, 50, 55, 60, 65, 70, 75),
        (49.2, 49.2, 50.3, 50.3, 50.3, 50.3, 46.4, 46.4),
        workstream=P4,
    ),
    DemoKpi(
        "EHCNA_6WK",
        "Decisions whether to assess made within 6 weeks",
        "percent",
        "higher",
        Decimal(5),
        (71.0, 74.5, 78.2, 82.0, 80.4, 86.9, 90.3, 92.1),
        (80, 80, 85, 85, 90, 90, 90, 90),
        workstream=P4,
    ),
    DemoKpi(
        "AR_TIMELY",
        "Annual reviews completed within 12 months",
        "percent",
        "higher",
        Decimal(5),
        (48.0, 51.5, 55.0, 58.3, 63.9, 66.0, 70.2, 74.8),
        (60, 60, 65, 65, 70, 70, 75, 75),
    ),
    DemoKpi(
        "EHCP_INDEP",
        "EHC plans in independent or non-maintained special schools",
        "percent",
        "lower",
        Decimal("0.5"),
        (9.1, 9.0, 8.8, 8.9, 8.5, 8.2, 7.9, 7.6),
        (8.5, 8.5, 8.5, 8.5, 8.0, 8.0, 8.0, 8.0),
        is_public=False,
    ),
    DemoKpi(
        "EHCNA_REQUESTS",
        "Requests for an EHC needs assessment",
        "count",
        "context",
        Decimal(0),
        (142, 151, 168, 160, 177, 189, 203, 214),
    ),
)

BUCKS_KPIS = (
    DemoKpi(
        "EHCP_20WK",
        "New EHC plans issued within 20 weeks (excluding exceptions)",
        "percent",
        "higher",
        Decimal(5),
        (89.0, 84.2, 81.5, 76.0, 71.3, 74.8, 79.9, 82.4),
        (80, 80, 80, 80, 80, 80, 80, 80),
        (59.9, 59.9, 59.9, 59.9, 50.3, 50.3, 50.3, 50.3),
        workstream="Statutory Performance",
    ),
    DemoKpi(
        "EHCP_QUALITY",
        "Audited EHC plans rated good or better",
        "percent",
        "higher",
        Decimal(5),
        (50.0, 52.0, 55.0, 58.0, 57.0, 61.0, 63.0, 66.0),
        (55, 55, 60, 60, 60, 65, 65, 66),
        workstream="Quality Assurance",
    ),
)

# Latest-quarter breakdown of Barnsley's 20-week timeliness by district.
BARNSLEY_DISTRICT_EHCP_20WK = (
    ("Central", 71.4),
    ("Dearne", 78.9),
    ("North", 74.0),
    ("North East", 69.2),
    ("Penistone", 83.3),
    ("South", 76.5),
)

BARNSLEY_FINANCE = (
    # code, name, block, budget £m, forecast drift per quarter £m
    (
        "mainstream_top_up",
        "Mainstream top-up funding",
        FinanceBlock.HIGH_NEEDS,
        9.4,
        0.20,
    ),
    (
        "resource_base_places",
        "Resourced provision places",
        FinanceBlock.HIGH_NEEDS,
        3.1,
        0.02,
    ),
    (
        "maintained_special",
        "Maintained special school places and top-up",
        FinanceBlock.HIGH_NEEDS,
        12.6,
        0.15,
    ),
    (
        "independent_nmss",
        "Independent and non-maintained special schools",
        FinanceBlock.HIGH_NEEDS,
        6.8,
        0.55,
    ),
    (
        "post16_fe",
        "Post-16 further education and specialist colleges",
        FinanceBlock.HIGH_NEEDS,
        2.9,
        0.10,
    ),
    (
        "alternative_provision",
        "Alternative provision",
        FinanceBlock.HIGH_NEEDS,
        2.2,
        0.05,
    ),
    (
        "sen_support_services",
        "SEN support services (sensory, EP, outreach)",
        FinanceBlock.HIGH_NEEDS,
        1.7,
        -0.02,
    ),
    (
        "send_transport",
        "Home to school SEND transport",
        FinanceBlock.GENERAL_FUND,
        8.3,
        0.30,
    ),
)


def _record_value(
    kpi: Kpi,
    by: User,
    period: ReportingPeriod,
    value: Decimal,
    status: str,
    *,
    breakdown: str = "",
    breakdown_value: str = "",
) -> None:
    """Record a KPI's value through the service, unless it is already so."""
    stored = (
        KpiValue.objects.filter(
            kpi=kpi,
            period=period,
            breakdown=breakdown,
            breakdown_value=breakdown_value,
        )
        .values_list("value", "status", "recorded_by_id", "commentary")
        .first()
    )
    if stored == (value, status, by.pk, ""):
        return
    services.kpi_value_record(
        kpi=kpi,
        by=by,
        period=period,
        value=value,
        status=status,
        breakdown=breakdown,
        breakdown_value=breakdown_value,
    )


def load_kpis(plan: Plan, kpis: Sequence[DemoKpi], first: datetime.date) -> None:
    officer = _officer(plan.area)
    quarters = []
    day = first
    for _ in range(8):
        bounds = period_containing(PeriodType.FIN_QUARTER, day)
        quarters.append(ReportingPeriod.for_bounds(plan.area_id, bounds))
        day = bounds.end + datetime.timedelta(days=1)
    for demo in kpis:
        data = {
            "code": demo.code,
            "name": demo.name,
            "unit": demo.unit,
            "direction": demo.direction,
            "period_type": PeriodType.FIN_QUARTER,
            "tolerance": demo.tolerance,
            "is_public": demo.is_public,
            "baseline_value": Decimal(str(demo.values[0])),
            "baseline_label": quarters[0].label,
            "workstream": (
                plan.workstreams.filter(name=demo.workstream).first()
                if demo.workstream
                else None
            ),
        }
        kpi = plan.kpis.filter(code=demo.code).first()
        if kpi is None:
            kpi = services.kpi_create(plan=plan, by=officer, data=data)
        else:
            kpi = services.kpi_change(kpi=kpi, by=officer, data=data)
        for index, quarter in enumerate(quarters):
            _record_value(
                kpi,
                officer,
                quarter,
                Decimal(str(demo.values[index])),
                KpiValue.Status.FINAL if index < 7 else KpiValue.Status.PROVISIONAL,
            )
            # Through the services, skipping what is already stored as wanted
            # so that loading again records nothing.
            if demo.targets:
                target = Decimal(str(demo.targets[index]))
                stored = KpiTarget.objects.filter(kpi=kpi, period=quarter).first()
                if stored is None or stored.value != target:
                    setup_services.kpi_target_set(
                        kpi=kpi, by=officer, period=quarter, value=target
                    )
            if demo.england:
                england = Decimal(str(demo.england[index]))
                benchmark = KpiBenchmark.objects.filter(
                    kpi=kpi, period=quarter, comparator=KpiBenchmark.Comparator.ENGLAND
                ).first()
                if benchmark is None or benchmark.value != england:
                    setup_services.kpi_benchmark_set(
                        kpi=kpi,
                        by=officer,
                        period=quarter,
                        value=england,
                        source="DfE, Education, health and care plans",
                    )


def load_finance(plan: Plan, first: datetime.date) -> None:
    """Barnsley's high-needs lines and a year of quarterly figures, through the
    finance services (what is already stored as wanted is left alone)."""
    officer = _officer(plan.area)
    for code, name, block, budget, drift in BARNSLEY_FINANCE:
        line = FinanceLine.objects.filter(plan=plan, code=code).first()
        if line is None:
            line = setup_services.finance_line_create(
                plan=plan, by=officer, data={"name": name, "block": block, "code": code}
            )
        day = first
        for quarter in range(4):
            bounds = period_containing(PeriodType.FIN_QUARTER, day)
            period = ReportingPeriod.for_bounds(plan.area_id, bounds)
            forecast = Decimal(str(budget + drift * (quarter + 1))).quantize(
                Decimal("0.001")
            )
            actual = (forecast * (quarter + 1) / 4).quantize(Decimal("0.001"))
            stored = FinanceValue.objects.filter(line=line, period=period).first()
            wanted = (Decimal(str(budget)), forecast, actual)
            if (
                stored is None
                or (
                    stored.budget,
                    stored.forecast_outturn,
                    stored.actual,
                )
                != wanted
            ):
                setup_services.finance_value_record(
                    line=line,
                    by=officer,
                    period=period,
                    budget=wanted[0],
                    forecast_outturn=forecast,
                    actual=actual,
                )
            day = bounds.end + datetime.timedelta(days=1)


HERTS_COUNCIL = "Hertfordshire County Council"
HERTS_ICB = "Hertfordshire and West Essex Integrated Care Board"

# Hertfordshire's first-year actions for the draft strategy's six ambitions,
# one impact group for each, published while the strategy is consulted on.
HERTS_WORKSTREAMS = (
    DemoWorkstream(
        "Listening to families",
        (1,),
        (
            DemoAction(
                "Name a case officer for every family and answer emails within "
                "five working days",
                HERTS_COUNCIL,
                d(2026, 9, 30),
                "Families know who their case officer is in the annual survey",
            ),
            DemoAction(
                "Publish every SEND letter and strategy in plain English",
                HERTS_COUNCIL,
                d(2026, 12, 31),
            ),
        ),
        lead="lead",
    ),
    DemoWorkstream(
        "Early help while waiting",
        (2,),
        (
            DemoAction(
                "Offer support while families wait for an autism or ADHD "
                "assessment, without needing a diagnosis",
                HERTS_ICB,
                d(2027, 3, 31),
                "Every family waiting over 18 weeks has been offered support",
            ),
        ),
        lead="lead.early",
        lead_title="Early Help Impact Group Lead",
    ),
    DemoWorkstream(
        "School places near home",
        (3,),
        (
            DemoAction(
                "Open specialist resource bases in mainstream schools in each district",
                HERTS_COUNCIL,
                d(2027, 8, 31),
                "Fewer children travel out of county for a specialist place",
            ),
        ),
        lead="lead.places",
        lead_title="Sufficiency Impact Group Lead",
    ),
    DemoWorkstream(
        "Belonging and inclusion",
        (4,),
        (
            DemoAction(
                "Support secondary schools to welcome pupils with SEND through "
                "an inclusion charter",
                HERTS_COUNCIL,
                d(2027, 7, 31),
            ),
        ),
        lead="lead",
    ),
    DemoWorkstream(
        "Preparing for adulthood",
        (5,),
        (
            DemoAction(
                "Widen college courses for young people with complex needs",
                HERTS_COUNCIL,
                d(2027, 9, 1),
                "More young people with complex needs start a local course",
            ),
        ),
        lead="lead.places",
        lead_title="Sufficiency Impact Group Lead",
    ),
    DemoWorkstream(
        "Workforce",
        (6,),
        (
            DemoAction(
                "Train mainstream teachers in autism and sensory needs",
                HERTS_COUNCIL,
                d(2027, 3, 31),
                "Every mainstream school has a trained autism lead",
            ),
        ),
        lead="lead.early",
        lead_title="Early Help Impact Group Lead",
    ),
)


def load_herts_plan() -> Plan:
    herts = LocalArea.objects.get(slug="hertfordshire")
    return load_plan(
        area=herts,
        strategy=Strategy.objects.get(area=herts, period_start=2026),
        title="SEND Strategy first-year delivery plan",
        board="SEND Partnership Board",
        workstreams=HERTS_WORKSTREAMS,
        update_months=_months(d(2026, 3, 5), 9),
        start=d(2026, 3, 1),
    )


def load_thread(plans: Sequence[Plan]) -> None:
    """What people said, joined to these plans' actions (demo_thread.py)."""
    for plan in plans:
        load_area_thread(plan.area, plan.strategy, _officer(plan.area))


def load(stdout: TextIO) -> None:
    bucks = LocalArea.objects.get(slug="buckinghamshire")
    bucks_plan = load_plan(
        area=bucks,
        strategy=Strategy.objects.get(
            area=bucks, title="SEND and Inclusion Strategy", period_start=2021
        ),
        title="SEND Improvement Plan 2021 to 2023",
        board="SEND Board",
        workstreams=BUCKS_WORKSTREAMS,
        update_months=_months(d(2022, 7, 5), 8),
        start=d(2021, 6, 1),
    )
    load_kpis(bucks_plan, BUCKS_KPIS, d(2021, 4, 1))
    herts_plan = load_herts_plan()
    load_thread([bucks_plan, herts_plan])
    barnsley = LocalArea.objects.get(slug="barnsley")
    plan = load_plan(
        area=barnsley,
        strategy=Strategy.objects.get(
            area=barnsley, title="Borough SEND Strategy", period_start=2022
        ),
        title="SEND Improvement Programme",
        board="SEND Oversight Board",
        workstreams=BARNSLEY_WORKSTREAMS,
        update_months=_months(d(2023, 1, 5), 8),
        start=d(2022, 6, 1),
    )
    load_kpis(plan, BARNSLEY_KPIS, BARNSLEY_QUARTERS_FROM)
    last_quarter = ReportingPeriod.for_bounds(
        barnsley, period_containing(PeriodType.FIN_QUARTER, d(2024, 3, 31))
    )
    kpi = Kpi.objects.get(plan=plan, code="EHCP_20WK")
    defined = set(kpi.breakdowns.values_list("breakdown", "group"))
    for district, _value in BARNSLEY_DISTRICT_EHCP_20WK:
        if (Breakdown.DISTRICT, district) not in defined:
            setup_services.kpi_breakdown_add(
                kpi=kpi,
                by=_officer(barnsley),
                data={"breakdown": Breakdown.DISTRICT, "group": district},
            )
    for district, value in BARNSLEY_DISTRICT_EHCP_20WK:
        _record_value(
            kpi,
            _officer(barnsley),
            last_quarter,
            Decimal(str(value)),
            KpiValue.Status.PROVISIONAL,
            breakdown="district",
            breakdown_value=district,
        )
    load_finance(plan, d(2023, 4, 1))
    stdout.write("  3 improvement plans, joined to what people said")
    # Reports freeze the figures of the plans loaded above.
    load_reports(stdout)
