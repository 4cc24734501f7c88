"""Forms of the survey import pages (GOV.UK markup via crispy-forms-gds)."""

from collections.abc import Sequence
from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Size
from django import forms
from django.utils.translation import gettext_lazy as _

from sendportal.forms import govuk_helper
from sendportal.spreadsheets import column_letter
from strategies.codes import Channel
from strategies.codes import SupportedBy

from ..models import Question
from .columns import IGNORE
from .columns import RESPONDENT_TYPE
from .columns import SUBMITTED_AT
from .columns import SUPPORTED_BY
from .columns import question_code
from .columns import question_target

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
    keyed_by = forms.CharField(
        label=_("Who keyed these answers in (optional)"),
        help_text=_(
            "A name or role, for example “Keyed by J. Smith, SENDIASS”. It "
            "shows with the import and in the analysis."
        ),
        required=False,
        max_length=200,
    )
    source_document = forms.CharField(
        label=_("Where the answers came from (optional)"),
        help_text=_(
            "The forms, notes or event they were keyed from, for example "
            "“Paper forms from the Stevenage drop-in, 12 March 2025”."
        ),
        required=False,
        max_length=300,
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
            Field.text("keyed_by"),
            Field.text("source_document"),
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


class MappingFileForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a mapping file"),
        help_text=_(
            "A JSON or YAML file in the shape “Download this mapping (JSON)” "
            "gives, from this survey or edited by hand. Columns it does not "
            "name keep the choices shown on the columns page."
        ),
        error_messages={"required": _("Select a mapping file")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field("file"), submit=_("Apply the mapping and preview")
        )
