import datetime
import uuid

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from consultations.models import Answer
from consultations.models import Consultation
from consultations.models import Option
from consultations.models import Question
from consultations.models import QuestionType
from consultations.models import Response
from consultations.models import ResponseContact
from consultations.models import Survey
from consultations.models import YouSaidWeDid
from tests.factories import LocalAreaFactory
from tests.strategies.factories import StrategyFactory


class ConsultationFactory(DjangoModelFactory[Consultation]):
    class Meta:
        model = Consultation

    area = factory.SubFactory(LocalAreaFactory)
    strategy = factory.SubFactory(StrategyFactory, area=factory.SelfAttribute("..area"))
    title = factory.Sequence(lambda n: f"Consultation on the draft strategy {n}")
    summary = "Tell us what you think of our six ambitions."
    opens_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=10)
    )
    closes_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=20)
    )
    status = "open"


class SurveyFactory(DjangoModelFactory[Survey]):
    class Meta:
        model = Survey

    consultation = factory.SubFactory(ConsultationFactory)
    title = "Have your say"


class QuestionFactory(DjangoModelFactory[Question]):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    question_type = QuestionType.LIKERT
    required = True
    sort = factory.Sequence(lambda n: n)


class OptionFactory(DjangoModelFactory[Option]):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory)
    code = factory.Sequence(lambda n: f"option-{n}")
    label = factory.Sequence(lambda n: f"Option {n}")
    sort = factory.Sequence(lambda n: n)


class ResponseFactory(DjangoModelFactory[Response]):
    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory)
    consultation = factory.SelfAttribute("survey.consultation")
    submission_token = factory.LazyFunction(uuid.uuid4)
    submitted_at = factory.LazyFunction(timezone.now)
    respondent_type = "PARENT_CARER"


class AnswerFactory(DjangoModelFactory[Answer]):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(
        QuestionFactory, survey=factory.SelfAttribute("..response.survey")
    )


class ResponseContactFactory(DjangoModelFactory[ResponseContact]):
    class Meta:
        model = ResponseContact

    response = factory.SubFactory(ResponseFactory)
    email = factory.Sequence(lambda n: f"family{n}@example.org")
    consented_at = factory.LazyFunction(timezone.now)


class YouSaidWeDidFactory(DjangoModelFactory[YouSaidWeDid]):
    class Meta:
        model = YouSaidWeDid

    consultation = factory.SubFactory(ConsultationFactory)
    you_said = "Families wait too long for an assessment."
    said_count = 12
    we_did = "We recruited more educational psychologists."


def consultation_form_data(strategy_pk: int, **changes: object) -> dict[str, object]:
    """What an officer types into the consultation form: open from 14 November
    2030 to 6 February 2031; `changes` override or add fields."""
    return {
        "strategy": strategy_pk,
        "title": "Draft strategy consultation",
        "summary": "Tell us",
        "opens_on_0": "14",
        "opens_on_1": "11",
        "opens_on_2": "2030",
        "closes_on_0": "6",
        "closes_on_1": "2",
        "closes_on_2": "2031",
        **changes,
    }
