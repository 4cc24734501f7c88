"""Spreadsheet import of KPI values and action updates (django-import-export).

A file is read through the portal's one safe reader (`sendportal.spreadsheets`:
size, real type, zip bomb, XML entities, macros, formulas, encoding), turned
into a tablib Dataset, previewed in a dry run, and imported all or nothing:
one bad row and no row is kept.
"""

import datetime
import io
import re
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from decimal import InvalidOperation
from typing import IO
from typing import Any

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields
from import_export import resources
from import_export import widgets

from sendportal.accounts.models import User
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import record_event
from sendportal.params import ascii_digits
from sendportal.spreadsheets import Cell
from sendportal.spreadsheets import SpreadsheetError
from sendportal.spreadsheets import Table
from sendportal.spreadsheets import read_table

from . import services
from .models import Action
from .models import ActionStatus
from .models import ActionUpdate
from .models import Kpi
from .models import KpiValue
from .models import Plan
from .models import Rag
from .models import ReportingPeriod
from .periods import PeriodBounds
from .periods import PeriodType
from .periods import period_containing

MAX_ROWS = 5000


class Kind:
    KPI_VALUES = "kpi_values"
    ACTION_UPDATES = "action_updates"


def max_upload_bytes() -> int:
    return settings.IMPROVEMENT_IMPORT_MAX_BYTES


def validate_progress_file(file: UploadedFile) -> str:
    """Refuse anything the portal's spreadsheet reader refuses; return the extension."""
    name = file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "txt":
        # The reader takes .txt as CSV for survey tools; progress files are
        # CSV or XLSX, and the reader explains .xls, .xlsm and the rest.
        raise ValidationError(
            _("The selected file must be a CSV or XLSX file."), code="extension"
        )
    file.seek(0)
    try:
        _read(file, extension)
    finally:
        file.seek(0)
    return extension


def read_dataset(content: bytes, extension: str) -> tablib.Dataset:
    """Load checked file content into a Dataset with lower-case headers."""
    table = _read(io.BytesIO(content), extension)
    if len(table) > MAX_ROWS:
        raise ValidationError(
            _("The file has more than %(max)s rows. Split it into smaller files.")
            % {"max": f"{MAX_ROWS:,}"},
            code="too_many_rows",
        )
    dataset = tablib.Dataset(headers=[header.lower() for header in table.headers])
    for _number, cells in table.rows:
        dataset.append([_dataset_cell(cell) for cell in cells])
    return dataset


def _read(file: IO[bytes], extension: str) -> Table:
    try:
        return read_table(file, f"upload.{extension}", max_bytes=max_upload_bytes())
    except SpreadsheetError as error:
        raise ValidationError(str(error), code="unreadable") from error


def _dataset_cell(cell: Cell) -> Cell:
    """Cells as the widgets expect them: "" for blank, 48 rather than 48.0."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell


PERIOD_PATTERNS: Mapping[str, re.Pattern[str]] = {
    PeriodType.FIN_QUARTER: re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*Q([1-4])$"),
    PeriodType.FIN_YEAR: re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$"),
    PeriodType.ACADEMIC_YEAR: re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$"),
}


def parse_period(period_type: str, text: str) -> PeriodBounds:
    """A period from its label ("2025/26 Q2", "Mar 2026", "2025/26") or a date."""
    value = " ".join(str(text).split())
    try:
        return period_containing(period_type, datetime.date.fromisoformat(value[:10]))
    except ValueError:
        pass
    pattern = PERIOD_PATTERNS.get(period_type)
    match = pattern.match(value.upper()) if pattern else None
    if match:
        first_year = int(match.group(1))
        if period_type == PeriodType.FIN_QUARTER:
            quarter = int(match.group(3))
            month = (quarter - 1) * 3 + 4
            year = first_year if month <= 12 else first_year + 1
            return period_containing(
                period_type, datetime.date(year, (month - 1) % 12 + 1, 1)
            )
        month = 4 if period_type == PeriodType.FIN_YEAR else 9
        return period_containing(period_type, datetime.date(first_year, month, 1))
    if period_type == PeriodType.MONTH:
        for pattern_text in ("%b %Y", "%B %Y", "%m/%Y", "%Y-%m"):
            try:
                day = datetime.datetime.strptime(value, pattern_text).date()  # noqa: DTZ007  # a calendar month, no time
            except ValueError:
                continue
            return period_containing(period_type, day)
    if period_type == PeriodType.CALENDAR_YEAR and ascii_digits(value):
        return period_containing(period_type, datetime.date(int(value), 1, 1))
    raise ValueError(
        _("“%(value)s” is not a period like “%(example)s”")
        % {
            "value": value,
            "example": period_containing(period_type, timezone.localdate()).label,
        }
    )


class CellError(ValueError):
    """A cell that cannot be read, with the column it is in."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


class NumberWidget(widgets.Widget):
    def __init__(self, column: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.column = column

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal:
        text = str(value if value is not None else "").strip().replace(",", "")
        text = text.removesuffix("%").strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise CellError(
                self.column,
                _("Enter the value as a number, like 48.5"),
            )
        return number


class ChoiceWidget(widgets.Widget):
    """A choice by its code or the first word of its label: "Amber", "amber"."""

    def __init__(
        self, column: str, choices: Sequence[tuple[str, Any]], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.column = column
        self.lookup: dict[str, str] = {}
        for code, label in choices:
            self.lookup[code.lower()] = code
            self.lookup[str(label).lower()] = code
            self.lookup[str(label).split(":")[0].strip().lower()] = code
        self.allowed = ", ".join(str(label).split(":")[0] for _code, label in choices)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = str(value or "").strip().lower().replace("_", " ")
        if text == "gray":
            text = "grey"
        if text in self.lookup:
            return self.lookup[text]
        if text.replace(" ", "_") in self.lookup:
            return self.lookup[text.replace(" ", "_")]
        raise CellError(
            self.column,
            _("“%(value)s” is not one of: %(allowed)s")
            % {"value": value or "", "allowed": self.allowed},
        )


class PlanKpiWidget(widgets.Widget):
    def __init__(self, plan: Plan, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kpis = {kpi.code.lower(): kpi for kpi in Kpi.objects.for_plan(plan)}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Kpi:
        kpi = self.kpis.get(str(value or "").strip().lower())
        if kpi is None:
            raise CellError(
                "kpi_code",
                _("There is no KPI with the code “%(value)s” in this plan")
                % {"value": value or ""},
            )
        return kpi


class PeriodWidget(widgets.Widget):
    """The reporting period named in the row, of the row's KPI's period type."""

    def __init__(self, plan: Plan, kpis: PlanKpiWidget, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.plan = plan
        self.kpis = kpis
        self.cache: dict[tuple[str, str], ReportingPeriod] = {}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> ReportingPeriod:
        kpi = self.kpis.kpis.get(str((row or {}).get("kpi_code") or "").strip().lower())
        period_type = kpi.period_type if kpi else PeriodType.FIN_QUARTER
        key = (period_type, str(value))
        if key not in self.cache:
            try:
                bounds = parse_period(period_type, str(value or ""))
            except ValueError as error:
                raise CellError("period", str(error)) from error
            self.cache[key] = ReportingPeriod.for_bounds(self.plan.area_id, bounds)
        return self.cache[key]


class PlanActionWidget(widgets.Widget):
    def __init__(self, plan: Plan, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.actions = {
            action.reference: action
            for action in Action.objects.for_plan(plan).select_related("plan")
        }

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Action:
        reference = str(value or "").strip()
        action = self.actions.get(reference)
        if action is None:
            raise CellError(
                "reference",
                _("There is no action “%(value)s” in this plan") % {"value": reference},
            )
        return action


class KpiValueResource(resources.ModelResource):
    """Rows of kpi_code, period, value, status, breakdown, group, commentary."""

    REQUIRED = ("kpi_code", "period", "value")
    OPTIONAL = ("status", "breakdown", "breakdown_value", "commentary")

    value = fields.Field(
        attribute="value", column_name="value", widget=NumberWidget("value")
    )

    class Meta:
        model = KpiValue
        fields = (
            "kpi",
            "period",
            "value",
            "status",
            "breakdown",
            "breakdown_value",
            "commentary",
        )
        import_id_fields = ("kpi", "period", "breakdown", "breakdown_value")
        clean_model_instances = True
        skip_diff = True
        use_transactions = True

    def __init__(self, *, plan: Plan, by: User) -> None:
        super().__init__()
        self.by = by
        self.groups: dict[int, set[tuple[str, str]]] = {}
        kpis = PlanKpiWidget(plan)
        self.fields["kpi"] = fields.Field(
            attribute="kpi", column_name="kpi_code", widget=kpis
        )
        self.fields["period"] = fields.Field(
            attribute="period", column_name="period", widget=PeriodWidget(plan, kpis)
        )
        self.fields["status"] = fields.Field(
            attribute="status",
            column_name="status",
            widget=ChoiceWidget("status", KpiValue.Status.choices),
        )

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        if not str(row.get("status") or "").strip():
            row["status"] = KpiValue.Status.PROVISIONAL
        for name in ("breakdown", "breakdown_value", "commentary"):
            row[name] = str(row.get(name) or "").strip()

    def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        instance.recorded_by = self.by
        if instance.value is not None and instance.value < 0:
            raise ValidationError({"value": _("The value cannot be negative")})
        if instance.kpi.unit == "percent" and instance.value > 100:
            raise ValidationError({"value": _("A percentage must be 100 or less")})
        if instance.breakdown and (
            (instance.breakdown, instance.breakdown_value)
            not in self.groups_of(instance.kpi)
        ):
            raise ValidationError(
                {
                    "breakdown_value": _(
                        "“%(group)s” is not one of the KPI’s breakdown groups: "
                        "add it on the KPI’s page first"
                    )
                    % {"group": instance.breakdown_value}
                }
            )

    def groups_of(self, kpi: Kpi) -> set[tuple[str, str]]:
        """The KPI's breakdown groups in use, read once per import."""
        if kpi.pk not in self.groups:
            self.groups[kpi.pk] = set(
                kpi.breakdowns.active().values_list("breakdown", "group")
            )
        return self.groups[kpi.pk]


class ActionUpdateResource(resources.ModelResource):
    """Rows of reference, rag, status, narrative, next_steps, evidence."""

    REQUIRED = ("reference", "rag", "status", "narrative")
    OPTIONAL = ("next_steps", "evidence")

    class Meta:
        model = ActionUpdate
        fields = ("action", "rag", "status", "narrative", "next_steps", "evidence")
        import_id_fields = ("action",)
        force_init_instance = True
        clean_model_instances = True
        skip_diff = True
        use_transactions = True

    def __init__(self, *, plan: Plan, by: User) -> None:
        super().__init__()
        self.by = by
        self.fields["action"] = fields.Field(
            attribute="action", column_name="reference", widget=PlanActionWidget(plan)
        )
        self.fields["rag"] = fields.Field(
            attribute="rag", column_name="rag", widget=ChoiceWidget("rag", Rag.choices)
        )
        self.fields["status"] = fields.Field(
            attribute="status",
            column_name="status",
            widget=ChoiceWidget("status", ActionStatus.choices),
        )

    def init_instance(self, row: Any = None) -> ActionUpdate:
        return ActionUpdate(created_by=self.by, created_at=timezone.now())

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        for name in ("narrative", "next_steps", "evidence"):
            row[name] = str(row.get(name) or "").strip()

    def do_instance_save(self, instance: Any, is_create: bool) -> None:
        # The service appends to the RAG history and makes the rating current.
        saved = services.action_update_record(
            action=instance.action,
            by=self.by,
            rag=instance.rag,
            status=instance.status,
            narrative=instance.narrative,
            next_steps=instance.next_steps,
            evidence=instance.evidence,
        )
        instance.pk = saved.pk


RESOURCES: Mapping[str, type[KpiValueResource] | type[ActionUpdateResource]] = {
    Kind.KPI_VALUES: KpiValueResource,
    Kind.ACTION_UPDATES: ActionUpdateResource,
}


@dataclass
class ImportOutcome:
    """What an import did (or, in a dry run, would do), and what was wrong."""

    errors: list[str] = field(default_factory=list)
    rows: int = 0
    new: int = 0
    updated: int = 0
    headers: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _describe_errors(
    resource: resources.ModelResource, dataset: tablib.Dataset, result: Any
) -> list[str]:
    columns = {name: field_.column_name for name, field_ in resource.fields.items()}
    messages: list[str] = []
    for error in result.base_errors:
        messages.append(str(error.error))
    for number, row_errors in result.row_errors():
        for error in row_errors:
            cell = error.error
            if isinstance(cell, CellError):
                messages.append(
                    _("Row %(row)s, column “%(column)s” (“%(value)s”): %(error)s")
                    % {
                        "row": number + 1,
                        "column": cell.column,
                        "value": str((error.row or {}).get(cell.column) or "")[:60],
                        "error": str(cell),
                    }
                )
            else:
                messages.append(
                    _("Row %(row)s: %(error)s")
                    % {"row": number + 1, "error": _clean_message(error.error)}
                )
    for invalid in result.invalid_rows:
        row = dict(
            zip(dataset.headers or [], dataset[invalid.number - 1], strict=False)
        )
        for name, errors in invalid.error_dict.items():
            column = columns.get(name, name)
            for message in errors:
                if column in row:
                    messages.append(
                        _("Row %(row)s, column “%(column)s” (“%(value)s”): %(error)s")
                        % {
                            "row": invalid.number + 1,
                            "column": column,
                            "value": str(row.get(column) or "")[:60],
                            "error": _clean_message(message),
                        }
                    )
                else:
                    messages.append(
                        _("Row %(row)s: %(error)s")
                        % {"row": invalid.number + 1, "error": _clean_message(message)}
                    )
    return messages


# import-export prefixes widget errors with the column's name.
COLUMN_PREFIX = re.compile(r"^Column '([^']*)':\s*(.*)$", re.DOTALL)


def _clean_message(error: Any) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    match = COLUMN_PREFIX.match(str(error))
    return match.group(2) if match else str(error)


def progress_import(
    *,
    plan: Plan,
    by: User,
    kind: str,
    dataset: tablib.Dataset,
    dry_run: bool,
) -> ImportOutcome:
    """Check (dry run) or import a dataset of KPI values or action updates.

    Nothing is kept unless every row is valid.
    """
    resource_class = RESOURCES[kind]
    outcome = ImportOutcome(rows=dataset.height, headers=list(dataset.headers or []))
    missing = [c for c in resource_class.REQUIRED if c not in outcome.headers]
    if missing:
        outcome.errors.append(
            _(
                "The file is missing the column(s): %(columns)s. The first row must "
                "name the columns."
            )
            % {"columns": ", ".join(missing)}
        )
        return outcome
    if dataset.height == 0:
        outcome.errors.append(_("The file has no rows to import."))
        return outcome
    for name in resource_class.OPTIONAL:
        if name not in outcome.headers:
            dataset.append_col([""] * dataset.height, header=name)
    outcome.headers = list(dataset.headers or [])
    outcome.preview = [[str(cell or "") for cell in row] for row in dataset[:20]]
    resource = resource_class(plan=plan, by=by)
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=dry_run, use_transactions=True, raise_errors=False
        )
        outcome.errors = _describe_errors(resource, dataset, result)
        outcome.new = result.totals.get("new", 0)
        outcome.updated = result.totals.get("update", 0)
        if outcome.errors or dry_run:
            transaction.set_rollback(True)
            return outcome
        record_event(
            by=by,
            verb=(
                AuditVerb.PLAN_KPI_VALUES_IMPORTED
                if kind == Kind.KPI_VALUES
                else AuditVerb.PLAN_ACTION_UPDATES_IMPORTED
            ),
            target=plan,
            area_id=plan.area_id,
            changes={"rows": [None, dataset.height]},
        )
    return outcome
