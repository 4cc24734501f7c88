"""Warnings in the preview: rows dated outside the consultation or in the
future, and the same respondent twice; each acknowledged before importing."""

import datetime
from collections.abc import Sequence
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.imports import services
from consultations.imports.warnings import WarningKind
from consultations.models import Consultation
from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import Survey
from consultations.models.imports import ImportStatus
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.helpers import client_for

from .conftest import LIKERT
from .files import csv_bytes

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture
def window(import_survey: Survey) -> Survey:
    """The survey's consultation ran from 1 March to 1 June 2025."""
    Consultation.objects.filter(pk=import_survey.consultation_id).update(
        opens_at=datetime.datetime(2025, 3, 1, tzinfo=UTC),
        closes_at=datetime.datetime(2025, 6, 1, tzinfo=UTC),
    )
    import_survey.consultation.refresh_from_db()
    return import_survey


def future() -> str:
    return (timezone.localtime() + datetime.timedelta(days=3)).strftime(
        "%d/%m/%Y %H:%M:%S"
    )


def make(survey: Survey, rows: Sequence[Sequence[object]]) -> ImportBatch:
    return services.import_batch_create(
        survey=survey,
        data=csv_bytes(rows),
        file_name="responses.csv",
        channel="ONLINE_SURVEY",
        by=None,
    )


def rows_with_every_warning() -> list[list[object]]:
    return [
        ["Timestamp", "Email address", LIKERT],
        ["14/02/2025 10:00:00", "sam@example.org", "Agree"],  # row 2: before
        ["14/03/2025 10:00:00", "jo@example.org", "Agree"],
        ["14/03/2025 10:00:00", "", "Agree"],  # row 4: same as row 3
        ["15/03/2025 11:00:00", "JO@example.org ", "Disagree"],  # row 5: same email
        ["13/07/2025 09:00:00", "", "Agree"],  # row 6: after
        ["20/07/2025 09:00:00", "", "Agree"],  # row 7: after
        [future(), "", "Agree"],  # row 8: future
    ]


def test_the_preview_lists_each_kind_with_its_count_and_rows(window: Survey) -> None:
    preview = services.import_batch_preview(make(window, rows_with_every_warning()))

    assert preview.ok
    assert preview.responses == 7
    found = {
        warning.kind: (warning.count, [example.row for example in warning.examples])
        for warning in preview.warnings
    }
    assert found == {
        WarningKind.BEFORE_OPENING: (1, [2]),
        WarningKind.AFTER_CLOSING: (2, [6, 7]),
        WarningKind.FUTURE: (1, [8]),
        WarningKind.SAME_EMAIL: (1, [5]),
        WarningKind.SAME_ANSWERS: (1, [4]),
    }
    by_kind = {warning.kind: warning for warning in preview.warnings}
    assert by_kind[WarningKind.AFTER_CLOSING].message == (
        "2 rows are dated after the consultation closed."
    )
    assert by_kind[WarningKind.SAME_ANSWERS].examples[0].detail == "Same as row 3"
    assert by_kind[WarningKind.BEFORE_OPENING].examples[0].detail == (
        "14 February 2025 10:00"
    )


def test_a_clean_file_has_no_warnings_and_dates_alone_are_not_repeats(
    window: Survey,
) -> None:
    rows: list[Sequence[object]] = [
        ["Date received", LIKERT],
        *[["14/03/2025", "Agree"]] * 5,
    ]

    assert services.import_batch_warnings(make(window, rows)) == []


def test_the_service_refuses_to_confirm_with_unacknowledged_warnings(
    window: Survey,
) -> None:
    batch = make(window, rows_with_every_warning())

    with pytest.raises(services.WarningsNotAcknowledged) as refused:
        services.import_batch_confirm(
            batch=batch,
            by=None,
            acknowledged=[WarningKind.BEFORE_OPENING, WarningKind.FUTURE],
        )

    assert {warning.kind for warning in refused.value.warnings} == {
        WarningKind.AFTER_CLOSING,
        WarningKind.SAME_EMAIL,
        WarningKind.SAME_ANSWERS,
    }
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED
    assert not Response.objects.exists()
    assert not AuditEvent.objects.filter(
        verb=AuditVerb.SURVEY_IMPORT_CONFIRMED
    ).exists()


def test_acknowledged_warnings_import_and_are_recorded_in_the_audit(
    window: Survey, officer: User
) -> None:
    batch = make(window, rows_with_every_warning())
    kinds = [warning.kind for warning in services.import_batch_warnings(batch)]

    batch = services.import_batch_confirm(batch=batch, by=officer, acknowledged=kinds)

    assert batch.status == ImportStatus.DONE
    assert batch.responses_created == 7
    expected = {
        "before_opening": 1,
        "after_closing": 2,
        "future": 1,
        "same_email": 1,
        "same_answers": 1,
    }
    assert batch.acknowledged_warnings == expected
    event = AuditEvent.objects.get(verb=AuditVerb.SURVEY_IMPORT_CONFIRMED)
    assert event.actor == officer
    assert event.changes == {"warnings_acknowledged": [None, expected]}
    # Emails are read for repeats only, never kept.
    assert "jo@example.org" not in str(list(AuditEvent.objects.values("changes")))


def url(name: str, area: LocalArea, batch: ImportBatch) -> str:
    return reverse(
        f"consultation_imports:{name}", kwargs={"area_slug": area.slug, "pk": batch.pk}
    )


def test_the_preview_page_shows_each_warning_with_a_checkbox(
    window: Survey, officer: User, area: LocalArea
) -> None:
    batch = make(window, rows_with_every_warning())

    page = client_for(officer).get(url("batch_preview", area, batch)).content.decode()

    assert "Check these before importing" in page
    assert "1 row is dated before the consultation opened." in page
    assert "2 rows are dated after the consultation closed." in page
    assert "1 row has the same email address as an earlier row." in page
    assert "Same email address as row 3" in page
    for kind in WarningKind.values:
        assert f'id="acknowledge-{kind}" name="acknowledge" type="checkbox"' in page
    assert "<title>Error:" not in page


def test_confirming_without_ticking_shows_an_error_summary_and_imports_nothing(
    window: Survey, officer: User, area: LocalArea
) -> None:
    batch = make(window, rows_with_every_warning())
    client = client_for(officer)

    response = client.post(
        url("batch_preview", area, batch),
        {"acknowledge": ["before_opening", "after_closing", "future", "not-a-kind"]},
    )

    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<title>Error:" in content
    assert "govuk-error-summary" in content
    assert (
        '<a href="#acknowledge-same_email">Confirm that you have checked the rows '
        "with the same email address</a>"
    ) in content
    assert 'aria-describedby="acknowledge-same_answers-error"' in content
    # What was ticked stays ticked.
    assert 'value="future" checked' in content
    assert not Response.objects.exists()

    response = client.post(
        url("batch_preview", area, batch), {"acknowledge": WarningKind.values}
    )

    assert response["Location"] == url("batch_detail", area, batch)
    assert Response.objects.count() == 7
    detail = client.get(response["Location"]).content.decode()
    assert "Warnings checked" in detail
    assert "1 row is dated in the future." in detail
