import datetime

import pytest

from consultations.models import Consultation
from consultations.models import Question
from consultations.models import QuestionType
from consultations.models import Survey
from tests.consultations.factories import OptionFactory
from tests.consultations.factories import QuestionFactory

LIKERT = "Do the ambitions reflect what matters most?"
CHOICE = "Which priority matters most?"
FREE = "Is anything missing?"
NUMBER = "How many children do you care for?"
MULTI = "Which needs does your child have?"
OPENED = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def import_survey(survey: Survey) -> Survey:
    """The consultations test survey plus a multiple choice with a comma option.

    Its consultation opened on 1 January 2025, so that the files' dates fall
    within it (a date outside is a warning to acknowledge, test_warnings.py).
    """
    Consultation.objects.filter(pk=survey.consultation_id).update(opens_at=OPENED)
    survey.consultation.refresh_from_db()
    multi = QuestionFactory.create(
        survey=survey,
        text=MULTI,
        question_type=QuestionType.MULTI_CHOICE,
        required=False,
    )
    OptionFactory.create(question=multi, code="asd", label="Autism")
    OptionFactory.create(
        question=multi, code="semh", label="Social, emotional and mental health"
    )
    OptionFactory.create(question=multi, code="hi", label="Hearing impairment")
    return survey


def question(survey: Survey, text: str) -> Question:
    return survey.questions.get(text=text)
