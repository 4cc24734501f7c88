"""Large files are imported by a Celery task, once, with progress."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connections
from django.test import override_settings

from consultations.imports import services
from consultations.imports.tasks import import_survey_responses
from consultations.models import Response
from consultations.models import Survey
from consultations.models.imports import ImportStatus
from tests.helpers import enqueued

from .conftest import LIKERT
from .files import csv_bytes

pytestmark = pytest.mark.django_db

ROWS: list[list[object]] = [["Timestamp", LIKERT]]
ROWS += [["01/02/2026", "Agree"] for _ in range(12)]


@override_settings(SURVEY_IMPORT_BACKGROUND_ROWS=10)
def test_a_large_file_is_queued_and_imported_after_commit(
    import_survey: Survey, django_capture_on_commit_callbacks: object
) -> None:
    batch = services.import_batch_create(
        survey=import_survey,
        data=csv_bytes(ROWS),
        file_name="big.csv",
        channel="PAPER",
        by=None,
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[operator]
        batch = services.import_batch_confirm(batch=batch, by=None)

    assert batch.status == ImportStatus.QUEUED
    assert enqueued(callbacks) == [
        ("consultations.imports.tasks.import_survey_responses", (batch.pk,))
    ]
    assert not Response.objects.exists()
    callbacks[0]()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    assert batch.percent_done == 100
    assert Response.objects.count() == 12


def test_the_task_imports_once_however_often_it_runs(import_survey: Survey) -> None:
    batch = services.import_batch_create(
        survey=import_survey,
        data=csv_bytes(ROWS),
        file_name="big.csv",
        channel="PAPER",
        by=None,
    )
    services.import_batch_confirm(batch=batch, by=None, background=True)

    import_survey_responses(batch.pk)
    import_survey_responses(batch.pk)

    assert Response.objects.count() == 12


def test_progress_is_reported_per_chunk(
    import_survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "CHUNK_ROWS", 5)
    seen: list[int] = []
    batch = services.import_batch_create(
        survey=import_survey,
        data=csv_bytes(ROWS),
        file_name="big.csv",
        channel="PAPER",
        by=None,
    )
    services.import_batch_confirm(batch=batch, by=None, background=True)

    services.import_batch_run(batch_id=batch.pk, on_progress=seen.append)

    assert seen == [5, 10]


def test_a_task_for_an_unconfirmed_batch_does_nothing(import_survey: Survey) -> None:
    batch = services.import_batch_create(
        survey=import_survey,
        data=csv_bytes(ROWS),
        file_name="big.csv",
        channel="PAPER",
        by=None,
    )

    assert import_survey_responses(batch.pk) == ImportStatus.UPLOADED
    assert not Response.objects.exists()


@contextmanager
def import_lock_held(batch_id: int) -> Iterator[None]:
    """Another process importing the batch: a second connection holds its lock."""
    other = connections.create_connection("default")
    key = [services.IMPORT_LOCK_CLASS, batch_id]
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", key)
        yield
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
    finally:
        other.close()


def confirmed_batch(import_survey: Survey):
    batch = services.import_batch_create(
        survey=import_survey,
        data=csv_bytes(ROWS),
        file_name="big.csv",
        channel="PAPER",
        by=None,
    )
    return services.import_batch_confirm(batch=batch, by=None, background=True)


def test_a_second_copy_of_a_running_import_stops_at_once(import_survey: Survey) -> None:
    # The broker hands a task still running to another worker after its
    # visibility timeout: that copy must neither wait nor import again.
    batch = confirmed_batch(import_survey)
    with import_lock_held(batch.pk):
        assert import_survey_responses(batch.pk) == ImportStatus.RUNNING
        assert not Response.objects.exists()
        assert services.import_is_running(batch.pk)
    assert not services.import_is_running(batch.pk)
    assert import_survey_responses(batch.pk) == ImportStatus.DONE
    assert Response.objects.count() == 12


def test_an_import_no_process_is_running_is_queued_again(
    import_survey: Survey, settings, django_capture_on_commit_callbacks
) -> None:
    import datetime

    from django.utils import timezone

    from consultations.models import ImportBatch

    settings.STALE_WORK_AFTER = 600
    batch = confirmed_batch(import_survey)
    # Its worker died mid-import: still "importing", and nobody holds its lock.
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING,
        created_at=timezone.now() - datetime.timedelta(seconds=601),
    )
    with import_lock_held(batch.pk):
        assert services.import_batches_requeue_stale() == 0

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.import_batches_requeue_stale() == 1

    assert enqueued(callbacks) == [
        ("consultations.imports.tasks.import_survey_responses", (batch.pk,))
    ]
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    assert Response.objects.count() == 12
