"""Officers' consultation pages in Chromium with 0 axe-core violations."""

import pytest
from playwright.sync_api import Page

from sendportal.areas.models import LocalArea
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import assert_error_page
from tests.browser.conftest import sign_in
from tests.consultations.conftest import make_consultation
from tests.consultations.conftest import make_survey
from tests.consultations.conftest import questions
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import ResponseFactory
from tests.factories import member
from tests.strategies.factories import ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_pages_have_no_axe_violations(
    transactional_db: None, live_server, page: Page, area: LocalArea
) -> None:
    survey = make_survey(make_consultation(area))
    consultation = survey.consultation
    consultation.expected_mix = {"CYP": 30, "FAMILIES": 40}
    consultation.save()
    ThemeFactory.create(strategy=consultation.strategy, name="Transport")
    likert, choice, free, _number = questions(survey)
    for i in range(6):
        response = ResponseFactory.create(survey=survey)
        AnswerFactory.create(response=response, question=likert, option_code="agree")
        AnswerFactory.create(response=response, question=choice, option_code="early")
        AnswerFactory.create(
            response=response, question=free, text_value=f"<b>Comment</b> {i}"
        )
    officer = member(area, "officer", "officer@fenmere.example")
    sign_in(page, live_server.url, officer.email, "correct horse battery")
    base = f"{live_server.url}/staff/{area.slug}/consultations/{consultation.pk}"
    for path in ("/", "/analysis/", "/free-text/", "/expected-mix/"):
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    page.goto(base + "/free-text/")
    page.get_by_role("button", name="Code selected answers").click()
    assert_error_page(page)
    assert_accessible(page)
