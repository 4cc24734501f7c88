"""The demo's survey imports: a SurveyMonkey export imported into
Hertfordshire's draft strategy consultation, one upload waiting, one discarded."""

import csv
import datetime
import io
import zoneinfo
from collections import Counter

import pytest
from django.utils import timezone

from consultations.demo_imports import DISCARDED
from consultations.demo_imports import DISTRICTS
from consultations.demo_imports import IMPORTED
from consultations.demo_imports import KEYED_BY
from consultations.demo_imports import ROWS
from consultations.demo_imports import SEED
from consultations.demo_imports import SOURCE_DOCUMENT
from consultations.demo_imports import TYPES
from consultations.demo_imports import WAITING
from consultations.demo_imports import load_hertfordshire_imports
from consultations.demo_imports import survey_export
from consultations.imports import services
from consultations.imports.columns import DISTRICT
from consultations.imports.columns import RESPONDENT_TYPE
from consultations.imports.warnings import WarningKind
from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import ValueMapping
from consultations.models.imports import DateOrder
from consultations.models.imports import ImportStatus
from strategies.codes import Channel

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def export_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(survey_export(SEED, ROWS).decode())))[2:]


def test_the_export_is_the_same_file_each_time() -> None:
    first = survey_export(SEED, ROWS)
    assert first == survey_export(SEED, ROWS)
    lines = first.decode().splitlines()
    # Two heading rows, then the rows, month-first.
    assert len(lines) == ROWS + 2
    assert lines[2].split(",")[3] == "11/14/2025 09:15:40"


def test_the_surveymonkey_export_is_imported_with_its_answers_matched(
    demo_db: None,
) -> None:
    batch = ImportBatch.objects.get(file_name=IMPORTED, area__slug="hertfordshire")
    assert batch.status == ImportStatus.DONE
    assert batch.shape == "surveymonkey"
    assert batch.header_rows == 2
    assert batch.date_order == DateOrder.MONTH_FIRST
    # Its provenance, into analysis.
    assert batch.channel == Channel.IN_PERSON_EVENT
    assert batch.keyed_by == KEYED_BY
    assert batch.source_document == SOURCE_DOCUMENT
    responses = Response.objects.filter(import_batch=batch)
    assert responses.count() == batch.rows_total == ROWS
    # The tool's words became the portal's respondent types, its short names
    # the area's districts, row for row.
    rows = export_rows()
    assert Counter(responses.values_list("respondent_type", flat=True)) == Counter(
        TYPES[row[4]] for row in rows
    )
    full = {short: name for name, short in DISTRICTS.items()}
    assert Counter(responses.values_list("district__name", flat=True)) == Counter(
        full[row[5]] for row in rows
    )
    assert {"EDUCATION_SCHOOL", "VCS"} <= set(
        responses.values_list("respondent_type", flat=True)
    )
    assert responses.exclude(need_codes=[]).exists()
    # Month-first: "11/14/2025 09:15:40" is 14 November, inside the
    # consultation, London time.
    read = sorted(
        datetime.datetime.strptime(row[3], "%m/%d/%Y %H:%M:%S").replace(tzinfo=LONDON)
        for row in rows
    )
    assert sorted(responses.values_list("submitted_at", flat=True)) == read
    assert read[0] == datetime.datetime(2025, 11, 14, 9, 15, 40, tzinfo=LONDON)
    assert read[-1] < datetime.datetime(2026, 2, 6, tzinfo=LONDON)
    # The answers matched are remembered for the survey's next file.
    remembered = dict(
        ValueMapping.objects.filter(survey=batch.survey).values_list(
            "value_key", "code"
        )
    )
    assert remembered["education professional"] == "EDUCATION_SCHOOL"
    assert remembered["voluntary or community sector"] == "VCS"
    assert batch.value_mapping[RESPONDENT_TYPE]
    assert batch.value_mapping[DISTRICT]
    # The form keyed twice was warned about and acknowledged.
    assert batch.acknowledged_warnings == {WarningKind.SAME_ANSWERS: 1}


def test_one_upload_waits_and_one_was_discarded(demo_db: None) -> None:
    waiting = ImportBatch.objects.get(file_name=WAITING)
    assert waiting.status == ImportStatus.UPLOADED
    # Matched already, from what was remembered.
    assert waiting.value_mapping[RESPONDENT_TYPE]
    discarded = ImportBatch.objects.get(file_name=DISCARDED)
    assert discarded.status == ImportStatus.DISCARDED
    assert not discarded.file
    assert not Response.objects.filter(import_batch__in=[waiting, discarded]).exists()


def test_loading_again_imports_nothing_twice_and_uploads_an_expired_wait_afresh(
    demo_db: None,
) -> None:
    responses = Response.objects.filter(import_batch__file_name=IMPORTED).count()
    # Fifteen days on, the nightly task discards the upload left waiting.
    later = timezone.now() + datetime.timedelta(days=15)
    assert services.import_batches_discard_unconfirmed(now=later) == 1
    load_hertfordshire_imports(io.StringIO())
    batches = ImportBatch.objects.filter(area__slug="hertfordshire")
    assert batches.filter(file_name=IMPORTED).count() == 1
    assert (
        Response.objects.filter(import_batch__file_name=IMPORTED).count() == responses
    )
    assert batches.filter(file_name=DISCARDED).count() == 1
    assert list(
        batches.filter(file_name=WAITING)
        .order_by("pk")
        .values_list("status", flat=True)
    ) == [ImportStatus.DISCARDED, ImportStatus.UPLOADED]
