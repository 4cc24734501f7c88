"""Hertfordshire's Easy Read survey in headless Chromium, as a young person
answers it: keyboard only, with JavaScript on (0 axe violations on every page)
and off (on a 320px screen, nothing scrolls sideways), every page's words
below the Easy Read reading grade; and an officer's side of it."""

import re

import pytest
import textstat
from django.conf import settings
from PIL import Image
from playwright.sync_api import Page

from consultations.models import Response
from consultations.models import Survey
from sendportal.areas.models import LocalArea
from strategies.codes import RespondentType
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import assert_error_page
from tests.browser.conftest import sign_in
from tests.browser.test_consultation_journey import choose_first
from tests.browser.test_consultation_journey import continue_with_keyboard
from tests.browser.test_consultation_journey import tab_to
from tests.consultations.conftest import make_consultation
from tests.consultations.conftest import make_easy_read_survey
from tests.consultations.conftest import make_survey
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import ResponseFactory
from tests.factories import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The Easy Read target of the plain-English check (default grade 5), measured
# as it measures officers' texts (textstat, sendportal/plain_english.py) but
# not rounded up to 0, so the figures printed tell the pages apart.
EASY_READ_GRADE = settings.PLAIN_ENGLISH_EASY_READ_GRADE_TARGET
PHONE = {"width": 320, "height": 640}
PROFESSIONAL_WORDS = re.compile(
    r"officer|professional|practitioner|councillor|capacity|responding about",
    re.IGNORECASE,
)


def reading_grade(page: Page) -> float:
    """The Flesch-Kincaid grade of what the page's main part shows.

    Each line on an Easy Read page is one idea (a heading, an answer, a
    sentence), so a line without a full stop counts as its own sentence.
    Text hidden from sight (for screen readers) is left out.
    """
    main = page.locator("main")
    text = main.inner_text()
    for hidden in main.locator(".govuk-visually-hidden").all_inner_texts():
        if hidden.strip():
            text = text.replace(hidden, "", 1)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    sentences = [line if line[-1] in ".?!" else f"{line}." for line in lines]
    return float(textstat.flesch_kincaid_grade(" ".join(sentences)))


@pytest.fixture
def easy_read(transactional_db: None, area: LocalArea) -> Survey:
    return make_easy_read_survey(make_consultation(area))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_young_person_answers_easy_read_survey_by_keyboard(
    live_server, browser, easy_read: Survey, javascript: bool
) -> None:
    # Without JavaScript on a 320px phone screen; axe (a script) runs with it.
    viewport = {"width": 1024, "height": 768} if javascript else PHONE
    context = browser.new_context(
        java_script_enabled=javascript, bypass_csp=True, viewport=viewport
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    grades: dict[str, float] = {}
    headings: list[str] = []

    def check(suffix: str = "") -> None:
        assert page.locator("h1").count() == 1, page.url
        heading = page.locator("h1").inner_text()
        headings.append(heading)
        if javascript:
            assert_accessible(page)
        else:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth"
                " - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{heading} scrolls sideways by {overflow}px"
        words = page.locator("main").inner_text()
        assert not PROFESSIONAL_WORDS.search(words), heading
        grades[heading + suffix] = reading_grade(page)

    def next_page(suffix: str = "") -> None:
        continue_with_keyboard(page)
        check(suffix)

    page.goto(live_server.url + easy_read.consultation.get_absolute_url())
    tab_to(page, "a.govuk-button--start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check()
    assert headings == ["Who are you?"]
    next_page(" (error)")  # nothing picked
    assert_error_page(page)
    choose_first(page)  # I am a young person
    next_page()
    assert headings[-1] == "How old are you?"
    tab_to(page, "input[type=radio]")
    page.keyboard.press("ArrowDown")  # 11 to 15
    next_page()
    assert headings[-1] == "Where do you live?"
    choose_first(page)
    next_page()
    # Yes to "Do you like our plans?", "I agree" to each of the six
    # ambitions, then "Listening to me" as the most important thing.
    for _ in range(8):
        choose_first(page)
        next_page()
    assert headings[-1] == "Is there anything else you want to tell us?"
    tab_to(page, "textarea")
    page.keyboard.type("I like my school.")
    next_page()
    assert headings[-1] == "Did someone help you answer?"
    tab_to(page, "input[type=radio]")
    page.keyboard.press("ArrowDown")  # Yes, a parent or carer
    next_page()
    assert headings[-1].startswith("Can we show your answers to other people?")
    choose_first(page)  # Yes, you can show my answers
    next_page()
    assert headings[-1] == "Do you want us to email you?"
    tab_to(page, "input[type=radio]")
    page.keyboard.press("ArrowDown")  # No
    next_page()
    assert headings[-1] == "Check your answers"
    tab_to(page, "button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check()
    assert headings[-1] == "Thank you"
    context.close()

    response = Response.objects.get()
    assert response.respondent_type == RespondentType.CYP
    assert response.age_bands == ["AGE_11_15"]
    assert response.publish_consent is True
    parents = easy_read.questions.get(show_to=["PARENT_CARER"])
    assert parents.text not in headings
    assert not response.answers.filter(question=parents).exists()
    print(f"\nEasy Read reading grades ({'js' if javascript else 'no-js'}):")
    for name, grade in grades.items():
        print(f"  {grade:5.1f}  {name}")
    too_hard = {n: grade for n, grade in grades.items() if grade >= EASY_READ_GRADE}
    assert too_hard == {}


def test_officer_gives_an_easy_read_question_a_picture_and_compares_surveys(
    live_server, page: Page, easy_read: Survey, tmp_path
) -> None:
    consultation = easy_read.consultation
    consultation.status = "draft"
    consultation.save()
    standard = make_survey(consultation)
    likert = standard.questions.get(question_type="LIKERT_AGREE_5")
    faces = easy_read.questions.get(sort=2)
    likert.priority = faces.priority
    likert.save()
    for survey, question, code in (
        (standard, likert, "agree"),
        (easy_read, faces, "agree"),
    ):
        response = ResponseFactory.create(consultation=consultation, survey=survey)
        AnswerFactory.create(response=response, question=question, option_code=code)
    officer = member(consultation.area, "officer", "officer@fenmere.example")
    sign_in(page, live_server.url, officer.email, "correct horse battery")
    base = f"{live_server.url}/staff/{consultation.area.slug}/consultations/{consultation.pk}"
    page.goto(f"{base}/surveys/{easy_read.pk}/questions/{faces.pk}/edit/")
    assert_accessible(page)
    picture = tmp_path / "listen.png"
    Image.new("RGB", (32, 32), "green").save(picture)
    page.get_by_label("Heart").check()
    page.get_by_label("Upload your own picture (optional)").set_input_files(picture)
    page.get_by_role("button", name="Save question").click()
    assert_error_page(page)  # an upload needs its description
    assert_accessible(page)
    page.get_by_label("Upload your own picture (optional)").set_input_files(picture)
    page.get_by_label("Describe your picture").fill("Two people talking")
    page.get_by_role("button", name="Save question").click()
    faces.refresh_from_db()
    assert faces.picture_symbol == "heart"
    assert faces.picture is not None
    assert faces.picture.alt == "Two people talking"
    page.goto(live_server.url + faces.picture.url)
    assert page.evaluate("document.images[0].naturalWidth") == 32
    page.goto(f"{base}/analysis/")
    assert page.get_by_text("Easy Read and standard survey side by side").is_visible()
    assert_accessible(page)
