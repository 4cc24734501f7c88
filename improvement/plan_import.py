"""A whole improvement plan from a spreadsheet, and next year's plan from this year's.

Councils keep their plan in Excel: one row per action, naming its workstream,
number, title, priority, owner, due date and (optionally) current RAG. The
file is read through the portal's one safe reader (`sendportal.spreadsheets`),
every row is checked, and the import is all or nothing: one bad row and no
workstream or action is stored. The checks are run again, inside the
transaction, when the import is confirmed.
"""

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sendportal.accounts.models import User
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import record_event
from sendportal.exports import workbook_bytes
from sendportal.params import ascii_digits
from sendportal.spreadsheets import Cell
from sendportal.spreadsheets import SpreadsheetError
from sendportal.spreadsheets import cell_text
from sendportal.spreadsheets import parse_datetime_cell
from sendportal.spreadsheets import read_table
from strategies.models import Priority

from .models import Action
from .models import ActionStatus
from .models import FinanceLine
from .models import Kpi
from .models import KpiBreakdown
from .models import Milestone
from .models import Plan
from .models import Rag
from .models import Workstream

MAX_ROWS = 5000
EXTENSIONS = ("csv", "xlsx")

# The columns, by the name the portal uses, with the headings it accepts.
# Headings match whatever their case, spaces or punctuation.
COLUMNS: dict[str, tuple[str, ...]] = {
    "workstream": ("workstream", "workstream_name", "impact_group"),
    "reference": (
        "action_number",
        "action_no",
        "action_ref",
        "action_reference",
        "reference",
        "number",
        "ref",
    ),
    "title": ("action_title", "action", "title"),
    "priority": ("priority", "priority_number"),
    "owner": ("owner", "action_owner"),
    "due_date": ("due_date", "due", "deadline"),
    "rag": ("current_rag", "rag", "rag_rating"),
}
REQUIRED = ("workstream", "reference", "title", "due_date")
# How a row's check reports a problem in one of its cells: (column, message).
ErrorFn = Callable[[str, str], None]

# The headings of the downloadable template, in its order.
TEMPLATE_HEADINGS = {
    "workstream": "Workstream",
    "reference": "Action number",
    "title": "Action title",
    "priority": "Priority",
    "owner": "Owner",
    "due_date": "Due date",
    "rag": "Current RAG",
}

# A RAG rating from the sheet also says how far the action has got.
STATUS_FOR_RAG = {
    Rag.GREY: ActionStatus.NOT_STARTED,
    Rag.GREEN: ActionStatus.IN_PROGRESS,
    Rag.AMBER: ActionStatus.IN_PROGRESS,
    Rag.RED: ActionStatus.IN_PROGRESS,
    Rag.BLUE: ActionStatus.COMPLETE,
}


def _heading_key(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", heading.casefold()).strip("_")


@dataclass(frozen=True)
class RowError:
    """A cell that cannot be imported: where it is, what it holds and why."""

    row: int
    column: str
    value: str
    message: str


@dataclass
class ImportRow:
    """One checked row: an action to create, in a workstream new or existing."""

    row: int
    workstream: str
    reference: str
    title: str
    priority: Priority | None
    owner: User | None
    due_date: datetime.date
    rag: str


@dataclass
class ImportCheck:
    """What a file would import, and every problem in it."""

    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_workstreams: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ImportResult:
    actions: int
    workstreams_created: int


def file_extension(name: str) -> str:
    """The extension of an upload, refused unless the reader takes it for a plan."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS and extension not in ("xls", "xlsm"):
        raise ValidationError(
            _("The selected file must be a CSV or XLSX file."), code="extension"
        )
    return extension


def plan_import_check(*, plan: Plan, content: bytes, extension: str) -> ImportCheck:
    """Read and check a plan spreadsheet; nothing is stored.

    A file that cannot be read at all raises ValidationError; problems in
    rows are listed in the check, every one of them.
    """
    try:
        table = read_table(
            io.BytesIO(content),
            f"plan.{extension}",
            max_bytes=settings.IMPROVEMENT_IMPORT_MAX_BYTES,
        )
    except SpreadsheetError as error:
        raise ValidationError(str(error), code="unreadable") from error
    if len(table) > MAX_ROWS:
        raise ValidationError(
            _("The file has more than %(max)s rows. Split it into smaller files.")
            % {"max": f"{MAX_ROWS:,}"},
            code="too_many_rows",
        )
    positions: dict[str, int] = {}
    headings: dict[str, str] = {}
    check = ImportCheck()
    for position, heading in enumerate(table.headers):
        key = _heading_key(heading)
        for name, accepted in COLUMNS.items():
            if key in accepted and name not in positions:
                positions[name] = position
                headings[name] = heading
                break
        else:
            check.ignored_columns.append(heading)
    missing = [TEMPLATE_HEADINGS[name] for name in REQUIRED if name not in positions]
    if missing:
        raise ValidationError(
            _(
                "The file has no column for: %(columns)s. The first row must name "
                "the columns, as in the template."
            )
            % {"columns": ", ".join(missing)},
            code="missing_columns",
        )
    checker = _RowChecker(plan, headings)
    for number, cells in table.rows:
        values = {name: cells[position] for name, position in positions.items()}
        checker.check(number, values, check)
    check.new_workstreams = checker.new_workstreams
    return check


class _RowChecker:
    """Checks rows against the plan: its workstreams, actions, priorities, members."""

    def __init__(self, plan: Plan, headings: dict[str, str]) -> None:
        self.plan = plan
        self.headings = headings
        self.workstreams = {
            name.casefold(): name
            for name in Workstream.objects.for_plan(plan).values_list("name", flat=True)
        }
        self.new_workstreams: list[str] = []
        self.references = set(
            Action.objects.for_plan(plan).values_list("reference", flat=True)
        )
        self.seen: dict[str, int] = {}
        self.priorities = {
            priority.number: priority
            for priority in Priority.objects.filter(strategy_id=plan.strategy_id)
        }
        members = list(
            User.objects.filter(memberships__area_id=plan.area_id, is_active=True)
            .distinct()
            .order_by("pk")
        )
        self.by_email = {user.email.casefold(): user for user in members}
        self.by_name: dict[str, list[User]] = {}
        for user in members:
            if user.name:
                self.by_name.setdefault(user.name.casefold(), []).append(user)
        self.rags: dict[str, str] = {}
        for code, label in Rag.choices:
            self.rags[code] = code
            self.rags[str(label).casefold()] = code
            self.rags[str(label).split(":")[0].strip().casefold()] = code
        self.rags["gray"] = Rag.GREY

    def check(self, number: int, values: dict[str, Cell], check: ImportCheck) -> None:
        errors: list[RowError] = []

        def error(name: str, message: str) -> None:
            errors.append(
                RowError(
                    row=number,
                    column=self.headings.get(name, TEMPLATE_HEADINGS[name]),
                    value=cell_text(values.get(name))[:100],
                    message=message,
                )
            )

        workstream = self._text(values, "workstream")
        if not workstream:
            error("workstream", _("Enter the workstream of the action"))
        elif len(workstream) > 200:
            error("workstream", _("A workstream name must be 200 characters or fewer"))
        reference = self._text(values, "reference")
        if not reference:
            error("reference", _("Enter the action number, like 1.2"))
        elif len(reference) > 20:
            error("reference", _("An action number must be 20 characters or fewer"))
        elif reference in self.references:
            error("reference", _("This plan already has an action with this number"))
        elif reference in self.seen:
            error(
                "reference",
                _("Row %(row)s has the same action number")
                % {"row": self.seen[reference]},
            )
        else:
            self.seen[reference] = number
        title = self._text(values, "title")
        if not title:
            error("title", _("Enter the title of the action"))
        elif len(title) > 300:
            error("title", _("An action title must be 300 characters or fewer"))
        priority = self._priority(values, error)
        owner = self._owner(values, error)
        due_date = self._date(values, error)
        rag = self._rag(values, error)
        if errors or due_date is None:
            check.errors.extend(errors)
            return
        existing = self.workstreams.get(workstream.casefold())
        if existing is None:
            existing = workstream
            self.workstreams[workstream.casefold()] = workstream
            self.new_workstreams.append(workstream)
        check.rows.append(
            ImportRow(
                row=number,
                workstream=existing,
                reference=reference,
                title=title,
                priority=priority,
                owner=owner,
                due_date=due_date,
                rag=rag,
            )
        )

    @staticmethod
    def _text(values: dict[str, Cell], name: str) -> str:
        return " ".join(cell_text(values.get(name)).split())

    def _priority(self, values: dict[str, Cell], error: ErrorFn) -> Priority | None:
        text = self._text(values, "priority")
        if not text:
            return None
        digits = re.sub(r"^priority\s*", "", text, flags=re.IGNORECASE)
        if not ascii_digits(digits):
            error("priority", _("Enter the priority as its number, like 2"))
            return None
        priority = self.priorities.get(int(digits))
        if priority is None:
            error(
                "priority",
                _("The plan’s strategy has no priority with this number"),
            )
        return priority

    def _owner(self, values: dict[str, Cell], error: ErrorFn) -> User | None:
        text = self._text(values, "owner")
        if not text:
            return None
        user = self.by_email.get(text.casefold())
        if user is not None:
            return user
        named = self.by_name.get(text.casefold(), [])
        if len(named) == 1:
            return named[0]
        if named:
            error(
                "owner",
                _("More than one member of the area has this name: enter their email"),
            )
        else:
            error(
                "owner",
                _(
                    "Enter the name or email of a member of this area, or leave "
                    "it blank"
                ),
            )
        return None

    def _date(self, values: dict[str, Cell], error: ErrorFn) -> datetime.date | None:
        value = values.get("due_date")
        if value is None or (isinstance(value, str) and not value.strip()):
            error("due_date", _("Enter the due date, like 31/03/2027"))
            return None
        when = parse_datetime_cell(value)
        if when is None:
            error("due_date", _("Enter the due date as a real date, like 31/03/2027"))
            return None
        return when.date()

    def _rag(self, values: dict[str, Cell], error: ErrorFn) -> str:
        text = self._text(values, "rag").casefold()
        if not text:
            return Rag.GREY
        rag = self.rags.get(text)
        if rag is None:
            error("rag", _("Enter the RAG as Blue, Green, Amber, Red or Grey"))
            return Rag.GREY
        return rag


@transaction.atomic
def plan_actions_import(
    *, plan: Plan, by: User, content: bytes, extension: str
) -> ImportResult:
    """Create the workstreams and actions of a checked file; all or nothing."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    check = plan_import_check(plan=plan, content=content, extension=extension)
    if not check.ok:
        raise ValidationError(
            _("The file has %(count)s problem(s). Nothing was imported.")
            % {"count": len(check.errors)},
            code="row_errors",
        )
    workstreams = {w.name: w for w in Workstream.objects.for_plan(plan)}
    sort = Workstream.objects.for_plan(plan).aggregate(last=Max("sort"))["last"] or 0
    for name in check.new_workstreams:
        sort += 1
        workstream = Workstream(plan=plan, name=name, sort=sort)
        workstream.full_clean()
        workstream.save()
        workstreams[name] = workstream
    for row in check.rows:
        action = Action(
            plan=plan,
            workstream=workstreams[row.workstream],
            priority=row.priority,
            reference=row.reference,
            title=row.title,
            owner=row.owner,
            due_date=row.due_date,
            rag=row.rag,
            status=STATUS_FOR_RAG[Rag(row.rag)],
        )
        action.full_clean()
        action.save()
    record_event(
        by=by,
        verb=AuditVerb.PLAN_ACTIONS_IMPORTED,
        target=plan,
        area_id=plan.area_id,
        changes={
            "actions": [None, len(check.rows)],
            "workstreams_created": [None, len(check.new_workstreams)],
        },
    )
    return ImportResult(
        actions=len(check.rows), workstreams_created=len(check.new_workstreams)
    )


def plan_import_template(plan: Plan) -> bytes:
    """An XLSX with the columns and one example row that imports into `plan`."""
    dataset = tablib.Dataset(headers=list(TEMPLATE_HEADINGS.values()))
    first_priority = (
        Priority.objects.filter(strategy_id=plan.strategy_id)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
    dataset.append(
        [
            _("Early identification of needs"),
            "1.1",
            _("Train early years settings to use the graduated approach"),
            first_priority if first_priority is not None else "",
            "",
            datetime.date(timezone.localdate().year + 1, 3, 31),
            "Grey",
        ]
    )
    return workbook_bytes(dataset, title=_("Plan actions"))


# Next year's plan ----------------------------------------------------------

YEAR_SPAN = re.compile(r"\b(20\d\d)(\s*[/-]\s*)(\d\d)\b")
YEAR = re.compile(r"\b(20\d\d)\b")


def next_year_title(title: str) -> str:
    """ "Plan 2025/26" -> "Plan 2026/27"; "Plan 2025" -> "Plan 2026"."""
    if YEAR_SPAN.search(title):
        return YEAR_SPAN.sub(
            lambda m: f"{int(m[1]) + 1}{m[2]}{(int(m[3]) + 1) % 100:02d}",
            title,
            count=1,
        )
    if YEAR.search(title):
        return YEAR.sub(lambda m: str(int(m[1]) + 1), title, count=1)
    return _("%(title)s (next year)") % {"title": title}


def _a_year_on(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def plan_start_next_year(*, plan: Plan, by: User, title: str) -> Plan:
    """A new plan for the same strategy with this plan's structure, not its history.

    Copied: workstreams (leads, members, priorities), actions with their dates
    and milestones a year on, KPIs with their definitions, baselines and
    breakdown groups, and finance lines. Not copied: what is retired, updates,
    RAG ratings (all back to grey, not started), KPI targets, values and
    benchmarks (they belong to this year's periods), finance values and board
    meetings.
    """
    plan = Plan.objects.select_related("strategy").get(pk=plan.pk)
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Enter a title for next year’s plan")})
    if Plan.objects.filter(strategy_id=plan.strategy_id, title__iexact=title).exists():
        raise ValidationError(
            {"title": _("The strategy already has a plan with this title")}
        )
    new_plan = Plan(
        area_id=plan.area_id,
        strategy_id=plan.strategy_id,
        title=title,
        board=plan.board,
        update_period_type=plan.update_period_type,
    )
    new_plan.full_clean()
    new_plan.save()
    workstreams: dict[int, Workstream] = {}
    for old in (
        Workstream.objects.for_plan(plan)
        .active()
        .prefetch_related("priorities", "members")
    ):
        workstream = Workstream.objects.create(
            plan=new_plan, name=old.name, lead_id=old.lead_id, sort=old.sort
        )
        workstream.priorities.set(old.priorities.all())
        workstream.members.set(old.members.all())
        workstreams[old.pk] = workstream
    actions = 0
    for old_action in (
        Action.objects.for_plan(plan)
        .active()
        .filter(workstream_id__in=workstreams)
        .prefetch_related("milestones")
    ):
        action = Action.objects.create(
            plan=new_plan,
            workstream=workstreams[old_action.workstream_id],
            priority_id=old_action.priority_id,
            reference=old_action.reference,
            title=old_action.title,
            description=old_action.description,
            lead_partner_id=old_action.lead_partner_id,
            owner_id=old_action.owner_id,
            start_date=(
                _a_year_on(old_action.start_date) if old_action.start_date else None
            ),
            due_date=_a_year_on(old_action.due_date),
            success_measure=old_action.success_measure,
            is_wsoa=old_action.is_wsoa,
            is_pap=old_action.is_pap,
        )
        Milestone.objects.bulk_create(
            Milestone(
                action=action,
                title=milestone.title,
                due_date=_a_year_on(milestone.due_date),
            )
            for milestone in old_action.milestones.all()
        )
        actions += 1
    old_kpis = list(Kpi.objects.for_plan(plan).active())
    kpis = Kpi.objects.bulk_create(
        Kpi(
            plan=new_plan,
            workstream=workstreams.get(kpi.workstream_id)
            if kpi.workstream_id
            else None,
            priority_id=kpi.priority_id,
            code=kpi.code,
            name=kpi.name,
            description=kpi.description,
            unit=kpi.unit,
            direction=kpi.direction,
            period_type=kpi.period_type,
            tolerance=kpi.tolerance,
            is_public=kpi.is_public,
            baseline_value=kpi.baseline_value,
            baseline_label=kpi.baseline_label,
            sort=kpi.sort,
        )
        for kpi in old_kpis
    )
    new_kpis = {old.pk: new for old, new in zip(old_kpis, kpis, strict=True)}
    KpiBreakdown.objects.bulk_create(
        KpiBreakdown(
            kpi=new_kpis[group.kpi_id], breakdown=group.breakdown, group=group.group
        )
        for group in KpiBreakdown.objects.filter(kpi__in=old_kpis).active()
    )
    lines = FinanceLine.objects.bulk_create(
        FinanceLine(
            plan=new_plan,
            block=line.block,
            code=line.code,
            name=line.name,
            sort=line.sort,
        )
        for line in FinanceLine.objects.filter(plan=plan).active()
    )
    record_event(
        by=by,
        verb=AuditVerb.PLAN_COPIED_FOR_NEXT_YEAR,
        target=new_plan,
        area_id=new_plan.area_id,
        changes={
            "copied_from": [None, str(plan)],
            "workstreams": [None, len(workstreams)],
            "actions": [None, actions],
            "kpis": [None, len(kpis)],
            "finance_lines": [None, len(lines)],
        },
    )
    return new_plan
