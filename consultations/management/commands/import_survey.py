"""Import a CSV or XLSX file of survey responses, as the staff pages do."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from consultations.imports import services
from consultations.models import Survey
from consultations.models.imports import ImportStatus
from sendportal.spreadsheets import SpreadsheetError
from strategies.codes import Channel
from strategies.codes import SupportedBy


class Command(BaseCommand):
    help = "Import survey responses from a CSV or XLSX file (Microsoft Forms, "
    "Google Forms, SurveyMonkey or the keying template)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--survey", type=int, required=True, help="Survey id")
        parser.add_argument(
            "--dry-run", action="store_true", help="Preview only: import nothing."
        )
        parser.add_argument(
            "--channel",
            default=Channel.PAPER,
            choices=[choice.lower() for choice in Channel.values] + Channel.values,
            help="How the responses were collected (default: paper).",
        )
        parser.add_argument(
            "--supported-by",
            default="",
            choices=[choice.lower() for choice in SupportedBy.values]
            + SupportedBy.values,
            help="Who helped every respondent of the file answer (default: not "
            "recorded); a who-helped column overrides it where filled in.",
        )
        parser.add_argument(
            "--accept-warnings",
            action="store_true",
            help="Import even though the file has warnings (rows dated outside "
            "the consultation or in the future, or the same respondent twice), "
            "once you have checked them.",
        )
        parser.add_argument(
            "--as-new-batch",
            action="store_true",
            help="Import even if the same file was imported before.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        survey = (
            Survey.objects.select_related("consultation")
            .filter(pk=options["survey"])
            .first()
        )
        if survey is None:
            raise CommandError(f"There is no survey with id {options['survey']}.")
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        with path.open("rb") as handle:
            data = handle.read(services.upload_limit() + 1)
        try:
            batch = services.import_batch_create(
                survey=survey,
                data=data,
                file_name=path.name,
                channel=str(options["channel"]).upper(),
                supported_by=str(options["supported_by"]).upper(),
                by=None,
                is_different_batch=options["as_new_batch"],
            )
        except SpreadsheetError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        preview = services.import_batch_preview(batch)
        self.stdout.write(
            f"{batch.file_name}: {preview.rows} rows, {preview.responses} responses, "
            f"{preview.answers} answers, {preview.error_count} errors."
        )
        for problem in preview.problems:
            self.stderr.write(problem)
        for row_error in preview.errors:
            self.stderr.write(
                f"Row {row_error.row}, column {row_error.column}, "
                f"“{row_error.value[:80]}”: {row_error.problem}"
            )
        for warning in preview.warnings:
            rows = ", ".join(str(example.row) for example in warning.examples)
            self.stderr.write(f"Warning: {warning.message} Rows {rows}.")
        unchecked = preview.warnings and not options["accept_warnings"]
        if options["dry_run"] or not preview.ok or unchecked:
            batch.file.delete(save=False)
            batch.delete()
            if not preview.ok:
                raise CommandError("Nothing was imported: the file has errors.")
            if unchecked and not options["dry_run"]:
                raise CommandError(
                    "Nothing was imported: check the warnings above, then run "
                    "the command again with --accept-warnings."
                )
            self.stdout.write("Dry run: nothing was imported.")
            return
        # The command imports in the foreground, whatever the size.
        batch = services.import_batch_confirm(
            batch=batch,
            by=None,
            background=False,
            acknowledged=[warning.kind for warning in preview.warnings],
        )
        if batch.status != ImportStatus.DONE:
            raise CommandError(batch.message or "Nothing was imported.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {batch.responses_created} responses (batch {batch.pk})."
            )
        )
