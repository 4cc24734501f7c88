"""A person's own pages: accepting an invitation, their account, their password."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import FormView

from sendportal.form_views import ServiceFormMixin
from sendportal.throttle import PublicFormMixin
from sendportal.throttle import public_form

from . import services
from . import two_factor
from .forms import AccountForm
from .forms import GovukPasswordChangeForm
from .forms import GovukPasswordResetForm
from .forms import GovukSetPasswordForm
from .forms import InvitationAcceptForm
from .models import Invitation
from .models import User


@method_decorator(login_not_required, name="dispatch")
class InvitationAcceptView(PublicFormMixin, FormView[InvitationAcceptForm]):
    """The page an invitation link opens: set a name and password, then in."""

    template_name = "accounts/invitation_accept.html"
    form_class = InvitationAcceptForm
    invitation: Invitation

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        invitation = services.invitation_for_token(kwargs["token"])
        problem = services.invitation_problem(invitation)
        if problem is not None or invitation is None:
            return TemplateResponse(
                request,
                "accounts/invitation_unusable.html",
                {"problem": problem, "invitation": invitation},
                status=410 if problem != "unknown" else 404,
            )
        self.invitation = invitation
        response = super().dispatch(request, *args, **kwargs)
        # The token is in the URL: never send it to another site. Not
        # "no-referrer": browsers then send "Origin: null" with the form, and
        # Django's CSRF check refuses it (403), so nobody could accept.
        response["Referrer-Policy"] = "same-origin"
        return response

    def existing_user(self) -> User | None:
        return User.objects.filter(email__iexact=self.invitation.email).first()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["email"] = self.invitation.email
        kwargs["existing"] = self.existing_user() is not None
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["invitation"] = self.invitation
        context["existing"] = self.existing_user() is not None
        return context

    def form_valid(self, form: InvitationAcceptForm) -> HttpResponse:
        try:
            user = services.invitation_accept(
                invitation=self.invitation,
                password=form.cleaned_data.get("password1", ""),
                name=form.cleaned_data.get("name", ""),
            )
        except ValidationError:
            return redirect(self.request.path)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request,
            _("Welcome to %(area)s. Your role is %(role)s.")
            % {
                "role": self.invitation.get_role_display().lower(),
                "area": self.invitation.area.name,
            },
        )
        return redirect("staff:area_home", area_slug=self.invitation.area.slug)


class AccountView(ServiceFormMixin[AccountForm], FormView[AccountForm]):
    """A person's own name and email address, and a link to change the password."""

    template_name = "accounts/account.html"
    form_class = AccountForm
    success_message = _("Your account details are saved.")

    @property
    def user(self) -> User:
        user = self.request.user
        if not isinstance(user, User):  # LoginRequiredMiddleware sends them to sign in
            raise PermissionDenied
        return user

    def get_initial(self) -> dict[str, Any]:
        return {"name": self.user.name, "email": self.user.email}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["has_two_factor"] = two_factor.has_two_factor(self.user)
        context["recovery_codes_left"] = two_factor.recovery_codes_left(self.user)
        return context

    def perform(self, form: AccountForm) -> User:
        return services.account_update(user=self.user, **form.cleaned_data)

    def get_success_message(self, result: User) -> str:
        return _("Your account details are saved.")

    def success_url_for(self, result: User) -> str:
        return reverse("accounts:account")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_form.html"
    form_class = GovukPasswordChangeForm
    success_url = reverse_lazy("accounts:account")
    extra_context = {"title_text": "change"}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


def password_reset_view() -> Any:
    return login_not_required(
        public_form()(
            auth_views.PasswordResetView.as_view(
                template_name="accounts/password_reset_form.html",
                form_class=GovukPasswordResetForm,
                email_template_name="emails/accounts/password_reset.txt",
                subject_template_name="emails/accounts/password_reset_subject.txt",
                extra_email_context={"site_url": settings.SITE_URL.rstrip("/")},
                success_url=reverse_lazy("accounts:password_reset_done"),
            )
        )
    )


def password_reset_done_view() -> Any:
    return login_not_required(
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"
        )
    )


def password_reset_confirm_view() -> Any:
    return login_not_required(
        public_form(email_field="")(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="accounts/password_reset_confirm.html",
                form_class=GovukSetPasswordForm,
                success_url=reverse_lazy("accounts:password_reset_complete"),
            )
        )
    )


def password_reset_complete_view() -> Any:
    return login_not_required(
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        )
    )
