"""Forms for creating a local area and for its settings."""

from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Size
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sendportal.forms import govuk_helper
from sendportal.forms import radios_without_blank
from sendportal.translations import language_name

from .models import LocalArea
from .models import PartnerOrganisation
from .models import validate_area_slug

CONTACT_EMAIL_INVALID = _(
    "Enter the contact email in the correct format, like name@example.gov.uk"
)


class AreaCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the local area"),
        max_length=150,
        error_messages={"required": _("Enter the name of the local area")},
    )
    slug = forms.SlugField(
        label=_("Web address"),
        help_text=_(
            "Lower-case letters, numbers and hyphens, for example “fenmere”. "
            "The area's public pages will be at /fenmere/."
        ),
        max_length=60,
        error_messages={
            "required": _("Enter the web address"),
            "invalid": _(
                "Enter a web address using only lower-case letters, numbers and hyphens"
            ),
        },
    )
    contact_email = forms.EmailField(
        label=_("Contact email for the SEND team"),
        error_messages={
            "required": _("Enter the contact email"),
            "invalid": CONTACT_EMAIL_INVALID,
        },
    )
    admin_email = forms.EmailField(
        label=_("Email of the first area admin"),
        help_text=_("They are invited to set up the area and invite colleagues."),
        error_messages={
            "required": _("Enter the email of the first area admin"),
            "invalid": _(
                "Enter the email of the first area admin in the correct format, "
                "like name@example.gov.uk"
            ),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("name"),
            Field.text("slug", field_width=20),
            Field.text("contact_email"),
            Field.text("admin_email"),
            submit=_("Create local area"),
        )

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if slug != slug.lower():
            raise forms.ValidationError(
                _("Enter the web address in lower-case letters")
            )
        validate_area_slug(slug)
        return slug


URL_ERRORS = {
    "invalid": _("Enter a full web address, starting with https://"),
}


class AreaSettingsForm(forms.ModelForm[LocalArea]):
    languages = forms.MultipleChoiceField(
        label=_("Languages besides English (optional)"),
        help_text=_(
            "Officers can translate the area's consultations into these "
            "languages. Families choose their language at the foot of each page."
        ),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    local_offer_url = forms.URLField(
        label=_("Local Offer website"),
        required=False,
        assume_scheme="https",
        error_messages=URL_ERRORS,
    )
    easy_read_url = forms.URLField(
        label=_("Easy Read information"),
        required=False,
        assume_scheme="https",
        error_messages=URL_ERRORS,
    )

    class Meta:
        model = LocalArea
        fields = (
            "name",
            "contact_email",
            "local_offer_url",
            "easy_read_url",
            "languages",
            "response_retention_months",
            "booking_retention_days",
        )
        error_messages = {
            "name": {"required": _("Enter the name of the local area")},
            "contact_email": {
                "required": _("Enter the contact email"),
                "invalid": _(
                    "Enter the contact email in the correct format, like "
                    "name@example.gov.uk"
                ),
            },
            "local_offer_url": URL_ERRORS,
            "easy_read_url": URL_ERRORS,
            "response_retention_months": {
                "required": _("Enter how many months to keep contact details"),
                "invalid": _("Enter a whole number of months"),
                "min_value": _("Enter a whole number of months"),
                "max_value": _("Enter a number of months up to 120"),
            },
            "booking_retention_days": {
                "invalid": _("Enter a whole number of days"),
                "min_value": _("Enter a whole number of days"),
                "max_value": _("Enter a number of days up to 3650"),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["response_retention_months"].validators.append(
            _max(120, self.fields["response_retention_months"].error_messages)
        )
        self.fields["booking_retention_days"].validators.append(
            _max(3650, self.fields["booking_retention_days"].error_messages)
        )
        for name in ("response_retention_months", "booking_retention_days"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        languages = self.fields["languages"]
        if isinstance(languages, forms.ChoiceField):
            languages.choices = [
                (code, f"{language_name(code)} ({name})")
                for code, name in settings.LANGUAGES
                if code in settings.CONTENT_LANGUAGES
            ]
        self.helper = govuk_helper(
            Field.text("name"),
            Field.text("contact_email"),
            Field.text("local_offer_url"),
            Field.text("easy_read_url"),
            Field.checkboxes("languages", legend_size=Size.SMALL, small=True),
            Field.text("response_retention_months", field_width=4),
            Field.text("booking_retention_days", field_width=4),
            submit=_("Save settings"),
        )


def _max(limit: int, messages: dict[str, Any]) -> Any:
    def check(value: int | None) -> None:
        if value is not None and value > limit:
            raise forms.ValidationError(messages["max_value"])

    return check


class DistrictForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the district"),
        max_length=100,
        error_messages={"required": _("Enter the name of the district")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(Field.text("name"), submit=_("Save district"))


class PartnerForm(forms.ModelForm[PartnerOrganisation]):
    class Meta:
        model = PartnerOrganisation
        fields = ("name", "kind", "is_statutory_partner")
        labels = {
            "name": _("Name of the organisation"),
            "kind": _("Type of organisation"),
            "is_statutory_partner": _("A statutory partner of the local area"),
        }
        error_messages = {
            "name": {"required": _("Enter the name of the organisation")},
            "kind": {"required": _("Select the type of organisation")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        radios_without_blank(self, "kind")
        self.helper = govuk_helper(
            Field.text("name"),
            Field.radios("kind"),
            Field.checkbox("is_statutory_partner"),
            submit=_("Save organisation"),
        )
