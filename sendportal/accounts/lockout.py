"""Sign-in lockout after repeated wrong passwords, on django-axes.

Wrong passwords are counted three ways (AXES_LOCKOUT_PARAMETERS): for one email
address from one network address, for the email address from anywhere, and for
the network address whatever the email. Each count has its own limit:

- AXES_FAILURE_LIMIT (5) for the pair: someone guessing one person's password;
- SIGN_IN_ACCOUNT_FAILURE_LIMIT (20) for the account: guesses spread over many
  addresses. Higher, so that one address cannot lock a person out elsewhere;
- SIGN_IN_ADDRESS_FAILURE_LIMIT (50) for the address: one address trying many
  accounts. Higher, as a council office may share one address.

Reaching any limit refuses sign-in for that count for AXES_COOLOFF_TIME after
its latest counted failure, even with the right password. Unknown email
addresses are counted like known ones, so the answers never tell whether an
account exists.
"""

import datetime
import logging
import math
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.helpers import get_client_username
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.signals import user_login_failed
from django.db.models import QuerySet
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from sendportal.throttle import client_address

# Every sign-in, refused sign-in and lockout, with the address and (once
# known) the user id: never the email address typed, which may be anyone's.
log = logging.getLogger("sendportal.accounts.sign_in")

# django-axes' AccessAttempt.username.
USERNAME_MAX_LENGTH = 255


def username_of(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The email address tried, as it is stored: one count per person however
    they type it."""
    typed = (credentials or {}).get("username")
    if typed is None:
        typed = request.POST.get("username", "")
    # Cut to the column the attempts are counted in: a longer one is no one's.
    return str(typed or "").strip().lower()[:USERNAME_MAX_LENGTH]


def client_ip(request: HttpRequest) -> str:
    """The address of the person signing in, by the one rule the public
    forms' limits use too (sendportal.throttle.client_address)."""
    return client_address(request)


def failure_limits() -> list[int]:
    """The limit of each count, in the order of AXES_LOCKOUT_PARAMETERS."""
    return [
        settings.AXES_FAILURE_LIMIT,
        settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT,
        settings.SIGN_IN_ADDRESS_FAILURE_LIMIT,
    ]


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit for each count."""

    def get_failures(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """The failures of the count nearest its limit, on the scale of
        AXES_FAILURE_LIMIT (which axes compares them with): 20 of the
        account's 20 read as 5 of 5, 19 as 4."""
        limit = settings.AXES_FAILURE_LIMIT
        counted = zip(
            self.get_user_attempts(request, credentials), failure_limits(), strict=True
        )
        return max(
            _failures(attempts) * limit // own_limit for attempts, own_limit in counted
        )

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """After the right password, forget only the person's own mistakes
        from this address: not the guesses others made at the account, nor
        those made from this address at other accounts."""
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=get_client_ip_address(request),
        ).delete()
        return int(count)


def lockout_ends(
    request: HttpRequest, credentials: dict[str, Any] | None = None
) -> datetime.datetime:
    """When the latest of the limits reached stops refusing this sign-in."""
    handler = LockoutHandler()
    cool_off = get_cool_off(request) or datetime.timedelta(0)
    now = timezone.now()
    ends = now
    for attempts, limit in zip(
        handler.get_user_attempts(request, credentials), failure_limits(), strict=True
    ):
        total = _failures(attempts)
        # Rows expire one by one, oldest first, each COOLOFF after its latest
        # failure; the count is under its limit once enough have gone.
        for attempt in attempts.order_by("attempt_time"):
            if total < limit:
                break
            total -= attempt.failures_since_start
            ends = max(ends, attempt.attempt_time + cool_off)
    return ends


def lockout_minutes(
    request: HttpRequest, credentials: dict[str, Any] | None = None
) -> int:
    """Whole minutes until the lockout ends, at least 1."""
    seconds = (lockout_ends(request, credentials) - timezone.now()).total_seconds()
    return max(1, math.ceil(seconds / 60))


def _address(request: HttpRequest | None) -> str:
    return client_ip(request) if request is not None else "-"


@receiver(user_logged_in, dispatch_uid="accounts.lockout.log_sign_in")
def log_sign_in(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    log.info("Password accepted for user %s from %s", user.pk, _address(request))


@receiver(user_login_failed, dispatch_uid="accounts.lockout.log_refused")
def log_refused(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    log.warning("Sign-in refused from %s", _address(request))


@receiver(user_locked_out, dispatch_uid="accounts.lockout.log_locked_out")
def log_locked_out(
    sender: Any, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    log.warning("Sign-in locked out from %s", _address(request))
