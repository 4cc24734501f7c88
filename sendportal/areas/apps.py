from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "sendportal.areas"
    label = "areas"
    verbose_name = _("Local areas")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  # registers rules
