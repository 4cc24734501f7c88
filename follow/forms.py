from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Size
from django import forms
from django.utils.translation import gettext_lazy as _

from sendportal.forms import govuk_helper


class FollowEmailForm(forms.Form):
    """The address the weekly emails on what changed go to."""

    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "We email you a link to confirm first. Then we write at most once a "
            "week, only when something has changed."
        ),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _(
                "Enter an email address in the correct format, like name@example.com"
            ),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("email", label_size=Size.SMALL),
            submit=_("Email me when something changes"),
        )
