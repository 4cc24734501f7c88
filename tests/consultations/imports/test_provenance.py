"""Paper and workshop responses keep where they came from: the channel, who
keyed them and the source document, from the upload to the analysis and export."""

import datetime
import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from consultations.analysis import analyse
from consultations.imports import services
from consultations.imports.keying import keying_template
from consultations.models import Consultation
from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import Survey
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.consultations.factories import ResponseFactory
from tests.consultations.test_supported_responses import csv_records
from tests.consultations.test_supported_responses import export
from tests.helpers import client_for
from tests.helpers import staff_url

pytestmark = pytest.mark.django_db

KEYED_BY = "Keyed by J. Smith, SENDIASS"
SOURCE = "Paper forms from the Stevenage drop-in, 12 March 2025"
# The template's profile columns (district, age, need, setting, support), blank.
NO_PROFILE = [""] * 5
HOSTILE = "<script>alert('keyed')</script> & co"


def keyed_sheet(survey: Survey) -> bytes:
    """The survey's keying template with two paper forms typed in, dated
    within the consultation."""
    Consultation.objects.filter(pk=survey.consultation_id).update(
        opens_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    survey.consultation.refresh_from_db()
    workbook = load_workbook(io.BytesIO(keying_template(survey)))
    sheet = workbook.worksheets[0]
    sheet.append(
        [
            "13/03/2025",
            "Parent or carer of a child or young person with SEND",
            *NO_PROFILE,
            "Agree",
            "Early support",
            "More",
            2,
            "",
        ]
    )
    sheet.append(
        [
            "14/03/2025",
            "Young person with SEND (16 to 25)",
            *NO_PROFILE,
            "Disagree",
            "Local provision",
            "",
            "",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_page(survey: Survey) -> str:
    return reverse(
        "consultation_imports:import_upload",
        kwargs={"area_slug": survey.consultation.area.slug, "survey_pk": survey.pk},
    )


def test_a_keyed_paper_sheet_keeps_its_provenance_into_analysis_and_export(
    survey: Survey, officer: User
) -> None:
    client = client_for(officer)
    ResponseFactory.create(survey=survey, consultation=survey.consultation)

    page = client.post(
        upload_page(survey),
        {
            "file": SimpleUploadedFile("stevenage.xlsx", keyed_sheet(survey)),
            "channel": "WORKSHOP",
            "supported_by": "",
            "keyed_by": f"  {KEYED_BY}  ",
            "source_document": SOURCE,
        },
    )
    assert page.status_code == HTTPStatus.FOUND, page.content.decode()
    batch = ImportBatch.objects.get()
    assert (batch.channel, batch.keyed_by, batch.source_document) == (
        "WORKSHOP",
        KEYED_BY,
        SOURCE,
    )
    uploaded = AuditEvent.objects.get(verb=AuditVerb.SURVEY_IMPORT_UPLOADED)
    assert uploaded.changes["keyed_by"] == [None, KEYED_BY]
    assert uploaded.changes["source_document"] == [None, SOURCE]

    preview = client.get(page["Location"].replace("columns", "preview"))
    assert SOURCE in preview.content.decode()
    batch = services.import_batch_confirm(batch=batch, by=officer)
    assert batch.responses_created == 2, (batch.message, batch.errors)
    assert set(Response.objects.filter(import_batch=batch).values_list("channel")) == {
        ("WORKSHOP",)
    }

    detail = client.get(batch.get_absolute_url()).content.decode()
    assert KEYED_BY in detail
    assert SOURCE in detail
    assert "Workshop" in detail

    analysis = analyse(survey.consultation)
    imported = [row for row in analysis.sources if row.batch_id == batch.pk]
    assert [(row.channel, row.source, row.keyed_by, row.count) for row in imported] == [
        ("Workshop", SOURCE, KEYED_BY, 2)
    ]
    assert [row.source for row in analysis.sources if row.batch_id is None] == [
        "Answered on the portal"
    ]
    analysis_url = staff_url("analysis", survey.consultation)
    content = client.get(analysis_url).content.decode()
    assert "How responses were collected" in content
    assert SOURCE in content
    assert KEYED_BY in content

    # The channel filter narrows every figure, and the export links keep it.
    workshop = client.get(analysis_url + "?channel=WORKSHOP").content.decode()
    assert "2 responses" in workshop
    assert '<option value="WORKSHOP" selected>' in workshop
    assert "export.csv?channel=WORKSHOP" in workshop
    assert analyse(survey.consultation, channel="WORKSHOP").total == 2
    assert analyse(survey.consultation, channel="ONLINE_SURVEY").total == 1
    unknown = client.get(analysis_url + "?channel=<b>x</b>")
    assert unknown.status_code == HTTPStatus.OK
    assert "3 responses" in unknown.content.decode()

    rows = csv_records(export(client, survey, "csv"))
    imported_rows = [row for row in rows if row["source document"]]
    assert {(row["channel"], row["source document"]) for row in imported_rows} == {
        ("WORKSHOP", SOURCE)
    }
    assert len({row["reference"] for row in imported_rows}) == 2
    filtered = csv_records(export(client, survey, "csv", "?channel=WORKSHOP"))
    assert {row["source document"] for row in filtered} == {SOURCE}
    event = AuditEvent.objects.filter(verb=AuditVerb.RESPONSES_EXPORTED).latest("pk")
    assert event.changes["channel"] == [None, "WORKSHOP"]
    sheet = load_workbook(io.BytesIO(export(client, survey, "xlsx"))).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    column = header.index("source document")
    assert SOURCE in {row[column] for row in sheet.iter_rows(values_only=True)}


def test_provenance_is_optional_and_stored_as_typed_but_inert(
    survey: Survey, officer: User
) -> None:
    client = client_for(officer)
    page = client.post(
        upload_page(survey),
        {
            "file": SimpleUploadedFile("forms.xlsx", keyed_sheet(survey)),
            "channel": "PAPER",
            "supported_by": "",
        },
    )
    assert page.status_code == HTTPStatus.FOUND
    plain = ImportBatch.objects.get()
    assert (plain.keyed_by, plain.source_document) == ("", "")
    assert "Not recorded" in client.get(plain.get_absolute_url()).content.decode()

    hostile = services.import_batch_create(
        survey=survey,
        data=keyed_sheet(survey),
        file_name="again.xlsx",
        channel="PAPER",
        by=officer,
        is_different_batch=True,
        keyed_by=HOSTILE,
        source_document=HOSTILE,
    )
    assert hostile.keyed_by == HOSTILE
    services.import_batch_confirm(batch=hostile, by=officer)
    for path in (
        hostile.get_absolute_url(),
        staff_url("analysis", survey.consultation),
    ):
        content = client.get(path).content.decode()
        assert "<script>alert('keyed')" not in content
        assert "&lt;script&gt;alert(" in content


def test_overlong_provenance_is_refused_with_the_limit(
    survey: Survey, officer: User
) -> None:
    page = client_for(officer).post(
        upload_page(survey),
        {
            "file": SimpleUploadedFile("forms.xlsx", keyed_sheet(survey)),
            "channel": "PAPER",
            "supported_by": "",
            "source_document": "x" * 301,
        },
    )
    assert page.status_code == HTTPStatus.OK
    assert "300 characters" in page.content.decode()
    with pytest.raises(services.ImportRefused, match="200 characters or fewer"):
        services.import_batch_create(
            survey=survey,
            data=keyed_sheet(survey),
            file_name="forms.xlsx",
            channel="PAPER",
            by=officer,
            keyed_by="y" * 201,
        )
    assert not ImportBatch.objects.exists()
