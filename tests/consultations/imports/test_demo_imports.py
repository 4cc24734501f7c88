"""The demo's survey imports: a SurveyMonkey export imported into
Hertfordshire's draft strategy consultation, one upload waiting, one discarded."""

import datetime
import zoneinfo

import pytest

from consultations.demo_imports import DISCARDED
from consultations.demo_imports import IMPORTED
from consultations.demo_imports import ROWS
from consultations.demo_imports import SEED
from consultations.demo_imports import WAITING
from consultations.demo_imports import survey_export
from consultations.imports.columns import DISTRICT
from consultations.imports.columns import RESPONDENT_TYPE
from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import ValueMapping
from consultations.models.imports import DateOrder
from consultations.models.imports import ImportStatus

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_the_export_is_the_same_file_each_time() -> None:
    first = survey_export(SEED, ROWS)
    assert first == survey_export(SEED, ROWS)
    lines = first.decode().splitlines()
    # Two heading rows, then the rows, month-first.
    assert len(lines) == ROWS + 2
    assert "11/" in lines[2].split(",")[3]


def test_the_surveymonkey_export_is_imported_with_its_answers_matched(
    demo_db: None,
) -> None:
    batch = ImportBatch.objects.get(file_name=IMPORTED, area__slug="hertfordshire")
    assert batch.status == ImportStatus.DONE
    assert batch.shape == "surveymonkey"
    assert batch.header_rows == 2
    assert batch.date_order == DateOrder.MONTH_FIRST
    responses = Response.objects.filter(import_batch=batch)
    assert responses.count() == batch.rows_total == ROWS
    # The tool's words became the portal's respondent types, its short names
    # the area's districts.
    types = set(responses.values_list("respondent_type", flat=True))
    assert {"PARENT_CARER", "EDUCATION_SCHOOL", "VCS"} <= types
    assert not responses.filter(respondent_type="PREFER_NOT_SAY").exists()
    assert not responses.filter(district=None).exists()
    assert responses.values("district").distinct().count() > 3
    assert responses.exclude(need_codes=[]).exists()
    # Month-first: 11/14/2025 is 14 November, inside the consultation.
    first = responses.order_by("submitted_at").first()
    assert first is not None
    local = first.submitted_at.astimezone(LONDON)
    assert (local.year, local.month) == (2025, 11)
    assert local.day >= 14
    assert all(
        at <= datetime.datetime(2026, 2, 6, tzinfo=LONDON)
        for at in responses.values_list("submitted_at", flat=True)
    )
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
    assert batch.acknowledged_warnings


def test_one_upload_waits_and_one_was_discarded(demo_db: None) -> None:
    waiting = ImportBatch.objects.get(file_name=WAITING)
    assert waiting.status == ImportStatus.UPLOADED
    # Matched already, from what was remembered.
    assert waiting.value_mapping[RESPONDENT_TYPE]
    discarded = ImportBatch.objects.get(file_name=DISCARDED)
    assert discarded.status == ImportStatus.DISCARDED
    assert not discarded.file
    assert not Response.objects.filter(import_batch__in=[waiting, discarded]).exists()
