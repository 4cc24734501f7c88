"""The staff import pages: upload, columns, preview, confirm, batch page, undo."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from consultations.imports import services
from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import Survey
from consultations.models.imports import ImportStatus
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from tests.helpers import client_for

from .conftest import CHOICE
from .conftest import FREE
from .conftest import LIKERT
from .conftest import question
from .files import csv_bytes
from .files import xlsx_bytes

pytestmark = pytest.mark.django_db

# Day first, and the 14th and 15th say so (a file whose days are all 12 or
# less is asked about first: test_dates.py).
ROWS: list[list[object]] = [
    ["Timestamp", LIKERT, CHOICE, FREE],
    ["14/02/2026", "Agree", "Early support", "<script>alert('pwned')</script>"],
    ["15/02/2026", "Disagree", "Local provision", ""],
]


def url(name: str, area: LocalArea, **kwargs: int) -> str:
    return reverse(
        f"consultation_imports:{name}", kwargs={"area_slug": area.slug, **kwargs}
    )


def make_batch(survey: Survey, rows: list[list[object]] = ROWS) -> ImportBatch:
    return services.import_batch_create(
        survey=survey,
        data=csv_bytes(rows),
        file_name="paper.csv",
        channel="PAPER",
        by=None,
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", HTTPStatus.FOUND),
        ("no_role", HTTPStatus.FORBIDDEN),
        ("lead", HTTPStatus.FORBIDDEN),
        ("cabinet", HTTPStatus.FORBIDDEN),
        ("other_officer", HTTPStatus.FORBIDDEN),
        ("officer", HTTPStatus.OK),
        ("admin", HTTPStatus.OK),
    ],
)
def test_import_pages_are_for_officers_and_admins_of_the_area(
    users_by_role: dict[str, User | None],
    import_survey: Survey,
    area: LocalArea,
    role: str,
    status: int,
) -> None:
    batch = make_batch(import_survey)
    client = client_for(users_by_role[role])
    pages = [
        url("import_list", area),
        url("import_upload", area, survey_pk=import_survey.pk),
        url("keying_template", area, survey_pk=import_survey.pk),
        url("batch_detail", area, pk=batch.pk),
        url("batch_columns", area, pk=batch.pk),
        url("batch_values", area, pk=batch.pk),
        url("batch_preview", area, pk=batch.pk),
        url("batch_discard", area, pk=batch.pk),
    ]
    for page in pages:
        assert client.get(page).status_code == status, page
    # The dates question leads on to the preview when the dates are clear.
    dates = client.get(url("batch_dates", area, pk=batch.pk)).status_code
    assert dates == (HTTPStatus.FOUND if status == HTTPStatus.OK else status)
    if status != HTTPStatus.OK:
        client.post(url("batch_preview", area, pk=batch.pk))
        client.post(url("batch_dates", area, pk=batch.pk), {"date_order": "mdy"})
        client.post(url("batch_discard", area, pk=batch.pk))
        assert not Response.objects.exists()
        batch.refresh_from_db()
        assert (batch.status, batch.date_order) == (ImportStatus.UPLOADED, "dmy")


def test_a_batch_of_another_area_is_not_found(
    client: Client,
    officer: User,
    import_survey: Survey,
    other_area: LocalArea,
    area: LocalArea,
) -> None:
    from tests.consultations.factories import ConsultationFactory
    from tests.consultations.factories import SurveyFactory

    elsewhere = SurveyFactory.create(
        consultation=ConsultationFactory.create(area=other_area)
    )
    client.force_login(officer)
    assert (
        client.get(url("import_upload", area, survey_pk=elsewhere.pk)).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_upload_check_columns_preview_confirm_and_undo(
    client: Client, officer: User, import_survey: Survey, area: LocalArea
) -> None:
    client.force_login(officer)
    upload = SimpleUploadedFile("paper.csv", csv_bytes(ROWS), content_type="text/csv")

    response = client.post(
        url("import_upload", area, survey_pk=import_survey.pk),
        {"file": upload, "channel": "IN_PERSON_EVENT"},
    )

    batch = ImportBatch.objects.get()
    assert response["Location"] == url("batch_columns", area, pk=batch.pk)
    assert batch.created_by == officer
    page = client.get(response["Location"])
    assert "Google Forms" in page.content.decode()
    mapping = {f"column_{i}": target for i, target in enumerate(batch.mapping)}
    response = client.post(url("batch_columns", area, pk=batch.pk), mapping)
    # The file has choice columns: their answers are matched next.
    assert response["Location"] == url("batch_values", area, pk=batch.pk)
    values = client.get(response["Location"])
    assert values.context["unmatched"] == 0
    response = client.post(
        url("batch_values", area, pk=batch.pk),
        {field.html_name: field.value() for field in values.context["form"]},
    )
    assert response["Location"] == url("batch_preview", area, pk=batch.pk)

    preview = client.get(response["Location"])
    assert preview.context["preview"].responses == 2
    assert "Import 2 responses" in preview.content.decode()

    response = client.post(url("batch_preview", area, pk=batch.pk))
    assert response["Location"] == url("batch_detail", area, pk=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    assert set(Response.objects.values_list("channel", flat=True)) == {
        "IN_PERSON_EVENT"
    }

    detail = client.get(response["Location"]).content.decode()
    assert "2 responses imported" in detail
    assert 'http-equiv="refresh"' not in detail

    client.post(url("batch_undo", area, pk=batch.pk))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UNDONE
    assert not Response.objects.exists()


def test_a_bad_file_is_shown_as_an_error_on_the_upload_page(
    client: Client, officer: User, import_survey: Survey, area: LocalArea
) -> None:
    client.force_login(officer)
    upload = SimpleUploadedFile("survey.xlsx", b"%PDF-1.4 not a workbook")

    response = client.post(
        url("import_upload", area, survey_pk=import_survey.pk),
        {"file": upload, "channel": "PAPER"},
    )

    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<title>Error:" in content
    assert "is called .xlsx but is a PDF" in content
    assert not ImportBatch.objects.exists()


def test_preview_lists_every_error_with_hostile_text_inert(
    client: Client, officer: User, import_survey: Survey, area: LocalArea
) -> None:
    rows: list[list[object]] = [
        *ROWS,
        ["16/02/2026", "<img src=x onerror=alert(1)>", "Early support", ""],
    ]
    batch = make_batch(import_survey, rows)
    client.force_login(officer)

    content = client.get(url("batch_preview", area, pk=batch.pk)).content.decode()

    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "Import 2 responses" not in content
    assert f"B ({LIKERT})" in content


def test_remapping_a_column_changes_the_import(
    client: Client, officer: User, import_survey: Survey, area: LocalArea
) -> None:
    batch = make_batch(import_survey)
    client.force_login(officer)
    mapping = {f"column_{i}": target for i, target in enumerate(batch.mapping)}
    mapping["column_3"] = ""

    client.post(url("batch_columns", area, pk=batch.pk), mapping)
    client.post(url("batch_preview", area, pk=batch.pk))

    assert not Response.objects.filter(
        answers__question=question(import_survey, FREE)
    ).exists()


def test_keying_template_lists_questions_and_allowed_answers(
    client: Client, officer: User, import_survey: Survey, area: LocalArea
) -> None:
    import io

    client.force_login(officer)
    response = client.get(url("keying_template", area, survey_pk=import_survey.pk))

    workbook = load_workbook(io.BytesIO(response.content))
    headings = [cell.value for cell in workbook.worksheets[0][1]]
    assert headings[:2] == ["Date received", "Responding as"]
    assert headings[7] == f"Q1. {LIKERT}"  # after the five profile columns
    allowed = {
        row[0]: row[1]
        for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)
    }
    assert allowed[f"Q2. {CHOICE}"] == "Early support; Local provision"


def test_hostile_text_in_an_imported_file_name_is_inert(
    client: Client, officer: User, import_survey: Survey, area: LocalArea
) -> None:
    batch = services.import_batch_create(
        survey=import_survey,
        data=xlsx_bytes(ROWS),
        file_name="<b>x</b>.xlsx",
        channel="PAPER",
        by=None,
    )
    client.force_login(officer)
    content = client.get(url("batch_detail", area, pk=batch.pk)).content.decode()
    assert "<b>x</b>" not in content
    assert "&lt;b&gt;x&lt;/b&gt;.xlsx" in content


def test_a_running_import_shows_a_progress_bar_and_refreshes(
    client: Client, officer: User, import_survey: Survey, area: LocalArea
) -> None:
    batch = make_batch(import_survey)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING, rows_done=1
    )
    client.force_login(officer)

    page = url("batch_detail", area, pk=batch.pk)
    content = client.get(page).content.decode()

    assert (
        '<progress class="app-import-progress" id="import-progress" max="100" value="50">'
        in content
    )
    assert "1 of 2 rows" in content
    # Checking again by itself is offered, not imposed, and can be stopped.
    assert 'http-equiv="refresh"' not in content
    assert f'href="{page}?refresh=1"' in content
    refreshing = client.get(page + "?refresh=1").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in refreshing
    assert "Stop checking automatically" in refreshing


@pytest.mark.parametrize(
    ("role", "shown"), [("officer", True), ("admin", True), ("cabinet", False)]
)
def test_staff_home_links_to_imports_for_officers_and_admins(
    users_by_role: dict[str, User | None],
    area: LocalArea,
    role: str,
    shown: bool,
) -> None:
    client = client_for(users_by_role[role])
    content = client.get(
        reverse("staff:area_home", kwargs={"area_slug": area.slug})
    ).content.decode()
    assert (url("import_list", area) in content) is shown
