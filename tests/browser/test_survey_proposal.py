"""An officer builds a survey from an export in Chromium: 0 axe violations,
at 1024 and 320 px wide."""

import datetime

import pytest
from playwright.sync_api import Page

from consultations.models import ConsultationStatus
from consultations.models import ImportBatch
from sendportal.accounts.models import Role
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import sign_in
from tests.consultations.factories import ConsultationFactory
from tests.consultations.imports.files import csv_bytes
from tests.factories import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_row(i: int) -> list[object]:
    return [
        f"1{i}/11/2025 09:00:00",
        f"p{i}@example.org",
        ["Agree", "Disagree", "Strongly agree"][i % 3],
        ["North", "South"][i % 2],
    ]


ROWS: list[list[object]] = [
    [
        "Timestamp",
        "Email address",
        "How much do you agree?",
        "<b>Where</b> do you live?",
    ],
    *[answer_row(i) for i in range(6)],
]


def assert_accessible_narrow_and_wide(page: Page) -> None:
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page)
    page.set_viewport_size({"width": 1024, "height": 768})


def test_officer_reviews_changes_and_creates_a_survey_from_a_file(
    live_server, page: Page, area
) -> None:
    member(area, Role.OFFICER, "officer@fenmere.example")
    consultation = ConsultationFactory.create(
        area=area,
        status=ConsultationStatus.DRAFT,
        title="Short breaks",
        opens_at=datetime.datetime(2025, 11, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2025, 11, 30, tzinfo=datetime.UTC),
    )
    sign_in(page, live_server.url, "officer@fenmere.example", "correct horse battery")
    page.goto(f"{live_server.url}{consultation.get_staff_url()}")
    page.get_by_role("button", name="Create a survey from a spreadsheet").click()
    assert_accessible_narrow_and_wide(page)
    page.get_by_label("Upload a file").set_input_files(
        {"name": "short-breaks.csv", "mimeType": "text/csv", "buffer": csv_bytes(ROWS)}
    )
    page.get_by_role("button", name="Upload and propose questions").click()

    page.wait_for_url("**/proposals/*/")
    assert page.get_by_role("heading", name="2. <b>Where</b> do you live?").is_visible()
    assert_accessible_narrow_and_wide(page)
    page.get_by_role("link", name="Change question 2").click()
    assert_accessible_narrow_and_wide(page)
    page.get_by_label("Question", exact=True).fill("Where do you live?")
    page.get_by_role("button", name="Save and go back to the questions").click()
    assert page.get_by_role("heading", name="2. Where do you live?").is_visible()

    page.get_by_label("Survey title").fill("Short breaks survey")
    page.get_by_role("button", name="Create the survey and check the import").click()
    page.wait_for_load_state("load")
    assert "/columns/" in page.url, page.url
    assert_accessible(page)
    batch = ImportBatch.objects.get()
    assert batch.survey.title == "Short breaks survey"
    assert list(batch.survey.questions.values_list("text", flat=True)) == [
        "How much do you agree?",
        "Where do you live?",
    ]
