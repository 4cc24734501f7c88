"""The portal's response export, which the importer reads back (round trip)."""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import tablib
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field

from sendportal.exports import escape_formula
from sendportal.exports import workbook_bytes
from strategies.codes import Channel
from strategies.codes import RespondentType
from strategies.codes import SupportedBy

from ..models import Answer
from ..models import Question
from ..models import QuestionType
from ..models import Response
from ..models import Survey
from .services import survey_questions

MULTI_SEPARATOR = "; "


class SurveyResponseResource(resources.Resource):
    """One row per response: reference, when, channel, who, then one column a
    question (by its text) holding the answer labels as families saw them."""

    def __init__(self, survey: Survey) -> None:
        super().__init__()
        self.survey = survey
        self.questions = survey_questions(survey)
        self._answers: dict[int, dict[int, list[Answer]]] = {}
        self.fields = {
            "reference": Field(attribute="reference", column_name="Reference"),
            "submitted": Field(
                column_name="Submitted", dehydrate_method=self._submitted
            ),
            "channel": Field(column_name="Channel", dehydrate_method=self._channel),
            "source": Field(
                column_name="Source document", dehydrate_method=self._source
            ),
            "respondent_type": Field(
                column_name="Responding as", dehydrate_method=self._respondent
            ),
            "supported_by": Field(
                column_name="Who helped", dehydrate_method=self._supported_by
            ),
        }
        for question in self.questions:
            self.fields[f"q{question.pk}"] = Field(
                column_name=question.text, dehydrate_method=self._answer(question)
            )

    def export_field(self, field: Field, instance: Any, **kwargs: Any) -> Any:
        # Every cell, not only free text: option labels and numbers are
        # typed by people too. The importer reads them back unescaped.
        return escape_formula(super().export_field(field, instance, **kwargs))

    def get_export_order(self) -> tuple[str, ...]:
        return tuple(self.fields)

    def get_queryset(self) -> Any:
        return (
            Response.objects.filter(survey=self.survey)
            .select_related("import_batch")
            .order_by("submitted_at", "pk")
        )

    def export(self, queryset: Any = None, **kwargs: Any) -> tablib.Dataset:
        queryset = self.get_queryset() if queryset is None else queryset
        grouped: dict[int, dict[int, list[Answer]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for answer in Answer.objects.filter(response__in=queryset).order_by("pk"):
            grouped[answer.response_id][answer.question_id].append(answer)
        self._answers = grouped
        return super().export(queryset, **kwargs)

    @staticmethod
    def _submitted(response: Response) -> str:
        return timezone.localtime(response.submitted_at).strftime("%d/%m/%Y %H:%M:%S")

    @staticmethod
    def _channel(response: Response) -> str:
        return str(Channel(response.channel).label)

    @staticmethod
    def _source(response: Response) -> str:
        batch = response.import_batch
        return batch.source_document if batch is not None else ""

    @staticmethod
    def _respondent(response: Response) -> str:
        return str(RespondentType(response.respondent_type).label)

    @staticmethod
    def _supported_by(response: Response) -> str:
        if not response.supported_by:
            return ""
        return str(SupportedBy(response.supported_by).label)

    def _answer(self, question: Question) -> Callable[[Response], str]:
        labels = dict(question.choices())

        def dehydrate(response: Response) -> str:
            answers = self._answers.get(response.pk, {}).get(question.pk, [])
            if question.question_type == QuestionType.FREE_TEXT:
                return "".join(answer.text_value for answer in answers)
            if question.question_type == QuestionType.NUMBER:
                return "".join(
                    f"{answer.number_value.normalize():f}"
                    for answer in answers
                    if answer.number_value is not None
                )
            return MULTI_SEPARATOR.join(
                labels.get(answer.option_code, answer.option_code) for answer in answers
            )

        return dehydrate


def export_survey_responses(survey: Survey, file_format: str = "csv") -> bytes:
    """The survey's responses as CSV or XLSX bytes."""
    dataset = SurveyResponseResource(survey).export()
    if file_format == "xlsx":
        return workbook_bytes(dataset, title=str(_("Responses")))
    text: str = dataset.export("csv")
    return text.encode("utf-8-sig")
