"""A report rendered by a real Celery worker process, through Redis.

Everywhere else tasks run eagerly in the test process; this checks what only a
worker shows: the task is found by name, its arguments cross the broker as
JSON, and it works from the committed database rows alone.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from improvement.reports.services import report_create
from sendportal.accounts.models import User
from sendportal.celery import app
from tests.improvement.reports.conftest import Quarter

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Starts a Celery worker process.
    pytest.mark.slow,
    # The test process runs tasks eagerly; this message goes to the worker.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

ROOT = Path(__file__).resolve().parents[3]
BROKER = "redis://127.0.0.1:6379/14"
# A queue of this run's own: test runs of other checkouts share the Redis
# server, and a worker of theirs would take the message and not find the report.
QUEUE = f"test-worker-{uuid.uuid4().hex}"


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker() -> object:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("PYTEST")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="sendportal.settings.test",
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=BROKER,
        CELERY_TASK_ALWAYS_EAGER="false",
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
    )
    process = subprocess.Popen(  # noqa: S603  # our own interpreter and a generated queue name
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "sendportal",
            "worker",
            "-P",
            "solo",
            "-Q",
            QUEUE,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:  # pragma: no cover - a stuck worker
        process.kill()
    if process.stderr is not None:
        process.stderr.close()


def test_a_real_worker_renders_a_requested_report(
    worker, quarter: Quarter, officer: User
) -> None:
    report = report_create(
        plan=quarter.plan,
        period=quarter.period,
        executive_summary="Timeliness improved for the third quarter running.",
        next_steps="Agree the recovery plan at the June board.",
        by=officer,
    )
    with app.connection_for_write(BROKER) as broker:
        app.send_task(
            "improvement.reports.tasks.render_report",
            args=[report.pk],
            connection=broker,
            queue=QUEUE,
        )

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in ("ready", "failed"):
            break
        assert worker.poll() is None, worker.stderr.read()
        time.sleep(0.5)
    assert report.status == "ready", report.failure_reason
    with report.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
