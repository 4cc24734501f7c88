"""Survey imports: upload, map, preview, import all or nothing, undo.

The heavy path reads the stored file once, converts every row with lookups
built beforehand, and writes responses and answers in bulk inside one
transaction: a file with any error imports nothing.
"""

import datetime
import hashlib
import logging
import uuid
from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connections
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sendportal.accounts.models import User
from sendportal.areas.models import District
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import record_event
from sendportal.outbox.services import enqueue
from sendportal.spreadsheets import SpreadsheetError
from sendportal.spreadsheets import Table
from sendportal.spreadsheets import TableStream
from sendportal.spreadsheets import max_upload_bytes
from strategies.codes import Channel
from strategies.codes import SupportedBy

from ..analysis import Chart
from ..models import Answer
from ..models import AnswerTheme
from ..models import ColumnMapping
from ..models import ImportBatch
from ..models import Question
from ..models import Response
from ..models import ResponseContact
from ..models import Survey
from ..models import ValueMapping
from ..models.imports import KEYED_BY_MAX_LENGTH
from ..models.imports import SOURCE_DOCUMENT_MAX_LENGTH
from ..models.imports import DateOrder
from ..models.imports import ImportStatus
from .columns import SUBMITTED_AT
from .columns import check_mapping
from .columns import detect_shape
from .columns import header_key
from .columns import read_survey_file
from .columns import stream_survey_file
from .columns import suggest_mapping
from .columns import target_question_id
from .copying import ANSWER_COLUMNS as ANSWER_COLUMNS  # re-exported
from .copying import bulk_writer
from .dates import DateDetection
from .dates import detect_date_order
from .heard import HeardFrom
from .rows import DEFAULT_RESPONDENT_TYPE
from .rows import ParsedRow
from .rows import RowConverter
from .rows import RowError
from .tasks import import_survey_responses as import_survey_responses_task
from .values import NOT_GIVEN
from .values import ValueGroup
from .values import ValueList
from .values import clean_values
from .values import remembered_values
from .values import value_groups
from .values import value_lists
from .warnings import ImportWarning
from .warnings import WarningCollector
from .warnings import email_column
from .warnings import unacknowledged

logger = logging.getLogger(__name__)

CHUNK_ROWS = 2_000
ERRORS_KEPT = 500


class ImportRefused(ValidationError):
    """An upload or import step the admin must fix first, with a message."""


class WarningsNotAcknowledged(ImportRefused):
    """Confirming a file with warnings the admin has not acknowledged."""

    def __init__(self, warnings: Sequence[ImportWarning]) -> None:
        super().__init__(
            [warning.unacknowledged for warning in warnings], code="unacknowledged"
        )
        self.warnings = list(warnings)


class RowsInvalid(Exception):
    """Rows that do not fit the survey; nothing is imported."""

    def __init__(self, errors: list[RowError], count: int) -> None:
        super().__init__(f"{count} row errors")
        self.errors = errors
        self.count = count


@dataclass
class Preview:
    """What confirming would do: responses, answers and every error."""

    rows: int = 0
    responses: int = 0
    answers: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    problems: list[str] = field(default_factory=list)
    # "Who we heard from" as the import would record it, when it has no errors.
    heard: list[Chart] = field(default_factory=list)
    # Rows that import but should be looked at; each kind acknowledged
    # before confirming.
    warnings: list[ImportWarning] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.error_count


def survey_questions(survey: Survey) -> list[Question]:
    """The survey's questions in order, with their options, in two queries."""
    return list(survey.questions.prefetch_related("options").order_by("sort", "pk"))


def _provenance_text(value: str, limit: int, what: str) -> str:
    """A provenance note as typed, on one line, refused when too long."""
    text = " ".join(str(value or "").split())
    if len(text) > limit:
        raise ImportRefused(
            _("%(what)s must be %(limit)s characters or fewer.")
            % {"what": what, "limit": limit}
        )
    return text


def clean_provenance(*, keyed_by: str, source_document: str) -> tuple[str, str]:
    """Who keyed the answers and their source document, each on one line as
    typed; raises ImportRefused, with the limit, when one is too long."""
    return (
        _provenance_text(keyed_by, KEYED_BY_MAX_LENGTH, _("Who keyed the answers")),
        _provenance_text(
            source_document, SOURCE_DOCUMENT_MAX_LENGTH, _("The source document")
        ),
    )


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _staff_page_retry() -> str:
    return _(
        "If it holds a different batch of responses, tick “This is a different "
        "batch” and upload it again."
    )


# How to import a file again as a new batch, as the caller's user would do it:
# the staff page's tick box by default; the command line passes its option.
RetryHint = Callable[[], str]


def _refuse_duplicate(
    survey: Survey,
    sha256: str,
    exclude: int | None,
    retry_hint: RetryHint = _staff_page_retry,
) -> None:
    batches = ImportBatch.objects.live().filter(survey=survey, sha256=sha256)
    if exclude is not None:
        batches = batches.exclude(pk=exclude)
    earlier = batches.order_by("created_at").first()
    if earlier is not None:
        raise ImportRefused(
            _("This file was already imported into this survey on %(date)s (%(name)s).")
            % {
                "date": date_format(
                    timezone.localtime(earlier.created_at), "j F Y H:i"
                ),
                "name": earlier.file_name,
            }
            + " "
            + retry_hint(),
            code="duplicate",
        )


@transaction.atomic
def import_batch_create(
    *,
    survey: Survey,
    data: bytes,
    file_name: str,
    channel: str,
    by: User | None,
    is_different_batch: bool = False,
    supported_by: str = "",
    keyed_by: str = "",
    source_document: str = "",
    retry_hint: RetryHint = _staff_page_retry,
) -> ImportBatch:
    """Check and store an uploaded file, and suggest which question each column
    answers. Raises SpreadsheetError or ImportRefused with the reason.

    `keyed_by` and `source_document` record where paper and event responses
    came from; `retry_hint` words how to import the same file again."""
    if supported_by and supported_by not in SupportedBy.values:
        raise ImportRefused(_("Choose who gave these answers from the list."))
    if channel not in Channel.values:
        raise ImportRefused(_("Choose how the responses were collected from the list."))
    keyed_by, source_document = clean_provenance(
        keyed_by=keyed_by, source_document=source_document
    )
    table = read_survey_file(data, file_name)
    sha256 = file_sha256(data)
    if not is_different_batch:
        _refuse_duplicate(survey, sha256, None, retry_hint)
    questions = survey_questions(survey)
    remembered = dict(
        ColumnMapping.objects.filter(survey=survey).values_list("header_key", "target")
    )
    batch = ImportBatch(
        area_id=survey.consultation.area_id,
        survey=survey,
        file_name=file_name[:255],
        sha256=sha256,
        channel=channel,
        supported_by=supported_by,
        keyed_by=keyed_by,
        source_document=source_document,
        is_different_batch=is_different_batch,
        shape=detect_shape(table.headers),
        header_rows=len(table.header_rows),
        headers=table.headers,
        mapping=suggest_mapping(table.headers, questions, remembered),
        rows_total=len(table),
        created_by=by,
    )
    batch.value_mapping = _with_remembered_values(batch, questions)
    _detect_dates(batch, table)
    batch.file.save(file_name.rsplit("/", 1)[-1][:100], ContentFile(data), save=False)
    batch.save()
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_IMPORT_UPLOADED,
        target=batch,
        area_id=batch.area_id,
        changes={
            "rows": [None, batch.rows_total],
            "sha256": [None, sha256],
            "channel": [None, batch.channel],
            "supported_by": [None, batch.supported_by],
            "keyed_by": [None, batch.keyed_by],
            "source_document": [None, batch.source_document],
            "date_order": [None, batch.date_order],
        },
        subject=survey.consultation,
    )
    return batch


def _submitted_column(mapping: Sequence[str]) -> int | None:
    return mapping.index(SUBMITTED_AT) if SUBMITTED_AT in mapping else None


def _detect_dates(batch: ImportBatch, table: Table) -> None:
    """Find how the submitted-at column's dates are written (not saved).

    When its values cannot tell, the survey's last decided upload from the
    same tool says, if there is one; otherwise the order stays undecided,
    for the admin.
    """
    column = _submitted_column(batch.mapping)
    if column is None:
        detection = DateDetection()
    else:
        values = (cells[column] for _number, cells in table.rows)
        detection = detect_date_order(values, column)
    batch.date_detection = detection.as_dict()
    batch.date_order = detection.order
    if batch.date_order_is_ambiguous:
        earlier = (
            ImportBatch.objects.filter(
                survey_id=batch.survey_id,
                # Another tool writes its dates its own way.
                shape=batch.shape,
                date_order__in=(DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST),
            )
            .exclude(pk=batch.pk)
            .order_by("-created_at", "-pk")
            .values_list("date_order", flat=True)
            .first()
        )
        if earlier:
            batch.date_order = earlier
            batch.date_detection["remembered"] = True


@transaction.atomic
def import_batch_map_columns(
    *, batch: ImportBatch, mapping: Sequence[str], by: User | None
) -> ImportBatch:
    """Save the admin's column mapping and remember it for the survey."""
    if batch.status not in (ImportStatus.UPLOADED, ImportStatus.FAILED):
        raise ImportRefused(_("This file has already been imported."))
    questions = survey_questions(batch.survey)
    known = {f"q:{question.pk}" for question in questions}
    cleaned = [
        target if (target in known or not target.startswith("q:")) else ""
        for target in mapping
    ]
    batch.mapping = cleaned
    batch.value_mapping = _with_remembered_values(batch, questions)
    if _submitted_column(cleaned) != batch.date_detection.get("column"):
        _detect_dates(batch, _read_stored(batch))
    batch.save(
        update_fields=["mapping", "value_mapping", "date_order", "date_detection"]
    )
    rows = {}
    for header, target in zip(batch.headers, cleaned, strict=True):
        rows[header_key(header)] = ColumnMapping(
            survey=batch.survey,
            header=header[:500],
            header_key=header_key(header),
            target=target,
            question_id=target_question_id(target),
        )
    ColumnMapping.objects.bulk_create(
        rows.values(),
        update_conflicts=True,
        unique_fields=["survey", "header_key"],
        update_fields=["header", "target", "question", "updated_at"],
    )
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_IMPORT_COLUMNS_MAPPED,
        target=batch,
        area_id=batch.area_id,
        subject=batch.survey.consultation,
    )
    return batch


def batch_value_lists(
    batch: ImportBatch, questions: Sequence[Question] | None = None
) -> dict[str, ValueList]:
    """The code lists of the batch's choice columns, by column target."""
    if questions is None:
        questions = survey_questions(batch.survey)
    return value_lists(batch.mapping, questions, area_districts(batch.area_id))


def _with_remembered_values(
    batch: ImportBatch, questions: Sequence[Question]
) -> dict[str, dict[str, str]]:
    """The batch's matched answers, with what officers chose before for the
    survey (or the area's other surveys) where this file has no choice yet."""
    lists = batch_value_lists(batch, questions)
    remembered = remembered_values(
        area_id=batch.area_id,
        survey_id=batch.survey_id,
        kinds={values.kind for values in lists.values()},
    )
    merged = {target: dict(answers) for target, answers in batch.value_mapping.items()}
    for target, values in lists.items():
        for key, code in remembered.get(values.kind, {}).items():
            if code in values.codes or code == NOT_GIVEN:
                merged.setdefault(target, {}).setdefault(key, code)
    return {target: answers for target, answers in merged.items() if answers}


def import_batch_value_groups(batch: ImportBatch) -> list[ValueGroup]:
    """The distinct answers of the batch's choice columns, with their counts
    and matches (the "Match answers" page). Raises SpreadsheetError."""
    table = _read_stored(batch)
    lists = batch_value_lists(batch)
    remembered = remembered_values(
        area_id=batch.area_id,
        survey_id=batch.survey_id,
        kinds={values.kind for values in lists.values()},
    )
    return value_groups(table, batch.mapping, lists, batch.value_mapping, remembered)


@transaction.atomic
def import_batch_map_values(
    *, batch: ImportBatch, values: dict[str, dict[str, str]], by: User | None
) -> ImportBatch:
    """Save the answers matched to codes ({target: {value: code}}, "" for Not
    given) over the batch's earlier ones, and remember them for the survey
    and the area's next survey. Raises ImportRefused for a target that is not
    one of the file's choice columns or a code not in its list."""
    if batch.status not in (ImportStatus.UPLOADED, ImportStatus.FAILED):
        raise ImportRefused(_("This file has already been imported."))
    lists = batch_value_lists(batch)
    try:
        cleaned = clean_values(values, lists)
    except ValueError as error:
        raise ImportRefused(str(error)) from None
    merged = {target: dict(answers) for target, answers in batch.value_mapping.items()}
    for target, answers in cleaned.items():
        merged.setdefault(target, {}).update(answers)
    before = sum(len(answers) for answers in batch.value_mapping.values())
    batch.value_mapping = merged
    batch.save(update_fields=["value_mapping"])
    remembered = {
        (lists[target].kind, key): ValueMapping(
            area_id=batch.area_id,
            survey_id=batch.survey_id,
            kind=lists[target].kind,
            value_key=key,
            code=code,
        )
        for target, answers in cleaned.items()
        for key, code in answers.items()
    }
    ValueMapping.objects.bulk_create(
        remembered.values(),
        update_conflicts=True,
        unique_fields=["survey", "kind", "value_key"],
        update_fields=["code", "updated_at"],
    )
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_IMPORT_VALUES_MAPPED,
        target=batch,
        area_id=batch.area_id,
        changes={
            "answers_matched": [
                before,
                sum(len(answers) for answers in merged.values()),
            ]
        },
        subject=batch.survey.consultation,
    )
    return batch


@transaction.atomic
def import_batch_set_date_order(
    *, batch: ImportBatch, date_order: str, by: User | None
) -> ImportBatch:
    """Say how the file's dates are written (asked when the values cannot tell).

    `batch` itself is updated too, for a caller that goes on to preview it.
    """
    caller = batch
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.is_unimported:
        raise ImportRefused(_("This file has already been imported."))
    if date_order not in DateOrder.values:
        raise ImportRefused(_("Choose how the dates in the file are written."))
    possible = batch.date_detection.get("possible") or []
    if possible and date_order not in possible:
        raise ImportRefused(
            _("The dates in this file cannot be read that way: they are %(way)s.")
            % {
                "way": " / ".join(
                    str(DateOrder(order).label).lower() for order in possible
                )
            },
            code="date_order",
        )
    before = batch.date_order
    batch.date_order = date_order
    batch.date_detection = {**batch.date_detection, "remembered": False}
    batch.save(update_fields=["date_order", "date_detection"])
    caller.date_order, caller.date_detection = batch.date_order, batch.date_detection
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_IMPORT_DATE_ORDER_SET,
        target=batch,
        area_id=batch.area_id,
        changes={"date_order": [before, date_order]},
        subject=batch.survey.consultation,
    )
    return batch


def _read_stored(batch: ImportBatch) -> Table:
    with batch.file.open("rb") as handle:
        data = handle.read()
    return read_survey_file(data, batch.file_name)


def _stream_stored(batch: ImportBatch) -> TableStream:
    """The stored file's rows, read one at a time with the heading rows found
    at upload, so that a large file is never held whole as Python values."""
    with batch.file.open("rb") as handle:
        data = handle.read()
    return stream_survey_file(data, batch.file_name, header_rows=batch.header_rows)


def import_batch_preview(batch: ImportBatch) -> Preview:
    """A dry run: how many responses the file would give, and every error."""
    questions = survey_questions(batch.survey)
    preview = Preview()
    try:
        table = _stream_stored(batch)
        preview.problems = check_mapping(table.headers, batch.mapping, questions)
        if preview.problems:
            preview.rows = batch.rows_total
            return preview
        converter = row_converter(batch, table, questions)
        heard = HeardFrom()
        collector = WarningCollector(
            consultation=batch.survey.consultation, headers=table.headers
        )
        for number, cells in table.rows:
            parsed, errors = converter.convert(number, cells)
            preview.rows += 1
            if errors:
                preview.error_count += len(errors)
                if len(preview.errors) < ERRORS_KEPT:
                    preview.errors.extend(errors[: ERRORS_KEPT - len(preview.errors)])
                continue
            collector.add(parsed, cells)
            preview.responses += 1
            preview.answers += len(parsed.answers)
            heard.add(parsed)
    except SpreadsheetError as error:
        return Preview(problems=[str(error)])
    if preview.error_count:
        preview.responses = 0
    else:
        preview.heard = heard.charts(converter.districts)
    preview.warnings = collector.warnings()
    return preview


def row_converter(
    batch: ImportBatch, table: Table | TableStream, questions: Sequence[Question]
) -> RowConverter:
    """The batch's row conversion: its columns, its date order, its matched
    answers and the area's districts."""
    return RowConverter(
        table.headers,
        batch.mapping,
        questions,
        value_mapping=batch.value_mapping,
        districts=area_districts(batch.area_id),
        date_order=batch.date_order,
    )


def area_districts(area_id: int) -> list[District]:
    return list(District.objects.filter(area_id=area_id).order_by("sort", "name"))


def import_batch_warnings(batch: ImportBatch) -> list[ImportWarning]:
    """The warnings that confirming `batch` needs acknowledged, by kind."""
    return import_batch_preview(batch).warnings


def upload_limit() -> int:
    return max_upload_bytes()


def background_rows() -> int:
    """Files with more rows than this are imported by a Celery worker."""
    return settings.SURVEY_IMPORT_BACKGROUND_ROWS


def import_batch_confirm(
    *,
    batch: ImportBatch,
    by: User | None,
    background: bool | None = None,
    retry_hint: RetryHint = _staff_page_retry,
    acknowledged: Collection[str] = (),
) -> ImportBatch:
    """Import a previewed file: at once when small, in the background when large.

    `acknowledged` names the kinds of warning the admin has checked; a file
    with any other kind of warning is refused (WarningsNotAcknowledged).
    """
    if background is None:
        background = batch.rows_total > background_rows()
    # Only a date column or an email column gives warnings: a file with
    # neither is not read a second time.
    may_warn = SUBMITTED_AT in batch.mapping or email_column(batch.headers) is not None
    warnings = import_batch_warnings(batch) if batch.is_unimported and may_warn else []
    missing = unacknowledged(warnings, acknowledged)
    if missing:
        raise WarningsNotAcknowledged(missing)
    batch = _queue(
        batch=batch,
        by=by,
        background=background,
        acknowledged={warning.kind: warning.count for warning in warnings},
        retry_hint=retry_hint,
    )
    if background:
        return batch
    return import_batch_run(batch_id=batch.pk)


@transaction.atomic
def _queue(
    *,
    batch: ImportBatch,
    by: User | None,
    background: bool,
    retry_hint: RetryHint = _staff_page_retry,
    acknowledged: dict[str, int] | None = None,
) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in (ImportStatus.UPLOADED, ImportStatus.FAILED):
        raise ImportRefused(_("This file has already been imported."))
    if not batch.is_different_batch:
        _refuse_duplicate(batch.survey, batch.sha256, batch.pk, retry_hint)
    batch.status = ImportStatus.QUEUED
    batch.rows_done = 0
    batch.errors = []
    batch.error_count = 0
    batch.message = ""
    batch.acknowledged_warnings = acknowledged or {}
    batch.save(
        update_fields=[
            "status",
            "rows_done",
            "errors",
            "error_count",
            "message",
            "acknowledged_warnings",
        ]
    )
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_IMPORT_CONFIRMED,
        target=batch,
        area_id=batch.area_id,
        changes={"warnings_acknowledged": [None, batch.acknowledged_warnings]}
        if batch.acknowledged_warnings
        else None,
        subject=batch.survey.consultation,
    )
    if background:
        enqueue(import_survey_responses_task, batch.pk)
    return batch


class _Progress:
    """Writes progress through a connection of its own, so that the batch page
    sees it while the import's own transaction is still open."""

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.connection = connections.create_connection("default")
        self.started = False

    def update(self, rows_done: int) -> None:
        try:
            with self.connection.cursor() as cursor:
                if not self.started and self.connection.vendor == "postgresql":
                    # A progress figure need not survive a crash (the import
                    # starts again from nothing). Without this each update's
                    # commit waits for the disk to take all the WAL that the
                    # import's COPY has written so far.
                    cursor.execute("SET synchronous_commit TO OFF")
                self.started = True
                cursor.execute(
                    f"UPDATE {ImportBatch._meta.db_table} SET rows_done = %s "  # noqa: S608 - table name from the model
                    "WHERE id = %s AND status = %s",
                    [rows_done, self.batch_id, ImportStatus.RUNNING],
                )
        except Exception:
            logger.warning("Could not record import progress", exc_info=True)

    def close(self) -> None:
        self.connection.close()


def _mark(batch_id: int, **values: object) -> None:
    ImportBatch.objects.filter(pk=batch_id).update(**values)


# The class of the PostgreSQL advisory locks that running imports hold, one
# per batch (pg_try_advisory_xact_lock(class, batch id)).
IMPORT_LOCK_CLASS = 7301


def _claim_import(batch_id: int) -> bool:
    """Take the batch's import lock until the transaction ends; False if held."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        # SQLite (the run command) has one writer at a time anyway.
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", [IMPORT_LOCK_CLASS, batch_id]
        )
        return bool(cursor.fetchone()[0])


def import_is_running(batch_id: int) -> bool:
    """Whether some process is importing the batch right now."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_lock(%s, %s)", [IMPORT_LOCK_CLASS, batch_id]
        )
        if not cursor.fetchone()[0]:
            return True
        cursor.execute(
            "SELECT pg_advisory_unlock(%s, %s)", [IMPORT_LOCK_CLASS, batch_id]
        )
    return False


def import_batches_requeue_stale(*, now: datetime.datetime | None = None) -> int:
    """Queue again background imports that no process is running.

    A batch still waiting or importing a while after it was uploaded, with
    nobody holding its lock, lost its task (a worker killed after the broker
    had handed the task's last copy to it). An import queued again finds the
    batch done, or running, and does nothing, so the check may err.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(
        seconds=settings.STALE_WORK_AFTER
    )
    stale = ImportBatch.objects.filter(
        status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING), created_at__lt=cutoff
    ).values_list("pk", flat=True)
    requeued = 0
    for batch_id in list(stale):
        if import_is_running(batch_id):
            continue
        enqueue(import_survey_responses_task, batch_id)
        requeued += 1
    if requeued:
        logger.warning("Queued %s stalled survey imports again", requeued)
    return requeued


def import_batch_run(
    *, batch_id: int, on_progress: Callable[[int], None] | None = None
) -> ImportBatch:
    """Import a queued batch: every row or none. Safe to run twice."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            return batch
        # A batch already running keeps its progress: the copy that is
        # importing it goes on writing it.
        if batch.status == ImportStatus.QUEUED:
            batch.status = ImportStatus.RUNNING
            batch.rows_done = 0
            batch.save(update_fields=["status", "rows_done"])
    progress = _Progress(batch_id)
    try:
        with transaction.atomic():
            batch = _import_rows(batch_id, progress, on_progress)
    except RowsInvalid as invalid:
        _mark(
            batch_id,
            status=ImportStatus.FAILED,
            rows_done=0,
            error_count=invalid.count,
            errors=[error.as_dict() for error in invalid.errors],
            message=_("Nothing was imported: the file has errors."),
            finished_at=timezone.now(),
        )
        return ImportBatch.objects.get(pk=batch_id)
    except (SpreadsheetError, ImportRefused) as refused:
        message = (
            "; ".join(refused.messages)
            if isinstance(refused, ValidationError)
            else str(refused)
        )
        _mark(
            batch_id,
            status=ImportStatus.FAILED,
            rows_done=0,
            message=message,
            finished_at=timezone.now(),
        )
        return ImportBatch.objects.get(pk=batch_id)
    except Exception:
        _mark(
            batch_id,
            status=ImportStatus.FAILED,
            rows_done=0,
            message=_("Nothing was imported: the import stopped unexpectedly."),
            finished_at=timezone.now(),
        )
        raise
    finally:
        progress.close()
    return batch


def _response_prototype(batch: ImportBatch) -> Response:
    """What every response of the batch shares; `_response_values` gives
    what differs from row to row."""
    return Response(
        consultation_id=batch.survey.consultation_id,
        survey_id=batch.survey_id,
        submission_token=uuid.uuid4(),
        submitted_at=batch.created_at,
        channel=batch.channel,
        respondent_type=DEFAULT_RESPONDENT_TYPE,
        supported_by=batch.supported_by,
        import_batch_id=batch.pk,
    )


def _response_values(
    batch: ImportBatch, parsed: ParsedRow, default_time: datetime.datetime
) -> dict[str, object]:
    """The Response fields (attribute names) that one row sets."""
    values: dict[str, object] = {
        "submitted_at": parsed.submitted_at or default_time,
        "respondent_type": parsed.respondent_type,
        "supported_by": parsed.supported_by or batch.supported_by,
    }
    # The respondent's profile, where the file gives it (the prototype's
    # empty values stand otherwise).
    if parsed.district_id is not None:
        values["district_id"] = parsed.district_id
    if parsed.age_bands:
        values["age_bands"] = parsed.age_bands
    if parsed.need_codes:
        values["need_codes"] = parsed.need_codes
    if parsed.setting_type:
        values["setting_type"] = parsed.setting_type
    if parsed.support_level:
        values["support_level"] = parsed.support_level
    return values


def _import_rows(
    batch_id: int,
    progress: _Progress,
    on_progress: Callable[[int], None] | None,
) -> ImportBatch:
    # A second copy of this batch's task (the broker hands a task still
    # running to another worker after its visibility timeout) leaves the
    # import to the copy that holds the batch's lock, and stops at once.
    if not _claim_import(batch_id):
        return ImportBatch.objects.get(pk=batch_id)
    # Imports of different batches into one survey take turns on the survey's
    # row lock (not the batch's: progress is written to the batch row from
    # another connection).
    survey_id = ImportBatch.objects.values_list("survey_id", flat=True).get(pk=batch_id)
    list(Survey.objects.select_for_update().filter(pk=survey_id).values_list("pk"))
    batch = ImportBatch.objects.select_related("survey__consultation").get(pk=batch_id)
    if batch.status != ImportStatus.RUNNING:
        return batch
    survey = batch.survey
    if not batch.is_different_batch:
        _refuse_duplicate(survey, batch.sha256, batch.pk)
    table = _stream_stored(batch)
    questions = survey_questions(survey)
    problems = check_mapping(table.headers, batch.mapping, questions)
    if problems:
        raise ImportRefused(problems)
    converter = row_converter(batch, table, questions)
    default_time = batch.created_at
    errors: list[RowError] = []
    error_count = 0
    rows_seen = 0
    writer = bulk_writer(_response_prototype(batch), batch.rows_total)
    try:
        for parsed, row_errors in converter.rows(table):
            rows_seen += 1
            if row_errors:
                error_count += len(row_errors)
                if len(errors) < ERRORS_KEPT:
                    errors.extend(row_errors[: ERRORS_KEPT - len(errors)])
            if error_count:
                continue
            writer.add(_response_values(batch, parsed, default_time), parsed.answers)
            if rows_seen % CHUNK_ROWS == 0:
                progress.update(rows_seen)
                if on_progress is not None:
                    on_progress(rows_seen)
        if error_count:
            raise RowsInvalid(errors, error_count)
        writer.close()
    except BaseException:
        writer.abort()
        raise
    responses_created = writer.responses
    answers_created = writer.answers
    batch.status = ImportStatus.DONE
    batch.rows_done = batch.rows_total
    batch.responses_created = responses_created
    batch.answers_created = answers_created
    batch.finished_at = timezone.now()
    batch.save(
        update_fields=[
            "status",
            "rows_done",
            "responses_created",
            "answers_created",
            "finished_at",
        ]
    )
    record_event(
        by=batch.created_by,
        verb=AuditVerb.SURVEY_IMPORT_IMPORTED,
        target=batch,
        area_id=batch.area_id,
        changes={"responses": [None, responses_created]},
        subject=survey.consultation,
    )
    return batch


@transaction.atomic
def import_batch_undo(*, batch: ImportBatch, by: User | None) -> ImportBatch:
    """Remove exactly the responses (and their answers) that a batch imported."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.DONE:
        raise ImportRefused(_("Only an imported file can be undone."))
    responses = Response.objects.filter(import_batch=batch)
    AnswerTheme.objects.filter(answer__response__in=responses)._raw_delete("default")
    answers = Answer.objects.filter(response__in=responses)
    removed_answers = answers._raw_delete("default")
    ResponseContact.objects.filter(response__in=responses).delete()
    removed = responses._raw_delete("default")
    batch.status = ImportStatus.UNDONE
    batch.undone_by = by
    batch.undone_at = timezone.now()
    batch.save(update_fields=["status", "undone_by", "undone_at"])
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_IMPORT_UNDONE,
        target=batch,
        area_id=batch.area_id,
        changes={
            "responses": [removed, 0],
            "answers": [removed_answers, 0],
        },
        subject=batch.survey.consultation,
    )
    return batch


@transaction.atomic
def import_batch_discard(
    *, batch: ImportBatch, by: User | None, expired: bool = False
) -> ImportBatch:
    """Discard an upload that was not imported: its file is deleted from
    storage (once the transaction commits) and the batch kept, marked
    discarded, for the audit. The nightly expiry of unconfirmed uploads
    discards through here too (`expired`). `batch` itself is updated too."""
    caller = batch
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.is_unimported:
        raise ImportRefused(_("Only a file that was not imported can be discarded."))
    stored = batch.file.name
    before = batch.status
    batch.file.name = ""
    batch.status = ImportStatus.DISCARDED
    batch.discarded_by = by
    batch.discarded_at = timezone.now()
    batch.save(update_fields=["file", "status", "discarded_by", "discarded_at"])
    caller.file.name = ""
    caller.status, caller.discarded_by = batch.status, by
    caller.discarded_at = batch.discarded_at
    if stored:
        storage = batch.file.storage
        transaction.on_commit(lambda: storage.delete(stored))
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_IMPORT_DISCARDED,
        target=batch,
        area_id=batch.area_id,
        changes={
            "status": [before, ImportStatus.DISCARDED],
            "file": [stored, None],
            "reason": [None, "expired" if expired else "discarded"],
        },
        subject=batch.survey.consultation,
    )
    return batch


def import_batches_discard_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Nightly: discard uploads left unimported for SURVEY_IMPORT_KEEP_UNCONFIRMED_DAYS,
    so that files of personal answers do not stay on disk unused."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.SURVEY_IMPORT_KEEP_UNCONFIRMED_DAYS
    )
    discarded = 0
    for batch in ImportBatch.objects.unconfirmed_before(cutoff).select_related(
        "survey__consultation"
    ):
        try:
            import_batch_discard(batch=batch, by=None, expired=True)
        except ImportRefused:
            continue  # confirmed meanwhile
        discarded += 1
    if discarded:
        logger.info("Discarded %s survey uploads never imported", discarded)
    return discarded
