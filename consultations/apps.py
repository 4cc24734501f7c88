from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  registers the rules
        from .imports import permissions as imports  # noqa: F401
