"""Large files are imported by a Celery task, once, with progress."""

import pytest
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
