"""Anti-automation on the public forms: rate limits, a honeypot, an email cap.

Every public view that takes a POST (booking and cancelling a place, a
consultation's question pages and its "Accept and send", password reset,
accepting an invitation) goes through `PublicFormMixin` or `public_form()`:

- each POST is counted against the limits of its scope (settings
  `PUBLIC_FORM_LIMITS`), per client address and, when the form carries one,
  per email address. Over a limit the answer is the 429 page, saying when to
  try again and whom to contact, and nothing is stored;
- a POST that fills the honeypot field (`includes/_honeypot.html`: hidden
  from sight, and labelled for screen-reader users as a box to leave empty)
  stores nothing and gets a neutral page that does not say why;
- `email_allowed()`, called where public emails are sent, counts the emails to
  one address in a day and refuses those beyond the cap.

The counts live in the shared cache (Redis in production), so every web
process sees the same numbers. Each window opens with the first counted POST
and lasts its length. Cache keys hold a keyed hash of the address, never the
address itself. A cache that cannot be reached lets forms and emails through
(and logs it): families can still book while Redis is down, and the honeypot
and the database rules (one booking per email address, one row per submission
token) still hold.
"""

import logging
import math
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseBase
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

SUBMIT = "submit"
ANSWER = "answer"
HONEYPOT_FIELD = "website"
EMAIL_DAY_SECONDS = 2 * 24 * 60 * 60


def client_address(request: HttpRequest) -> str:
    """The address the request came from, as far as it can be trusted.

    With `TRUSTED_PROXY_COUNT` proxies in front, each appending the address it
    was reached from to X-Forwarded-For, the client is the entry that many
    places from the right; anything further left was written by the client
    and may be forged. With no trusted proxy, or a header too short to have
    passed through them all, the connection's own address counts.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def _key(*parts: str) -> str:
    digest = salted_hmac("sendportal.throttle", "\x1f".join(parts)).hexdigest()
    return f"throttle:{digest[:40]}"


def _count(key: str, seconds: int, now: float) -> tuple[int, float]:
    """Count one more in the window `key`; the count and when the window ends."""
    ends_key = f"{key}:ends"
    if cache.add(key, 1, timeout=seconds):
        cache.set(ends_key, now + seconds, timeout=seconds)
        return 1, now + seconds
    try:
        count = cache.incr(key)
    except ValueError:
        # The window ended between the two calls: this POST opens the next.
        cache.set(key, 1, timeout=seconds)
        cache.set(ends_key, now + seconds, timeout=seconds)
        return 1, now + seconds
    ends = cache.get(ends_key)
    if ends is None:
        # A counter that outlived its window (Redis's INCR recreates a key
        # that expired a moment before, without an expiry): start again.
        cache.set(key, 1, timeout=seconds)
        cache.set(ends_key, now + seconds, timeout=seconds)
        return 1, now + seconds
    return int(count), float(ends)


def seconds_to_wait(request: HttpRequest, *, scope: str, email: str = "") -> int:
    """Count this POST against the scope's limits; 0 if it may go ahead,
    otherwise how many seconds until it may."""
    limits = settings.PUBLIC_FORM_LIMITS[scope]
    subjects = [("address", client_address(request))]
    if email.strip():
        subjects.append(("email", email.strip().lower()))
    now = time.time()
    wait = 0
    try:
        for kind, value in subjects:
            for allowed, seconds in limits.get(kind, ()):
                key = _key(scope, kind, str(seconds), value)
                count, ends = _count(key, seconds, now)
                if count > allowed:
                    wait = max(wait, math.ceil(ends - now), 1)
                    # The client address, never the email address, is logged.
                    logger.warning(
                        "Public form limit reached: %s POSTs per %s s per %s, from %s",
                        allowed,
                        seconds,
                        kind,
                        subjects[0][1],
                    )
    except Exception as error:
        # Any cache backend's own error: fail open, so families can still
        # book and answer while the cache is down.
        logger.warning("Public form limits not checked, cache unavailable: %s", error)
        return 0
    return wait


def honeypot_filled(request: HttpRequest) -> bool:
    return bool(str(request.POST.get(HONEYPOT_FIELD, "")).strip())


def wait_in_words(seconds: int) -> str:
    """How long to wait, rounded up, as the 429 page says it."""
    if seconds > 90 * 60:
        hours = math.ceil(seconds / (60 * 60))
        return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    minutes = max(math.ceil(seconds / 60), 1)
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {
        "count": minutes
    }


def too_many_response(request: HttpRequest, wait: int) -> HttpResponse:
    """The 429 page: what happened, when to try again, whom to ask."""
    response = TemplateResponse(
        request,
        "429.html",
        {"wait": wait_in_words(wait)},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def neutral_response(request: HttpRequest) -> HttpResponse:
    """What a filled honeypot gets: thanks, and whom to ask, but not why."""
    logger.info(
        "Public form honeypot filled on %s: nothing stored",
        getattr(request.resolver_match, "view_name", request.path_info),
    )
    return TemplateResponse(request, "public_form_received.html")


def refuse_automated_post(
    request: HttpRequest, *, scope: str, email: str = ""
) -> HttpResponse | None:
    """The page to answer a public POST with instead of handling it, if any."""
    if request.method != "POST":
        return None
    wait = seconds_to_wait(request, scope=scope, email=email)
    if wait:
        return too_many_response(request, wait)
    if honeypot_filled(request):
        return neutral_response(request)
    return None


class PublicFormMixin:
    """A public view whose form anyone may send: its POSTs are limited and
    checked for the honeypot before the view handles them.

    `throttle_email()` names the email address the POST is about (by default
    the form's `email` field), counted against the per-email limits.
    """

    throttle_scope = SUBMIT
    request: HttpRequest

    def throttle_email(self) -> str:
        return str(self.request.POST.get("email", ""))

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        refusal = refuse_automated_post(
            request,
            scope=self.throttle_scope,
            email=self.throttle_email() if request.method == "POST" else "",
        )
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]  # View's


ViewFunction = Callable[..., HttpResponseBase]


def public_form(
    scope: str = SUBMIT, email_field: str = "email"
) -> Callable[[ViewFunction], ViewFunction]:
    """The same checks as `PublicFormMixin`, for a view function (such as
    one of Django's auth views made by `as_view()`)."""

    def decorate(view: ViewFunction) -> ViewFunction:
        @wraps(view)
        def wrapped(
            request: HttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            email = str(request.POST.get(email_field, "")) if email_field else ""
            refusal = refuse_automated_post(request, scope=scope, email=email)
            if refusal is not None:
                return refusal
            return view(request, *args, **kwargs)

        wrapped.public_form_scope = scope  # type: ignore[attr-defined]  # read by tests/test_throttle.py
        return wrapped

    return decorate


def email_allowed(address: str, *, essential: bool = False) -> bool:
    """Count an email about to go to `address` today (local date); False when
    it would pass `PUBLIC_EMAILS_PER_ADDRESS_PER_DAY`.

    An `essential` email (an event cancelled, a place freed up for someone
    waiting) is counted but always allowed: a family must hear of it.
    """
    address = address.strip().lower()
    if not address:
        return True
    key = _key("emails", timezone.localdate().isoformat(), address)
    try:
        count, _ends = _count(key, EMAIL_DAY_SECONDS, time.time())
    except Exception as error:
        logger.warning("Daily email cap not checked, cache unavailable: %s", error)
        return True
    cap = settings.PUBLIC_EMAILS_PER_ADDRESS_PER_DAY
    if count <= cap or essential:
        return True
    logger.warning("Email not sent: its address has had %s emails today", cap)
    return False
