"""Load the demo: the five seed areas and each app's part of their stories."""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create or refresh the demo areas, users and data. Running it again gives "
        "the same data."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Each app that has a `demo` module adds its part, in INSTALLED_APPS
        # order, so areas and users exist before the strategies that need them.
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
