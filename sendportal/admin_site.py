"""The Django admin site: for platform administrators who passed two-factor."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest
from django_otp.admin import OTPAdminSite

from sendportal.accounts.models import User
from sendportal.accounts.two_factor import two_factor_passed


class PortalAdminSite(OTPAdminSite):
    """django-otp's admin site, with the portal's own two-factor pages.

    The admin's sign-in form asks for the password only (counted by the
    sign-in lockout, as everywhere); the code is asked for by the portal's own
    page, where TwoFactorRequiredMiddleware sends every unverified request to
    the admin.
    """

    login_form = AdminAuthenticationForm
    login_template = None

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            isinstance(user, User)
            and user.is_active
            and user.is_staff
            and two_factor_passed(user)
        )
