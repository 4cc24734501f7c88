"""Two-factor authentication: an authentication app (TOTP) and recovery codes.

django-otp keeps the devices: one confirmed `TOTPDevice` per person (the app)
and one `StaticDevice` holding their recovery codes. A session is verified once
`django_otp.login` has stored the device that checked a code; OTPMiddleware
then gives `request.user.is_verified()`. The audited changes (set up, new
recovery codes, reset) are in `services`; checking a code is here, outside any
transaction of the caller, so a wrong code's throttling is kept.
"""

import base64
import datetime
import math
import re

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

APP_DEVICE_NAME = "Authentication app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


def authentication_app(user: User) -> TOTPDevice | None:
    """The person's confirmed authentication app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_passed(user: User) -> bool:
    """Whether the signed-in person may use staff pages, as far as the second
    factor goes: they entered a code in this session. With TWO_FACTOR_REQUIRED
    off (the run command's demo) only those who set up an app are asked."""
    if user.is_verified():  # type: ignore[attr-defined]  # set by OTPMiddleware
        return True
    return not settings.TWO_FACTOR_REQUIRED and not has_two_factor(user)


def recovery_codes(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user).first()


def recovery_codes_left(user: User) -> int:
    device = recovery_codes(user)
    return device.token_set.count() if device is not None else 0


def secret_key_text(device: TOTPDevice) -> str:
    """The app's secret key in groups of four letters, to type into an app
    that cannot scan the QR code."""
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The set-up address as a QR code: SVG markup to put inline in the page
    (no image request, nothing the content security policy refuses). It has
    a viewBox as well as its size, so that on a screen narrower than the code
    it shrinks whole (portal.scss) rather than being cut off."""
    svg = str(
        segno.make(device.config_url, error="m").svg_inline(
            scale=5,
            border=4,
            dark="#0b0c0c",
            light="#ffffff",
            svgclass="app-qr-code",
            omitsize=True,
        )
    )
    return re.sub(
        r'^<svg viewBox="0 0 (\d+) (\d+)"',
        r'<svg width="\1" height="\2" viewBox="0 0 \1 \2"',
        svg,
    )


def normalise_code(code: str) -> str:
    """What people type, without the spaces and dashes they add to read it."""
    return re.sub(r"[\s-]", "", code).lower()


def wait_seconds(device: TOTPDevice | StaticDevice | None) -> int:
    """How long to wait before another code may be tried (0: now)."""
    if device is None:
        return 0
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    locked_until: datetime.datetime = details["locked_until"]
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


def check_app_code(device: TOTPDevice, code: str) -> bool:
    """Whether `code` is the app's current one (each is accepted once).

    The device row is locked while it is checked; a wrong code is counted at
    once, so the wait between tries (django-otp's throttling) grows even when
    the caller's own work is rolled back.
    """
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        verified = bool(locked.verify_token(normalise_code(code)))
    device.refresh_from_db()
    return verified


def check_recovery_code(user: User, code: str) -> StaticDevice | None:
    """The person's recovery codes if `code` is one of them; it is used up."""
    device = recovery_codes(user)
    if device is None:
        return None
    verified = django_otp.verify_token(user, device.persistent_id, normalise_code(code))
    return verified if isinstance(verified, StaticDevice) else None
