"""Consultations, surveys, responses and “You said, we did”."""

from .consultations import CHOICE_TYPES
from .consultations import PUBLIC_CONSULTATION_STATUSES
from .consultations import Consultation
from .consultations import ConsultationStatus
from .consultations import Option
from .consultations import Question
from .consultations import QuestionType
from .consultations import Section
from .consultations import Survey
from .feedback import YouSaidWeDid
from .imports import ColumnMapping as ColumnMapping
from .imports import ImportBatch as ImportBatch
from .imports import SurveyProposal as SurveyProposal
from .imports import ValueMapping as ValueMapping
from .publishing import PublicationState
from .publishing import PublishedAnswer
from .publishing import Redaction
from .publishing import RedactionReason
from .publishing import ResponsePublication
from .responses import Answer
from .responses import AnswerTheme
from .responses import Response
from .responses import ResponseContact
from .responses import SentReminder
from .saved import SavedJourney

__all__ = [
    "CHOICE_TYPES",
    "PUBLIC_CONSULTATION_STATUSES",
    "Answer",
    "AnswerTheme",
    "Consultation",
    "ConsultationStatus",
    "Option",
    "PublicationState",
    "PublishedAnswer",
    "Question",
    "QuestionType",
    "Redaction",
    "RedactionReason",
    "Response",
    "ResponseContact",
    "ResponsePublication",
    "SavedJourney",
    "Section",
    "SentReminder",
    "Survey",
    "YouSaidWeDid",
]
