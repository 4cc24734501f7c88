"""Create a local area from the command line, as the platform page does."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.core.management.base import CommandParser

from sendportal.accounts.models import User
from sendportal.areas.forms import AreaCreateForm
from sendportal.areas.staff_views import create_area_and_invite


class Command(BaseCommand):
    help = "Create a local area and invite its first area admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--contact-email", required=True)
        parser.add_argument("--admin-email", default="")
        parser.add_argument(
            "--by",
            default="",
            help="Email of the platform administrator recorded as the actor.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The page's form checks the same things (slug rules, email format).
        form = AreaCreateForm(
            data={
                "name": options["name"],
                "slug": options["slug"],
                "contact_email": options["contact_email"],
                "admin_email": options["admin_email"] or "nobody@example.invalid",
            }
        )
        if not form.is_valid():
            raise CommandError(_errors(form.errors.get_json_data()))
        by = (
            User.objects.filter(email__iexact=options["by"]).first()
            if options["by"]
            else None
        )
        try:
            area = create_area_and_invite(
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                contact_email=form.cleaned_data["contact_email"],
                admin_email=form.cleaned_data["admin_email"]
                if options["admin_email"]
                else None,
                by=by,  # None: recorded as the system
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Created {area.name}: /{area.slug}/"))


def _errors(data: dict[str, list[dict[str, str]]]) -> str:
    return "; ".join(
        f"{field}: {item['message']}" for field, items in data.items() for item in items
    )
