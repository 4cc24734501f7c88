"""Who helped, in imports: a column of the file, a setting for the whole upload,
the keying template and the portal export read back."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from consultations.imports import services
from consultations.imports.keying import keying_headers
from consultations.imports.keying import keying_template
from consultations.imports.resources import export_survey_responses
from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import Survey
from consultations.models.imports import ImportStatus
from sendportal.accounts.models import User
from tests.consultations.factories import ResponseFactory
from tests.helpers import client_for

from .conftest import LIKERT
from .conftest import question
from .files import csv_bytes
from .files import xlsx_bytes

pytestmark = pytest.mark.django_db


def upload(
    survey: Survey,
    rows: list[list[object]],
    *,
    channel: str = "WORKSHOP",
    supported_by: str = "",
) -> ImportBatch:
    return services.import_batch_create(
        survey=survey,
        data=xlsx_bytes(rows),
        file_name="workshop.xlsx",
        channel=channel,
        supported_by=supported_by,
        by=None,
    )


def helpers_of(batch: ImportBatch) -> list[str]:
    return list(
        Response.objects.filter(import_batch=batch)
        .order_by("submitted_at")
        .values_list("supported_by", flat=True)
    )


def test_a_who_helped_column_maps_itself_and_reads_the_usual_words(
    import_survey: Survey,
) -> None:
    rows: list[list[object]] = [
        ["Timestamp", LIKERT, "Who helped"],
        ["01/02/2026", "Agree", "Yes, a parent or carer"],
        ["02/02/2026", "Agree", "Advocate"],
        ["03/02/2026", "Agree", "A teacher or support worker"],
        ["04/02/2026", "Agree", "no"],
        ["05/02/2026", "Agree", "I'd rather not say"],
        ["06/02/2026", "Agree", ""],
    ]
    batch = upload(import_survey, rows)
    assert batch.mapping == [
        "submitted_at",
        f"q:{question(import_survey, LIKERT).pk}",
        "supported_by",
    ]
    batch = services.import_batch_confirm(batch=batch, by=None)
    assert batch.status == ImportStatus.DONE
    assert helpers_of(batch) == [
        "PARENT_CARER",
        "ADVOCATE",
        "TEACHER_SUPPORT_WORKER",
        "NOBODY",
        "PREFER_NOT_SAY",
        "",
    ]


def test_the_upload_setting_fills_the_rows_the_column_leaves_empty(
    import_survey: Survey,
) -> None:
    rows: list[list[object]] = [
        ["Timestamp", LIKERT, "Who helped"],
        ["01/02/2026", "Agree", ""],
        ["02/02/2026", "Agree", "An advocate"],
    ]
    batch = upload(import_survey, rows, supported_by="TEACHER_SUPPORT_WORKER")
    batch = services.import_batch_confirm(batch=batch, by=None)
    assert helpers_of(batch) == ["TEACHER_SUPPORT_WORKER", "ADVOCATE"]
    channels = Response.objects.filter(import_batch=batch).values_list(
        "channel", flat=True
    )
    assert set(channels) == {"WORKSHOP"}


def test_the_upload_setting_alone_marks_every_response_of_the_file(
    import_survey: Survey,
) -> None:
    rows: list[list[object]] = [[LIKERT], ["Agree"], ["Disagree"], ["Agree"]]
    batch = upload(
        import_survey, rows, channel="YOUTH_FORUM", supported_by="PARENT_CARER"
    )
    batch = services.import_batch_confirm(batch=batch, by=None)
    assert helpers_of(batch) == ["PARENT_CARER"] * 3


def test_an_unknown_helper_is_a_row_error_and_nothing_is_imported(
    import_survey: Survey,
) -> None:
    rows: list[list[object]] = [
        ["Timestamp", LIKERT, "Who helped"],
        ["01/02/2026", "Agree", "Advocate"],
        ["02/02/2026", "Agree", "my dog"],
    ]
    batch = upload(import_survey, rows)
    preview = services.import_batch_preview(batch)
    assert preview.error_count == 1
    assert preview.errors[0].row == 3
    assert preview.errors[0].column == "C (Who helped)"
    assert "An advocate" in preview.errors[0].problem
    batch = services.import_batch_confirm(batch=batch, by=None)
    assert batch.status == ImportStatus.FAILED
    assert not Response.objects.filter(import_batch=batch).exists()


def test_an_upload_setting_outside_the_list_is_refused(import_survey: Survey) -> None:
    with pytest.raises(services.ImportRefused):
        upload(import_survey, [[LIKERT], ["Agree"]], supported_by="THE_DOG")


def test_the_keying_template_ends_with_who_helped_and_its_answers(
    import_survey: Survey,
) -> None:
    assert keying_headers(import_survey)[-1] == "Who helped"
    workbook = load_workbook(io.BytesIO(keying_template(import_survey)))
    allowed = dict(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert "A parent or carer" in allowed["Who helped"]
    assert "An advocate" in allowed["Who helped"]


def test_the_portal_export_gives_who_helped_back_on_import(
    import_survey: Survey,
) -> None:
    ResponseFactory.create(survey=import_survey, supported_by="ADVOCATE")
    ResponseFactory.create(survey=import_survey, supported_by="")
    exported = export_survey_responses(import_survey, "csv")
    assert "Who helped" in exported.decode("utf-8-sig").splitlines()[0]
    again = services.import_batch_create(
        survey=import_survey,
        data=exported,
        file_name="export.csv",
        channel="PAPER",
        by=None,
    )
    assert "supported_by" in again.mapping
    again = services.import_batch_confirm(batch=again, by=None)
    assert sorted(helpers_of(again)) == ["", "ADVOCATE"]


def test_the_batch_page_says_who_gave_the_answers(
    import_survey: Survey, officer: User
) -> None:
    batch = services.import_batch_create(
        survey=import_survey,
        data=csv_bytes([[LIKERT], ["Agree"]]),
        file_name="forum.csv",
        channel="YOUTH_FORUM",
        supported_by="TEACHER_SUPPORT_WORKER",
        by=None,
    )
    content = client_for(officer).get(batch.get_absolute_url()).content.decode()
    assert "Youth forum" in content
    assert "A teacher or support worker" in content


def test_the_preview_says_who_gave_the_answers_before_importing(
    import_survey: Survey, officer: User
) -> None:
    batch = upload(import_survey, [[LIKERT], ["Agree"]], supported_by="ADVOCATE")
    path = reverse(
        "consultation_imports:batch_preview",
        kwargs={"area_slug": batch.area.slug, "pk": batch.pk},
    )
    content = client_for(officer).get(path).content.decode()
    assert "Who helped them answer" in content
    assert "An advocate" in content
