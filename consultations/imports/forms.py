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

from ..models import CHOICE_TYPES
from ..models import Question
from ..models import QuestionType
from ..models import Survey
from ..models.imports import KEYED_BY_MAX_LENGTH
from ..models.imports import SOURCE_DOCUMENT_MAX_LENGTH
from ..models.imports import DateOrder
from .columns import IGNORE
from .columns import PROFILE_LABELS
from .columns import RESPONDENT_TYPE
from .columns import SUBMITTED_AT
from .columns import SUPPORTED_BY
from .columns import question_code
from .columns import question_target
from .dates import example_readings
from .values import FileValue
from .values import ValueGroup

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
        max_length=KEYED_BY_MAX_LENGTH,
    )
    source_document = forms.CharField(
        label=_("Where the answers came from (optional)"),
        help_text=_(
            "The forms, notes or event they were keyed from, for example "
            "“Paper forms from the Stevenage drop-in, 12 March 2025”."
        ),
        required=False,
        max_length=SOURCE_DOCUMENT_MAX_LENGTH,
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
            *((target, str(label)) for target, label in PROFILE_LABELS.items()),
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


# The select's value for "Not given" (stored as "").
NOT_GIVEN_CHOICE = "-"


class ValuesForm(forms.Form):
    """One select per distinct answer of the file's choice columns: a code,
    "Treat as Other" (where the list has Other) or "Not given". Answers with
    no sure match start with nothing chosen, so the officer must choose."""

    def __init__(self, *args: Any, groups: Sequence[ValueGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = list(groups)
        # (group, [(bound field, answer, the label of its guess)]) to show.
        self.sections: list[
            tuple[ValueGroup, list[tuple[forms.BoundField, FileValue, str]]]
        ] = []
        for group_index, group in enumerate(self.groups):
            values = group.values
            choices: list[tuple[str, str]] = [("", str(_("Choose an answer")))]
            if values.other:
                choices.append((values.other, str(_("Treat as Other"))))
            choices.append((NOT_GIVEN_CHOICE, str(_("Not given"))))
            choices.extend(
                (code, label) for code, label in values.choices if code != values.other
            )
            rows = []
            for index, answer in enumerate(group.answers):
                name = f"value_{group_index}_{index}"
                initial = answer.chosen
                self.fields[name] = forms.ChoiceField(
                    label=answer.text,
                    choices=choices,
                    initial=NOT_GIVEN_CHOICE if initial == "" else (initial or ""),
                    error_messages={
                        "required": _("Choose what “%(value)s” means")
                        % {"value": answer.text[:100]}
                    },
                )
                hint = values.label_of.get(answer.hint or "", "")
                rows.append((self[name], answer, hint))
            self.sections.append((group, rows))

    def values(self) -> dict[str, dict[str, str]]:
        """The answers chosen, as import_batch_map_values takes them."""
        chosen: dict[str, dict[str, str]] = {}
        for group_index, group in enumerate(self.groups):
            for index, answer in enumerate(group.answers):
                code = self.cleaned_data[f"value_{group_index}_{index}"]
                chosen.setdefault(group.target, {})[answer.key] = (
                    "" if code == NOT_GIVEN_CHOICE else code
                )
        return chosen


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


class ProposalUploadForm(UploadForm):
    """An export to build a new survey from: the same file is imported after."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A proposal keeps the channel, who helped, who keyed the file and its
        # source document for its import; the survey is new, so the file
        # cannot have been imported into it before.
        del self.fields["is_different_batch"]
        self.fields["file"].help_text = _(
            "A CSV or Excel (.xlsx) file exported from Microsoft Forms, Google Forms "
            "or SurveyMonkey, with one column per question."
        )
        self.helper = govuk_helper(
            Field("file"),
            Field.select("channel"),
            Field.radios("supported_by", legend_size=Size.SMALL, small=True),
            Field.text("keyed_by"),
            Field.text("source_document"),
            submit=_("Upload and propose questions"),
        )


# The types a file's answers can suggest, in the order officers choose them.
PROPOSED_TYPES = [
    QuestionType.LIKERT,
    QuestionType.SINGLE_CHOICE,
    QuestionType.MULTI_CHOICE,
    QuestionType.FREE_TEXT,
    QuestionType.NUMBER,
]


class ProposedQuestionForm(forms.Form):
    """One proposed question: its words, type, options, and whether to keep it."""

    include = forms.TypedChoiceField(
        label=_("Include this question in the survey?"),
        choices=[
            ("yes", _("Yes, include it")),
            ("no", _("No, leave it out (its column is not imported)")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether to include this question")},
    )
    text = forms.CharField(
        label=_("Question"),
        max_length=500,
        error_messages={
            "required": _("Enter the question"),
            "max_length": _("The question must be 500 characters or fewer"),
        },
    )
    question_type = forms.ChoiceField(
        label=_("Type of answer"),
        choices=[(kind.value, kind.label) for kind in PROPOSED_TYPES],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the type of answer"),
            "invalid_choice": _("Select the type of answer"),
        },
    )
    options_text = forms.CharField(
        label=_("Answer options"),
        help_text=_(
            "One option per line, as the file writes them. Only for single and "
            "multiple choice."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.radios("include", legend_size=Size.SMALL),
            Field.text("text"),
            Field.radios("question_type", legend_size=Size.SMALL),
            Field.textarea("options_text"),
            submit=_("Save and go back to the questions"),
        )

    def clean(self) -> dict[str, Any]:
        from .proposal_services import option_problems

        cleaned = super().clean() or {}
        options: list[str] = []
        for line in (cleaned.get("options_text") or "").splitlines():
            label = line.strip()[:200]
            if label and label not in options:
                options.append(label)
        cleaned["options"] = options
        if cleaned.get("question_type") in CHOICE_TYPES:
            if not options:
                self.add_error("options_text", _("Enter at least one answer option"))
            for problem in option_problems(options):
                self.add_error("options_text", problem)
        return cleaned


class ProposalSurveyForm(forms.Form):
    """The new survey's title and audience, before it is created."""

    title = forms.CharField(
        label=_("Survey title"),
        max_length=200,
        error_messages={
            "required": _("Enter the survey’s title"),
            "max_length": _("The survey’s title must be 200 characters or fewer"),
        },
    )
    audience = forms.ChoiceField(
        label=_("Who is this survey for?"),
        choices=Survey.Audience.choices,
        initial=Survey.Audience.ALL,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select who the survey is for"),
            "invalid_choice": _("Select who the survey is for"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("title"),
            Field.radios("audience", legend_size=Size.SMALL, small=True),
            submit=_("Create the survey and check the import"),
        )


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
