"""An officer records where paper answers came from and applies a mapping
file in Chromium, then reads the analysis by channel: 0 axe violations."""

import datetime
import json

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from consultations.models import ImportBatch
from consultations.models import QuestionType
from consultations.models import Response
from sendportal.accounts.models import Role
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import sign_in
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import QuestionFactory
from tests.consultations.factories import SurveyFactory
from tests.consultations.imports.files import csv_bytes
from tests.factories import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOURCE = "Paper forms from the Stevenage drop-in, 12 March 2025"


def day(days_ago: int) -> str:
    """A date within the consultation (open since 10 days ago), day first."""
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).strftime(
        "%d/%m/%Y"
    )


def accessible_at_both_widths(page: Page) -> None:
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page)
    page.set_viewport_size({"width": 1024, "height": 768})


def test_officer_keys_provenance_applies_a_mapping_file_and_filters_analysis(
    live_server, page: Page, area
) -> None:
    member(area, Role.OFFICER, "officer@fenmere.example")
    consultation = ConsultationFactory.create(area=area)
    survey = SurveyFactory.create(consultation=consultation, title="Have your say")
    QuestionFactory.create(
        survey=survey,
        text="Do the ambitions reflect what matters most?",
        question_type=QuestionType.LIKERT,
    )
    rows: list[list[object]] = [
        ["When", "Ambitions right?"],
        [day(1), "Agree"],
        [day(2), "Disagree"],
    ]
    sign_in(page, live_server.url, "officer@fenmere.example", "correct horse battery")

    page.goto(f"{live_server.url}/staff/{area.slug}/consultations/imports/")
    page.get_by_role("link", name="Import responses").first.click()
    page.get_by_label("Upload a file").set_input_files(
        {"name": "stevenage.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows)}
    )
    page.get_by_label("How were these responses collected?").select_option("WORKSHOP")
    page.get_by_label("Who keyed these answers in (optional)").fill(
        "J. Smith, SENDIASS"
    )
    page.get_by_label("Where the answers came from (optional)").fill(SOURCE)
    page.get_by_role("button", name="Upload and check columns").click()

    page.wait_for_url("**/columns/")
    page.get_by_role("link", name="Upload a mapping file").click()
    accessible_at_both_widths(page)
    page.get_by_label("Upload a mapping file").set_input_files(
        {
            "name": "mapping.json",
            "mimeType": "application/json",
            "buffer": json.dumps(
                {"columns": [{"heading": "Nope", "target": "Q7"}]}
            ).encode(),
        }
    )
    page.get_by_role("button", name="Apply the mapping and preview").click()
    assert (
        page.locator(".govuk-error-summary")
        .get_by_text("“Nope” is not a column heading of this file.")
        .is_visible()
    )
    accessible_at_both_widths(page)

    mapping = {
        "version": 1,
        "columns": [
            {"heading": "When", "target": "submitted_at"},
            {"heading": "Ambitions right?", "target": "Q1"},
        ],
        # Said here, the dates question is not asked.
        "date_order": "dmy",
    }
    page.get_by_label("Upload a mapping file").set_input_files(
        {
            "name": "mapping.json",
            "mimeType": "application/json",
            "buffer": json.dumps(mapping).encode(),
        }
    )
    page.get_by_role("button", name="Apply the mapping and preview").click()
    # On to the file's answers, as after the columns page.
    page.wait_for_url("**/values/")
    page.get_by_role("button", name="Save and preview").click()
    page.wait_for_url("**/preview/")
    assert page.locator("#responses-to-import").inner_text() == "2"
    page.get_by_role("button", name="Import 2 responses").click()
    page.wait_for_selector(".govuk-panel--confirmation")
    assert page.get_by_text(SOURCE).is_visible()
    assert Response.objects.filter(channel="WORKSHOP").count() == 2
    assert ImportBatch.objects.get().keyed_by == "J. Smith, SENDIASS"

    page.goto(
        f"{live_server.url}/staff/{area.slug}/consultations/{consultation.pk}/analysis/"
    )
    page.get_by_label("How responses were collected").select_option("WORKSHOP")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**channel=WORKSHOP**")
    assert page.get_by_role("cell", name=SOURCE).is_visible()
    accessible_at_both_widths(page)
