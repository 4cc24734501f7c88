"""An officer imports a paper survey file in Chromium: 0 axe violations."""

import pytest
from playwright.sync_api import Page

from consultations.models import QuestionType
from consultations.models import Response
from sendportal.accounts.models import Role
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import assert_error_page
from tests.browser.conftest import sign_in
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import OptionFactory
from tests.consultations.factories import QuestionFactory
from tests.consultations.factories import SurveyFactory
from tests.consultations.imports.files import csv_bytes
from tests.factories import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIKERT = "Do the ambitions reflect what matters most?"
CHOICE = "Which priority matters most?"


def test_officer_uploads_previews_errors_then_imports_a_corrected_file(
    live_server, page: Page, area
) -> None:
    member(area, Role.OFFICER, "officer@fenmere.example")
    survey = SurveyFactory.create(
        consultation=ConsultationFactory.create(area=area), title="Have your say"
    )
    QuestionFactory.create(
        survey=survey, text=LIKERT, question_type=QuestionType.LIKERT
    )
    choice = QuestionFactory.create(
        survey=survey, text=CHOICE, question_type=QuestionType.SINGLE_CHOICE
    )
    OptionFactory.create(question=choice, code="early", label="Early support")
    OptionFactory.create(question=choice, code="local", label="Local provision")
    rows: list[list[object]] = [
        ["Timestamp", LIKERT, CHOICE, "Colour", "I am a..."],
        ["01/02/2026", "Agree", "Early support", "Blue", "Parent/Carer"],
        [
            "02/02/2026",
            "<b>Sort of</b>",
            "Somewhere else entirely",
            "Red",
            "Education professional",
        ],
    ]
    sign_in(page, live_server.url, "officer@fenmere.example", "correct horse battery")

    page.goto(f"{live_server.url}/staff/{area.slug}/consultations/imports/")
    assert_accessible(page)
    page.get_by_role("link", name="Import responses").first.click()
    assert_accessible(page)
    page.get_by_label("Upload a file").set_input_files(
        {"name": "paper.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows)}
    )
    page.get_by_label("How were these responses collected?").select_option("PAPER")
    page.get_by_role("button", name="Upload and check columns").click()

    page.wait_for_url("**/columns/")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page)
    page.set_viewport_size({"width": 1024, "height": 768})
    assert page.get_by_label("Column D: Colour").input_value() == ""
    page.get_by_role("button", name="Save and preview").click()

    # Every day is 12 or less: asked once how the dates are written.
    page.wait_for_url("**/dates/")
    assert page.get_by_text("01/02/2026 means 1 February 2026").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dates/")
    assert_error_page(page)
    assert_accessible(page)
    page.get_by_label("Day first").check()
    page.get_by_role("button", name="Continue").click()
    # Two answers the portal cannot match: the officer is asked about them.
    page.wait_for_url("**/values/")
    assert page.get_by_label("“<b>Sort of</b>” (1 row)").input_value() == ""
    assert_accessible(page)
    page.get_by_role("button", name="Save and preview").click()
    assert_error_page(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page)
    page.set_viewport_size({"width": 1024, "height": 768})
    page.get_by_role("link", name="Preview without saving these choices").click()

    page.wait_for_url("**/preview/")
    assert_error_page(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("table").get_by_text("<b>Sort of</b>").is_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page)
    page.set_viewport_size({"width": 1024, "height": 768})

    rows[2][1:3] = ["Disagree", "Local provision"]
    rows[2][4] = "Teacher"
    page.goto(f"{live_server.url}/staff/{area.slug}/consultations/imports/")
    page.get_by_role("link", name="Import responses").first.click()
    page.get_by_label("Upload a file").set_input_files(
        {
            "name": "paper-corrected.csv",
            "mimeType": "text/csv",
            "buffer": csv_bytes(rows),
        }
    )
    page.get_by_label("Respondents with help from a parent or carer").check()
    page.get_by_role("button", name="Upload and check columns").click()
    page.get_by_role("button", name="Save and preview").click()
    # The survey's last answer about dates holds for its next file.
    page.wait_for_url("**/values/")
    page.get_by_role("button", name="Save and preview").click()
    page.wait_for_url("**/preview/")
    assert page.locator("#responses-to-import").inner_text() == "2"
    assert page.get_by_text("Who we heard from").is_visible()
    # Dated before the consultation opened: a warning to acknowledge.
    assert page.get_by_text(
        "2 rows are dated before the consultation opened."
    ).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Import 2 responses").click()
    page.wait_for_url("**/preview/")
    assert_error_page(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page)
    page.set_viewport_size({"width": 1024, "height": 768})
    page.get_by_label(
        "I have checked the rows dated before the consultation opened"
    ).check()
    page.get_by_role("button", name="Import 2 responses").press("Enter")

    page.wait_for_selector(".govuk-panel--confirmation")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page)
    page.set_viewport_size({"width": 1024, "height": 768})
    assert Response.objects.filter(channel="PAPER").count() == 2
    assert Response.objects.filter(supported_by="PARENT_CARER").count() == 2
    assert set(Response.objects.values_list("respondent_type", flat=True)) == {
        "PARENT_CARER",
        "EDUCATION_SCHOOL",
    }

    page.get_by_role("link", name="Undo this import").click()
    assert_accessible(page)
    page.get_by_role("button", name="Undo this import").click()
    page.wait_for_selector(".govuk-notification-banner--success")
    assert_accessible(page)
    assert not Response.objects.exists()


def test_officer_discards_an_upload_that_was_not_imported(
    live_server, page: Page, area
) -> None:
    member(area, Role.OFFICER, "officer@fenmere.example")
    survey = SurveyFactory.create(consultation=ConsultationFactory.create(area=area))
    QuestionFactory.create(
        survey=survey, text=LIKERT, question_type=QuestionType.LIKERT
    )
    sign_in(page, live_server.url, "officer@fenmere.example", "correct horse battery")
    page.goto(f"{live_server.url}/staff/{area.slug}/consultations/imports/")
    page.get_by_role("link", name="Import responses").first.click()
    page.get_by_label("Upload a file").set_input_files(
        {
            "name": "wrong.csv",
            "mimeType": "text/csv",
            "buffer": csv_bytes([[LIKERT], ["Agree"]]),
        }
    )
    page.get_by_role("button", name="Upload and check columns").click()
    page.wait_for_url("**/columns/")

    page.goto(f"{live_server.url}/staff/{area.slug}/consultations/imports/")
    page.get_by_role("link", name="wrong.csv").click()
    page.get_by_role("link", name="Discard this file").click()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page)
    page.set_viewport_size({"width": 1024, "height": 768})
    page.get_by_role("button", name="Discard this file").click()

    page.wait_for_selector(".govuk-notification-banner--success")
    assert_accessible(page)
    assert not page.get_by_role("link", name="wrong.csv").count()
