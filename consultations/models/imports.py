"""Survey responses brought in from spreadsheets: each upload is one batch."""

import datetime
from typing import Self

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sendportal.areas.models import LocalArea
from sendportal.choices import TaggedChoices
from sendportal.choices import tag_colours
from strategies.codes import Channel
from strategies.codes import SupportedBy

from .consultations import Question
from .consultations import Survey

# Limits of the provenance an import batch (and a survey proposal, for the
# batch it becomes) records: who keyed the answers, and their source document.
KEYED_BY_MAX_LENGTH = 200
SOURCE_DOCUMENT_MAX_LENGTH = 300


@tag_colours(
    {
        "uploaded": "yellow",
        "queued": "blue",
        "running": "blue",
        "done": "green",
        "failed": "red",
        "undone": "grey",
        "discarded": "grey",
    }
)
class ImportStatus(TaggedChoices):
    UPLOADED = "uploaded", _("Not imported yet")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    UNDONE = "undone", _("Undone")
    DISCARDED = "discarded", _("Discarded")


# Batches whose file was never imported: it can still be changed or discarded.
UNIMPORTED_STATUSES = (ImportStatus.UPLOADED, ImportStatus.FAILED)


class DateOrder(models.TextChoices):
    """How the dates of a file's submitted-at column are written."""

    DAY_FIRST = "dmy", _("Day first (DD/MM/YYYY)")
    MONTH_FIRST = "mdy", _("Month first (MM/DD/YYYY)")
    YEAR_FIRST = "ymd", _("Year first (YYYY-MM-DD)")
    SERIAL = "serial", _("Excel date numbers")


# Batches that hold (or will hold) responses: the same file again is refused.
LIVE_IMPORT_STATUSES = (ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.DONE)


class ImportBatchQuerySet(models.QuerySet["ImportBatch"]):
    def for_area(self, area: LocalArea | int) -> Self:
        return self.filter(area=area)

    def live(self) -> Self:
        """Batches whose responses are (or are about to be) in the survey."""
        return self.filter(status__in=LIVE_IMPORT_STATUSES)

    def listed(self) -> Self:
        """Batches shown in the area's list of imports: all but discarded ones."""
        return self.exclude(status=ImportStatus.DISCARDED)

    def unconfirmed_before(self, cutoff: datetime.datetime) -> Self:
        """Uploads never imported (or whose import failed) since before `cutoff`."""
        return self.filter(status__in=UNIMPORTED_STATUSES, created_at__lt=cutoff)


def import_upload_path(batch: "ImportBatch", filename: str) -> str:
    return f"survey-imports/{batch.area_id}/{batch.sha256[:16]}/{filename}"


class ImportBatch(models.Model):
    """One spreadsheet of survey responses from outside the portal (paper, events,
    Microsoft Forms...), imported all at once and undoable as a whole."""

    area = models.ForeignKey(
        LocalArea, on_delete=models.PROTECT, related_name="survey_imports"
    )
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="import_batches"
    )
    file = models.FileField(_("file"), upload_to=import_upload_path, max_length=300)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    channel = models.CharField(
        _("how the responses were collected"),
        max_length=40,
        choices=Channel,
        default=Channel.PAPER,
    )
    # Who helped the respondents of the whole batch, for rows whose own
    # "who helped" cell (if the file has the column) is empty.
    supported_by = models.CharField(
        _("who gave the answers"), max_length=30, choices=SupportedBy, blank=True
    )
    # Provenance of paper and event responses, as the admin typed it: who
    # keyed the answers in, and which forms or notes they came from.
    keyed_by = models.CharField(
        _("keyed by"), max_length=KEYED_BY_MAX_LENGTH, blank=True
    )
    source_document = models.CharField(
        _("source document"), max_length=SOURCE_DOCUMENT_MAX_LENGTH, blank=True
    )
    is_different_batch = models.BooleanField(
        _("a different batch from an earlier identical file"), default=False
    )
    shape = models.CharField(_("file layout"), max_length=30, blank=True)
    header_rows = models.PositiveSmallIntegerField(default=1)
    headers = models.JSONField(_("column headings"), default=list, blank=True)
    # One target per column: "" (ignore), "submitted_at", "respondent_type",
    # or "q:<question id>".
    mapping = models.JSONField(_("column mapping"), default=list, blank=True)
    # The answers of choice columns matched to codes, by column target:
    # {"respondent_type": {"<normalised value>": "<code>"}, "q:12": {...}}.
    # "" is "Not given". Consulted before the row conversion's own matching.
    value_mapping = models.JSONField(_("answers matched"), default=dict, blank=True)
    # How the submitted-at column's dates are written: detected at upload,
    # or asked when every day is 12 or less (the values cannot tell). ""
    # while undecided, and for files whose dates are real Excel date cells.
    date_order = models.CharField(
        _("how the dates are written"),
        max_length=10,
        choices=DateOrder,
        blank=True,
    )
    # What the upload found in that column: {"column": index, "possible":
    # [orders the values allow], "examples": [two ambiguous values],
    # "remembered": the order came from the survey's earlier upload}.
    date_detection = models.JSONField(default=dict, blank=True)
    # The warnings the admin checked before confirming: {kind: rows}.
    acknowledged_warnings = models.JSONField(
        _("warnings acknowledged"), default=dict, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImportStatus,
        default=ImportStatus.UPLOADED,
    )
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(_("rows imported so far"), default=0)
    responses_created = models.PositiveIntegerField(_("responses"), default=0)
    answers_created = models.PositiveIntegerField(_("answers"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("first errors"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("discarded by"),
    )
    discarded_at = models.DateTimeField(_("discarded"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey import")
        verbose_name_plural = _("survey imports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rows_done__lte=models.F("rows_total")),
                name="import_batch_progress_within_total",
            )
        ]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse(
            "consultation_imports:batch_detail",
            kwargs={"area_slug": self.area.slug, "pk": self.pk},
        )

    @property
    def status_colour(self) -> str:
        return ImportStatus(self.status).tag_colour

    @property
    def is_in_progress(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def is_unimported(self) -> bool:
        """Not imported: its columns and dates can change, or it can be discarded."""
        return self.status in UNIMPORTED_STATUSES

    @property
    def has_date_column(self) -> bool:
        """A column of the file is matched to the date and time submitted."""
        return self.date_detection.get("column") is not None

    @property
    def date_order_is_ambiguous(self) -> bool:
        """The submitted-at column reads as day first and as month first."""
        possible = self.date_detection.get("possible", [])
        return DateOrder.DAY_FIRST in possible and DateOrder.MONTH_FIRST in possible

    @property
    def needs_date_order(self) -> bool:
        """The admin must say how the dates are written before the preview."""
        return self.date_order_is_ambiguous and self.date_order not in (
            DateOrder.DAY_FIRST,
            DateOrder.MONTH_FIRST,
        )

    @property
    def percent_done(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)


class ColumnMapping(models.Model):
    """A column heading the admin matched to a question (or ignored), remembered
    so that the next file from the same survey tool maps itself."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="column_mappings"
    )
    header = models.CharField(_("column heading"), max_length=500)
    header_key = models.CharField(max_length=500)
    target = models.CharField(_("matched to"), max_length=40, blank=True)
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["survey", "header"]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "header_key"], name="column_mapping_unique_header"
            )
        ]

    def __str__(self) -> str:
        return f"{self.header} → {self.target or '-'}"


class ValueMappingQuerySet(models.QuerySet["ValueMapping"]):
    def for_area(self, area: LocalArea | int) -> Self:
        return self.filter(area=area)


class ValueMapping(models.Model):
    """An answer text an officer matched to a code (or to "Not given"),
    remembered for the next file of the survey and offered for the area's
    next survey.

    `kind` is the column target for the respondent's details ("respondent_type",
    "district"...) and, for a question, "options:" and the question's codes,
    so that any question with the same answers (every agree scale) shares it.
    """

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="value_mappings"
    )
    kind = models.CharField(_("what the answers are"), max_length=200)
    value_key = models.CharField(_("answer"), max_length=500)
    code = models.CharField(_("matched to"), max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ValueMappingQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "kind", "value_key"]
        verbose_name = _("answer mapping")
        verbose_name_plural = _("answer mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "kind", "value_key"],
                name="value_mapping_unique_value",
            )
        ]
        indexes = [models.Index(fields=["area", "kind"])]

    def __str__(self) -> str:
        return f"{self.value_key} → {self.code or '-'}"


class SurveyProposalQuerySet(models.QuerySet["SurveyProposal"]):
    def for_area(self, area: LocalArea | int) -> Self:
        return self.filter(area=area)

    def pending(self) -> Self:
        """Proposals whose survey has not been created yet."""
        return self.filter(survey__isnull=True)


def proposal_upload_path(proposal: "SurveyProposal", filename: str) -> str:
    return (
        f"survey-imports/{proposal.area_id}/proposals/{proposal.sha256[:16]}/{filename}"
    )


class SurveyProposal(models.Model):
    """A survey suggested by an uploaded file's headings, which the officer
    reviews and edits before it is created and the same file imported into it.

    `questions` holds one proposed question per item (see
    consultations/imports/proposal.py: columns, text, type, options, whether
    to include it); `left_out` the columns that are not questions. The file
    is kept, like an upload not yet imported, until the survey is created or
    the proposal expires (a day later).
    """

    area = models.ForeignKey(
        LocalArea, on_delete=models.PROTECT, related_name="survey_proposals"
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.CASCADE,
        related_name="survey_proposals",
    )
    file = models.FileField(
        _("file"), upload_to=proposal_upload_path, max_length=300, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    channel = models.CharField(
        _("how the responses were collected"),
        max_length=40,
        choices=Channel,
        default=Channel.PAPER,
    )
    supported_by = models.CharField(
        _("who gave the answers"), max_length=30, choices=SupportedBy, blank=True
    )
    # Kept for the import batch the proposal becomes (see ImportBatch).
    keyed_by = models.CharField(
        _("keyed by"), max_length=KEYED_BY_MAX_LENGTH, blank=True
    )
    source_document = models.CharField(
        _("source document"), max_length=SOURCE_DOCUMENT_MAX_LENGTH, blank=True
    )
    shape = models.CharField(_("file layout"), max_length=30, blank=True)
    headers = models.JSONField(_("column headings"), default=list, blank=True)
    questions = models.JSONField(_("proposed questions"), default=list, blank=True)
    left_out = models.JSONField(_("columns left out"), default=list, blank=True)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    title = models.CharField(_("survey title"), max_length=200, blank=True)
    survey = models.ForeignKey(
        Survey,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("survey created"),
    )
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import of the file"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = SurveyProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey proposal")
        verbose_name_plural = _("survey proposals")

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse(
            "consultation_imports:proposal_review",
            kwargs={"area_slug": self.area.slug, "pk": self.pk},
        )
