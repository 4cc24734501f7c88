from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Size
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from sendportal.forms import govuk_helper
from sendportal.params import ascii_digits
from sendportal.throttle import email_allowed

from .models import Role
from .models import User

EMAIL_FORMAT = _("Enter an email address in the correct format, like name@example.com")


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Enter a correct email address and password. "
            "The password is case-sensitive."
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

    def clean_username(self) -> str:
        """Email addresses are not case-sensitive: sign in with the stored one."""
        typed = str(self.cleaned_data.get("username", "")).strip()
        stored = (
            User.objects.filter(email__iexact=typed)
            .values_list("email", flat=True)
            .first()
        )
        return stored or typed


def _password_field(label: Any, required_message: Any, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", **attrs}),
        error_messages={"required": required_message},
    )


class GovukPasswordMessages:
    """GOV.UK wording for Django's password forms."""

    error_messages = {
        "password_mismatch": _("Enter the same password in both boxes"),
        "password_incorrect": _("Enter your current password correctly"),
    }

    def govuk_required(self, form: forms.BaseForm) -> None:
        messages = {
            "old_password": _("Enter your current password"),
            "new_password1": _("Enter a new password"),
            "new_password2": _("Enter the new password again"),
            "password1": _("Enter a password"),
            "password2": _("Enter the password again"),
        }
        for name, message in messages.items():
            if name in form.fields:
                form.fields[name].error_messages["required"] = message


class InvitationAcceptForm(forms.Form):
    """A new person's name and password, checked by the password validators."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Enter your name")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = _password_field(_("Create a password"), _("Enter a password"))
    password2 = _password_field(
        _("Confirm your password"), _("Enter the password again")
    )

    def __init__(self, *args: Any, email: str, existing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        self.existing = existing
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()
        if existing:
            # The person signs in with the password they already have.
            del self.fields["password1"]
            del self.fields["password2"]
            self.fields["name"].required = False
        self.helper = govuk_helper(
            *(Field.text(name) for name in self.fields),
            submit=_("Accept invitation"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.existing:
            return cleaned
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("Enter the same password in both boxes"))
        elif one:
            user = User(email=self.email, name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(one, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": EMAIL_FORMAT,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the role they will have")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("email"),
            Field.radios("role", legend_size=Size.SMALL),
            submit=_("Send invitation"),
        )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the new role")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.radios("role", legend_size=Size.SMALL), submit=_("Change role")
        )


class AccountForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        error_messages={"required": _("Enter your name")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": EMAIL_FORMAT,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("name"), Field.text("email"), submit=_("Save changes")
        )


class GovukPasswordResetForm(PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = _("Email address")
        field.error_messages.update(
            {
                "required": _("Enter your email address"),
                "invalid": EMAIL_FORMAT,
            }
        )
        field.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.helper = govuk_helper(Field.text("email"), submit=_("Send reset link"))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # Anyone can type an address here: it counts against the daily cap.
        if email_allowed(to_email):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name=html_email_template_name,
            )


class GovukSetPasswordForm(GovukPasswordMessages, SetPasswordForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("Confirm new password")
        self.govuk_required(self)
        self.helper = govuk_helper(
            Field.text("new_password1"),
            Field.text("new_password2"),
            submit=_("Save password"),
        )


class GovukPasswordChangeForm(  # type: ignore[misc]
    GovukPasswordMessages, PasswordChangeForm
):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("Confirm new password")
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.govuk_required(self)
        self.helper = govuk_helper(
            Field.text("old_password"),
            Field.text("new_password1"),
            Field.text("new_password2"),
            submit=_("Change password"),
        )


class AuthenticationCodeForm(forms.Form):
    """The 6-digit code an authentication app shows."""

    code = forms.CharField(
        label=_("Code from your authentication app"),
        help_text=_("The code is 6 numbers. It changes every 30 seconds."),
        max_length=20,
        error_messages={"required": _("Enter the code from your authentication app")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args: Any, submit: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("code", field_width=10), submit=submit or _("Continue")
        )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        if not (ascii_digits(code) and len(code) == 6):
            raise forms.ValidationError(_("Enter the code as 6 numbers"))
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("One of the codes you saved when you set up two-factor."),
        max_length=40,
        error_messages={"required": _("Enter one of your recovery codes")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("code", field_width=20), submit=_("Continue")
        )
