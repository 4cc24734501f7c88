"""Coded answers and findings for the golden-thread tests, made in bulk."""

import datetime
import uuid

from django.utils import timezone

from consultations.models import Answer
from consultations.models import AnswerTheme
from consultations.models import Consultation
from consultations.models import Question
from consultations.models import QuestionType
from consultations.models import Response
from strategies.models import Theme
from tests.consultations.factories import QuestionFactory
from tests.consultations.factories import SurveyFactory


def free_text_question(consultation: Consultation) -> Question:
    return QuestionFactory.create(
        survey=SurveyFactory.create(consultation=consultation),
        question_type=QuestionType.FREE_TEXT,
        required=False,
    )


def code_answers(
    theme: Theme,
    question: Question,
    counts: dict[str, int],
    *,
    submitted_at: datetime.datetime | None = None,
) -> list[Response]:
    """`counts` responses of each respondent type, each with one answer to
    `question` coded to `theme`: three bulk inserts whatever the counts."""
    responses = Response.objects.bulk_create(
        Response(
            consultation_id=question.survey.consultation_id,
            survey_id=question.survey_id,
            submission_token=uuid.uuid4(),
            submitted_at=submitted_at or timezone.now(),
            respondent_type=respondent_type,
            reference=uuid.uuid4().hex[:12],
        )
        for respondent_type, n in counts.items()
        for _ in range(n)
    )
    answers = Answer.objects.bulk_create(
        Answer(response=r, question=question, text_value=f"Answer {r.pk}")
        for r in responses
    )
    AnswerTheme.objects.bulk_create(AnswerTheme(answer=a, theme=theme) for a in answers)
    return responses
