"""Benchmark the public theme pages with 100,000 coded answers.

Builds, in a transaction that is rolled back, an area with an approved
strategy of 6 priorities and 30 themes, a published plan whose 30 actions
are each linked to a theme (2 updates each, a public KPI per priority),
100,000 responses each with one free-text answer coded to a theme (half of
them to the benchmarked theme, the rest spread over the others), and 6
written-up events with 20 findings each. Then times, through the Django test
client, the theme page and the area's theme list, with the counts cached (as
after the first visit) and with the cache cleared before each request, and
two baselines timed in the same run: the public strategy page of the same
area (a light page through the same base template) and a single-row query.
Prints each as a median and best of 15 runs, its ratio to the strategy
page, its number of queries and its slowest queries.

Run: .venv/bin/python bench/thread.py [coded answers]
"""

import datetime
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendportal.settings.test")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from consultations.models import Answer  # noqa: E402
from consultations.models import AnswerTheme  # noqa: E402
from consultations.models import Response  # noqa: E402
from events.models import EventStatus  # noqa: E402
from events.models import Finding  # noqa: E402
from improvement.models import ActionTheme  # noqa: E402
from strategies.codes import RespondentType  # noqa: E402
from strategies.models import Theme  # noqa: E402
from tests.consultations.factories import ConsultationFactory  # noqa: E402
from tests.events.factories import EventFactory  # noqa: E402
from tests.factories import LocalAreaFactory  # noqa: E402
from tests.improvement.factories import ActionFactory  # noqa: E402
from tests.improvement.factories import KpiFactory  # noqa: E402
from tests.improvement.factories import PlanFactory  # noqa: E402
from tests.improvement.factories import WorkstreamFactory  # noqa: E402
from tests.improvement.reports.factories import ActionUpdateFactory  # noqa: E402
from tests.improvement.thread_data import free_text_question  # noqa: E402
from tests.strategies.factories import PriorityFactory  # noqa: E402
from tests.strategies.factories import StrategyFactory  # noqa: E402
from tests.strategies.factories import ThemeFactory  # noqa: E402

BATCH = 10_000
RUNS = 15
GOAL_MS = 300


class Rollback(Exception):
    pass


def build(coded: int) -> tuple[Theme, str]:
    area = LocalAreaFactory.create(slug="bench-thread", name="Bench Thread")
    strategy = StrategyFactory.create(area=area, approved=True)
    plan = PlanFactory.create(strategy=strategy, is_published=True)
    workstream = WorkstreamFactory.create(plan=plan)
    themes = []
    for number in range(1, 7):
        priority = PriorityFactory.create(strategy=strategy, number=number)
        KpiFactory.create(plan=plan, priority=priority, is_public=True)
        for n in range(5):
            theme = ThemeFactory.create(
                strategy=strategy, priority=priority, name=f"Theme {number}.{n}"
            )
            action = ActionFactory.create(workstream=workstream, priority=priority)
            ActionTheme.objects.create(action=action, theme=theme)
            ActionUpdateFactory.create_batch(2, action=action)
            themes.append(theme)
    target = themes[0]
    question = free_text_question(
        ConsultationFactory.create(area=area, strategy=strategy)
    )
    types = list(RespondentType.values)
    now = timezone.now()
    for offset in range(0, coded, BATCH):
        size = min(BATCH, coded - offset)
        responses = Response.objects.bulk_create(
            Response(
                consultation_id=question.survey.consultation_id,
                survey_id=question.survey_id,
                reference=f"T{offset + i:09d}",
                submission_token=uuid.uuid4(),
                submitted_at=now - datetime.timedelta(minutes=offset + i),
                respondent_type=types[(offset + i) % len(types)],
            )
            for i in range(size)
        )
        answers = Answer.objects.bulk_create(
            Answer(response=r, question=question, text_value="Waited a year.")
            for r in responses
        )
        AnswerTheme.objects.bulk_create(
            AnswerTheme(
                answer=a,
                theme=target
                if (offset + i) % 2 == 0
                else themes[1 + (offset + i) % 29],
            )
            for i, a in enumerate(answers)
        )
    for _ in range(6):
        event = EventFactory.create(area=area, status=EventStatus.WRITTEN_UP)
        findings = Finding.objects.bulk_create(
            Finding(event=event, kind="concern", text="Long waits") for _ in range(20)
        )
        Finding.themes.through.objects.bulk_create(
            Finding.themes.through(finding=f, theme=target) for f in findings
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE consultations_consultation; ANALYZE consultations_response; "
            "ANALYZE consultations_answer; "
            "ANALYZE consultations_answertheme;"
        )
    return target, strategy.get_absolute_url()


class QueryLog:
    """Each SQL statement's time, through the connection (the test client's
    request signals clear `connection.queries`)."""

    def __init__(self) -> None:
        self.statements: list[tuple[float, str]] = []

    def __call__(
        self,
        execute: Callable[..., object],
        sql: str,
        params: object,
        many: bool,
        context: object,
    ) -> object:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append(((time.perf_counter() - started) * 1000, sql))


def timed(func: Callable[[], object]) -> tuple[float, float, QueryLog]:
    """Median and best in ms of RUNS calls, after one warm-up whose queries
    are logged."""
    log = QueryLog()
    with connection.execute_wrapper(log):
        func()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), log


def main() -> None:
    coded = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    client = Client()
    try:
        with transaction.atomic():
            started = time.perf_counter()
            theme, strategy_url = build(coded)
            took = time.perf_counter() - started
            print(f"Built {coded:,} coded answers in {took:.1f} s")

            def get(url: str) -> Callable[[], object]:
                def fetch() -> object:
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                    return response

                return fetch

            def cold(fetch: Callable[[], object]) -> Callable[[], object]:
                def uncached() -> object:
                    cache.clear()
                    return fetch()

                return uncached

            theme_url = reverse("themes:theme_detail", args=["bench-thread", theme.pk])
            list_url = reverse("themes:theme_list", args=["bench-thread"])
            rows = [
                ("strategy page (baseline)", get(strategy_url)),
                (
                    "single-row query (baseline)",
                    lambda: Theme.objects.filter(pk=theme.pk).exists(),
                ),
                ("theme page", get(theme_url)),
                ("area theme list", get(list_url)),
                ("theme page, counts not cached", cold(get(theme_url))),
                ("area theme list, not cached", cold(get(list_url))),
            ]
            results = [(label, *timed(func)) for label, func in rows]
            base = results[0][1]
            print(
                f"{'':32} {'median':>9} {'best':>9} {'× strategy':>11} {'queries':>8}"
            )
            for label, median, best, log in results:
                print(
                    f"{label:32} {median:7.1f}ms {best:7.1f}ms "
                    f"{median / base:10.2f}× {len(log.statements):8}"
                )
            for label, _median, _best, log in results[2:]:
                print(f"slowest queries of the {label} (warm-up run):")
                for ms, sql in sorted(log.statements, reverse=True)[:3]:
                    print(f"  {ms:7.1f}ms {sql[:150]}")
            for label, median, *_rest in results[2:]:
                verdict = "meets" if median < GOAL_MS else "MISSES"
                print(f"{label}: {verdict} the goal of {GOAL_MS} ms")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
