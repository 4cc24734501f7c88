from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = _("Improvement plans")

    def ready(self) -> None:
        # The one place where the app's modules are hooked into Django and
        # Celery: rules register on import, and Celery's autodiscovery only
        # looks for improvement/tasks.py, not the progress-reports package.
        from . import permissions  # noqa: F401
        from .reports import permissions as report_permissions  # noqa: F401
        from .reports import tasks as report_tasks  # noqa: F401
