"""The rules every signed-in session follows: it ends when idle or too old,
and staff pages wait until the second factor is passed."""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin

from . import sessions
from .models import User
from .two_factor import has_two_factor
from .two_factor import two_factor_passed

View = Callable[..., HttpResponse]


def is_public(view_func: View) -> bool:
    """A page anyone may see (marked `login_not_required`)."""
    return not getattr(view_func, "login_required", True)


def is_admin(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and "admin" in match.namespaces


class StaffSessionMiddleware(MiddlewareMixin):
    """Sign out a session that was idle for SESSION_IDLE_TIMEOUT, or began
    SESSION_ABSOLUTE_TIMEOUT ago; otherwise note the request as activity.

    Runs before LoginRequiredMiddleware: a page that needs signing in then
    sends the person to the sign-in page, which says why they were signed out
    and brings them back here afterwards.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: View,
        view_args: Any,
        view_kwargs: Any,
    ) -> None:
        if not request.user.is_authenticated:
            return
        reason = sessions.ended(request.session)
        if reason is not None:
            logout(request)
            # For the sign-in page to say, whether it comes next (a private
            # page, the timeout warning's last check) or later.
            request.session[sessions.SIGNED_OUT_REASON] = reason
            return
        if getattr(view_func, "session_activity", True):
            sessions.touch(request.session, time.time())


class TwoFactorRequiredMiddleware(MiddlewareMixin):
    """Send a signed-in person who has not passed the second factor in this
    session to the code page (or to set up an app first), from every page
    that is not public, the Django admin included.

    The pages of the second step itself, signing out and the session timer
    are marked `two_factor_exempt` (a function view by the decorator, a class
    by the attribute).
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: View,
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            return None
        view_class = getattr(view_func, "view_class", None)
        if getattr(view_func, "two_factor_exempt", False) or getattr(
            view_class, "two_factor_exempt", False
        ):
            return None
        if is_public(view_func) and not is_admin(request):
            return None
        if two_factor_passed(user):
            return None
        step = "two_factor_code" if has_two_factor(user) else "two_factor_setup"
        next_url = (
            request.get_full_path()
            if request.method == "GET"
            else settings.LOGIN_REDIRECT_URL
        )
        if not next_url.startswith("/"):
            next_url = reverse(next_url)
        return HttpResponseRedirect(
            reverse(f"accounts:{step}") + "?" + urlencode({"next": next_url})
        )
