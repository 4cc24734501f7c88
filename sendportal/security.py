"""Response headers that every page carries (Django 5.2 has no CSP setting)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseBase
from django.views.defaults import bad_request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# The portal uses no device features: switch them off for every page and any
# frame, so injected content could not ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


ViewFunction = Callable[..., HttpResponseBase]


def shows_personal_data(view: ViewFunction) -> ViewFunction:
    """Mark a public page that shows someone's details (a booking, their
    answers) so that, like every page for signed-in staff, it is sent with
    `Cache-Control: no-store`: kept out of shared caches and the browser's."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        request.shows_personal_data = True  # type: ignore[attr-defined]  # read below
        return view(request, *args, **kwargs)

    return wrapped


class SecurityHeadersMiddleware:
    """Add a strict CSP, and keep pages for signed-in staff, and public pages
    marked `shows_personal_data`, out of shared caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or getattr(
            request, "shows_personal_data", False
        ):
            response.headers["Cache-Control"] = "no-store"
        return response


class RefuseNulMiddleware:
    """Answer 400 (the portal's "bad request" page) when the query string
    holds a NUL character: no link has one, PostgreSQL refuses it in any text,
    and it is a common probe. Views still parse their parameters safely
    (sendportal/params.py). Posted forms are left to their own checks, which
    say in words which answer to fix (Django's text fields refuse NUL)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(
            "\x00" in name or any("\x00" in value for value in given)
            for name, given in request.GET.lists()
        ):
            return bad_request(
                request, SuspiciousOperation("NUL character in the query string")
            )
        return self.get_response(request)
