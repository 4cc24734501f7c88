"""Improvement plans: workstreams, numbered actions with RAG history, KPIs, finance."""

from .actions import Action as Action
from .actions import ActionQuerySet as ActionQuerySet
from .actions import ActionUpdate as ActionUpdate
from .actions import ActionUpdateQuerySet as ActionUpdateQuerySet
from .actions import Milestone as Milestone
from .actions import Workstream as Workstream
from .actions import WorkstreamQuerySet as WorkstreamQuerySet
from .actions import effective_due_expression as effective_due_expression
from .actions import reference_sort_key as reference_sort_key
from .finance import FinanceBlock as FinanceBlock
from .finance import FinanceLine as FinanceLine
from .finance import FinanceLineQuerySet as FinanceLineQuerySet
from .finance import FinanceValue as FinanceValue
from .kpis import Breakdown as Breakdown
from .kpis import Direction as Direction
from .kpis import Kpi as Kpi
from .kpis import KpiBenchmark as KpiBenchmark
from .kpis import KpiBreakdown as KpiBreakdown
from .kpis import KpiBreakdownQuerySet as KpiBreakdownQuerySet
from .kpis import KpiQuerySet as KpiQuerySet
from .kpis import KpiTarget as KpiTarget
from .kpis import KpiValue as KpiValue
from .kpis import Unit as Unit
from .links import ActionEvidence as ActionEvidence
from .links import ActionEvidenceQuerySet as ActionEvidenceQuerySet
from .links import ActionTheme as ActionTheme
from .links import ActionThemeQuerySet as ActionThemeQuerySet
from .links import FeedbackAction as FeedbackAction
from .links import FeedbackActionQuerySet as FeedbackActionQuerySet
from .plans import FINISHED_STATUSES as FINISHED_STATUSES
from .plans import ActionStatus as ActionStatus
from .plans import BoardMeeting as BoardMeeting
from .plans import Plan as Plan
from .plans import PlanQuerySet as PlanQuerySet
from .plans import Rag as Rag
from .plans import ReportingPeriod as ReportingPeriod
from .plans import ReportingPeriodQuerySet as ReportingPeriodQuerySet
from .reminders import ReminderSent as ReminderSent

# isort: split
# Django finds the app's models through this module, so the report model of
# improvement/reports/ is imported here; it reads the models above, so it loads last.
from ..reports.models import ProgressReport as ProgressReport
