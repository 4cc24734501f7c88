"""Staff pages that set up a plan's finance, KPI targets, comparators and
breakdowns, board meetings, milestones and workstream members, and retire what
has history."""

from functools import cached_property
from typing import Any
from typing import ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django.views.generic import TemplateView

from sendportal.accounts.models import User
from sendportal.form_views import ServiceFormMixin

from . import setup_services as services
from .models import Action
from .models import BoardMeeting
from .models import FinanceLine
from .models import FinanceValue
from .models import Kpi
from .models import KpiBenchmark
from .models import KpiBreakdown
from .models import KpiTarget
from .models import Milestone
from .models import ReportingPeriod
from .models import Workstream
from .setup_forms import BoardMeetingForm
from .setup_forms import FinanceLineForm
from .setup_forms import FinanceValueForm
from .setup_forms import KpiBenchmarkForm
from .setup_forms import KpiBreakdownForm
from .setup_forms import KpiTargetForm
from .setup_forms import MilestoneForm
from .setup_forms import WorkstreamMemberForm
from .staff_views import FormPageMixin
from .staff_views import PlanObjectMixin
from .staff_views import PlanRowChangeView
from .staff_views import PlanRowCreateView
from .staff_views import PlanRowMixin


def finance_url(plan: Any) -> str:
    return reverse(
        "improvement_staff:finance",
        kwargs={"area_slug": plan.area.slug, "plan_pk": plan.pk},
    )


# Finance


class FinanceLineRowMixin(PlanRowMixin[Any]):
    def get_row_queryset(self) -> QuerySet[FinanceLine]:
        return FinanceLine.objects.for_plan(self.plan).select_related("plan__area")

    @property
    def line(self) -> FinanceLine:
        return self.plan_row

    def page_caption(self) -> str:
        return str(self.line)

    def back_url(self) -> str:
        return finance_url(self.plan)


class FinanceLineCreateView(PlanRowCreateView):
    """Add a line to the plan's high-needs finance."""

    form_class = FinanceLineForm
    form_takes_plan = False
    create = staticmethod(services.finance_line_create)
    page_title = gettext_lazy("Add a finance line")
    success_message = gettext_lazy("Finance line added. Record its figures next.")

    def back_url(self) -> str:
        return finance_url(self.plan)


class FinanceLineUpdateView(PlanRowChangeView):
    form_class = FinanceLineForm
    form_takes_plan = False
    row_model = FinanceLine
    row_name = "line"
    change = staticmethod(services.finance_line_change)
    page_title = gettext_lazy("Edit the finance line")
    success_message = gettext_lazy("Finance line saved.")


class FinanceValueRecordView(
    FormPageMixin,
    FinanceLineRowMixin,
    ServiceFormMixin[FinanceValueForm],
    FormView[FinanceValueForm],
):
    """Record a line's budget, forecast outturn and actual for a quarter."""

    permission_required = "improvement.manage_plan"
    form_class = FinanceValueForm
    template_name = "staff/form_page.html"
    page_title = gettext_lazy("Record finance figures")
    success_message = gettext_lazy("Finance figures saved.")

    def get_row_queryset(self) -> QuerySet[FinanceLine]:
        # A retired line takes no new figures.
        return (
            FinanceLine.objects.for_plan(self.plan)
            .active()
            .select_related("plan__area")
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["today"] = timezone.localdate()
        return kwargs

    def perform(self, form: FinanceValueForm) -> FinanceValue:
        period = ReportingPeriod.for_bounds(self.area, form.period_bounds())
        data = form.cleaned_data
        return services.finance_value_record(
            line=self.line,
            by=self.staff_user,
            period=period,
            budget=data["budget"],
            forecast_outturn=data["forecast_outturn"],
            actual=data["actual"],
            commentary=data["commentary"],
        )

    def success_url_for(self, result: FinanceValue) -> str:
        return finance_url(self.plan)


class RetireView(PlanRowMixin[Any], TemplateView):
    """Confirm retiring a row (POST does it); its history stays."""

    permission_required = "improvement.manage_plan"
    template_name = "staff/confirm.html"
    title: ClassVar[Any] = ""
    lead: ClassVar[Any] = gettext_lazy(
        "It will no longer be offered in lists and forms, nor shown on the public "
        "progress page or in new reports. Its history stays in the plan’s "
        "records and in the reports already made."
    )
    done: ClassVar[Any] = ""

    def retire(self) -> Any:
        raise NotImplementedError

    def back_url(self) -> str:
        return str(self.plan_row.get_staff_url())

    def after_url(self) -> str:
        return self.plan.get_staff_url()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.retire()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.back_url())
        messages.success(request, str(self.done))
        return redirect(self.after_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=str(self.title),
            lead=str(self.lead),
            button=_("Retire"),
            warning=True,
            caption=str(self.plan_row),
            back_url=self.back_url(),
        )
        return context


class FinanceLineRetireView(RetireView):
    title = gettext_lazy("Retire this finance line?")
    lead = gettext_lazy(
        "It will take no new figures. Its past figures stay in the finance "
        "history, and in reports of the quarters they are for."
    )
    done = gettext_lazy("Finance line retired.")

    def get_row_queryset(self) -> QuerySet[FinanceLine]:
        return (
            FinanceLine.objects.for_plan(self.plan)
            .active()
            .select_related("plan__area")
        )

    def back_url(self) -> str:
        return finance_url(self.plan)

    def after_url(self) -> str:
        return finance_url(self.plan)

    def retire(self) -> FinanceLine:
        return services.finance_line_retire(line=self.plan_row, by=self.staff_user)


class WorkstreamRetireView(RetireView):
    title = gettext_lazy("Retire this workstream?")
    done = gettext_lazy("Workstream retired.")

    def get_row_queryset(self) -> QuerySet[Workstream]:
        return (
            Workstream.objects.for_plan(self.plan).active().select_related("plan__area")
        )

    def retire(self) -> Workstream:
        return services.workstream_retire(workstream=self.plan_row, by=self.staff_user)


class ActionRetireView(RetireView):
    title = gettext_lazy("Retire this action?")
    done = gettext_lazy("Action retired.")

    def get_row_queryset(self) -> QuerySet[Action]:
        return Action.objects.for_plan(self.plan).active().select_related("plan__area")

    def retire(self) -> Action:
        return services.action_retire(action=self.plan_row, by=self.staff_user)


class KpiRetireView(RetireView):
    title = gettext_lazy("Retire this KPI?")
    done = gettext_lazy("KPI retired.")

    def get_row_queryset(self) -> QuerySet[Kpi]:
        return Kpi.objects.for_plan(self.plan).active().select_related("plan__area")

    def after_url(self) -> str:
        return reverse(
            "improvement_staff:kpi_list",
            kwargs={"area_slug": self.area.slug, "plan_pk": self.plan.pk},
        )

    def retire(self) -> Kpi:
        return services.kpi_retire(kpi=self.plan_row, by=self.staff_user)


# KPI targets and comparators


class KpiSetupMixin(FormPageMixin, PlanRowMixin[Any]):
    permission_required = "improvement.manage_plan"

    def get_row_queryset(self) -> QuerySet[Kpi]:
        return Kpi.objects.for_plan(self.plan).active().select_related("plan__area")

    @property
    def kpi(self) -> Kpi:
        return self.plan_row

    def page_caption(self) -> str:
        return str(self.kpi)

    def back_url(self) -> str:
        return self.kpi.get_staff_url()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]  # FormView's
        kwargs.update(kpi=self.kpi, today=timezone.localdate())
        return kwargs

    def success_url_for(self, result: Any) -> str:
        return self.kpi.get_staff_url()


class KpiTargetSetView(
    KpiSetupMixin, ServiceFormMixin[KpiTargetForm], FormView[KpiTargetForm]
):
    template_name = "staff/form_page.html"
    form_class = KpiTargetForm
    page_title = gettext_lazy("Set a target")
    success_message = gettext_lazy("Target saved.")

    def perform(self, form: KpiTargetForm) -> KpiTarget:
        return services.kpi_target_set(
            kpi=self.kpi,
            by=self.staff_user,
            period=ReportingPeriod.for_bounds(self.area, form.period_bounds()),
            value=form.cleaned_data["value"],
        )


class KpiBenchmarkSetView(
    KpiSetupMixin, ServiceFormMixin[KpiBenchmarkForm], FormView[KpiBenchmarkForm]
):
    template_name = "staff/form_page.html"
    form_class = KpiBenchmarkForm
    page_title = gettext_lazy("Set a comparator")
    success_message = gettext_lazy("Comparator saved.")

    def perform(self, form: KpiBenchmarkForm) -> KpiBenchmark:
        return services.kpi_benchmark_set(
            kpi=self.kpi,
            by=self.staff_user,
            period=ReportingPeriod.for_bounds(self.area, form.period_bounds()),
            value=form.cleaned_data["value"],
            comparator=form.cleaned_data["comparator"],
            source=form.cleaned_data["source"],
        )


# Milestones of an action


class ActionMilestoneMixin(FormPageMixin, PlanObjectMixin):
    """A page about the milestones of one action of the plan (`action_pk`)."""

    permission_required = "improvement.manage_plan"

    @cached_property
    def action(self) -> Action:
        return get_object_or_404(
            Action.objects.for_plan(self.plan).select_related("plan__area"),
            pk=self.kwargs["action_pk"],
        )

    @cached_property
    def milestone(self) -> Milestone:
        return get_object_or_404(
            Milestone.objects.filter(action=self.action).select_related(
                "action__plan__area"
            ),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self) -> models.Model | None:
        return self.action

    def page_caption(self) -> str:
        return str(self.action)

    def back_url(self) -> str:
        return self.action.get_staff_url()

    def success_url_for(self, result: Any) -> str:
        return self.action.get_staff_url()


class MilestoneCreateView(
    ActionMilestoneMixin, ServiceFormMixin[MilestoneForm], FormView[MilestoneForm]
):
    template_name = "staff/form_page.html"
    form_class = MilestoneForm
    page_title = gettext_lazy("Add a milestone")
    success_message = gettext_lazy("Milestone added.")

    def perform(self, form: MilestoneForm) -> Milestone:
        return services.milestone_add(
            action=self.action, by=self.staff_user, data=form.cleaned_data
        )


class MilestoneUpdateView(
    ActionMilestoneMixin, ServiceFormMixin[MilestoneForm], FormView[MilestoneForm]
):
    template_name = "staff/form_page.html"
    form_class = MilestoneForm
    page_title = gettext_lazy("Edit the milestone")
    success_message = gettext_lazy("Milestone saved.")

    def get_permission_object(self) -> models.Model | None:
        return self.milestone

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["milestone"] = self.milestone
        return kwargs

    def perform(self, form: MilestoneForm) -> Milestone:
        return services.milestone_change(
            milestone=self.milestone, by=self.staff_user, data=form.cleaned_data
        )


class MilestoneCompleteView(ActionMilestoneMixin, TemplateView):
    """Confirm a milestone is reached (POST marks it complete today)."""

    template_name = "staff/confirm.html"

    def get_permission_object(self) -> models.Model | None:
        return self.milestone

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.milestone_complete(milestone=self.milestone, by=self.staff_user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Milestone marked complete."))
        return redirect(self.action.get_staff_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Mark this milestone complete?"),
            lead=str(self.milestone),
            button=_("Mark complete"),
            warning=False,
        )
        return context


# Board meetings


def meetings_url(plan: Any) -> str:
    return reverse(
        "improvement_staff:board_meeting_list",
        kwargs={"area_slug": plan.area.slug, "plan_pk": plan.pk},
    )


class BoardMeetingListView(PlanObjectMixin, TemplateView):
    """The dates the plan's board meets."""

    template_name = "improvement/staff/board_meeting_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["meetings"] = list(self.plan.meetings.order_by("date"))
        context["today"] = timezone.localdate()
        return context


class BoardMeetingCreateView(
    FormPageMixin,
    PlanObjectMixin,
    ServiceFormMixin[BoardMeetingForm],
    FormView[BoardMeetingForm],
):
    permission_required = "improvement.manage_plan"
    form_class = BoardMeetingForm
    template_name = "staff/form_page.html"
    page_title = gettext_lazy("Add a board meeting")
    success_message = gettext_lazy("Board meeting added.")

    def page_caption(self) -> str:
        return self.plan.board

    def back_url(self) -> str:
        return meetings_url(self.plan)

    def perform(self, form: BoardMeetingForm) -> BoardMeeting:
        return services.board_meeting_add(
            plan=self.plan, by=self.staff_user, data=form.cleaned_data
        )

    def success_url_for(self, result: BoardMeeting) -> str:
        return meetings_url(self.plan)


class BoardMeetingUpdateView(
    FormPageMixin,
    PlanRowMixin[Any],
    ServiceFormMixin[BoardMeetingForm],
    FormView[BoardMeetingForm],
):
    permission_required = "improvement.manage_plan"
    form_class = BoardMeetingForm
    template_name = "staff/form_page.html"
    page_title = gettext_lazy("Change the board meeting")
    success_message = gettext_lazy("Board meeting saved.")

    def get_row_queryset(self) -> QuerySet[BoardMeeting]:
        return BoardMeeting.objects.filter(plan=self.plan).select_related("plan")

    def get_initial(self) -> dict[str, Any]:
        return {"date": self.plan_row.date}

    def page_caption(self) -> str:
        return self.plan.board

    def back_url(self) -> str:
        return meetings_url(self.plan)

    def perform(self, form: BoardMeetingForm) -> BoardMeeting:
        return services.board_meeting_change(
            meeting=self.plan_row, by=self.staff_user, data=form.cleaned_data
        )

    def success_url_for(self, result: BoardMeeting) -> str:
        return meetings_url(self.plan)


# Breakdown groups of a KPI


class KpiBreakdownMixin(FormPageMixin, PlanObjectMixin):
    """A page about the breakdown groups of one KPI of the plan (`kpi_pk`)."""

    permission_required = "improvement.manage_plan"

    @cached_property
    def kpi(self) -> Kpi:
        return get_object_or_404(
            Kpi.objects.for_plan(self.plan).select_related("plan__area"),
            pk=self.kwargs["kpi_pk"],
        )

    @cached_property
    def breakdown(self) -> KpiBreakdown:
        return get_object_or_404(
            KpiBreakdown.objects.filter(kpi=self.kpi).select_related("kpi__plan"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self) -> models.Model | None:
        return self.kpi

    def page_caption(self) -> str:
        return str(self.kpi)

    def back_url(self) -> str:
        return self.kpi.get_staff_url() + "#breakdowns"

    def success_url_for(self, result: Any) -> str:
        return self.back_url()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]  # FormView's
        kwargs["districts"] = list(self.area.districts.values_list("name", flat=True))
        return kwargs


class KpiBreakdownCreateView(
    KpiBreakdownMixin, ServiceFormMixin[KpiBreakdownForm], FormView[KpiBreakdownForm]
):
    template_name = "staff/form_page.html"
    form_class = KpiBreakdownForm
    page_title = gettext_lazy("Add a breakdown group")
    success_message = gettext_lazy(
        "Breakdown group added. Values can now be entered for it."
    )

    @cached_property
    def kpi(self) -> Kpi:
        # A retired KPI takes no new groups.
        return get_object_or_404(
            Kpi.objects.for_plan(self.plan).active().select_related("plan__area"),
            pk=self.kwargs["kpi_pk"],
        )

    def perform(self, form: KpiBreakdownForm) -> KpiBreakdown:
        return services.kpi_breakdown_add(
            kpi=self.kpi, by=self.staff_user, data=form.cleaned_data
        )


class KpiBreakdownUpdateView(
    KpiBreakdownMixin, ServiceFormMixin[KpiBreakdownForm], FormView[KpiBreakdownForm]
):
    template_name = "staff/form_page.html"
    form_class = KpiBreakdownForm
    page_title = gettext_lazy("Change the breakdown group")
    success_message = gettext_lazy("Breakdown group saved.")

    def get_permission_object(self) -> models.Model | None:
        return self.breakdown

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["breakdown"] = self.breakdown
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.breakdown.values().exists():
            context["lead"] = _(
                "Values already recorded for the group keep following it under "
                "its new name."
            )
        return context

    def perform(self, form: KpiBreakdownForm) -> KpiBreakdown:
        return services.kpi_breakdown_change(
            breakdown=self.breakdown, by=self.staff_user, data=form.cleaned_data
        )


class KpiBreakdownRemoveView(KpiBreakdownMixin, TemplateView):
    """Confirm taking a group off the KPI (POST): retired if it has values."""

    template_name = "staff/confirm.html"

    @cached_property
    def breakdown(self) -> KpiBreakdown:
        return get_object_or_404(
            KpiBreakdown.objects.filter(kpi=self.kpi)
            .active()
            .select_related("kpi__plan"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self) -> models.Model | None:
        return self.breakdown

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        row = services.kpi_breakdown_remove(
            breakdown=self.breakdown, by=self.staff_user
        )
        messages.success(
            request,
            _("Breakdown group retired. Its values stay.")
            if row.retired_at
            else _("Breakdown group removed."),
        )
        return redirect(self.back_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.breakdown.values().exists():
            title = _("Retire this breakdown group?")
            lead = _(
                "Values are recorded for it, so it is retired rather than removed: "
                "it takes no new values, and the values it has stay in the KPI’s "
                "history."
            )
            button = _("Retire")
        else:
            title = _("Remove this breakdown group?")
            lead = _("No values are recorded for it, so it is removed.")
            button = _("Remove")
        context.update(
            title=title,
            lead=lead,
            button=button,
            warning=True,
            caption=str(self.breakdown),
        )
        return context


# Members of a workstream


class WorkstreamMemberMixin(FormPageMixin, PlanObjectMixin):
    """A page about the members of one workstream of the plan (`workstream_pk`)."""

    permission_required = "improvement.manage_plan"

    @cached_property
    def workstream(self) -> Workstream:
        return get_object_or_404(
            Workstream.objects.for_plan(self.plan).select_related("plan__area"),
            pk=self.kwargs["workstream_pk"],
        )

    def get_permission_object(self) -> models.Model | None:
        return self.workstream

    def page_caption(self) -> str:
        return str(self.workstream)

    def back_url(self) -> str:
        return self.workstream.get_staff_url()

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class WorkstreamMemberAddView(
    WorkstreamMemberMixin,
    ServiceFormMixin[WorkstreamMemberForm],
    FormView[WorkstreamMemberForm],
):
    template_name = "staff/form_page.html"
    form_class = WorkstreamMemberForm
    page_title = gettext_lazy("Add a member to the workstream")
    success_message = gettext_lazy("Member added.")

    @cached_property
    def workstream(self) -> Workstream:
        # A retired workstream takes no new members.
        return get_object_or_404(
            Workstream.objects.for_plan(self.plan)
            .active()
            .select_related("plan__area"),
            pk=self.kwargs["workstream_pk"],
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["choices"] = services.workstream_member_choices(self.workstream)
        return kwargs

    def perform(self, form: WorkstreamMemberForm) -> Workstream:
        return services.workstream_member_add(
            workstream=self.workstream,
            by=self.staff_user,
            member=form.cleaned_data["member"],
        )


class WorkstreamMemberRemoveView(WorkstreamMemberMixin, TemplateView):
    """Confirm taking a person off the workstream's members (POST does it)."""

    template_name = "staff/confirm.html"

    @cached_property
    def member(self) -> User:
        return get_object_or_404(self.workstream.members.all(), pk=self.kwargs["pk"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.workstream_member_remove(
            workstream=self.workstream, by=self.staff_user, member=self.member
        )
        messages.success(request, _("Member removed."))
        return redirect(self.back_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Remove %(name)s from the workstream?") % {"name": self.member},
            lead=_(
                "They keep their role in the area, and any actions they own. "
                "The workstream’s history records that they left."
            ),
            button=_("Remove"),
            warning=True,
        )
        return context
