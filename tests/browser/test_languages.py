"""A family switches to Polish with the footer's form and answers a
translated survey; the consultation's BSL section. 0 axe violations."""

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from consultations.models import Consultation
from consultations.models import Survey
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from tests.browser.conftest import assert_accessible
from tests.consultations.conftest import make_consultation
from tests.consultations.conftest import make_survey
from tests.consultations.conftest import questions
from tests.consultations.test_journey import step
from tests.consultations.test_languages import translate_into_polish
from tests.factories import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def polish_survey(transactional_db: None, area: LocalArea) -> Survey:
    area.languages = ["pl"]
    area.save()
    survey = make_survey(make_consultation(area))
    officer: User = member(area, "officer", "officer@fenmere.example")
    Consultation.objects.filter(pk=survey.consultation_id).update(
        bsl_transcript="Hello. This is our draft strategy in BSL."
    )
    translate_into_polish(survey, officer)
    return Survey.objects.select_related("consultation__area").get(pk=survey.pk)


def test_a_family_answers_in_polish_and_finds_the_bsl_version(
    live_server, page: Page, polish_survey: Survey
) -> None:
    consultation = polish_survey.consultation
    Consultation.objects.filter(pk=consultation.pk).update(
        bsl_video_url=f"{live_server.url}/static/sample-bsl.mp4"
    )
    page.goto(live_server.url + consultation.get_absolute_url())

    # The switcher: a select and a button, by keyboard.
    page.get_by_label("Language", exact=True).focus()
    page.keyboard.press("ArrowDown")  # Polski
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("h1")).to_have_text("Wyraź swoją opinię")

    # The BSL section: a player with controls, not playing, and the transcript.
    video = page.locator("section.app-bsl video")
    expect(video).to_have_attribute("controls", "")
    assert page.evaluate("document.querySelector('section.app-bsl video').paused")
    page.get_by_text("Przeczytaj transkrypcję nagrania w BSL").click()
    expect(
        page.get_by_text("Hello. This is our draft strategy in BSL.")
    ).to_be_visible()
    # The sample's video is missing: axe checks the page as it stands.
    page.evaluate(
        "document.querySelector('section.app-bsl video').removeAttribute('src')"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Rozpocznij").first.click()
    expect(page.locator("h1")).to_have_text("W jakim charakterze odpowiadasz?")
    page.get_by_role("button", name="Dalej").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Wybierz, w jakim charakterze odpowiadasz"
    )
    assert_accessible(page)

    likert = questions(polish_survey)[0]
    page.goto(live_server.url + step(polish_survey, f"q{likert.pk}"))
    expect(page.locator("h1")).to_have_text("Czy cele odpowiadają temu, co ważne?")
    expect(page.get_by_label("Zdecydowanie się zgadzam")).to_be_visible()
    assert_accessible(page)
