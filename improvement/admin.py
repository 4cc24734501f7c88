"""Improvement plans in the Django admin.

Plans, workstreams, actions, KPIs and finance lines are set up here, but the
state their services audit (publication, RAG ratings, updates, KPI and
finance values) is read-only, and rows with recorded history cannot be
deleted.
"""

from django.contrib import admin

from sendportal.audit.admin import KeepHistoryAdminMixin
from sendportal.audit.admin import ReadOnlyAdminMixin

from .models import Action
from .models import ActionUpdate
from .models import BoardMeeting
from .models import FinanceLine
from .models import FinanceValue
from .models import Kpi
from .models import KpiBenchmark
from .models import KpiTarget
from .models import KpiValue
from .models import Milestone
from .models import Plan
from .models import ReportingPeriod
from .models import Workstream


class BoardMeetingInline(admin.TabularInline[BoardMeeting, Plan]):
    model = BoardMeeting
    extra = 0


@admin.register(Plan)
class PlanAdmin(KeepHistoryAdminMixin, admin.ModelAdmin[Plan]):
    list_display = ["title", "area", "strategy", "is_published"]
    list_filter = ["area", "is_published"]
    readonly_fields = ["is_published", "published_at"]
    inlines = [BoardMeetingInline]


@admin.register(Workstream)
class WorkstreamAdmin(KeepHistoryAdminMixin, admin.ModelAdmin[Workstream]):
    list_display = ["name", "plan", "lead", "rag"]
    list_filter = ["plan__area"]
    readonly_fields = ["rag", "rag_reason", "mitigation", "impact_if_not_mitigated"]
    filter_horizontal = ["members", "priorities"]


class MilestoneInline(admin.TabularInline[Milestone, Action]):
    model = Milestone
    extra = 0


@admin.register(Action)
class ActionAdmin(KeepHistoryAdminMixin, admin.ModelAdmin[Action]):
    list_display = ["reference", "title", "plan", "workstream", "rag", "status"]
    list_filter = ["plan__area", "rag", "status"]
    search_fields = ["reference", "title"]
    readonly_fields = ["rag", "status", "last_updated_at"]
    inlines = [MilestoneInline]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ActionUpdate]):
    """Read-only: the RAG history is never changed after the fact."""

    list_display = ["action", "rag", "status", "created_by", "created_at"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin[ReportingPeriod]):
    list_display = ["label", "area", "period_type", "start", "end"]
    list_filter = ["area", "period_type"]


class KpiTargetInline(admin.TabularInline[KpiTarget, Kpi]):
    model = KpiTarget
    extra = 0


class KpiBenchmarkInline(admin.TabularInline[KpiBenchmark, Kpi]):
    model = KpiBenchmark
    extra = 0


@admin.register(Kpi)
class KpiAdmin(KeepHistoryAdminMixin, admin.ModelAdmin[Kpi]):
    list_display = ["code", "name", "plan", "direction", "is_public"]
    list_filter = ["plan__area", "direction"]
    inlines = [KpiTargetInline, KpiBenchmarkInline]


@admin.register(KpiValue)
class KpiValueAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[KpiValue]):
    list_display = ["kpi", "period", "value", "status", "breakdown_value"]


class FinanceValueInline(
    ReadOnlyAdminMixin, admin.TabularInline[FinanceValue, FinanceLine]
):
    model = FinanceValue
    extra = 0


@admin.register(FinanceLine)
class FinanceLineAdmin(KeepHistoryAdminMixin, admin.ModelAdmin[FinanceLine]):
    list_display = ["name", "plan", "block"]
    inlines = [FinanceValueInline]
