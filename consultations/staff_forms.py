"""Forms for officers: consultations, the survey builder, coding, feedback."""

import datetime
import zoneinfo
from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Size
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sendportal.areas.models import LocalArea
from sendportal.bsl import SignedVersionFields
from sendportal.date_fields import GovukDateField
from sendportal.forms import PlainEnglishFormMixin
from sendportal.forms import WordingAdvice
from sendportal.forms import govuk_helper
from sendportal.forms import radios_without_blank
from sendportal.forms import stored_initial
from sendportal.pictures import SYMBOLS
from sendportal.pictures import symbol_choices
from sendportal.pictures import validate_picture
from strategies.codes import RespondentGroup
from strategies.codes import RespondentType
from strategies.codes import coproduction_field
from strategies.models import Priority
from strategies.models import Strategy
from strategies.models import Theme

from .models import CHOICE_TYPES
from .models import Consultation
from .models import Question
from .models import Survey
from .models import YouSaidWeDid

LONDON = zoneinfo.ZoneInfo("Europe/London")


class ConsultationForm(
    PlainEnglishFormMixin, forms.ModelForm[Consultation], SignedVersionFields
):
    """A consultation's text and dates; it opens at the start of the first day
    and closes at 11:59:59pm (UK time) on the last."""

    documents_url = forms.URLField(
        label=_("Link to the consultation documents (optional)"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address, like https://example.org")},
    )
    audiences = forms.MultipleChoiceField(
        label=_("Who do you want to hear from? (optional)"),
        choices=RespondentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    coproduction_level = coproduction_field()
    opens_on = GovukDateField(label=_("Opens on"), thing=_("the opening date"))
    closes_on = GovukDateField(label=_("Closes on"), thing=_("the closing date"))

    class Meta:
        model = Consultation
        fields = [
            "strategy",
            "title",
            "summary",
            "documents_url",
            "coproduction_level",
            "bsl_video_url",
            "bsl_transcript",
        ]
        labels = {
            "strategy": _("Which strategy is this consultation about?"),
            "title": _("Title"),
            "summary": _("Summary"),
            "documents_url": _("Link to the consultation documents (optional)"),
        }
        error_messages = {
            "title": {"required": _("Enter a title")},
            "strategy": {"required": _("Select a strategy")},
        }

    def __init__(self, *args: Any, area: LocalArea, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        if instance is not None:
            stored_initial(
                kwargs,
                {
                    "opens_on": instance.opens_at.astimezone(LONDON).date(),
                    "closes_on": instance.closes_at.astimezone(LONDON).date(),
                    "audiences": instance.audiences,
                },
            )
        super().__init__(*args, **kwargs)
        strategy_field = self.fields["strategy"]
        if not isinstance(strategy_field, forms.ModelChoiceField):  # pragma: no cover
            raise TypeError("strategy_field has the wrong field type")
        strategy_field.queryset = Strategy.objects.for_area(area)
        self.helper = govuk_helper(
            Field.select("strategy"),
            Field.text("title"),
            WordingAdvice(Field.textarea("summary", rows=4)),
            Field.text("documents_url"),
            Field.checkboxes("audiences", legend_size=Size.SMALL, small=True),
            Field.radios("coproduction_level", legend_size=Size.SMALL),
            Field("opens_on"),
            Field("closes_on"),
            self.layout(),
            submit=_("Save consultation"),
            check_wording=True,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date must be after it opens"))
        if opens and closes:
            cleaned["opens_at"] = datetime.datetime.combine(
                opens, datetime.time(0, 0), tzinfo=LONDON
            )
            cleaned["closes_at"] = datetime.datetime.combine(
                closes, datetime.time(23, 59, 59), tzinfo=LONDON
            )
        return cleaned


class ExpectedMixForm(forms.Form):
    """The mix of respondents the officer expects, as whole percentages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for group in RespondentGroup:
            self.fields[group.value] = forms.IntegerField(
                label=_("%(group)s (%%)") % {"group": group.label},
                min_value=0,
                max_value=100,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": _("Enter a whole number from 0 to 100"),
                    "min_value": _("Enter a whole number from 0 to 100"),
                    "max_value": _("Enter a whole number from 0 to 100"),
                },
            )
        self.helper = govuk_helper(
            *[Field.text(g.value, field_width=4) for g in RespondentGroup],
            submit=_("Save expected mix"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        total = sum(v for v in cleaned.values() if isinstance(v, int))
        if total > 100:
            raise forms.ValidationError(_("The percentages must add up to 100 or less"))
        return cleaned

    def mix(self) -> dict[str, int]:
        return {k: v for k, v in self.cleaned_data.items() if v}


def pictured_symbol_choices() -> list[tuple[str, str]]:
    """Every bundled symbol as a radio label that shows it beside its name."""
    return [
        (
            symbol.code,
            format_html(
                '<span class="app-picture-row"><img class="app-easy-read-picture" '
                'src="{}" alt="" width="40" height="40" loading="lazy">'
                '<span class="app-picture-row__text">{}</span></span>',
                symbol.url,
                symbol.label,
            ),
        )
        for symbol in SYMBOLS
    ]


class QuestionForm(PlainEnglishFormMixin, forms.ModelForm[Question]):
    picture_symbol = forms.ChoiceField(
        label=_("Picture (optional)"),
        help_text=_(
            "Easy Read questions show a picture beside the words. Pick one of "
            "the OpenMoji symbols (CC BY-SA 4.0), or upload your own below."
        ),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select a picture from the list")},
    )
    picture_upload = forms.FileField(
        label=_("Upload your own picture (optional)"),
        help_text=_("A PNG, JPG or WEBP file. It is shown instead of a symbol."),
        required=False,
    )
    picture_alt = forms.CharField(
        label=_("Describe your picture"),
        help_text=_(
            "A few words saying what it shows, for people who cannot see it. "
            "Needed when you upload a picture."
        ),
        required=False,
        max_length=200,
    )
    picture_clear = forms.BooleanField(
        label=_("Remove the uploaded picture"), required=False
    )
    section_title = forms.CharField(
        label=_("Section (optional)"),
        help_text=_(
            "Questions with the same section are grouped under its title, "
            "for example “About you” or “Our ambitions”."
        ),
        required=False,
        max_length=200,
    )
    options_text = forms.CharField(
        label=_("Answer options"),
        help_text=_("One option per line. Only for single and multiple choice."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    show_to = forms.MultipleChoiceField(
        label=_("Only ask these respondents (optional)"),
        help_text=_("Leave empty to ask everyone."),
        choices=RespondentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Question
        fields = ["text", "help_text", "question_type", "required", "priority"]
        labels = {
            "text": _("Question"),
            "help_text": _("Hint (optional)"),
            "question_type": _("Type of answer"),
            "required": _("An answer is required"),
            "priority": _("Priority this question is about (optional)"),
        }
        error_messages = {
            "text": {"required": _("Enter the question")},
            "question_type": {"required": _("Select the type of answer")},
        }

    def __init__(
        self, *args: Any, strategy: Strategy, easy_read: bool = False, **kwargs: Any
    ) -> None:
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            stored_initial(
                kwargs,
                {
                    "options_text": "\n".join(o.label for o in instance.options.all()),
                    "show_to": instance.show_to,
                    "section_title": instance.section.title if instance.section else "",
                    "picture_symbol": instance.picture_symbol,
                    "picture_alt": instance.picture_alt,
                },
            )
        super().__init__(*args, easy_read=easy_read, **kwargs)
        priority_field = self.fields["priority"]
        if not isinstance(priority_field, forms.ModelChoiceField):  # pragma: no cover
            raise TypeError("priority_field has the wrong field type")
        priority_field.queryset = Priority.objects.filter(strategy=strategy)
        radios_without_blank(self, "question_type")
        symbols = self.fields["picture_symbol"]
        if not isinstance(symbols, forms.ChoiceField):  # pragma: no cover
            raise TypeError("picture_symbol has the wrong field type")
        symbols.choices = [("", _("No picture")), *pictured_symbol_choices()]
        # A picture per answer option, for the options the question has now
        # (options added in this edit get theirs at the next one).
        self.option_fields: dict[str, str] = {}
        options = (
            list(instance.options.all())
            if easy_read and instance and instance.pk
            else []
        )
        for index, option in enumerate(options, start=1):
            name = f"option_symbol_{index}"
            self.option_fields[name] = option.label
            self.fields[name] = forms.ChoiceField(
                label=_("Picture for the answer “%(label)s” (optional)")
                % {"label": option.label},
                choices=[("", _("No picture")), *symbol_choices()],
                required=False,
                initial=option.picture_symbol,
                error_messages={"invalid_choice": _("Select a picture from the list")},
            )
        has_upload = bool(instance and instance.picture_image)
        # Pictures show only on Easy Read pages.
        pictures = (
            [
                Field.radios("picture_symbol", legend_size=Size.SMALL, small=True),
                Field("picture_upload"),
                Field.text("picture_alt"),
                *([Field.checkbox("picture_clear")] if has_upload else []),
            ]
            if easy_read
            else []
        )
        self.helper = govuk_helper(
            WordingAdvice(Field.textarea("text", rows=2)),
            WordingAdvice(Field.text("help_text")),
            Field.radios("question_type", legend_size=Size.SMALL),
            Field.checkbox("required"),
            Field.select("priority"),
            Field.text("section_title"),
            Field.textarea("options_text"),
            *[Field.select(name) for name in self.option_fields],
            Field.checkboxes("show_to", legend_size=Size.SMALL, small=True),
            *pictures,
            submit=_("Save question"),
            check_wording=True,
        )
        if not easy_read:
            for name in ("picture_symbol", "picture_upload", "picture_alt"):
                del self.fields[name]
        if not (easy_read and has_upload):
            del self.fields["picture_clear"]

    def clean_picture_upload(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("picture_upload")
        if upload:
            validate_picture(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lines = [
            line.strip()
            for line in (cleaned.get("options_text") or "").splitlines()
            if line.strip()
        ]
        if cleaned.get("question_type") in CHOICE_TYPES and len(lines) < 2:
            self.add_error("options_text", _("Enter at least 2 answer options"))
        if len(set(lines)) != len(lines):
            self.add_error("options_text", _("Each answer option must be different"))
        cleaned["option_labels"] = (
            lines if cleaned.get("question_type") in CHOICE_TYPES else []
        )
        cleaned["option_symbols"] = {
            label: cleaned.get(name) or "" for name, label in self.option_fields.items()
        }
        if cleaned.get("picture_upload") and not cleaned.get("picture_alt"):
            self.add_error("picture_alt", _("Describe what your picture shows"))
        return cleaned


class CodingForm(forms.Form):
    """Code the selected free-text answers to one or more themes."""

    answers = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        error_messages={"required": _("Select at least one answer to code")},
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        error_messages={"required": _("Select at least one theme")},
    )

    def __init__(
        self, *args: Any, strategy: Strategy, answer_ids: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        answers_field = self.fields["answers"]
        if not isinstance(
            answers_field, forms.TypedMultipleChoiceField
        ):  # pragma: no cover
            raise TypeError("answers_field has the wrong field type")
        answers_field.choices = [(pk, str(pk)) for pk in answer_ids]
        themes_field = self.fields["themes"]
        if not isinstance(
            themes_field, forms.ModelMultipleChoiceField
        ):  # pragma: no cover
            raise TypeError("themes_field has the wrong field type")
        themes_field.queryset = Theme.objects.for_strategy(strategy).select_related(
            "priority"
        )
        # The page lays the fields out itself; the helper drives the error summary.
        self.helper = govuk_helper()


class YouSaidWeDidForm(PlainEnglishFormMixin, forms.ModelForm[YouSaidWeDid]):
    class Meta:
        model = YouSaidWeDid
        fields = ["theme", "you_said", "said_count", "we_did", "status", "is_published"]
        labels = {
            "theme": _("Theme (optional)"),
            "you_said": _("You said"),
            "said_count": _("How many people said this (optional)"),
            "we_did": _("We did"),
            "status": _("Status"),
            "is_published": _("Show on the public page"),
        }
        error_messages = {
            "you_said": {"required": _("Enter what people said")},
            "we_did": {"required": _("Enter what was done or will change")},
            "status": {"required": _("Select the status of what was done")},
            "said_count": {"invalid": _("Enter how many people as a whole number")},
        }
        widgets = {"status": forms.RadioSelect}

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme_field = self.fields["theme"]
        if not isinstance(theme_field, forms.ModelChoiceField):  # pragma: no cover
            raise TypeError("theme_field has the wrong field type")
        # Only active themes, but an item keeps the theme it has if that retired.
        themes = Q(strategy=strategy, retired_at__isnull=True)
        if self.instance.theme_id:
            themes |= Q(pk=self.instance.theme_id)
        theme_field.queryset = Theme.objects.filter(themes)
        self.helper = govuk_helper(
            Field.select("theme"),
            WordingAdvice(Field.textarea("you_said", rows=4)),
            Field.text("said_count", field_width=4),
            WordingAdvice(Field.textarea("we_did", rows=4)),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field.checkbox("is_published"),
            submit=_("Save"),
            check_wording=True,
        )


class SurveyForm(PlainEnglishFormMixin, forms.ModelForm[Survey]):
    """A survey of a consultation, such as an Easy Read one, with its own audience."""

    class Meta:
        model = Survey
        fields = ["title", "audience", "is_easy_read", "intro"]
        labels = {
            "title": _("Title"),
            "audience": _("Who is this survey for?"),
            "is_easy_read": _("This is an Easy Read survey"),
            "intro": _("Introduction (optional)"),
        }
        help_texts = {
            "title": _("For example, Have your say (Easy Read)"),
            "intro": _("Shown before the first question."),
        }
        error_messages = {
            "title": {
                "required": _("Enter the survey’s title"),
                "max_length": _("The survey’s title must be 200 characters or fewer"),
            },
            "audience": {
                "required": _("Select who the survey is for"),
                "invalid_choice": _("Select who the survey is for"),
            },
            "intro": {
                "max_length": _("The introduction must be 3000 characters or fewer")
            },
        }
        widgets = {
            "audience": forms.RadioSelect,
            "intro": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        radios_without_blank(self, "audience")
        self.fields["is_easy_read"].help_text = _(
            "Its pages use large text and a picture beside each question and "
            "answer, and start with a short Easy Read profile (who are you, how "
            "old are you, where do you live) instead of the standard one."
        )
        self.helper = govuk_helper(
            Field.text("title"),
            Field.radios("audience", legend_size=Size.SMALL),
            Field.checkbox("is_easy_read"),
            WordingAdvice(Field.textarea("intro", rows=4)),
            submit=_("Add survey"),
            check_wording=True,
        )

    def is_easy_read(self) -> bool:
        """Easy Read targets when the survey is (or is being marked) Easy Read."""
        return bool(self["is_easy_read"].value())


class PublishForm(forms.Form):
    """Confirm publishing; without an Easy Read version, say why there is none."""

    no_easy_read_reason = forms.CharField(
        label=_("Why is there no Easy Read version?"),
        help_text=_(
            "For example, an Easy Read version is being made with young people and "
            "will be added in the first week. This is shown on the consultation’s "
            "page for staff and kept in its history."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter why there is no Easy Read version"),
            "max_length": _("The reason must be 1,000 characters or fewer"),
        },
    )

    def __init__(self, *args: Any, needs_reason: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: list[Any] = []
        if needs_reason:
            fields.append(Field.textarea("no_easy_read_reason", rows=4))
        else:
            del self.fields["no_easy_read_reason"]
        self.helper = govuk_helper(*fields, submit=_("Publish"))
