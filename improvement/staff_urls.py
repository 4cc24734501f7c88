from django.urls import path

from . import link_views
from . import plan_import_views
from . import setup_views
from . import staff_views as views

app_name = "improvement_staff"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan_update"),
    path(
        "<int:plan_pk>/workstreams/new/",
        views.WorkstreamCreateView.as_view(),
        name="workstream_create",
    ),
    path(
        "<int:plan_pk>/workstreams/<int:pk>/edit/",
        views.WorkstreamUpdateView.as_view(),
        name="workstream_update",
    ),
    path(
        "<int:plan_pk>/actions/new/",
        views.ActionCreateView.as_view(),
        name="action_create",
    ),
    path(
        "<int:plan_pk>/actions/<int:pk>/edit/",
        views.ActionChangeView.as_view(),
        name="action_update",
    ),
    path(
        "<int:pk>/publish/",
        views.PlanConfirmView.as_view(publish=True),
        name="plan_publish",
    ),
    path(
        "<int:pk>/withdraw/",
        views.PlanConfirmView.as_view(publish=False),
        name="plan_unpublish",
    ),
    path(
        "<int:plan_pk>/workstreams/<int:pk>/",
        views.WorkstreamDetailView.as_view(),
        name="workstream_detail",
    ),
    path(
        "<int:plan_pk>/workstreams/<int:pk>/rating/",
        views.WorkstreamRagView.as_view(),
        name="workstream_rag",
    ),
    path(
        "<int:plan_pk>/actions/<int:pk>/",
        views.ActionDetailView.as_view(),
        name="action_detail",
    ),
    path(
        "<int:plan_pk>/actions/<int:pk>/themes/",
        link_views.ActionThemeLinkView.as_view(),
        name="action_theme_link",
    ),
    path(
        "<int:plan_pk>/actions/<int:pk>/themes/<int:theme_pk>/remove/",
        link_views.ActionThemeUnlinkView.as_view(),
        name="action_theme_unlink",
    ),
    path(
        "<int:plan_pk>/actions/<int:pk>/evidence/<int:evidence_pk>/remove/",
        link_views.ActionEvidenceRemoveView.as_view(),
        name="action_evidence_remove",
    ),
    path("<int:plan_pk>/kpis/", views.KpiListView.as_view(), name="kpi_list"),
    path("<int:plan_pk>/kpis/new/", views.KpiCreateView.as_view(), name="kpi_create"),
    path(
        "<int:plan_pk>/kpis/<int:pk>/edit/",
        views.KpiChangeView.as_view(),
        name="kpi_update",
    ),
    path(
        "<int:plan_pk>/kpis/<int:pk>/",
        views.KpiDetailView.as_view(),
        name="kpi_detail",
    ),
    path("<int:plan_pk>/finance/", views.FinanceView.as_view(), name="finance"),
    path("<int:plan_pk>/import/", views.ImportView.as_view(), name="import"),
    path(
        "<int:plan_pk>/import/<str:token>/",
        views.ImportConfirmView.as_view(),
        name="import_confirm",
    ),
]

# Importing a whole plan from a spreadsheet; starting next year's plan.
urlpatterns += [
    path(
        "<int:plan_pk>/import-plan/",
        plan_import_views.PlanImportView.as_view(),
        name="plan_import",
    ),
    path(
        "<int:plan_pk>/import-plan/template/",
        plan_import_views.PlanImportTemplateView.as_view(),
        name="plan_import_template",
    ),
    path(
        "<int:plan_pk>/import-plan/<str:token>/",
        plan_import_views.PlanImportConfirmView.as_view(),
        name="plan_import_confirm",
    ),
    path(
        "<int:plan_pk>/next-year/",
        plan_import_views.PlanNextYearView.as_view(),
        name="plan_next_year",
    ),
]

# Finance lines and figures, KPI targets and comparators, milestones, board
# meetings, and retiring what has history.
urlpatterns += [
    path(
        "<int:plan_pk>/finance/lines/new/",
        setup_views.FinanceLineCreateView.as_view(),
        name="finance_line_create",
    ),
    path(
        "<int:plan_pk>/finance/lines/<int:pk>/edit/",
        setup_views.FinanceLineUpdateView.as_view(),
        name="finance_line_update",
    ),
    path(
        "<int:plan_pk>/finance/lines/<int:pk>/figures/",
        setup_views.FinanceValueRecordView.as_view(),
        name="finance_value_record",
    ),
    path(
        "<int:plan_pk>/finance/lines/<int:pk>/retire/",
        setup_views.FinanceLineRetireView.as_view(),
        name="finance_line_retire",
    ),
    path(
        "<int:plan_pk>/kpis/<int:pk>/targets/",
        setup_views.KpiTargetSetView.as_view(),
        name="kpi_target_set",
    ),
    path(
        "<int:plan_pk>/kpis/<int:pk>/comparators/",
        setup_views.KpiBenchmarkSetView.as_view(),
        name="kpi_benchmark_set",
    ),
    path(
        "<int:plan_pk>/kpis/<int:pk>/retire/",
        setup_views.KpiRetireView.as_view(),
        name="kpi_retire",
    ),
    path(
        "<int:plan_pk>/workstreams/<int:pk>/retire/",
        setup_views.WorkstreamRetireView.as_view(),
        name="workstream_retire",
    ),
    path(
        "<int:plan_pk>/actions/<int:pk>/retire/",
        setup_views.ActionRetireView.as_view(),
        name="action_retire",
    ),
    path(
        "<int:plan_pk>/actions/<int:action_pk>/milestones/new/",
        setup_views.MilestoneCreateView.as_view(),
        name="milestone_create",
    ),
    path(
        "<int:plan_pk>/actions/<int:action_pk>/milestones/<int:pk>/edit/",
        setup_views.MilestoneUpdateView.as_view(),
        name="milestone_update",
    ),
    path(
        "<int:plan_pk>/actions/<int:action_pk>/milestones/<int:pk>/complete/",
        setup_views.MilestoneCompleteView.as_view(),
        name="milestone_complete",
    ),
    path(
        "<int:plan_pk>/board-meetings/",
        setup_views.BoardMeetingListView.as_view(),
        name="board_meeting_list",
    ),
    path(
        "<int:plan_pk>/board-meetings/new/",
        setup_views.BoardMeetingCreateView.as_view(),
        name="board_meeting_create",
    ),
    path(
        "<int:plan_pk>/board-meetings/<int:pk>/edit/",
        setup_views.BoardMeetingUpdateView.as_view(),
        name="board_meeting_update",
    ),
    path(
        "<int:plan_pk>/kpis/<int:kpi_pk>/breakdowns/new/",
        setup_views.KpiBreakdownCreateView.as_view(),
        name="kpi_breakdown_create",
    ),
    path(
        "<int:plan_pk>/kpis/<int:kpi_pk>/breakdowns/<int:pk>/edit/",
        setup_views.KpiBreakdownUpdateView.as_view(),
        name="kpi_breakdown_update",
    ),
    path(
        "<int:plan_pk>/kpis/<int:kpi_pk>/breakdowns/<int:pk>/remove/",
        setup_views.KpiBreakdownRemoveView.as_view(),
        name="kpi_breakdown_remove",
    ),
    path(
        "<int:plan_pk>/workstreams/<int:workstream_pk>/members/new/",
        setup_views.WorkstreamMemberAddView.as_view(),
        name="workstream_member_add",
    ),
    path(
        "<int:plan_pk>/workstreams/<int:workstream_pk>/members/<int:pk>/remove/",
        setup_views.WorkstreamMemberRemoveView.as_view(),
        name="workstream_member_remove",
    ),
]
