"""The question counter whatever the branches, and the time a survey takes."""

import re

import pytest
from django.test import Client

from consultations.journey import TimeEstimate
from consultations.journey import journey_steps
from consultations.journey import survey_time_estimate
from consultations.models import QuestionType
from consultations.models import Survey
from tests.consultations.conftest import questions
from tests.consultations.factories import QuestionFactory
from tests.consultations.factories import SurveyFactory
from tests.consultations.test_journey import step
from tests.consultations.test_journey import url

pytestmark = pytest.mark.django_db

COUNTER = re.compile(r"Question (\d+)(?: of (\d+))?")


@pytest.fixture
def branching_survey(survey: Survey) -> Survey:
    """The standard test survey (one question for parents only) with a question
    for professionals only, so each kind of respondent sees other pages."""
    QuestionFactory.create(
        survey=survey,
        text="How often do you work with families?",
        question_type=QuestionType.FREE_TEXT,
        show_to=["HEALTH", "EDUCATION_SCHOOL", "SOCIAL_CARE"],
        required=False,
        sort=30_000,
    )
    return survey


def answer_for(survey: Survey, key: str, respondent_type: str) -> dict[str, object]:
    likert, choice, *_others = questions(survey)
    district = survey.consultation.area.districts.all()[0]
    answers: dict[str, dict[str, object]] = {
        "type": {"answer": respondent_type},
        "district": {"answer": str(district.pk)},
        "age": {"answer": ["AGE_5_10"]},
        "need": {"answer": ["ASD"]},
        f"q{likert.pk}": {"answer": "agree"},
        f"q{choice.pk}": {"answer": "early"},
        "helped": {"answer": "NOBODY"},
        "publish": {"answer": "yes"},
        "contact": {"answer": "no"},
    }
    return answers.get(key, {})


def walk(client: Client, survey: Survey, respondent_type: str) -> list[tuple]:
    """Answer every page in order; each page's key and its counter."""
    pages = []
    location = client.get(url(survey, "journey_start"))["Location"]
    while location != url(survey, "journey_check"):
        key = location.rstrip("/").rsplit("/", 1)[1]
        content = client.get(location).content.decode()
        counter = COUNTER.search(content)
        assert counter, content
        number, total = counter.groups()
        pages.append((key, int(number), int(total) if total else None))
        response = client.post(location, answer_for(survey, key, respondent_type))
        assert response.status_code == 302, (key, content[:500])
        location = response["Location"]
    return pages


@pytest.mark.parametrize(
    ("respondent_type", "expected_pages"),
    [
        # Type, district, the four pages about a child, four questions, who
        # helped, may we publish, contact.
        ("PARENT_CARER", 13),
        # About a child, but not the parents' question.
        ("CYP", 12),
        # Type, district, three questions and the professionals' one, who
        # helped, may we publish, contact.
        ("HEALTH", 9),
        # Neither the parents' nor the professionals' question.
        ("OTHER", 8),
    ],
)
def test_the_counter_counts_up_to_the_pages_actually_shown(
    client: Client, branching_survey: Survey, respondent_type: str, expected_pages: int
) -> None:
    pages = walk(client, branching_survey, respondent_type)
    assert len(pages) == expected_pages
    numbers = [number for _key, number, _total in pages]
    assert numbers == list(range(1, expected_pages + 1))
    # No total before the answer that decides the pages, then always the right one.
    assert pages[0] == ("type", 1, None)
    assert {total for _key, _number, total in pages[1:]} == {expected_pages}


def test_the_first_page_says_only_question_1(client: Client, survey: Survey) -> None:
    client.get(url(survey, "journey_start"))
    content = client.get(step(survey, "type")).content.decode()
    assert re.search(r">Question 1</span>", content)
    assert "Question 1 of" not in content


def test_changing_the_deciding_answer_recounts_the_pages(
    client: Client, branching_survey: Survey
) -> None:
    walk(client, branching_survey, "PARENT_CARER")
    page = client.post(
        step(branching_survey, "type") + "?change=1", {"answer": "HEALTH"}
    )
    # The professionals' question is new to this person: it is asked next, and
    # counted among the pages a health professional sees.
    professional = questions(branching_survey)[-1]
    assert page["Location"] == step(branching_survey, f"q{professional.pk}")
    content = client.get(page["Location"]).content.decode()
    assert "Question 6 of 9" in content


def test_a_page_after_the_deciding_answer_shows_the_total_even_when_revisited(
    client: Client, survey: Survey
) -> None:
    client.get(url(survey, "journey_start"))
    client.post(step(survey, "type"), {"answer": "HEALTH"})
    assert "Question 1 of 8" in client.get(step(survey, "type")).content.decode()
    assert "Question 2 of 8" in client.get(step(survey, "district")).content.decode()


def test_working_out_the_counter_reads_the_survey_once(
    client: Client, survey: Survey, django_assert_max_num_queries
) -> None:
    client.get(url(survey, "journey_start"))
    with django_assert_max_num_queries(7):
        client.get(step(survey, "type"))


def test_the_time_estimate_ranges_over_the_kinds_of_respondent(
    survey: Survey,
) -> None:
    # Health professional: 60 s start and check, 2 profile pages of 10 s, an
    # agree scale (10 s), a choice (15 s), free text (90 s) and the contact
    # page (20 s): 215 s, so 4 minutes. A parent adds 4 pages about the
    # child (50 s) and the parents' number question (15 s): 280 s, 5 minutes.
    estimate = survey_time_estimate(survey)
    assert estimate == TimeEstimate(4, 5)
    assert str(estimate) == "It takes about 4 to 5 minutes, depending on your answers."


def test_free_text_questions_take_longest(consultation) -> None:
    long_survey = SurveyFactory.create(consultation=consultation)
    for n in range(10):
        QuestionFactory.create(
            survey=long_survey, text=f"Tell us {n}", question_type="FREE_TEXT"
        )
    short_survey = SurveyFactory.create(consultation=consultation)
    for n in range(10):
        QuestionFactory.create(
            survey=short_survey, text=f"Agree {n}", question_type="LIKERT_AGREE_5"
        )
    # 60 + 20 + 900 + 20 = 1,000 s for a professional; 1,050 s for a parent.
    assert survey_time_estimate(long_survey) == TimeEstimate(17, 18)
    # 60 + 20 + 100 + 20 = 200 s; 250 s.
    assert survey_time_estimate(short_survey) == TimeEstimate(4, 5)


def test_an_estimate_of_one_length_reads_as_one_number() -> None:
    assert str(TimeEstimate(1, 1)) == "It takes about 1 minute."
    assert str(TimeEstimate(10, 10)) == "It takes about 10 minutes."


def test_the_start_page_shows_each_survey_s_time(
    client: Client, survey: Survey, consultation
) -> None:
    easy = SurveyFactory.create(consultation=consultation, title="Easy Read", sort=1)
    QuestionFactory.create(survey=easy, text="Do you like it?", question_type="CONSENT")
    content = client.get(consultation.get_absolute_url()).content.decode()
    assert "It takes about 4 to 5 minutes, depending on your answers." in content
    # 60 + 20 + 10 + 20, who helped and may we publish (20 s) = 130 s; a
    # parent 180 s: 3 minutes either way.
    assert "It takes about 3 minutes." in content
    assert "It takes about 10 minutes" not in content
    assert "save your answers and come back later" in content


def test_the_estimate_follows_the_pages_a_respondent_sees(survey: Survey) -> None:
    parent = journey_steps(survey, {"type": "PARENT_CARER"})
    professional = journey_steps(survey, {"type": "HEALTH"})
    assert len(parent) - len(professional) == 5


@pytest.mark.slow
def test_the_demo_start_pages_say_how_long_each_survey_takes(
    demo_db: None, client: Client
) -> None:
    from consultations.models import Consultation

    herts = Consultation.objects.get(area__slug="hertfordshire")
    content = client.get(herts.get_absolute_url()).content.decode()
    estimates = re.findall(r"It takes about (\d+)(?: to (\d+))? minutes", content)
    assert len(estimates) == herts.surveys.count() >= 2
    for survey in herts.surveys.all():
        assert str(survey_time_estimate(survey)) in content
