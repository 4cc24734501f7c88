"""Forms for officers working on strategies (GOV.UK markup via crispy-forms-gds)."""

import datetime
from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Fieldset
from crispy_forms_gds.layout import Size
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sendportal.areas.models import LocalArea
from sendportal.date_fields import GovukDateField
from sendportal.forms import PlainEnglishFormMixin
from sendportal.forms import WordingAdvice
from sendportal.forms import govuk_helper
from sendportal.pictures import symbol_choices
from sendportal.pictures import validate_picture
from sendportal.uploads import validate_document

from .models import ApprovalBody
from .models import EasyReadSection
from .models import PfaOutcome
from .models import Priority
from .models import Strategy
from .models import StrategyDocument
from .models import Theme

YEAR_ERRORS = {
    "required": _("Enter a year, for example 2026"),
    "invalid": _("Enter a year as 4 numbers, for example 2026"),
    "min_value": _("Enter a year from 2000 onwards"),
    "max_value": _("Enter a year before 2100"),
}


class StrategyForm(PlainEnglishFormMixin, forms.ModelForm[Strategy]):
    period_start = forms.IntegerField(
        label=_("First year"),
        min_value=2000,
        max_value=2099,
        error_messages=YEAR_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    period_end = forms.IntegerField(
        label=_("Last year"),
        min_value=2000,
        max_value=2099,
        error_messages=YEAR_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Strategy
        fields = [
            "title",
            "period_start",
            "period_end",
            "summary",
            "vision",
            "supersedes",
        ]
        labels = {
            "title": _("Title"),
            "summary": _("Summary (optional)"),
            "vision": _("Vision"),
            "supersedes": _("Which strategy does this one replace? (optional)"),
        }
        help_texts = {
            "title": _("For example, SEND and Inclusion Strategy"),
            "vision": _("What the local area wants for children and young people."),
        }
        error_messages = {
            "title": {"required": _("Enter a title")},
            "vision": {"required": _("Enter the vision")},
        }

    def __init__(self, *args: Any, area: LocalArea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        replaceable = Strategy.objects.for_area(area).exclude(status="draft")
        if self.instance.pk:
            replaceable = replaceable.exclude(pk=self.instance.pk)
        supersedes = self.fields["supersedes"]
        if not isinstance(supersedes, forms.ModelChoiceField):  # pragma: no cover
            raise TypeError("supersedes must be a ModelChoiceField")
        supersedes.queryset = replaceable
        supersedes.empty_label = str(_("It does not replace another strategy"))
        self.helper = govuk_helper(
            Field.text("title"),
            Fieldset(
                Field.text("period_start", field_width=4),
                Field.text("period_end", field_width=4),
                legend=_("Period"),
                legend_size=Size.SMALL,
            ),
            WordingAdvice(Field.textarea("summary", rows=3)),
            WordingAdvice(Field.textarea("vision", rows=6)),
            Field.select("supersedes"),
            submit=_("Save strategy"),
            check_wording=True,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                _("The last year must be the same as or after the first year"),
            )
        return cleaned


class PriorityForm(PlainEnglishFormMixin, forms.ModelForm[Priority]):
    outcomes = forms.CharField(
        label=_("Outcome statements (optional)"),
        help_text=_(
            "One on each line. Write them as families would say them, for example "
            "“I have teachers who understand my plan”."
        ),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    pfa_outcome = forms.ChoiceField(
        label=_("Preparing for Adulthood outcome (optional)"),
        choices=[("", _("None")), *PfaOutcome.choices],
        required=False,
    )

    class Meta:
        model = Priority
        fields = ["number", "title", "description", "pfa_outcome", "is_enabler"]
        labels = {
            "number": _("Number"),
            "title": _("Title"),
            "description": _("Description (optional)"),
            "is_enabler": _("This is an enabler, supporting every priority"),
        }
        help_texts = {"is_enabler": ""}
        error_messages = {
            "number": {
                "required": _("Enter the priority’s number"),
                "invalid": _("The number must be a whole number, like 1"),
            },
            "title": {"required": _("Enter a title")},
        }

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        if self.instance.pk and "outcomes" not in self.initial:
            self.initial["outcomes"] = "\n".join(
                self.instance.outcomes.values_list("text", flat=True)
            )
        elif not self.instance.pk and "number" not in self.initial:
            self.initial["number"] = strategy.priorities.count() + 1
        self.fields["number"].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        self.helper = govuk_helper(
            Field.text("number", field_width=2),
            Field.text("title"),
            WordingAdvice(Field.textarea("description", rows=4)),
            WordingAdvice(Field.textarea("outcomes", rows=5)),
            Field.radios("pfa_outcome", legend_size=Size.SMALL),
            Field.checkbox("is_enabler"),
            submit=_("Save priority"),
            check_wording=True,
        )

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        taken = self.strategy.priorities.filter(number=number)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Priority %(number)s already exists. Choose another number."),
                params={"number": number},
            )
        return number

    def outcome_lines(self) -> list[str]:
        return [
            line for line in self.cleaned_data["outcomes"].splitlines() if line.strip()
        ]


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Enter a title for the document")},
    )
    kind = forms.ChoiceField(
        label=_("What kind of document is it?"),
        choices=StrategyDocument.Kind.choices,
        error_messages={"required": _("Select what kind of document it is")},
    )
    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_("PDF, DOCX or ODT, up to 20 MB."),
        required=False,
    )
    url = forms.URLField(
        label=_("Or give a web address"),
        help_text=_("For example, a page on the council’s website."),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address, like https://example.org")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("title"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field("file"),
            Field.text("url"),
            submit=_("Add document"),
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            validate_document(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_file, has_url = bool(cleaned.get("file")), bool(cleaned.get("url"))
        if not self.has_error("file") and not self.has_error("url"):
            if has_file and has_url:
                self.add_error(
                    "url", _("Upload a file or give a web address, not both")
                )
            elif not has_file and not has_url:
                self.add_error("file", _("Upload a file or give a web address"))
        return cleaned


class ApproveForm(forms.Form):
    approval_body = forms.ChoiceField(
        label=_("Who approved the strategy?"),
        choices=ApprovalBody.choices,
        error_messages={"required": _("Select who approved the strategy")},
    )
    approved_on = GovukDateField(
        label=_("When was it approved?"),
        help_text=_("For example, 2 3 2021"),
        thing=_("the date the strategy was approved"),
    )
    decision_reference = forms.CharField(
        label=_("Decision reference (optional)"),
        help_text=_("For example, the cabinet minute number."),
        max_length=100,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.radios("approval_body", legend_size=Size.SMALL),
            Field("approved_on"),
            Field.text("decision_reference"),
            submit=_("Approve strategy"),
        )

    def clean_approved_on(self) -> datetime.date:
        approved_on: datetime.date = self.cleaned_data["approved_on"]
        if approved_on > timezone.localdate():
            raise forms.ValidationError(
                _("The approval date must be today or in the past")
            )
        return approved_on


class ThemeForm(forms.ModelForm[Theme]):
    """Add a theme to a strategy's coding frame, or edit one."""

    class Meta:
        model = Theme
        fields = ["name", "description", "priority"]
        labels = {
            "name": _("Name"),
            "description": _("Description (optional)"),
            "priority": _("Which priority is it about? (optional)"),
        }
        help_texts = {
            "name": _("For example, Waiting times for assessments"),
            "description": _("What answers coded to this theme talk about."),
        }
        error_messages = {
            "name": {
                "required": _("Enter the theme’s name"),
                "max_length": _("The theme’s name must be 120 characters or fewer"),
            },
            "description": {
                "max_length": _("The description must be 500 characters or fewer"),
            },
            "priority": {"invalid_choice": _("Select a priority of this strategy")},
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        priority = self.fields["priority"]
        if not isinstance(priority, forms.ModelChoiceField):  # pragma: no cover
            raise TypeError("priority must be a ModelChoiceField")
        priority.queryset = strategy.priorities.all()
        priority.empty_label = str(_("Not linked to a priority"))
        self.helper = govuk_helper(
            Field.text("name"),
            Field.textarea("description", rows=3),
            Field.select("priority"),
            submit=_("Save theme"),
        )

    def validate_unique(self) -> None:
        """The service checks the name, with GOV.UK wording."""


class ThemeMergeForm(forms.Form):
    kept = forms.ModelChoiceField(
        label=_("Which theme should its codings move to?"),
        queryset=Theme.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the theme to merge into"),
            "invalid_choice": _("Select the theme to merge into"),
        },
    )

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kept = self.fields["kept"]
        if not isinstance(kept, forms.ModelChoiceField):  # pragma: no cover
            raise TypeError("kept must be a ModelChoiceField")
        kept.queryset = Theme.objects.for_strategy(theme.strategy_id).exclude(
            pk=theme.pk
        )
        self.helper = govuk_helper(
            Field.radios("kept", legend_size=Size.MEDIUM),
            submit=_("Merge themes"),
        )


class CodingFrameCopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Which strategy’s coding frame should be copied?"),
        queryset=Strategy.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the strategy to copy from"),
            "invalid_choice": _("Select the strategy to copy from"),
        },
    )

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        if not isinstance(source, forms.ModelChoiceField):  # pragma: no cover
            raise TypeError("source must be a ModelChoiceField")
        source.queryset = (
            Strategy.objects.for_area(strategy.area_id)
            .exclude(pk=strategy.pk)
            .filter(themes__retired_at__isnull=True)
            .distinct()
            .order_by("-period_start", "title")
        )
        self.helper = govuk_helper(
            Field.radios("source", legend_size=Size.MEDIUM),
            submit=_("Copy coding frame"),
        )


EASY_READ_FORM_FIELDS = ("heading", "text", "picture_symbol", "picture_alt")


class EasyReadSectionForm(PlainEnglishFormMixin, forms.Form):
    """One section of a strategy's Easy Read version, with its picture.

    A plain form rather than a ModelForm, so an uploaded picture reaches the
    service as a file and the stored section is changed there alone.
    """

    heading = forms.CharField(
        label=_("Heading"),
        max_length=80,
        help_text=_("A few words, for example “Help at school”."),
        error_messages={
            "required": _("Enter a heading"),
            "max_length": _("The heading must be 80 characters or fewer"),
        },
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "2 to 4 short sentences with common words, one idea each. Put each "
            "sentence on its own line."
        ),
        error_messages={
            "required": _("Enter the text"),
            "max_length": _("The text must be 600 characters or fewer"),
        },
    )
    picture_symbol = forms.ChoiceField(
        label=_("Choose a picture"),
        required=False,
        help_text=_("Pictures from OpenMoji, free to use (CC BY-SA 4.0)."),
    )
    picture_image = forms.FileField(
        label=_("Or upload your own picture (optional)"),
        required=False,
        help_text=_("PNG, JPG or WEBP, up to 2 MB."),
    )
    picture_alt = forms.CharField(
        label=_("Picture description"),
        max_length=200,
        required=False,
        help_text=_(
            "A few words saying what the picture shows. Needed for your own "
            "picture; a chosen picture has one already."
        ),
    )
    remove_picture_image = forms.BooleanField(
        label=_("Remove the uploaded picture"), required=False
    )

    def __init__(
        self, *args: Any, section: EasyReadSection | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        symbol_field = self.fields["picture_symbol"]
        if not isinstance(symbol_field, forms.ChoiceField):  # pragma: no cover
            raise TypeError("picture_symbol must be a ChoiceField")
        symbol_field.choices = [("", _("No picture chosen")), *symbol_choices()]
        self.has_upload = bool(section and section.picture_image)
        fields: list[Any] = [
            Field.text("heading"),
            WordingAdvice(Field.textarea("text", rows=5)),
            Field.select("picture_symbol"),
            Field("picture_image"),
            Field.text("picture_alt"),
        ]
        if section is not None and self.has_upload:
            self.fields["remove_picture_image"].label = _(
                "Remove the uploaded picture (%(description)s)"
            ) % {"description": section.picture_alt or section.picture_image.name}
            fields.append(Field.checkbox("remove_picture_image"))
        else:
            del self.fields["remove_picture_image"]
        self.helper = govuk_helper(
            *fields, submit=_("Save section"), check_wording=True
        )

    def is_easy_read(self) -> bool:
        """Always checked against the Easy Read targets."""
        return True

    def clean_picture_image(self) -> Any:
        upload = self.cleaned_data.get("picture_image")
        if upload:
            validate_picture(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.has_error("picture_image"):
            return cleaned
        upload = cleaned.get("picture_image")
        keeps_upload = self.has_upload and not cleaned.get("remove_picture_image")
        if not upload and not keeps_upload and not cleaned.get("picture_symbol"):
            self.add_error(
                "picture_symbol", _("Choose a picture or upload your own picture")
            )
        if (upload or keeps_upload) and not cleaned.get("picture_alt", "").strip():
            self.add_error(
                "picture_alt", _("Enter a few words saying what your picture shows")
            )
        return cleaned

    def section_data(self) -> dict[str, Any]:
        """What the service stores from the form (the file goes separately)."""
        return {name: self.cleaned_data[name] for name in EASY_READ_FORM_FIELDS}
