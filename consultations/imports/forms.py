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
from .columns import PROFILE_LABELS
from .columns import RESPONDENT_TYPE
from .columns import SUBMITTED_AT
from .columns import SUPPORTED_BY
from .columns import question_code
from .columns import question_target
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
