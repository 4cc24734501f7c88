"""Benchmark: import a 50,000-row Microsoft Forms XLSX with 20 questions.

Run as `.venv/bin/python bench/import_survey.py [--rows N]` with DATABASE_URL
set; it migrates that database, adds a throwaway area and survey, imports,
undoes, and removes them again. Figures are printed for docs/performance.md.
"""

import argparse
import datetime
import io
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendportal.settings.test")

LIKERT = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree"]
NEEDS = ["Autism", "Speech and language", "Social, emotional and mental health"]
NEEDS += ["Hearing impairment", "Physical disability"]
CHOICES = ["Early support", "Local provision", "Preparing for adulthood", "Health"]
WORDS = [
    "waiting",
    "school",
    "support",
    "plan",
    "help",
    "child",
    "family",
    "time",
    "staff",
    "communication",
]


def question_specs() -> list[tuple[str, str]]:
    """20 questions: 10 scales, 4 single choices, 2 multiple, 3 free text, 1 number."""
    specs = [(f"How far do you agree with ambition {n}?", "LIKERT") for n in range(10)]
    specs += [(f"Which matters most for theme {n}?", "SINGLE") for n in range(4)]
    specs += [(f"Which needs apply for group {n}?", "MULTI") for n in range(2)]
    specs += [
        (f"What would make things better for topic {n}?", "FREE") for n in range(3)
    ]
    specs += [("How many children do you care for?", "NUMBER")]
    return specs


def generate(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    rng = random.Random(20260201)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Form1")
    specs = question_specs()
    sheet.append(
        ["ID", "Start time", "Completion time", "Email", "Name"]
        + [text for text, _kind in specs]
    )
    start = datetime.datetime(2026, 1, 5, 9, 0)  # noqa: DTZ001 - as the tool writes it
    for number in range(1, rows + 1):
        moment = start + datetime.timedelta(minutes=number)
        row: list[object] = [number, moment, moment, "anonymous", ""]
        for _text, kind in specs:
            if kind == "LIKERT":
                row.append(rng.choice(LIKERT))
            elif kind == "SINGLE":
                row.append(rng.choice(CHOICES))
            elif kind == "MULTI":
                row.append(";".join(rng.sample(NEEDS, rng.randint(1, 3))) + ";")
            elif kind == "FREE":
                row.append(
                    " ".join(rng.choices(WORDS, k=rng.randint(3, 25)))
                    if rng.random() < 0.6
                    else None
                )
            else:
                row.append(rng.randint(1, 4))
        sheet.append(row)
    workbook.save(path)


def reset_peak_memory() -> None:
    """Start a new peak-RSS measurement (Linux: VmHWM is reset by clear_refs)."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_import(batch_id: int) -> None:
    """The import phase alone, in a process of its own (as a Celery worker
    runs it), so that its peak memory is its own and not what the earlier
    phases left behind. Prints one line of JSON for the parent."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from consultations.imports import services

    settings.SPREADSHEET_MAX_BYTES = 100 * 1024 * 1024
    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    connection.ensure_connection()
    reset_peak_memory()
    before_mb = peak_memory_mb()
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            batch = profile.runcall(services.import_batch_run, batch_id=batch_id)
            stats = pstats.Stats(profile, stream=sys.stderr)
            stats.sort_stats("cumulative").print_stats(30)
        else:
            batch = services.import_batch_run(batch_id=batch_id)
        seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "status": batch.status,
                "message": batch.message,
                "seconds": seconds,
                "queries": queries,
                "before_mb": before_mb,
                "peak_mb": peak_memory_mb(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--generate-only", type=Path)
    parser.add_argument("--import-batch", type=int)
    args = parser.parse_args()
    if args.generate_only:
        generate(args.generate_only, args.rows)
        return
    if args.import_batch:
        run_import(args.import_batch)
        return
    path = Path(f"/tmp/sendportal-bench-msforms-{args.rows}.xlsx")  # noqa: S108
    if not path.exists():
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - this same script
            [
                sys.executable,
                __file__,
                "--rows",
                str(args.rows),
                "--generate-only",
                str(path),
            ],
            check=True,
        )
        print(f"generated {path} in {time.perf_counter() - started:.1f} s")
    data = path.read_bytes()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.SPREADSHEET_MAX_BYTES = 100 * 1024 * 1024
    call_command("migrate", verbosity=0)

    from python_calamine import CalamineWorkbook

    from consultations.imports import services
    from consultations.imports.columns import read_survey_file
    from consultations.imports.columns import stream_survey_file
    from consultations.models import Answer
    from consultations.models import Response
    from tests.consultations.factories import ConsultationFactory
    from tests.consultations.factories import OptionFactory
    from tests.consultations.factories import QuestionFactory
    from tests.consultations.factories import SurveyFactory
    from tests.factories import LocalAreaFactory

    # Reading alone: python-calamine's rows, then the portal's checked reader
    # (streamed, as the import reads it), then the reader that holds the table.
    reset_peak_memory()
    baseline_mb = peak_memory_mb()
    started = time.perf_counter()
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    raw_rows = sum(1 for _row in sheet.iter_rows())
    calamine_seconds = time.perf_counter() - started
    del sheet
    started = time.perf_counter()
    stream = stream_survey_file(data, path.name, header_rows=1)
    streamed_rows = sum(1 for _row in stream.rows)
    stream_seconds = time.perf_counter() - started
    assert streamed_rows == args.rows == raw_rows - 1
    started = time.perf_counter()
    table = read_survey_file(data, path.name)
    read_seconds = time.perf_counter() - started
    read_peak_mb = peak_memory_mb()
    assert len(table) == args.rows
    del table

    sample = min(args.rows, 5_000)
    sample_path = Path(f"/tmp/sendportal-bench-msforms-{sample}.xlsx")  # noqa: S108
    if not sample_path.exists():
        generate(sample_path, sample)
    from openpyxl import load_workbook

    started = time.perf_counter()
    workbook = load_workbook(sample_path, read_only=True, data_only=True)
    openpyxl_rows = sum(
        1 for _row in workbook.worksheets[0].iter_rows(values_only=True)
    )
    openpyxl_seconds = time.perf_counter() - started
    started = time.perf_counter()
    sample_sheet = CalamineWorkbook.from_path(str(sample_path)).get_sheet_by_index(0)
    sum(1 for _row in sample_sheet.iter_rows())
    calamine_sample_seconds = time.perf_counter() - started

    area = LocalAreaFactory.create(slug="bench-imports", name="Bench imports")
    survey = SurveyFactory.create(consultation=ConsultationFactory.create(area=area))
    for sort, (text, kind) in enumerate(question_specs()):
        question_type = {
            "LIKERT": "LIKERT_AGREE_5",
            "SINGLE": "SINGLE_CHOICE",
            "MULTI": "MULTI_CHOICE",
            "FREE": "FREE_TEXT",
            "NUMBER": "NUMBER",
        }[kind]
        question = QuestionFactory.create(
            survey=survey, text=text, question_type=question_type, sort=sort
        )
        labels = CHOICES if kind == "SINGLE" else NEEDS if kind == "MULTI" else []
        for position, label in enumerate(labels):
            OptionFactory.create(
                question=question, code=f"o{position}", label=label, sort=position
            )

    try:
        started = time.perf_counter()
        batch = services.import_batch_create(
            survey=survey,
            data=data,
            file_name=path.name,
            channel="ONLINE_SURVEY",
            by=None,
        )
        upload_seconds = time.perf_counter() - started
        started = time.perf_counter()
        preview = services.import_batch_preview(batch)
        preview_seconds = time.perf_counter() - started
        assert preview.ok, preview.errors[:3]
        services._queue(batch=batch, by=None, background=False)
        child = subprocess.run(  # noqa: S603 - this same script
            [sys.executable, __file__, "--import-batch", str(batch.pk)],
            check=True,
            capture_output=True,
            text=True,
        )
        sys.stderr.write(child.stderr)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        import_seconds = result["seconds"]
        queries = result["queries"]
        batch.refresh_from_db()
        assert batch.status == "done", result["message"]
        process_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        responses = Response.objects.filter(import_batch=batch).count()
        answers = Answer.objects.filter(response__import_batch=batch).count()
        started = time.perf_counter()
        services.import_batch_undo(batch=batch, by=None)
        undo_seconds = time.perf_counter() - started
    finally:
        batch_file = getattr(locals().get("batch"), "file", None)
        if batch_file:
            batch_file.delete(save=False)
        area.survey_imports.all().delete()
        from consultations.models import Consultation

        Consultation.objects.filter(area=area).delete()
        area.strategies.all().delete()
        area.delete()

    ratio = import_seconds / calamine_seconds
    load = os.getloadavg()
    print(
        f"file: {path.name}, {len(data) / 1e6:.1f} MB, {args.rows:,} rows x 25 columns"
    )
    print(f"load average (1, 5, 15 min): {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}")
    print(f"read, python-calamine rows only:         {calamine_seconds:6.2f} s")
    print(f"read, portal reader streamed (checks):   {stream_seconds:6.2f} s")
    print(f"read, portal reader holding the table:   {read_seconds:6.2f} s")
    print(
        f"read {sample:,} rows: openpyxl {openpyxl_seconds:.2f} s "
        f"({openpyxl_rows} rows), calamine {calamine_sample_seconds:.2f} s"
    )
    print(f"upload (read, SHA-256, store, mapping):  {upload_seconds:6.2f} s")
    print(f"preview (dry run):                       {preview_seconds:6.2f} s")
    print(f"import (confirm, all or nothing):        {import_seconds:6.2f} s")
    print(f"  = {ratio:.1f} x the python-calamine read (goal: at most 5 x)")
    print(f"  {responses:,} responses, {answers:,} answers")
    print(f"  {args.rows / import_seconds:,.0f} rows per second")
    print(f"  {queries} SQL queries = {queries * 1000 / args.rows:.2f} per 1,000 rows")
    print(
        f"peak memory (RSS) of the import process: {result['peak_mb']:6.0f} MB "
        f"(goal: under 300 MB; {result['before_mb']:.0f} MB before it started)"
    )
    print(f"memory (RSS) before reading:             {baseline_mb:6.0f} MB")
    print(f"peak memory (RSS) while reading:         {read_peak_mb:6.0f} MB")
    print(f"peak memory (RSS) of the bench process:  {process_peak_mb:6.0f} MB")
    print(f"undo:                                    {undo_seconds:6.2f} s")


if __name__ == "__main__":
    main()
