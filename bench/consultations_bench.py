"""Benchmark: 100,000 responses, then time the analysis page and the exports.

Run as `.venv/bin/python bench/consultations_bench.py [responses] [--reuse]` with
DATABASE_URL and DJANGO_SETTINGS_MODULE set. It builds its own area
("bench-consultations") in that database, replacing the one a previous run left;
--reuse keeps the previous run's data when it has the same number of responses.
"""

import datetime
import os
import random
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendportal.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db import reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from consultations.models import Answer  # noqa: E402
from consultations.models import Consultation  # noqa: E402
from consultations.models import Option  # noqa: E402
from consultations.models import Question  # noqa: E402
from consultations.models import Response  # noqa: E402
from consultations.models import Survey  # noqa: E402
from sendportal.accounts.models import Membership  # noqa: E402
from sendportal.accounts.models import User  # noqa: E402
from sendportal.areas.models import District  # noqa: E402
from sendportal.areas.models import LocalArea  # noqa: E402
from strategies.codes import Likert  # noqa: E402
from strategies.codes import RespondentType  # noqa: E402
from strategies.models import Priority  # noqa: E402
from strategies.models import Strategy  # noqa: E402

SLUG = "bench-consultations"


def build(count: int) -> Consultation:
    old = Consultation.objects.filter(area__slug=SLUG)
    Answer.objects.filter(response__consultation__in=old).delete()
    Response.objects.filter(consultation__in=old).delete()
    for consultation in old:
        consultation.surveys.all().delete()
    old.delete()
    area, _ = LocalArea.objects.get_or_create(
        slug=SLUG, defaults={"name": "Bench County", "contact_email": "b@x.invalid"}
    )
    districts = [
        District.objects.get_or_create(area=area, code=f"d{i}", name=f"District {i}")[0]
        for i in range(6)
    ]
    strategy, _ = Strategy.objects.get_or_create(
        area=area,
        title="Bench strategy",
        period_start=2026,
        period_end=2029,
        defaults={"vision": "Bench"},
    )
    priorities = [
        Priority.objects.get_or_create(
            strategy=strategy, number=n, defaults={"title": f"P{n}"}
        )[0]
        for n in range(1, 7)
    ]
    now = timezone.now()
    consultation = Consultation.objects.create(
        area=area,
        strategy=strategy,
        title="Bench consultation",
        status="open",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now + datetime.timedelta(days=30),
        expected_mix={"FAMILIES": 45, "CYP": 15, "PROFESSIONALS": 30},
    )
    survey = Survey.objects.create(consultation=consultation, title="Bench survey")
    likerts = [
        Question.objects.create(
            survey=survey,
            text=f"Ambition {p.number}?",
            question_type="LIKERT_AGREE_5",
            priority=p,
            sort=p.number,
        )
        for p in priorities
    ]
    choice = Question.objects.create(
        survey=survey, text="Most important?", question_type="SINGLE_CHOICE", sort=10
    )
    Option.objects.bulk_create(
        [
            Option(question=choice, code=f"o{i}", label=f"Option {i}", sort=i)
            for i in range(6)
        ]
    )
    free = Question.objects.create(
        survey=survey, text="Anything missing?", question_type="FREE_TEXT", sort=11
    )
    rng = random.Random(1)
    types = list(RespondentType.values)
    likert_codes = list(Likert.values)
    start = now - datetime.timedelta(days=60)
    batch = 5000
    for offset in range(0, count, batch):
        responses = [
            Response(
                consultation=consultation,
                survey=survey,
                reference=f"B{offset + i:08d}",
                submission_token=uuid.uuid4(),
                submitted_at=start
                + datetime.timedelta(seconds=rng.randrange(60 * 86400)),
                respondent_type=rng.choice(types),
                district=rng.choice(districts),
            )
            for i in range(min(batch, count - offset))
        ]
        Response.objects.bulk_create(responses)
        answers = []
        for response in responses:
            answers += [
                Answer(
                    response=response, question=q, option_code=rng.choice(likert_codes)
                )
                for q in likerts
            ]
            answers.append(
                Answer(
                    response=response,
                    question=choice,
                    option_code=f"o{rng.randrange(6)}",
                )
            )
            if rng.random() < 0.3:
                answers.append(
                    Answer(
                        response=response,
                        question=free,
                        text_value="=1+1 transport is a worry " * 3,
                    )
                )
        Answer.objects.bulk_create(answers, batch_size=10000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE consultations_response; ANALYZE consultations_answer;")
    return consultation


def timed(label: str, func: Callable[[], None], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    print(f"{label}: best of {repeat} = {best:.2f} s")
    return best


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    count = int(numbers[0]) if numbers else 100_000
    started = time.perf_counter()
    existing = Consultation.objects.filter(area__slug=SLUG).first()
    if "--reuse" in sys.argv and existing and existing.responses.count() == count:
        consultation = existing  # the data of the previous run
    else:
        consultation = build(count)
    answers = Answer.objects.filter(response__consultation=consultation).count()
    print(
        f"Loaded {count:,} responses and {answers:,} answers "
        f"in {time.perf_counter() - started:.1f} s"
    )
    officer, _ = User.objects.get_or_create(email="bench-officer@x.invalid")
    Membership.objects.get_or_create(
        user=officer, area=consultation.area, role="officer"
    )
    client = Client()
    client.force_login(officer)
    args = [SLUG, consultation.pk]

    def analysis() -> None:
        assert (
            client.get(reverse("consultations_staff:analysis", args=args)).status_code
            == 200
        )

    def free_text() -> None:
        assert (
            client.get(reverse("consultations_staff:free_text", args=args)).status_code
            == 200
        )

    def export_csv() -> None:
        response = client.get(
            reverse("consultations_staff:export", args=[*args, "csv"])
        )
        chunks = response.streaming_content  # type: ignore[attr-defined]  # streaming
        size = sum(len(chunk) for chunk in chunks)
        assert size > 0

    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        analysis()
    print(f"Analysis page: {len(queries.captured_queries)} queries")
    timed("Analysis page", analysis)
    timed("Free-text page (first 50 of the filtered list)", free_text)
    first_byte = time.perf_counter()
    response = client.get(reverse("consultations_staff:export", args=[*args, "csv"]))
    next(iter(response.streaming_content))  # type: ignore[attr-defined]  # streaming
    print(f"CSV export first byte: {time.perf_counter() - first_byte:.2f} s")
    timed(f"CSV export of {answers:,} answer rows (streamed)", export_csv, repeat=1)
    if count <= 20_000:
        # XLSX is built in memory by tablib/openpyxl: only timed on smaller sets.
        def export_xlsx() -> None:
            url = reverse("consultations_staff:export", args=[*args, "xlsx"])
            assert client.get(url).status_code == 200

        timed(f"XLSX export of {answers:,} answer rows", export_xlsx, repeat=1)


if __name__ == "__main__":
    main()
