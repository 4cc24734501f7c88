"""Benchmark the quarterly progress report: gathering and rendering, separately.

A plan with 6 priorities, 60 actions, 20 KPIs of 8 quarters each and 10
finance lines, plus a quarter of survey responses and event attendance. Prints
time and peak memory of gathering the snapshot and of rendering it (HTML, then
PDF in the sandboxed child), and the SQL queries of gathering for 30 and 60
actions. Everything is created in a transaction that is rolled back.

Run: .venv/bin/python bench/report.py
"""

import datetime
import io
import logging
import os
import resource
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendportal.settings.test")

import django

django.setup()
logging.getLogger("weasyprint").setLevel(logging.WARNING)

from django.db import connection  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from improvement.models import Plan  # noqa: E402
from improvement.models import ProgressReport  # noqa: E402
from improvement.models import Rag  # noqa: E402
from improvement.models import ReportingPeriod  # noqa: E402
from improvement.periods import PeriodType  # noqa: E402
from improvement.periods import period_containing  # noqa: E402
from improvement.reports.rendering import render_report_html  # noqa: E402
from improvement.reports.snapshot import gather_snapshot  # noqa: E402
from sendportal.pdf import render_pdf  # noqa: E402
from tests.consultations.factories import ConsultationFactory  # noqa: E402
from tests.consultations.factories import ResponseFactory  # noqa: E402
from tests.events.factories import AttendanceCountFactory  # noqa: E402
from tests.events.factories import EventFactory  # noqa: E402
from tests.factories import LocalAreaFactory  # noqa: E402
from tests.improvement.factories import ActionFactory  # noqa: E402
from tests.improvement.factories import FinanceLineFactory  # noqa: E402
from tests.improvement.factories import FinanceValueFactory  # noqa: E402
from tests.improvement.factories import KpiBenchmarkFactory  # noqa: E402
from tests.improvement.factories import KpiFactory  # noqa: E402
from tests.improvement.factories import KpiTargetFactory  # noqa: E402
from tests.improvement.factories import KpiValueFactory  # noqa: E402
from tests.improvement.factories import PlanFactory  # noqa: E402
from tests.improvement.factories import WorkstreamFactory  # noqa: E402
from tests.improvement.reports.factories import ActionUpdateFactory  # noqa: E402
from tests.strategies.factories import PriorityFactory  # noqa: E402
from tests.strategies.factories import StrategyFactory  # noqa: E402

QUARTER_DAY = datetime.date(2026, 5, 1)
RAGS = [Rag.GREEN, Rag.GREEN, Rag.AMBER, Rag.RED, Rag.BLUE, Rag.GREY]


class Rollback(Exception):
    pass


def build_plan(slug: str, actions: int) -> tuple[Plan, ReportingPeriod]:
    area = LocalAreaFactory.create(slug=slug, name=f"Bench {slug}")
    strategy = StrategyFactory.create(area=area, approved=True)
    priorities = [
        PriorityFactory.create(strategy=strategy, number=n, title=f"Priority {n}")
        for n in range(1, 7)
    ]
    plan = PlanFactory.create(strategy=strategy)
    workstreams = [
        WorkstreamFactory.create(plan=plan, name=f"Workstream {n}", rag=RAGS[n])
        for n in range(6)
    ]
    for n in range(actions):
        action = ActionFactory.create(
            workstream=workstreams[n % 6],
            priority=priorities[n % 6],
            reference=f"{n % 6 + 1}.{n // 6 + 1}",
            title=f"Action {n} to improve SEND support in schools and settings",
            rag=RAGS[n % len(RAGS)],
        )
        for _ in range(2):
            ActionUpdateFactory.create(
                action=action,
                narrative="Progress is slower than planned because of recruitment.",
                next_steps="Agency staff cover the vacancies until September.",
            )
    quarters: list[ReportingPeriod] = []
    day = QUARTER_DAY
    for _ in range(8):
        bounds = period_containing(PeriodType.FIN_QUARTER, day)
        quarters.insert(0, ReportingPeriod.for_bounds(area, bounds))
        day = bounds.start - datetime.timedelta(days=1)
    for k in range(20):
        kpi = KpiFactory.create(plan=plan, name=f"Indicator {k} of the plan")
        for index, quarter in enumerate(quarters):
            KpiValueFactory.create(kpi=kpi, period=quarter, value=Decimal(40 + index))
            KpiTargetFactory.create(kpi=kpi, period=quarter, value=Decimal(50))
            KpiBenchmarkFactory.create(kpi=kpi, period=quarter, value=Decimal(46))
    for n in range(10):
        line = FinanceLineFactory.create(plan=plan, name=f"Finance line {n}")
        FinanceValueFactory.create(line=line, period=quarters[-1])
    consultation = ConsultationFactory.create(area=area)
    when = datetime.datetime(2026, 5, 10, 10, tzinfo=datetime.UTC)
    for n in range(200):
        ResponseFactory.create(
            survey__consultation=consultation,
            respondent_type=["PARENT_CARER", "YOUNG_PERSON", "HEALTH"][n % 3],
            submitted_at=when,
        )
    for n in range(6):
        event = EventFactory.create(
            area=area,
            starts_at=when,
            ends_at=when + datetime.timedelta(hours=2),
            status="held",
        )
        AttendanceCountFactory.create(event=event, count=10 + n)
    return plan, quarters[-1]


def gather(plan: Plan, period: ReportingPeriod) -> dict:
    return gather_snapshot(
        plan=plan,
        period=period,
        executive_summary="Summary " * 200,
        next_steps="Next steps " * 50,
        as_at=timezone.now(),
    )


def main() -> None:
    try:
        with transaction.atomic():
            small_plan, small_period = build_plan("bench-30", 30)
            plan, period = build_plan("bench-60", 60)
            with CaptureQueriesContext(connection) as small_queries:
                gather(small_plan, small_period)
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                snapshot = gather(plan, period)
            gather_seconds = time.perf_counter() - started
            # Memory is measured on a second run: tracing slows the timed one.
            tracemalloc.start()
            gather(plan, period)
            gather_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            report = ProgressReport(
                area=plan.area,
                plan=plan,
                period=period,
                version=1,
                requested_at=timezone.now(),
                snapshot=snapshot,
            )
            started = time.perf_counter()
            html = render_report_html(report)
            html_seconds = time.perf_counter() - started
            tracemalloc.start()
            render_report_html(report)
            html_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            started = time.perf_counter()
            pdf = render_pdf(html)
            pdf_seconds = time.perf_counter() - started
            child_peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            raise Rollback
    except Rollback:
        pass
    total = gather_seconds + html_seconds + pdf_seconds
    print("Quarterly report: 6 priorities, 60 actions, 20 KPIs x 8 quarters, 10 lines")
    print(
        f"  gathering:        {gather_seconds * 1000:7.0f} ms, "
        f"peak {gather_peak / 2**20:5.1f} MiB, {len(queries)} queries"
    )
    print(f"  queries for 30 actions: {len(small_queries)}, for 60: {len(queries)}")
    print(
        f"  rendering HTML:   {html_seconds * 1000:7.0f} ms, "
        f"peak {html_peak / 2**20:5.1f} MiB ({len(html) / 1024:.0f} KiB)"
    )
    print(
        f"  rendering PDF:    {pdf_seconds * 1000:7.0f} ms, "
        f"child peak RSS {child_peak_kib / 1024:5.0f} MiB "
        f"({len(pdf) / 1024:.0f} KiB, {len(PdfReader(io.BytesIO(pdf)).pages)} pages)"
    )
    print(
        f"  whole report:     {total * 1000:7.0f} ms; gathering is "
        f"{100 * gather_seconds / total:.1f}%"
    )


if __name__ == "__main__":
    main()
