"""Forms of the survey import pages (GOV.UK markup via crispy-forms-gds)."""

from collections.abc import Sequence
from typing import Any
from typing import cast

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Size
from django import forms
from django.utils.translation import gettext_lazy as _

from sendportal.forms import govuk_helper
from sendportal.spreadsheets import column_letter
from strategies.codes import Channel
from strategies.codes import SupportedBy

from ..models import Question
from ..models.imports import DateOrder
from .columns import IGNORE
from .columns import RESPONDENT_TYPE
from .columns import SUBMITTED_AT
from .columns import SUPPORTED_BY
from .columns import question_code
from .columns import question_target
from .dates import example_readings

# Who gave the answers of a whole upload, as staff keying them would say it.
BATCH_SUPPORTED_BY = [
    ("", _("Not recorded")),
    (SupportedBy.NOBODY, _("The respondents themselves, without help")),
    (SupportedBy.PARENT_CARER, _("Respondents with help from a parent or carer")),
    (
        SupportedBy.TEACHER_SUPPORT_WORKER,
        _(
            "Respondents with help from a teacher or support worker (for "
            "example, who wrote down or keyed their answers)"
        ),
    ),
    (SupportedBy.ADVOCATE, _("Respondents with help from an advocate")),
    (SupportedBy.SOMEONE_ELSE, _("Respondents with help from someone else")),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_(
            "A CSV or Excel (.xlsx) file exported from Microsoft Forms, Google Forms "
            "or SurveyMonkey, or this survey’s keying template."
        ),
        error_messages={"required": _("Select a CSV or XLSX file")},
    )
    channel = forms.ChoiceField(
        label=_("How were these responses collected?"),
        choices=Channel.choices,
        initial=Channel.PAPER,
    )
    supported_by = forms.ChoiceField(
        label=_("Who gave these answers?"),
        help_text=_(
            "For every response in the file. If a column of the file says who "
            "helped each person, the column is used where it is filled in."
        ),
        choices=BATCH_SUPPORTED_BY,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    is_different_batch = forms.BooleanField(
        label=_(
            "This is a different batch of responses, even if the file is the same "
            "as one imported before"
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field("file"),
            Field.select("channel"),
            Field.radios("supported_by", legend_size=Size.SMALL, small=True),
            Field.checkbox("is_different_batch", small=True),
            submit=_("Upload and check columns"),
        )


class MappingForm(forms.Form):
    """One select per column of the file: a question, a detail, or ignore."""

    def __init__(
        self,
        *args: Any,
        headers: Sequence[str],
        questions: Sequence[Question],
        initial_mapping: Sequence[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [
            (IGNORE, str(_("Ignore this column"))),
            (SUBMITTED_AT, str(_("Date and time submitted"))),
            (RESPONDENT_TYPE, str(_("Responding as"))),
            (SUPPORTED_BY, str(_("Who helped them answer"))),
        ]
        for position, question in enumerate(questions, start=1):
            text = (
                question.text if len(question.text) <= 90 else question.text[:89] + "…"
            )
            choices.append(
                (question_target(question.pk), f"{question_code(position)}. {text}")
            )
        valid = {value for value, _label in choices}
        self.headers = list(headers)
        for index, header in enumerate(headers):
            initial = initial_mapping[index] if index < len(initial_mapping) else ""
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=_("Column %(letter)s: %(header)s")
                % {"letter": column_letter(index + 1), "header": header},
                choices=choices,
                required=False,
                initial=initial if initial in valid else IGNORE,
            )
        self.helper = govuk_helper(
            *[Field.select(name, label_size=Size.SMALL) for name in self.fields],
            submit=_("Save and preview"),
        )

    def mapping(self) -> list[str]:
        return [
            self.cleaned_data.get(f"column_{index}") or IGNORE
            for index in range(len(self.headers))
        ]


class DateOrderForm(forms.Form):
    """The question asked when a file's dates read both day and month first."""

    date_order = forms.ChoiceField(
        label=_("How are the dates in this file written?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the dates in the file are written")},
    )

    def __init__(self, *args: Any, examples: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        readings = [(example, example_readings(example)) for example in examples]
        field = cast(forms.ChoiceField, self.fields["date_order"])
        field.choices = [
            Choice(order, label, hint=self._hint(order, readings))
            for order, label in (
                (DateOrder.DAY_FIRST, _("Day first")),
                (DateOrder.MONTH_FIRST, _("Month first")),
            )
        ]
        field.help_text = _(
            "No date in the file has a day over 12, so its dates could be read "
            "either way. If you are not sure, look one up in the survey tool."
        )
        self.helper = govuk_helper(
            Field.radios("date_order", legend_size=Size.LARGE, legend_tag="h1"),
            submit=_("Continue"),
        )

    @staticmethod
    def _hint(order: str, readings: Sequence[tuple[str, dict[str, str]]]) -> str:
        """'03/04/2025 means 3 April 2025', for each example read this way."""
        return "; ".join(
            _("%(value)s means %(date)s") % {"value": value, "date": read[order]}
            for value, read in readings
            if order in read
        )
