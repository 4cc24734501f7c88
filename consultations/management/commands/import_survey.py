"""Import a CSV or XLSX file of survey responses, as the staff pages do."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from consultations.imports import services
from consultations.imports.mapping_files import apply_mapping_document
from consultations.imports.mapping_files import dump_mapping
from consultations.imports.mapping_files import load_mapping
from consultations.imports.mapping_files import mapping_document
from consultations.models import ImportBatch
from consultations.models import Survey
from consultations.models.imports import ImportStatus
from sendportal.spreadsheets import SpreadsheetError
from strategies.codes import Channel
from strategies.codes import SupportedBy


def command_line_retry() -> str:
    """How to import the same file again, said for the command line."""
    return (
        "If it holds a different batch of responses, run the command again "
        "with --as-new-batch."
    )


MAPPING_HINT = (
    "Match the columns with --mapping FILE (JSON or YAML); --write-mapping FILE "
    "writes the suggested mapping out to edit."
)


def _discard(batch: ImportBatch) -> None:
    batch.file.delete(save=False)
    batch.delete()


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
            "--keyed-by",
            default="",
            help="Who keyed the answers in, a name or role (for example "
            "'J. Smith, SENDIASS').",
        )
        parser.add_argument(
            "--source-document",
            default="",
            help="The forms or notes the answers came from (for example 'Paper "
            "forms from the Stevenage drop-in, 12 March 2025').",
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
        parser.add_argument(
            "--mapping",
            type=Path,
            help="A mapping file (JSON, or YAML if it ends .yaml or .yml) saying "
            "what each column answers, as the staff column page downloads it.",
        )
        parser.add_argument(
            "--write-mapping",
            type=Path,
            help="Write the mapping (suggested, or --mapping's applied) to this "
            "file (YAML if it ends .yaml or .yml, else JSON). Without --mapping "
            "the command stops there and imports nothing, so that you can edit "
            "the file and give it back with --mapping.",
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
        document = None
        mapping_path: Path | None = options["mapping"]
        if mapping_path is not None:
            if not mapping_path.is_file():
                raise CommandError(f"There is no mapping file at {mapping_path}.")
            try:
                document = load_mapping(mapping_path.read_bytes(), mapping_path.name)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        with path.open("rb") as handle:
            data = handle.read(services.upload_limit() + 1)
        try:
            batch = services.import_batch_create(
                survey=survey,
                data=data,
                file_name=path.name,
                channel=str(options["channel"]).upper(),
                supported_by=str(options["supported_by"]).upper(),
                keyed_by=options["keyed_by"],
                source_document=options["source_document"],
                by=None,
                is_different_batch=options["as_new_batch"],
                retry_hint=command_line_retry,
            )
        except SpreadsheetError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        try:
            self.import_batch(batch, document, options)
        finally:
            if ImportBatch.objects.filter(
                pk=batch.pk, status=ImportStatus.UPLOADED
            ).exists():
                # Nothing imported: nothing of it is kept.
                _discard(batch)

    def import_batch(
        self, batch: ImportBatch, document: object, options: dict[str, Any]
    ) -> None:
        if document is not None:
            try:
                batch = apply_mapping_document(batch=batch, document=document, by=None)
            except ValidationError as error:
                for message in error.messages:
                    self.stderr.write(message)
                raise CommandError(
                    "Nothing was imported: the mapping file does not fit this file."
                ) from error
        write_path: Path | None = options["write_mapping"]
        if write_path is not None:
            try:
                write_path.write_text(
                    dump_mapping(mapping_document(batch), write_path.name),
                    encoding="utf-8",
                )
            except OSError as error:
                raise CommandError(
                    f"Could not write the mapping to {write_path}: {error.strerror}."
                ) from error
            self.stdout.write(f"Wrote the column mapping to {write_path}.")
            if document is None:
                self.stdout.write(
                    "Nothing was imported: edit the mapping, then run the "
                    "command again with --mapping."
                )
                return
        if batch.needs_date_order:
            # The staff pages ask; the command says how it reads them.
            self.stderr.write(
                "The dates in this file read both day first and month first: "
                "they are read day first (DD/MM/YYYY). For month first, give "
                '"date_order": "mdy" in a mapping file (--mapping).'
            )
        preview = services.import_batch_preview(batch)
        self.stdout.write(
            f"{batch.file_name}: {preview.rows} rows, {preview.responses} responses, "
            f"{preview.answers} answers, {preview.error_count} errors."
        )
        for problem in preview.problems:
            self.stderr.write(problem)
        if preview.problems:
            self.stderr.write(MAPPING_HINT)
        for row_error in preview.errors:
            self.stderr.write(
                f"Row {row_error.row}, column {row_error.column}, "
                f"“{row_error.value[:80]}”: {row_error.problem}"
            )
        for warning in preview.warnings:
            rows = ", ".join(str(example.row) for example in warning.examples)
            self.stderr.write(f"Warning: {warning.message} Rows {rows}.")
        if not preview.ok:
            raise CommandError("Nothing was imported: the file has errors.")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was imported.")
            return
        if preview.warnings and not options["accept_warnings"]:
            raise CommandError(
                "Nothing was imported: check the warnings above, then run "
                "the command again with --accept-warnings."
            )
        # The command imports in the foreground, whatever the size.
        try:
            batch = services.import_batch_confirm(
                batch=batch,
                by=None,
                background=False,
                retry_hint=command_line_retry,
                acknowledged=[warning.kind for warning in preview.warnings],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if batch.status != ImportStatus.DONE:
            raise CommandError(batch.message or "Nothing was imported.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {batch.responses_created} responses (batch {batch.pk})."
            )
        )
