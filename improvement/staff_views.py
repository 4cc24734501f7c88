"""Staff dashboards of improvement plans: overview, workstreams, actions, KPIs,
and the pages that add and change a plan's rows."""

import uuid
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar
from typing import Generic
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Count
from django.db.models import QuerySet
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from django.views.generic import FormView
from django.views.generic import ListView
from django.views.generic import TemplateView

from sendportal.areas.mixins import StaffAreaMixin
from sendportal.areas.mixins import StaffObjectMixin
from sendportal.form_views import ServiceFormMixin
from sendportal.params import int_param

from . import imports
from . import services
from .dashboards import actions_by_priority
from .dashboards import finance_summary
from .dashboards import kpi_rows
from .forms import ActionForm
from .forms import ActionUpdateForm
from .forms import KpiForm
from .forms import KpiValueForm
from .forms import PlanForm
from .forms import ProgressImportForm
from .forms import WorkstreamForm
from .forms import WorkstreamRagForm
from .link_forms import ActionThemesForm
from .models import Action
from .models import ActionEvidence
from .models import ActionTheme
from .models import ActionUpdate
from .models import FinanceLine
from .models import Kpi
from .models import KpiValue
from .models import Plan
from .models import ReportingPeriod
from .models import Workstream
from .tasks import IMPORT_FOLDER

R = TypeVar("R", Workstream, Action, Kpi)


class FormPageMixin:
    """The shared staff form page: title, caption and where Back goes."""

    page_title: ClassVar[str | Any] = ""

    if TYPE_CHECKING:
        # Each page says these (the mixin comes first, so no defaults here).
        def page_caption(self) -> str: ...

        def back_url(self) -> str: ...

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]  # a view's
        context.update(
            title=str(self.page_title),
            caption=self.page_caption(),
            back_url=self.back_url(),
        )
        return context


class PlanListView(StaffAreaMixin, ListView[Plan]):
    permission_required = "areas.view_staff_area"
    template_name = "improvement/staff/plan_list.html"
    context_object_name = "plans"

    def get_queryset(self) -> QuerySet[Plan]:
        return (
            Plan.objects.for_area(self.area)
            .select_related("strategy")
            .annotate(action_count=Count("actions"))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.can("improvement.add_plan", self.area)
        context["create_url"] = reverse(
            "improvement_staff:plan_create", kwargs={"area_slug": self.area.slug}
        )
        return context


class PlanObjectMixin(StaffObjectMixin[Plan]):
    """A page of one plan of the area (404 for another area's)."""

    permission_required = "improvement.view_plan"
    pk_url_kwarg = "plan_pk"

    def get_object_queryset(self) -> QuerySet[Plan]:
        return Plan.objects.for_area(self.area).select_related("area", "strategy")

    @property
    def plan(self) -> Plan:
        return self.staff_object

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        context["can_manage"] = self.can("improvement.manage_plan", self.plan)
        return context


class PlanRowMixin(PlanObjectMixin, Generic[R]):
    """A page of one workstream, action or KPI of the plan, named by `pk`.

    The row is loaded through the plan (404 when it is another plan's) and the
    permissions are checked on the row, so a lead's rights follow the
    workstream the row belongs to.
    """

    def get_row_queryset(self) -> QuerySet[R]:
        raise ImproperlyConfigured(
            f"{type(self).__name__} must define get_row_queryset()."
        )

    @cached_property
    def plan_row(self) -> R:
        return get_object_or_404(self.get_row_queryset(), pk=self.kwargs["pk"])

    def get_permission_object(self) -> models.Model | None:
        return self.plan_row


class PlanDetailView(PlanObjectMixin, TemplateView):
    """The plan overview: RAG counts by priority, overdue and un-updated actions."""

    template_name = "improvement/staff/plan_detail.html"
    pk_url_kwarg = "pk"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        period = self.plan.update_period(on=today)
        actions = list(
            Action.objects.for_plan(self.plan)
            .active()
            .for_dashboard()
            .with_update_since(period.start)
        )
        priorities = list(self.plan.strategy.priorities.all())
        context["groups"] = actions_by_priority(
            self.plan, actions, today=today, priorities=priorities
        )
        context["period"] = period
        context["overdue"] = [a for a in actions if a.is_overdue(today)]
        context["not_updated"] = [
            a
            for a in actions
            if not a.updated_this_period  # type: ignore[attr-defined]
            and not a.is_finished
        ]
        context["workstreams"] = list(
            self.plan.workstreams.active()
            .select_related("lead")
            .annotate(action_count=Count("actions"))
        )
        context["action_count"] = len(actions)
        context["retired_actions"] = list(
            Action.objects.for_plan(self.plan).retired().order_by("sort_key")
        )
        context["retired_workstreams"] = list(self.plan.workstreams.retired())
        return context


class WorkstreamDetailView(PlanRowMixin[Workstream], TemplateView):
    template_name = "improvement/staff/workstream_detail.html"

    def get_row_queryset(self) -> QuerySet[Workstream]:
        return (
            Workstream.objects.for_plan(self.plan)
            .select_related("lead", "plan")
            .prefetch_related("members", "priorities")
        )

    @property
    def workstream(self) -> Workstream:
        return self.plan_row

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        actions = list(
            self.workstream.actions.active()
            .for_dashboard()
            .with_update_since(self.plan.update_period(on=today).start)
        )
        for action in actions:
            action.overdue = action.is_overdue(today)  # type: ignore[attr-defined]
        kpis = list(self.workstream.kpis.active())
        context.update(
            workstream=self.workstream,
            actions=actions,
            kpi_rows=kpi_rows(kpis),
            can_update=self.can("improvement.update_workstream", self.workstream),
        )
        return context


class WorkstreamRagView(
    PlanRowMixin[Workstream],
    ServiceFormMixin[WorkstreamRagForm],
    FormView[WorkstreamRagForm],
):
    permission_required = "improvement.update_workstream"
    form_class = WorkstreamRagForm
    template_name = "staff/form_page.html"

    def get_row_queryset(self) -> QuerySet[Workstream]:
        return Workstream.objects.for_plan(self.plan).select_related("plan")

    @property
    def workstream(self) -> Workstream:
        return self.plan_row

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET":
            kwargs["initial"] = {
                "rag": self.workstream.rag,
                "rag_reason": self.workstream.rag_reason,
                "mitigation": self.workstream.mitigation,
                "impact_if_not_mitigated": self.workstream.impact_if_not_mitigated,
            }
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Rate the workstream"),
            caption=str(self.workstream),
            back_url=self.workstream.get_staff_url(),
        )
        return context

    success_message = _("Workstream rating saved.")

    def perform(self, form: WorkstreamRagForm) -> Workstream:
        return services.workstream_rag_set(
            workstream=self.workstream, by=self.staff_user, **form.cleaned_data
        )

    def success_url_for(self, result: Workstream) -> str:
        return self.workstream.get_staff_url()


class ActionDetailView(
    PlanRowMixin[Action], ServiceFormMixin[ActionUpdateForm], FormView[ActionUpdateForm]
):
    """An action, its RAG history, and (for those who may) the update form."""

    # Everyone of the area reads the action; a lead updates only their own.
    post_permission_required = "improvement.update_action"
    form_class = ActionUpdateForm
    template_name = "improvement/staff/action_detail.html"

    def get_row_queryset(self) -> QuerySet[Action]:
        return (
            Action.objects.for_plan(self.plan)
            .select_related("plan__area", "workstream__lead", "priority", "owner")
            .select_related("lead_partner")
            .prefetch_related("milestones")
        )

    @property
    def action(self) -> Action:
        return self.plan_row

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET":
            kwargs["initial"] = {"rag": self.action.rag, "status": self.action.status}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        can_update = self.can("improvement.update_action", self.action)
        context.update(
            action=self.action,
            updates=ActionUpdate.objects.for_action(self.action),
            can_update=can_update,
            overdue=self.action.is_overdue(timezone.localdate()),
            theme_links=list(ActionTheme.objects.for_action(self.action)),
            evidence=list(ActionEvidence.objects.for_action(self.action)),
            themes_form=ActionThemesForm(action=self.action) if can_update else None,
        )
        return context

    success_message = _("Update recorded.")

    def perform(self, form: ActionUpdateForm) -> ActionUpdate:
        return services.action_update_record(
            action=self.action, by=self.staff_user, **form.cleaned_data
        )

    def success_url_for(self, result: ActionUpdate) -> str:
        return self.action.get_staff_url()


class KpiListView(PlanObjectMixin, TemplateView):
    template_name = "improvement/staff/kpi_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kpis = list(
            Kpi.objects.for_plan(self.plan).active().select_related("plan__area")
        )
        context["kpi_rows"] = kpi_rows(kpis)
        context["retired_kpis"] = list(Kpi.objects.for_plan(self.plan).retired())
        return context


class KpiDetailView(
    PlanRowMixin[Kpi], ServiceFormMixin[KpiValueForm], FormView[KpiValueForm]
):
    """A KPI's trend chart against target and England, and its value form."""

    # Everyone of the area reads the KPI; a lead enters values only for the
    # KPIs of their own workstream (none for a KPI of no workstream).
    post_permission_required = "improvement.record_kpi"
    form_class = KpiValueForm
    template_name = "improvement/staff/kpi_detail.html"

    def get_row_queryset(self) -> QuerySet[Kpi]:
        return Kpi.objects.for_plan(self.plan).select_related(
            "plan__area", "workstream", "priority"
        )

    @property
    def kpi(self) -> Kpi:
        return self.plan_row

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["kpi"] = self.kpi
        kwargs["today"] = timezone.localdate()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        row = kpi_rows([self.kpi])[0]
        groups = list(
            KpiValue.objects.filter(kpi=self.kpi)
            .exclude(breakdown="")
            .select_related("period")
            .order_by("-period__start", "breakdown", "breakdown_value")
        )
        latest_groups = [g for g in groups if g.period_id == groups[0].period_id]
        context.update(
            kpi=self.kpi,
            row=row,
            chart=row.chart(),
            can_record=self.can("improvement.record_kpi", self.kpi),
            breakdown=latest_groups if groups else [],
            breakdowns=list(self.kpi.breakdowns.all()),
        )
        return context

    success_message = _("Value saved.")

    def perform(self, form: KpiValueForm) -> KpiValue:
        period = ReportingPeriod.for_bounds(self.area, form.period_bounds())
        group = form.breakdown_group()
        return services.kpi_value_record(
            kpi=self.kpi,
            by=self.staff_user,
            period=period,
            value=form.cleaned_data["value"],
            status=form.cleaned_data["status"],
            commentary=form.cleaned_data["commentary"],
            breakdown=group.breakdown if group else "",
            breakdown_value=group.group if group else "",
        )

    def success_url_for(self, result: KpiValue) -> str:
        return self.kpi.get_staff_url()


class FinanceView(PlanObjectMixin, TemplateView):
    template_name = "improvement/staff/finance.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        summary = finance_summary(self.plan)
        context.update(
            lines=list(self.plan.finance_lines.active()),
            period=summary.period,
            rows=summary.rows,
            totals=summary.totals,
            history=summary.history,
        )
        return context


class PlanConfirmView(PlanObjectMixin, TemplateView):
    """Confirm publishing or withdrawing the public progress page (POST does it)."""

    # Publishing and withdrawing need the same permission, so one declaration
    # serves both addresses (`publish` is set by the URL).
    permission_required = "improvement.manage_plan"
    template_name = "staff/confirm.html"
    pk_url_kwarg = "pk"
    publish = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        service = services.plan_publish if self.publish else services.plan_unpublish
        try:
            service(plan=self.plan, by=self.staff_user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.plan.get_staff_url())
        messages.success(
            request,
            _("Progress published.") if self.publish else _("Progress withdrawn."),
        )
        return redirect(self.plan.get_staff_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.publish:
            title = _("Publish progress on this plan?")
            lead = _(
                "Families will see each priority’s actions with their RAG ratings, "
                "and the KPIs marked as public."
            )
            button = _("Publish progress")
        else:
            title = _("Take the progress page off the public pages?")
            lead = _("Families will no longer see progress on this plan.")
            button = _("Withdraw progress")
        context.update(
            title=title,
            lead=lead,
            button=button,
            warning=not self.publish,
            caption=str(self.plan),
            back_url=self.plan.get_staff_url(),
        )
        return context


IMPORT_SESSION_KEY = "improvement_imports"


class ImportView(PlanObjectMixin, FormView[ProgressImportForm]):
    """Upload a spreadsheet of KPI values or action updates; check it first."""

    permission_required = "improvement.manage_plan"
    form_class = ProgressImportForm
    template_name = "improvement/staff/import_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["back_url"] = self.plan.get_staff_url()
        return context

    def form_valid(self, form: ProgressImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        content = upload.read()
        kind = form.cleaned_data["kind"]
        try:
            dataset = imports.read_dataset(content, form.extension)
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        outcome = imports.progress_import(
            plan=self.plan, by=self.staff_user, kind=kind, dataset=dataset, dry_run=True
        )
        if not outcome.ok:
            form.add_error(
                "file",
                _("The file has %(count)s problem(s). Nothing was imported.")
                % {"count": len(outcome.errors)},
            )
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=outcome.errors[:50])
            )
        token = uuid.uuid4().hex
        name = default_storage.save(
            f"{IMPORT_FOLDER}/{token}.{form.extension}", ContentFile(content)
        )
        pending = self.request.session.get(IMPORT_SESSION_KEY, {})
        pending[token] = {
            "name": name,
            "kind": kind,
            "plan": self.plan.pk,
            "extension": form.extension,
        }
        self.request.session[IMPORT_SESSION_KEY] = pending
        return redirect(
            "improvement_staff:import_confirm",
            area_slug=self.area.slug,
            plan_pk=self.plan.pk,
            token=token,
        )


class ImportConfirmView(PlanObjectMixin, TemplateView):
    """Preview a checked file, then import it (POST)."""

    permission_required = "improvement.manage_plan"
    template_name = "improvement/staff/import_confirm.html"

    @cached_property
    def item(self) -> dict[str, Any]:
        """The checked file this user uploaded for this plan (404 otherwise)."""
        pending = self.request.session.get(IMPORT_SESSION_KEY, {})
        item = pending.get(self.kwargs["token"])
        if not item or item["plan"] != self.plan.pk:
            raise Http404
        return dict(item)

    def _outcome(self, item: dict[str, Any], *, dry_run: bool) -> Any:
        with default_storage.open(item["name"], "rb") as handle:
            content = handle.read()
        dataset = imports.read_dataset(content, item["extension"])
        return imports.progress_import(
            plan=self.plan,
            by=self.staff_user,
            kind=item["kind"],
            dataset=dataset,
            dry_run=dry_run,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.item
        outcome = self._outcome(item, dry_run=False)
        pending = request.session.get(IMPORT_SESSION_KEY, {})
        pending.pop(self.kwargs["token"], None)
        request.session[IMPORT_SESSION_KEY] = pending
        default_storage.delete(item["name"])
        if outcome.ok:
            messages.success(
                request,
                ngettext(
                    "Imported %(count)s row.", "Imported %(count)s rows.", outcome.rows
                )
                % {"count": outcome.rows},
            )
        else:
            messages.error(
                request,
                _("Nothing was imported: the data changed since the check. %(error)s")
                % {"error": outcome.errors[0]},
            )
        return redirect(self.plan.get_staff_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            outcome=self._outcome(self.item, dry_run=True),
            kind=self.item["kind"],
            back_url=reverse(
                "improvement_staff:import",
                kwargs={"area_slug": self.area.slug, "plan_pk": self.plan.pk},
            ),
        )
        return context


class PlanCreateView(StaffAreaMixin, ServiceFormMixin[PlanForm], FormView[PlanForm]):
    """Start an improvement plan for one of the area's strategies."""

    permission_required = "improvement.add_plan"
    form_class = PlanForm
    template_name = "staff/form_page.html"
    success_message = _("Plan created. Add its workstreams and actions next.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["area"] = self.area
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Set up an improvement plan"),
            caption=self.area.name,
            back_url=reverse(
                "improvement_staff:plan_list", kwargs={"area_slug": self.area.slug}
            ),
        )
        return context

    def perform(self, form: PlanForm) -> Plan:
        return services.plan_create(
            area=self.area, by=self.staff_user, data=form.cleaned_data
        )

    def success_url_for(self, result: Plan) -> str:
        return result.get_staff_url()


class PlanUpdateView(PlanObjectMixin, ServiceFormMixin[PlanForm], FormView[PlanForm]):
    """Change a plan's title, board, update rhythm and start."""

    permission_required = "improvement.manage_plan"
    pk_url_kwarg = "pk"
    form_class = PlanForm
    template_name = "staff/form_page.html"
    success_message = _("Plan saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(area=self.area, plan=self.plan)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Edit the plan"),
            caption=str(self.plan),
            back_url=self.plan.get_staff_url(),
        )
        return context

    def perform(self, form: PlanForm) -> Plan:
        return services.plan_update(
            plan=self.plan, by=self.staff_user, data=form.cleaned_data
        )

    def success_url_for(self, result: Plan) -> str:
        return result.get_staff_url()


class PlanRowCreateView(
    FormPageMixin, PlanObjectMixin, ServiceFormMixin[Any], FormView[Any]
):
    """Add a row (a workstream, action, KPI or finance line) to the plan.

    A page declares its `form_class` (given the plan when `form_takes_plan`),
    the service that adds the row (`create`, called with the plan, the person
    and the form's data), its `page_title` and `success_message`. Back goes to
    the plan unless `back_url` says otherwise; the new row's page comes next.
    """

    permission_required = "improvement.manage_plan"
    template_name = "staff/form_page.html"
    form_takes_plan: ClassVar[bool] = True
    create: ClassVar[Callable[..., Any]]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.form_takes_plan:
            kwargs["plan"] = self.plan
        return kwargs

    def page_caption(self) -> str:
        return str(self.plan)

    def back_url(self) -> str:
        return self.plan.get_staff_url()

    def perform(self, form: Any) -> Any:
        return self.create(plan=self.plan, by=self.staff_user, data=form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return str(result.get_staff_url())


class PlanRowChangeView(
    FormPageMixin, PlanRowMixin[Any], ServiceFormMixin[Any], FormView[Any]
):
    """Change what a row of the plan is; its history is recorded elsewhere.

    Besides what `PlanRowCreateView` declares, a page names the `row_model`
    and `row_name`, the keyword its form and its `change` service know the
    row by (`action` for `action_change(action=...)`).
    """

    permission_required = "improvement.manage_plan"
    template_name = "staff/form_page.html"
    form_takes_plan: ClassVar[bool] = True
    row_model: ClassVar[type[Workstream | Action | Kpi | FinanceLine]]
    row_name: ClassVar[str]
    row_prefetch: ClassVar[tuple[str, ...]] = ()
    change: ClassVar[Callable[..., Any]]

    def get_row_queryset(self) -> QuerySet[Any]:
        return (
            self.row_model.objects.for_plan(self.plan)
            .select_related("plan__area")
            .prefetch_related(*self.row_prefetch)
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.form_takes_plan:
            kwargs["plan"] = self.plan
        kwargs[self.row_name] = self.plan_row
        return kwargs

    def page_caption(self) -> str:
        return str(self.plan_row)

    def back_url(self) -> str:
        return str(self.plan_row.get_staff_url())

    def perform(self, form: Any) -> Any:
        return self.change(
            **{self.row_name: self.plan_row},
            by=self.staff_user,
            data=form.cleaned_data,
        )

    def success_url_for(self, result: Any) -> str:
        return str(result.get_staff_url())


class WorkstreamCreateView(PlanRowCreateView):
    """Add a workstream (impact group) to the plan and name its lead."""

    form_class = WorkstreamForm
    create = staticmethod(services.workstream_create)
    page_title = gettext_lazy("Add a workstream")
    success_message = gettext_lazy("Workstream added.")


class WorkstreamUpdateView(PlanRowChangeView):
    """Rename a workstream, change its lead or the priorities it covers."""

    form_class = WorkstreamForm
    row_model = Workstream
    row_name = "workstream"
    row_prefetch = ("priorities",)
    change = staticmethod(services.workstream_update)
    page_title = gettext_lazy("Edit the workstream")
    success_message = gettext_lazy("Workstream saved.")


class ActionCreateView(PlanRowCreateView):
    """Add a numbered action to the plan (to a workstream chosen beforehand)."""

    form_class = ActionForm
    create = staticmethod(services.action_create)
    page_title = gettext_lazy("Add an action")
    success_message = gettext_lazy("Action added.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        workstream = int_param(self.request.GET, "workstream")
        if self.request.method == "GET" and workstream is not None:
            kwargs["initial"] = {"workstream": workstream}
        return kwargs


class ActionChangeView(PlanRowChangeView):
    """Change what an action is (its progress is recorded on its own page)."""

    form_class = ActionForm
    row_model = Action
    row_name = "action"
    change = staticmethod(services.action_change)
    page_title = gettext_lazy("Edit the action")
    success_message = gettext_lazy("Action saved.")


class KpiCreateView(PlanRowCreateView):
    """Add a performance indicator to the plan."""

    form_class = KpiForm
    create = staticmethod(services.kpi_create)
    page_title = gettext_lazy("Add a KPI")
    success_message = gettext_lazy("KPI added. Record its values on its page.")

    def back_url(self) -> str:
        return reverse(
            "improvement_staff:kpi_list",
            kwargs={"area_slug": self.area.slug, "plan_pk": self.plan.pk},
        )


class KpiChangeView(PlanRowChangeView):
    """Change a KPI's definition (its values are entered on its own page)."""

    form_class = KpiForm
    row_model = Kpi
    row_name = "kpi"
    change = staticmethod(services.kpi_change)
    page_title = gettext_lazy("Edit the KPI")
    success_message = gettext_lazy("KPI saved.")
