from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sendportal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import lockout  # noqa: F401  # logs each sign-in
        from . import permissions  # noqa: F401  # registers rules
        from . import sessions  # noqa: F401  # times each session from sign-in
