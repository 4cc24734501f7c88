from typing import Any

from crispy_forms_gds.layout import Field
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from sendportal.forms import govuk_helper


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Enter a correct email address and password. Both are case-sensitive."
        ),
        "inactive": _("This account is not active. Contact your area admin."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].error_messages["required"] = _(
            "Enter your email address"
        )
        self.fields["password"].error_messages["required"] = _("Enter your password")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false"}
        )
        # Django focuses the email box on load; then the first Tab skips the
        # "Skip to main content" link, and screen readers start mid-page.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.helper = govuk_helper(
            Field.text("username"),
            Field.text("password"),
            submit=_("Sign in"),
        )
