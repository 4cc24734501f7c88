"""Discarding an upload that was not imported, by the admin or when it expires:
the file deleted from storage, the batch kept as discarded, audited."""

import datetime
from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from consultations.imports import services
from consultations.imports.tasks import discard_unconfirmed_imports
from consultations.models import ImportBatch
from consultations.models import Survey
from consultations.models.imports import ImportStatus
from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.factories import member
from tests.helpers import client_for

from .conftest import LIKERT
from .files import csv_bytes

pytestmark = pytest.mark.django_db


def make(survey: Survey, answer: str = "Agree") -> ImportBatch:
    return services.import_batch_create(
        survey=survey,
        data=csv_bytes([["Date received", LIKERT], ["14/03/2026", answer]]),
        file_name="paper.csv",
        channel="PAPER",
        by=None,
    )


def url(name: str, area: LocalArea, batch: ImportBatch) -> str:
    return reverse(
        f"consultation_imports:{name}", kwargs={"area_slug": area.slug, "pk": batch.pk}
    )


def test_discarding_deletes_the_file_keeps_the_batch_and_is_audited(
    import_survey: Survey, officer: User, django_capture_on_commit_callbacks: object
) -> None:
    batch = make(import_survey)
    stored = batch.file.name
    assert default_storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.import_batch_discard(batch=batch, by=officer)

    assert not default_storage.exists(stored)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DISCARDED
    assert batch.file.name == ""
    assert batch.discarded_by == officer
    event = AuditEvent.objects.get(verb=AuditVerb.SURVEY_IMPORT_DISCARDED)
    assert event.actor == officer
    assert event.changes == {
        "status": ["uploaded", "discarded"],
        "file": [stored, None],
        "reason": [None, "discarded"],
    }


def test_a_failed_import_may_be_discarded_but_an_imported_one_may_not(
    import_survey: Survey,
) -> None:
    failed = make(import_survey, answer="Sort of")
    assert services.import_batch_confirm(batch=failed, by=None).status == "failed"
    imported = make(import_survey)
    services.import_batch_confirm(batch=imported, by=None)

    services.import_batch_discard(batch=failed, by=None)

    with pytest.raises(services.ImportRefused, match="not imported"):
        services.import_batch_discard(batch=imported, by=None)
    imported.refresh_from_db()
    assert imported.status == ImportStatus.DONE
    assert default_storage.exists(imported.file.name)


def test_a_discarded_file_cannot_be_imported_or_mapped(import_survey: Survey) -> None:
    batch = make(import_survey)
    services.import_batch_discard(batch=batch, by=None)

    with pytest.raises(services.ImportRefused):
        services.import_batch_confirm(batch=batch, by=None)
    with pytest.raises(services.ImportRefused):
        services.import_batch_map_columns(batch=batch, mapping=batch.mapping, by=None)
    with pytest.raises(services.ImportRefused):
        services.import_batch_set_date_order(batch=batch, date_order="dmy", by=None)


@override_settings(SURVEY_IMPORT_KEEP_UNCONFIRMED_DAYS=14)
def test_the_nightly_task_discards_old_unimported_uploads_the_same_way(
    import_survey: Survey, django_capture_on_commit_callbacks: object
) -> None:
    old = make(import_survey)
    recent = make(import_survey, answer="Disagree")
    imported = make(import_survey, answer="Neither agree nor disagree")
    services.import_batch_confirm(batch=imported, by=None)
    long_ago = timezone.now() - datetime.timedelta(days=15)
    ImportBatch.objects.filter(pk__in=[old.pk, imported.pk]).update(created_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert discard_unconfirmed_imports() == 1

    statuses = dict(ImportBatch.objects.values_list("pk", "status"))
    assert statuses == {
        old.pk: ImportStatus.DISCARDED,
        recent.pk: ImportStatus.UPLOADED,
        imported.pk: ImportStatus.DONE,
    }
    assert not default_storage.exists(old.file.name)
    event = AuditEvent.objects.get(verb=AuditVerb.SURVEY_IMPORT_DISCARDED)
    assert event.actor is None
    assert event.changes["reason"] == [None, "expired"]


def test_the_discard_page_asks_then_discards_and_the_list_forgets_it(
    import_survey: Survey, officer: User, area: LocalArea
) -> None:
    batch = make(import_survey)
    client = client_for(officer)
    listing = reverse(
        "consultation_imports:import_list", kwargs={"area_slug": area.slug}
    )
    assert "Not imported yet" in client.get(listing).content.decode()
    detail = client.get(url("batch_detail", area, batch)).content.decode()
    assert url("batch_discard", area, batch) in detail

    page = client.get(url("batch_discard", area, batch))
    assert page.status_code == HTTPStatus.OK
    assert "You cannot get the file back" in page.content.decode()

    response = client.post(url("batch_discard", area, batch))

    assert response["Location"] == listing
    followed = client.get(listing).content.decode()
    assert "paper.csv discarded: its file has been deleted." in followed
    assert "Not imported yet" not in followed
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DISCARDED
    detail = client.get(url("batch_detail", area, batch)).content.decode()
    assert "Discarded on" in detail
    assert url("batch_discard", area, batch) not in detail
    # A discarded batch's pages lead back to it.
    for name in ("batch_discard", "batch_columns", "batch_dates", "batch_preview"):
        assert client.get(url(name, area, batch))["Location"] == url(
            "batch_detail", area, batch
        )


def test_another_areas_admin_gets_404_and_the_file_stays(
    import_survey: Survey, other_area: LocalArea
) -> None:
    batch = make(import_survey)
    admin = member(other_area, Role.AREA_ADMIN, "admin@eastwold.example")
    client = client_for(admin)
    elsewhere = url("batch_discard", other_area, batch)

    assert client.get(elsewhere).status_code == HTTPStatus.NOT_FOUND
    assert client.post(elsewhere).status_code == HTTPStatus.NOT_FOUND

    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED
    assert default_storage.exists(batch.file.name)


def test_a_discard_rolled_back_keeps_the_file(
    import_survey: Survey, django_capture_on_commit_callbacks: object
) -> None:
    batch = make(import_survey)
    stored = batch.file.name

    def discard_then_fail() -> None:
        with transaction.atomic():
            services.import_batch_discard(batch=batch, by=None)
            raise RuntimeError

    with (
        django_capture_on_commit_callbacks(execute=True),  # type: ignore[operator]
        pytest.raises(RuntimeError),
    ):
        discard_then_fail()

    assert default_storage.exists(stored)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED
