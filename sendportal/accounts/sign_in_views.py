"""Signing in: the password page, the lockout page, the second factor (set up,
code, recovery codes) and the session timer behind the timeout warning."""

import time
from typing import Any
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseBase
from django.http import JsonResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from django.views.generic import TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from . import sessions
from . import two_factor
from .decorators import not_session_activity
from .decorators import two_factor_exempt
from .forms import AuthenticationCodeForm
from .forms import RecoveryCodeForm
from .forms import SignInForm
from .lockout import lockout_minutes
from .lockout import log
from .models import User

# Set while new recovery codes may be shown (once) and downloaded.
SHOW_RECOVERY_CODES = "show_recovery_codes"


def safe_next(request: HttpRequest, default: str | None = None) -> str:
    """The page to go back to after a step: `next` when it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site: `redirect()` would read anything else without a
    # slash as the name of a view, and fail.
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def signed_in_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied  # LoginRequiredMiddleware sends visitors to sign in
    return user


class SignInView(auth_views.LoginView):
    """Email and password; says why the last session ended, if it timed out."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session = self.request.session
        reason = session.get(sessions.SIGNED_OUT_REASON)
        if reason is not None and self.request.method == "GET":
            del session[sessions.SIGNED_OUT_REASON]
        context["signed_out_reason"] = reason
        context["idle_minutes"] = settings.SESSION_IDLE_TIMEOUT // 60
        context["longest_hours"] = settings.SESSION_ABSOLUTE_TIMEOUT // 3600
        return context


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page for a refused sign-in (django-axes' AXES_LOCKOUT_CALLABLE).

    It is the same for every email address, known or not, and names no
    account: it says only how long to wait.
    """
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": lockout_minutes(request, credentials)},
        status=429,
    )


class SecondStepMixin(View):
    """A page of the second step: open to a person who has only given their
    password, and left as soon as the step is passed."""

    request: HttpRequest
    # Read by TwoFactorRequiredMiddleware.
    two_factor_exempt = True

    @property
    def user(self) -> User:
        return signed_in_user(self.request)

    def next_url(self) -> str:
        return safe_next(self.request)

    def step_url(self, name: str) -> str:
        return reverse(name) + "?" + urlencode({"next": self.next_url()})

    def passed(self, device: Any) -> None:
        """Mark this session as having passed the second factor, under a new
        session key (the key from before the step is then worthless)."""
        django_otp.login(self.request, device)
        self.request.session.cycle_key()
        log.info(
            "Second factor passed for user %s with %s",
            device.user_id,
            type(device).__name__,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["next"] = self.next_url()
        return context


class TwoFactorCodeView(SecondStepMixin, FormView[AuthenticationCodeForm]):
    """After the password: the code from the person's authentication app."""

    template_name = "accounts/two_factor_code.html"
    form_class = AuthenticationCodeForm

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        user = signed_in_user(request)
        if user.is_verified():  # type: ignore[attr-defined]  # OTPMiddleware
            return redirect(self.next_url())
        if not two_factor.has_two_factor(user):
            return redirect(self.step_url("accounts:two_factor_setup"))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationCodeForm) -> HttpResponse:
        device = two_factor.authentication_app(self.user)
        if device is None:
            return redirect(self.step_url("accounts:two_factor_setup"))
        if not code_accepted(form, device):
            return self.form_invalid(form)
        self.passed(device)
        return redirect(self.next_url())


def code_accepted(form: AuthenticationCodeForm, device: TOTPDevice) -> bool:
    """Check the form's code on `device`, putting the reason on the form when
    it is refused."""
    wait = two_factor.wait_seconds(device)
    if wait:
        form.add_error("code", too_many_tries(wait))
        return False
    if not two_factor.check_app_code(device, form.cleaned_data["code"]):
        log.warning("Wrong authentication app code for user %s", device.user_id)
        form.add_error(
            "code",
            _(
                "Enter the code your authentication app shows now: this one is "
                "not right or has run out"
            ),
        )
        return False
    return True


def too_many_tries(seconds: int) -> str:
    return ngettext(
        "You have entered a wrong code too many times. Wait %(count)d second, "
        "then try again",
        "You have entered a wrong code too many times. Wait %(count)d seconds, "
        "then try again",
        seconds,
    ) % {"count": seconds}


class RecoveryCodeSignInView(SecondStepMixin, FormView[RecoveryCodeForm]):
    """Instead of the app's code, one of the person's recovery codes."""

    template_name = "accounts/two_factor_recovery.html"
    form_class = RecoveryCodeForm

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if signed_in_user(request).is_verified():  # type: ignore[attr-defined]  # OTPMiddleware
            return redirect(self.next_url())
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: RecoveryCodeForm) -> HttpResponse:
        wait = two_factor.wait_seconds(two_factor.recovery_codes(self.user))
        if wait:
            form.add_error("code", too_many_tries(wait))
            return self.form_invalid(form)
        device = services.recovery_code_use(
            user=self.user, code=form.cleaned_data["code"]
        )
        if device is None:
            log.warning("Wrong recovery code for user %s", self.user.pk)
            form.add_error(
                "code", _("Enter one of your recovery codes: this one is not right")
            )
            return self.form_invalid(form)
        self.passed(device)
        left = device.token_set.count()
        messages.info(
            self.request,
            ngettext(
                "You signed in with a recovery code. You have %(count)d code "
                "left. If you no longer have your authentication app, set up a "
                "new one from your account page.",
                "You signed in with a recovery code. You have %(count)d codes "
                "left. If you no longer have your authentication app, set up a "
                "new one from your account page.",
                left,
            )
            % {"count": left},
        )
        return redirect(self.next_url())


class TwoFactorSetUpView(SecondStepMixin, FormView[AuthenticationCodeForm]):
    """Set up an authentication app: scan the QR code (or type the key), then
    enter a code to show it works. Also how a new phone replaces the old one."""

    template_name = "accounts/two_factor_setup.html"
    form_class = AuthenticationCodeForm

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        user = signed_in_user(request)
        # Replacing an app needs the old one (or a recovery code) first, or a
        # password alone would be enough to take over the second factor.
        if two_factor.has_two_factor(user) and not user.is_verified():  # type: ignore[attr-defined]  # OTPMiddleware
            return redirect(self.step_url("accounts:two_factor_code"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["submit"] = _("Set up two-factor authentication")
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        device = services.authentication_app_pending(user=self.user)
        context["qr_code"] = two_factor.qr_code_svg(device)
        context["secret_key"] = two_factor.secret_key_text(device)
        context["replacing"] = two_factor.has_two_factor(self.user)
        context["required"] = settings.TWO_FACTOR_REQUIRED
        return context

    def form_valid(self, form: AuthenticationCodeForm) -> HttpResponse:
        user = self.user
        device = services.authentication_app_pending(user=user)
        if not code_accepted(form, device):
            return self.form_invalid(form)
        first = not two_factor.has_two_factor(user)
        device = services.authentication_app_confirm(device=device, by=user)
        self.passed(device)
        if first or two_factor.recovery_codes_left(user) == 0:
            services.recovery_codes_replace(user=user)
            self.request.session[SHOW_RECOVERY_CODES] = True
            return redirect(self.step_url("accounts:recovery_codes"))
        messages.success(self.request, _("Your new authentication app is set up."))
        return redirect(safe_next(self.request, reverse("accounts:account")))


class RecoveryCodesView(TemplateView):
    """New recovery codes, shown once; later, how many are left and a way to
    make new ones."""

    template_name = "accounts/recovery_codes.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = signed_in_user(self.request)
        showing = bool(self.request.session.get(SHOW_RECOVERY_CODES))
        device = two_factor.recovery_codes(user)
        context["showing"] = showing
        context["codes"] = (
            list(device.token_set.values_list("token", flat=True))
            if showing and device is not None
            else []
        )
        context["codes_left"] = two_factor.recovery_codes_left(user)
        context["next"] = safe_next(self.request, reverse("accounts:account"))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = signed_in_user(request)
        if request.POST.get("action") == "replace":
            services.recovery_codes_replace(user=user)
            request.session[SHOW_RECOVERY_CODES] = True
            return redirect(request.get_full_path())
        request.session.pop(SHOW_RECOVERY_CODES, None)
        return redirect(safe_next(request, reverse("accounts:account")))


@require_GET
def recovery_codes_download(request: HttpRequest) -> HttpResponse:
    """The codes just made, as a text file (only while they are shown)."""
    user = signed_in_user(request)
    device = two_factor.recovery_codes(user)
    if not request.session.get(SHOW_RECOVERY_CODES) or device is None:
        raise Http404
    lines = [
        _("Recovery codes for the SEND Co-production Portal"),
        user.email,
        "",
        *device.token_set.values_list("token", flat=True),
        "",
        _("Each code works once, instead of a code from your authentication app."),
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
    response["Content-Disposition"] = 'attachment; filename="recovery-codes.txt"'
    return response


@login_not_required
@two_factor_exempt
@not_session_activity
@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """How long the session has left, for the timeout warning; asking does not
    count as activity."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0, "limit": None})
    return JsonResponse({"signed_in": True, **sessions.seconds_left(request.session)})


@two_factor_exempt
@require_POST
def session_extend(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": the idle time starts again (the longest a session
    may last does not change)."""
    sessions.touch(request.session, time.time(), force=True)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(
            {"signed_in": True, **sessions.seconds_left(request.session)}
        )
    return redirect(safe_next(request))
