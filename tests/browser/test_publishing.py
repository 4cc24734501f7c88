"""Publishing responses in Chromium: the officer strikes out personal details
and publishes; the public list shows the redacted copy. 0 axe violations and
320 px reflow. The strike-out page is plain form posts (its server side is
tested without a browser in tests/consultations/test_publishing.py)."""

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from consultations.models import Consultation
from consultations.models import ConsultationStatus
from consultations.models import PublishedAnswer
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

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY = "My son Oliver waited two years. Ring me on 07700 900123. We live in Oakfield."


def test_an_officer_strikes_out_and_publishes_and_the_public_sees_the_copy(
    transactional_db: None,
    live_server,
    page: Page,
    phone_page: Page,
    area: LocalArea,
) -> None:
    survey = make_survey(make_consultation(area))
    consultation = survey.consultation
    Consultation.objects.filter(pk=consultation.pk).update(
        status=ConsultationStatus.CLOSED
    )
    likert, _choice, free, _number = questions(survey)
    response = ResponseFactory.create(survey=survey, publish_consent=True)
    AnswerFactory.create(response=response, question=likert, option_code="agree")
    AnswerFactory.create(response=response, question=free, text_value=STORY)
    officer = member(area, "officer", "officer@fenmere.example")
    sign_in(page, live_server.url, officer.email, "correct horse battery")
    staff = f"{live_server.url}/staff/{area.slug}/consultations/{consultation.pk}"
    public = f"{live_server.url}/{area.slug}/consultations/{consultation.pk}/responses/"

    page.goto(public)
    expect(page.locator("#no-published-responses")).to_be_visible()
    assert_accessible(page)

    page.goto(staff + "/publishing/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Review {response.reference}").click()
    assert_accessible(page)
    expect(page.locator("mark.app-proposed")).to_have_count(2)
    expect(page.get_by_role("checkbox", name="“Oliver”")).to_be_checked()
    expect(page.get_by_role("checkbox", name="“07700 900123”")).to_be_checked()

    page.get_by_label("Other text to strike out (optional)").fill("Oakfeld")
    page.get_by_role("button", name="Strike out and publish").click()
    assert_error_page(page)
    assert_accessible(page)

    page.get_by_label("Other text to strike out (optional)").fill("Oakfield")
    page.get_by_label("Reason", exact=True).select_option("address")
    page.get_by_role("button", name="Strike out and publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is published")

    copy = PublishedAnswer.objects.get(answer__question=free).text
    assert copy == (
        "My son [name removed] waited two years. Ring me on [removed]. "
        "We live in [removed]."
    )

    for visitor in (page, phone_page):
        visitor.goto(public)
        card = visitor.locator(".app-published-response")
        expect(card).to_have_count(1)
        expect(card).to_contain_text(copy)
        expect(card).to_contain_text("Agree")
        expect(card).not_to_contain_text("Oliver")
        expect(card).not_to_contain_text("Oakfield")
        assert_accessible(visitor)
    phone_page.get_by_label("Responding as").select_option("PARENT_CARER")
    phone_page.get_by_role("button", name="Show responses").click()
    expect(phone_page.locator(".app-published-response")).to_have_count(1)

    page.goto(staff + f"/publishing/{response.pk}/")
    expect(page.locator("del.app-struck")).to_have_count(3)
    assert_accessible(page)
    page.get_by_role("button", name="Take it down").click()
    page.goto(public)
    expect(page.locator(".app-published-response")).to_have_count(0)
