"""The analysis of a consultation's answers, checked against figures worked by hand."""

import pytest

from consultations.analysis import analyse
from consultations.models import QuestionType
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import OptionFactory
from tests.consultations.factories import QuestionFactory
from tests.consultations.factories import ResponseFactory
from tests.consultations.factories import SurveyFactory
from tests.strategies.factories import PriorityFactory

pytestmark = pytest.mark.django_db


def test_multiple_choice_shares_are_of_people_who_answered_not_of_ticks() -> None:
    """Four people answer "What would help?", most ticking two options.

    | person | ticks                    |
    |--------|--------------------------|
    | 1      | training, key worker     |
    | 2      | training, key worker     |
    | 3      | training                 |
    | 4      | key worker, short breaks |
    | 5      | (skips the question)     |

    By hand: training 3 of 4 people = 75%, key worker 3 of 4 = 75%, short
    breaks 1 of 4 = 25%, nothing else 0%. The shares add up to 175%, not 100%.
    (As shares of the 7 ticks they would be 42.9%, 42.9% and 14.3%.)
    """
    survey = SurveyFactory.create()
    question = QuestionFactory.create(
        survey=survey, text="What would help?", question_type=QuestionType.MULTI_CHOICE
    )
    for code, label in [
        ("training", "Training for school staff"),
        ("key-worker", "A key worker"),
        ("breaks", "Short breaks"),
        ("other", "Something else"),
    ]:
        OptionFactory.create(question=question, code=code, label=label)
    ticks = [
        ["training", "key-worker"],
        ["training", "key-worker"],
        ["training"],
        ["key-worker", "breaks"],
        [],
    ]
    for person in ticks:
        response = ResponseFactory.create(survey=survey)
        for code in person:
            AnswerFactory.create(response=response, question=question, option_code=code)

    (_, chart), *_ = analyse(survey.consultation).questions

    assert chart.multiple is True
    assert chart.people == 4
    assert {bar.label: bar.percent for bar in chart.bars} == {
        "Training for school staff": 75.0,
        "A key worker": 75.0,
        "Short breaks": 25.0,
        "Something else": 0.0,
    }
    assert sum(bar.percent or 0.0 for bar in chart.bars) == 175.0


def test_single_choice_shares_still_add_up_to_100() -> None:
    survey = SurveyFactory.create()
    question = QuestionFactory.create(
        survey=survey, question_type=QuestionType.SINGLE_CHOICE
    )
    OptionFactory.create(question=question, code="yes", label="Yes")
    OptionFactory.create(question=question, code="no", label="No")
    for code in ["yes", "yes", "yes", "no"]:
        AnswerFactory.create(
            response=ResponseFactory.create(survey=survey),
            question=question,
            option_code=code,
        )

    (_, chart), *_ = analyse(survey.consultation).questions

    assert chart.multiple is False
    assert [bar.percent for bar in chart.bars] == [75.0, 25.0]


def test_the_analysis_page_says_people_could_choose_more_than_one(
    client, officer, area
) -> None:
    survey = SurveyFactory.create(consultation__area=area)
    question = QuestionFactory.create(
        survey=survey, question_type=QuestionType.MULTI_CHOICE
    )
    OptionFactory.create(question=question, code="a", label="A")
    OptionFactory.create(question=question, code="b", label="B")
    response = ResponseFactory.create(survey=survey)
    for code in ["a", "b"]:
        AnswerFactory.create(response=response, question=question, option_code=code)
    client.force_login(officer)

    html = client.get(
        f"/staff/{area.slug}/consultations/{survey.consultation.pk}/analysis/"
    ).content.decode()

    assert "People could choose more than one answer" in html
    assert "1 (100.0%)" in html


def test_agreement_by_priority_is_drawn_as_a_split_bar_with_its_table(
    client, officer, area
) -> None:
    survey = SurveyFactory.create(consultation__area=area)
    priority = PriorityFactory.create(
        strategy=survey.consultation.strategy, number=1, title="Early help"
    )
    question = QuestionFactory.create(
        survey=survey, question_type=QuestionType.LIKERT, priority=priority
    )
    # 2 agree, 1 neither, 1 disagree, 1 don't know (left out of the shares).
    for code in ["strongly_agree", "agree", "neither", "disagree", "dont_know"]:
        AnswerFactory.create(
            response=ResponseFactory.create(survey=survey),
            question=question,
            option_code=code,
        )
    analysis = analyse(survey.consultation)
    (row,) = analysis.priorities
    assert (row.agree_percent, row.neutral_percent, row.disagree_percent) == (
        50.0,
        25.0,
        25.0,
    )
    (item,) = analysis.agreement_rows()
    # Per cent of the bar's length.
    assert [s.width for s in item.segments] == [50.0, 25.0, 25.0]
    assert [s.x for s in item.segments] == [0.0, 50.0, 75.0]

    client.force_login(officer)
    html = client.get(
        f"/staff/{area.slug}/consultations/{survey.consultation.pk}/analysis/"
    ).content.decode()
    assert (
        'class="govuk-list app-bar-chart" aria-labelledby="chart-agreement-title"'
        in html
    )
    assert '<strong class="app-bar-chart__value">50.0% agree</strong>' in html
    assert '<rect x="50.0%" width="25.0%" height="18" fill="#b1b4b6">' in html
    assert (
        'Show the figures as a table<span class="govuk-visually-hidden">: Agreement'
        in html
    )
