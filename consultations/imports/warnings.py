"""Warnings about a survey file: rows that import, but that the admin should
look at first (dated outside the consultation, or the same person twice).

Unlike errors they do not stop the import; each kind must be acknowledged
before it is confirmed (services.import_batch_confirm refuses otherwise).
"""

import datetime
from collections.abc import Collection
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from django_stubs_ext import StrOrPromise

from sendportal.spreadsheets import Cell
from sendportal.spreadsheets import cell_text
from sendportal.spreadsheets import normalise_label

from ..models import Consultation
from ..models import ImportBatch
from .rows import ParsedRow

EXAMPLES_KEPT = 5


class WarningKind(models.TextChoices):
    BEFORE_OPENING = "before_opening", gettext_lazy("Dated before it opened")
    AFTER_CLOSING = "after_closing", gettext_lazy("Dated after it closed")
    FUTURE = "future", gettext_lazy("Dated in the future")
    SAME_EMAIL = "same_email", gettext_lazy("Same email address")
    SAME_ANSWERS = "same_answers", gettext_lazy("Same time and answers")


@dataclass
class Example:
    """One row a warning is about, with what makes it one."""

    row: int
    detail: str


@dataclass
class ImportWarning:
    """One kind of warning: how many rows, and the first few of them."""

    kind: str
    count: int = 0
    examples: list[Example] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(WarningKind(self.kind).label)

    @property
    def message(self) -> str:
        """The warning as a sentence, for the preview and the command line."""
        count = self.count
        if self.kind == WarningKind.BEFORE_OPENING:
            text = ngettext(
                "%(count)s row is dated before the consultation opened.",
                "%(count)s rows are dated before the consultation opened.",
                count,
            )
        elif self.kind == WarningKind.AFTER_CLOSING:
            text = ngettext(
                "%(count)s row is dated after the consultation closed.",
                "%(count)s rows are dated after the consultation closed.",
                count,
            )
        elif self.kind == WarningKind.FUTURE:
            text = ngettext(
                "%(count)s row is dated in the future.",
                "%(count)s rows are dated in the future.",
                count,
            )
        elif self.kind == WarningKind.SAME_EMAIL:
            text = ngettext(
                "%(count)s row has the same email address as an earlier row.",
                "%(count)s rows have the same email address as an earlier row.",
                count,
            )
        else:
            text = ngettext(
                "%(count)s row has the same time and answers as an earlier row.",
                "%(count)s rows have the same time and answers as an earlier row.",
                count,
            )
        return text % {"count": f"{count:,}"}

    @property
    def acknowledgement(self) -> str:
        """The label of the checkbox that acknowledges the warning."""
        return str(ACKNOWLEDGEMENTS[self.kind][0])

    @property
    def unacknowledged(self) -> str:
        """The error when confirming without that checkbox."""
        return str(ACKNOWLEDGEMENTS[self.kind][1])


ACKNOWLEDGEMENTS: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    WarningKind.BEFORE_OPENING: (
        gettext_lazy("I have checked the rows dated before the consultation opened"),
        gettext_lazy(
            "Confirm that you have checked the rows dated before the consultation "
            "opened"
        ),
    ),
    WarningKind.AFTER_CLOSING: (
        gettext_lazy("I have checked the rows dated after the consultation closed"),
        gettext_lazy(
            "Confirm that you have checked the rows dated after the consultation closed"
        ),
    ),
    WarningKind.FUTURE: (
        gettext_lazy("I have checked the rows dated in the future"),
        gettext_lazy("Confirm that you have checked the rows dated in the future"),
    ),
    WarningKind.SAME_EMAIL: (
        gettext_lazy("I have checked the rows with the same email address"),
        gettext_lazy(
            "Confirm that you have checked the rows with the same email address"
        ),
    ),
    WarningKind.SAME_ANSWERS: (
        gettext_lazy("I have checked the rows with the same time and answers"),
        gettext_lazy(
            "Confirm that you have checked the rows with the same time and answers"
        ),
    ),
}


def email_column(headers: Sequence[str]) -> int | None:
    """The column of respondents' email addresses, if the file has one.

    Emails are never imported (responses are anonymous); the column is read
    only to find someone who answered twice.
    """
    for position, header in enumerate(headers):
        key = normalise_label(header).replace("e mail", "email")
        if "email" in key.split():
            return position
    return None


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y H:i")


class WarningCollector:
    """Collects the warnings of a file's rows as they are converted.

    Per row: three comparisons of its date, and at most two set lookups of a
    small hash, so that 50,000 rows cost little more than reading them.
    """

    def __init__(
        self,
        *,
        consultation: Consultation,
        headers: Sequence[str],
        now: datetime.datetime | None = None,
    ) -> None:
        self.opens_at = consultation.opens_at
        self.closes_at = consultation.closes_at
        self.now = now or timezone.now()
        self.email_column = email_column(headers)
        self.found: dict[str, ImportWarning] = {}
        self.emails: dict[str, int] = {}
        self.answers: dict[int, int] = {}

    def _add(self, kind: str, row: int, detail: str) -> None:
        warning = self.found.get(kind)
        if warning is None:
            warning = self.found[kind] = ImportWarning(kind)
        warning.count += 1
        if len(warning.examples) < EXAMPLES_KEPT:
            warning.examples.append(Example(row, detail))

    def add(self, parsed: ParsedRow, cells: Sequence[Cell]) -> None:
        moment = parsed.submitted_at
        if moment is not None:
            if moment > self.now:
                self._add(WarningKind.FUTURE, parsed.row, _when(moment))
            elif moment < self.opens_at:
                self._add(WarningKind.BEFORE_OPENING, parsed.row, _when(moment))
            elif moment >= self.closes_at:
                self._add(WarningKind.AFTER_CLOSING, parsed.row, _when(moment))
            # A date alone (paper keying) is shared by many honest rows; a
            # time to the second with the same answers is a repeat.
            if moment.hour or moment.minute or moment.second:
                key = hash(
                    (
                        moment,
                        parsed.respondent_type,
                        parsed.supported_by,
                        tuple(parsed.answers),
                    )
                )
                first = self.answers.setdefault(key, parsed.row)
                if first != parsed.row:
                    self._add(
                        WarningKind.SAME_ANSWERS,
                        parsed.row,
                        _("Same as row %(row)s") % {"row": first},
                    )
        if self.email_column is not None:
            email = cell_text(cells[self.email_column]).casefold()
            if "@" in email:
                first = self.emails.setdefault(email, parsed.row)
                if first != parsed.row:
                    self._add(
                        WarningKind.SAME_EMAIL,
                        parsed.row,
                        _("Same email address as row %(row)s") % {"row": first},
                    )

    def warnings(self) -> list[ImportWarning]:
        """The warnings found, in the order of WarningKind."""
        return [self.found[kind] for kind in WarningKind.values if kind in self.found]


def acknowledged_warnings(batch: ImportBatch) -> list[ImportWarning]:
    """The warnings the admin checked when confirming the batch, by kind."""
    return [
        ImportWarning(kind, count)
        for kind, count in batch.acknowledged_warnings.items()
        if kind in WarningKind.values and isinstance(count, int)
    ]


def unacknowledged(
    warnings: Sequence[ImportWarning], acknowledged: Collection[str]
) -> list[ImportWarning]:
    """The warnings whose kind is not among those acknowledged."""
    return [warning for warning in warnings if warning.kind not in acknowledged]
