"""Spreadsheet exports of responses, safe to open in Excel or LibreOffice.

django-import-export's own option only strips a leading "="; every exported
cell goes through the portal's one rule, `sendportal.exports.escape_formula`.
Answers are imported through the survey-import pages, never through here.
"""

from collections.abc import Iterator
from typing import Any

from import_export import fields
from import_export import resources
from import_export import widgets

from sendportal.exports import escape_formula
from strategies.codes import AgeBand
from strategies.codes import NeedType
from strategies.codes import RespondentType
from strategies.codes import SettingType
from strategies.codes import SupportedBy
from strategies.codes import SupportLevel

from .models import Answer
from .models import Question
from .models import Response


class FormulaSafeResource(resources.ModelResource):
    """A resource whose every exported cell is formula-escaped."""

    def export_field(self, field: fields.Field, instance: Any, **kwargs: Any) -> Any:
        return escape_formula(super().export_field(field, instance, **kwargs))


class AnswerResource(FormulaSafeResource):
    """One row per answer, with the respondent's profile (never contact details)."""

    response = fields.Field(
        attribute="response",
        column_name="reference",
        widget=widgets.ForeignKeyWidget(Response, field="reference"),
    )
    question = fields.Field(
        attribute="question",
        column_name="question_id",
        widget=widgets.ForeignKeyWidget(Question, field="pk"),
    )
    question_text = fields.Field(
        attribute="question__text", column_name="question", readonly=True
    )
    submitted_at = fields.Field(
        attribute="response__submitted_at",
        column_name="submitted_at",
        readonly=True,
        widget=widgets.DateTimeWidget(),
    )
    respondent_type = fields.Field(column_name="respondent_type", readonly=True)
    district = fields.Field(
        attribute="response__district__name", column_name="district", readonly=True
    )
    channel = fields.Field(
        attribute="response__channel", column_name="channel", readonly=True
    )
    source = fields.Field(
        attribute="response__import_batch__source_document",
        column_name="source document",
        readonly=True,
    )
    age = fields.Field(column_name="age of child", readonly=True)
    need = fields.Field(column_name="areas of need", readonly=True)
    setting = fields.Field(column_name="setting", readonly=True)
    support = fields.Field(column_name="support", readonly=True)
    supported_by = fields.Field(column_name="who helped", readonly=True)
    option_code = fields.Field(attribute="option_code", column_name="option")
    text_value = fields.Field(attribute="text_value", column_name="text")
    number_value = fields.Field(
        attribute="number_value", column_name="number", widget=widgets.DecimalWidget()
    )

    class Meta:
        model = Answer
        fields = (
            "id",
            "response",
            "submitted_at",
            "respondent_type",
            "district",
            "channel",
            "source",
            "age",
            "need",
            "setting",
            "support",
            "supported_by",
            "question",
            "question_text",
            "option_code",
            "text_value",
            "number_value",
        )
        export_order = fields
        import_id_fields = ("id",)
        skip_unchanged = False
        use_transactions = True

    def before_export(self, queryset: Any, **kwargs: Any) -> None:
        self._labels = profile_labels()

    def _label(self, name: str, value: Any) -> str:
        # Labels are resolved once per export: a lazy translation per row
        # costs more than the rest of the row.
        if not hasattr(self, "_labels"):
            self.before_export(None)
        return profile_text(self._labels, name, value)

    def dehydrate_respondent_type(self, answer: Answer) -> str:
        return self._label("respondent_type", answer.response.respondent_type)

    def dehydrate_age(self, answer: Answer) -> str:
        return self._label("age", answer.response.age_bands)

    def dehydrate_need(self, answer: Answer) -> str:
        return self._label("need", answer.response.need_codes)

    def dehydrate_setting(self, answer: Answer) -> str:
        return self._label("setting", answer.response.setting_type)

    def dehydrate_support(self, answer: Answer) -> str:
        return self._label("support", answer.response.support_level)

    def dehydrate_supported_by(self, answer: Answer) -> str:
        return self._label("supported_by", answer.response.supported_by)


# The respondent's profile columns: their code lists, read as labels.
PROFILE_CODES: dict[str, type[Any]] = {
    "respondent_type": RespondentType,
    "age": AgeBand,
    "need": NeedType,
    "setting": SettingType,
    "support": SupportLevel,
    "supported_by": SupportedBy,
}


def profile_labels() -> dict[str, dict[str, str]]:
    return {
        name: {c.value: str(c.label) for c in codes}
        for name, codes in PROFILE_CODES.items()
    }


def profile_text(labels: dict[str, dict[str, str]], name: str, value: Any) -> str:
    """A profile answer as people read it; several (age, need) joined by "; "."""
    codes = value if isinstance(value, list) else [value] if value else []
    return "; ".join(labels[name].get(code) or code for code in codes)


# The columns of AnswerResource as database paths, for the streaming export.
EXPORT_PATHS = {
    "id": "id",
    "response": "response__reference",
    "submitted_at": "response__submitted_at",
    "respondent_type": "response__respondent_type",
    "district": "response__district__name",
    "channel": "response__channel",
    "source": "response__import_batch__source_document",
    "age": "response__age_bands",
    "need": "response__need_codes",
    "setting": "response__setting_type",
    "support": "response__support_level",
    "supported_by": "response__supported_by",
    "question": "question_id",
    "question_text": "question__text",
    "option_code": "option_code",
    "text_value": "text_value",
    "number_value": "number_value",
}


def export_rows(resource: AnswerResource, queryset: Any) -> Iterator[list[Any]]:
    """The rows `resource.export_resource` gives, read as tuples for speed.

    Each value is rendered by the resource's own field widget and escaped the
    same way, so the output is identical (a test compares them); skipping
    model instances and per-field lookups makes it about ten times faster.
    """
    order = [n for n in resource.get_export_order() if n in EXPORT_PATHS]
    widgets_by_name = {n: resource.fields[n].widget for n in order}
    labels = profile_labels()
    paths = [EXPORT_PATHS[n] for n in order]
    for values in queryset.values_list(*paths).iterator(chunk_size=5000):
        row = []
        for name, value in zip(order, values, strict=True):
            if name in PROFILE_CODES:
                rendered: Any = profile_text(labels, name, value)
            elif name in ("response", "question"):
                # ForeignKeyWidget renders the related row's key as it is.
                rendered = "" if value is None else value
            else:
                rendered = widgets_by_name[name].render(value)
            row.append(escape_formula(rendered))
        yield row


def answers_for_export(consultation_id: int) -> Any:
    """The answers of a consultation with everything the export reads, in one query."""
    return (
        Answer.objects.filter(response__consultation_id=consultation_id)
        .select_related("response__district", "response__import_batch", "question")
        .only(
            "id",
            "option_code",
            "text_value",
            "number_value",
            "question__id",
            "question__text",
            "response__id",
            "response__reference",
            "response__submitted_at",
            "response__respondent_type",
            "response__channel",
            "response__age_bands",
            "response__need_codes",
            "response__setting_type",
            "response__support_level",
            "response__supported_by",
            "response__district__name",
            "response__import_batch__source_document",
        )
        .order_by("response_id", "pk")
    )
