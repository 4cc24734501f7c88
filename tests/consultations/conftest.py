import pytest

from consultations.models import Consultation
from consultations.models import Question
from consultations.models import QuestionType
from consultations.models import Survey
from sendportal.areas.models import LocalArea
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import OptionFactory
from tests.consultations.factories import QuestionFactory
from tests.consultations.factories import SurveyFactory
from tests.factories import DistrictFactory


@pytest.fixture
def two_submits_per_email(settings) -> None:
    """Public forms that store or email: 2 an hour per email address typed."""
    settings.PUBLIC_FORM_LIMITS = {
        **settings.PUBLIC_FORM_LIMITS,
        "submit": {"address": ((100, 60),), "email": ((2, 3600),)},
    }


@pytest.fixture
def consultation(area: LocalArea) -> Consultation:
    return make_consultation(area)


def make_consultation(area: LocalArea) -> Consultation:
    DistrictFactory.create(area=area, name="Dacorum", code="dacorum")
    DistrictFactory.create(area=area, name="Watford", code="watford")
    return ConsultationFactory.create(area=area)


@pytest.fixture
def survey(consultation: Consultation) -> Survey:
    return make_survey(consultation)


def make_survey(consultation: Consultation) -> Survey:
    """A survey with a scale, a choice, a free-text and a parents-only question."""
    survey = SurveyFactory.create(consultation=consultation)
    QuestionFactory.create(
        survey=survey,
        text="Do the ambitions reflect what matters most?",
        question_type=QuestionType.LIKERT,
        required=True,
    )
    choice = QuestionFactory.create(
        survey=survey,
        text="Which priority matters most?",
        question_type=QuestionType.SINGLE_CHOICE,
        required=True,
    )
    OptionFactory.create(question=choice, code="early", label="Early support")
    OptionFactory.create(question=choice, code="local", label="Local provision")
    QuestionFactory.create(
        survey=survey,
        text="Is anything missing?",
        question_type=QuestionType.FREE_TEXT,
        required=False,
    )
    QuestionFactory.create(
        survey=survey,
        text="How many children do you care for?",
        question_type=QuestionType.NUMBER,
        required=False,
        show_to=["PARENT_CARER"],
    )
    return survey


def questions(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("sort", "pk"))
