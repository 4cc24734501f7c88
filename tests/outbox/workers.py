"""Real Celery worker processes for tests, on the test's own queue and database."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

from .conftest import Broker

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def start_worker(
    broker: Broker, mail_folder: Path, **env: str
) -> subprocess.Popen[str]:
    """A solo-pool worker (one process: killing it kills the whole worker)."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("PYTEST")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="sendportal.settings.test",
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=broker.url,
        CELERY_TASK_ALWAYS_EAGER="false",
        CELERY_TASK_DEFAULT_QUEUE=broker.queue,
        CELERY_SKIP_CHECKS="1",
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
        TEST_EMAIL_BACKEND="tests.outbox.mailfiles.SlowFileBackend",
        EMAIL_FILE_PATH=str(mail_folder),
        **env,
    )
    return subprocess.Popen(  # noqa: S603 - our own interpreter and a generated queue name
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
            broker.queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def kill(process: subprocess.Popen[str]) -> None:
    """SIGKILL, as the kernel's out-of-memory killer or a lost host would."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck worker
            kill(process)
    if process.stderr is not None:
        process.stderr.close()


def wait_for(
    condition: Callable[[], bool],
    *,
    timeout: float,
    workers: tuple[subprocess.Popen[str], ...] = (),
) -> float:
    """Seconds until `condition()` holds; fails after `timeout` or if a worker dies."""
    start = time.monotonic()
    while not condition():
        for worker in workers:
            if worker.poll() is not None:
                raise AssertionError(worker.stderr.read() if worker.stderr else "")
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not done after {timeout} s")
        time.sleep(0.2)
    return time.monotonic() - start
