from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        # The one place where the app's modules are hooked into Django and
        # Celery: rules register on import, and Celery's autodiscovery only
        # looks for consultations/tasks.py, not the survey-import package.
        from . import permissions  # noqa: F401
        from .imports import permissions as import_permissions  # noqa: F401
        from .imports import tasks as import_tasks  # noqa: F401
