"""Staff pages of progress reports: list, request, status, the report, its PDF."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import FormView
from django.views.generic import TemplateView
from django.views.generic import View

from sendportal.areas.mixins import AreaMixin
from sendportal.areas.mixins import StaffAreaMixin
from sendportal.areas.mixins import StaffObjectMixin
from sendportal.form_views import WordingCheckMixin
from sendportal.plain_english import needing_attention

from ..models import Plan
from ..models import ReportingPeriod
from ..staff_views import PlanObjectMixin
from .forms import ReportRequestForm
from .models import ProgressReport
from .rendering import report_context
from .services import report_publish
from .services import report_request
from .services import report_retry

# Officers, area admins and cabinet members read an area's reports; workstream
# leads and everyone else are refused (see `permissions.py`).
READ = "improvement.view_progressreport"
# Only officers and area admins request, publish or withdraw one.
REQUEST = "improvement.request_progressreport"
# Readers may have a failed PDF made again.
RETRY = "improvement.retry_progressreport"
RETRY_MESSAGE = _lazy(
    "The PDF is being made again. You will get an email when it is ready."
)


class ReportListView(StaffAreaMixin, TemplateView):
    """Every plan of the area with every version of its reports."""

    permission_required = READ
    template_name = "improvement/reports/report_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plans = list(Plan.objects.for_area(self.area).order_by("title"))
        reports = list(ProgressReport.objects.for_area(self.area).listed())
        context["plans"] = [
            (plan, [r for r in reports if r.plan_id == plan.pk]) for plan in plans
        ]
        context["can_request"] = self.can(REQUEST)
        return context


class ReportRequestView(
    PlanObjectMixin, WordingCheckMixin, FormView[ReportRequestForm]
):
    """Ask for a new report of one plan of the area."""

    permission_required = REQUEST
    form_class = ReportRequestForm
    template_name = "staff/form_page.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(area_id=self.area.pk, today=timezone.localdate())
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Request a progress report"),
            caption=self.plan.title,
            lead=_(
                "The report shows the plan’s figures as they are when you ask for "
                "it. It is made in the background: you will get an email when the "
                "PDF is ready."
            ),
            back_url=self.back_url(),
        )
        return context

    def back_url(self) -> str:
        return reverse("reports_staff:report_list", args=[self.area.slug])

    def form_valid(self, form: ReportRequestForm) -> HttpResponse:
        report = report_request(
            plan=self.plan,
            period=ReportingPeriod.for_bounds(self.area, form.cleaned_data["period"]),
            executive_summary=form.cleaned_data["executive_summary"],
            next_steps=form.cleaned_data["next_steps"],
            by=self.staff_user,
        )
        return redirect(report.get_absolute_url())


class ReportObjectMixin(StaffObjectMixin[ProgressReport]):
    """A page about one report version of the area (404 for another area's)."""

    permission_required = READ

    def get_object_queryset(self) -> QuerySet[ProgressReport]:
        return ProgressReport.objects.for_area(self.area).select_related(
            "area", "plan", "period", "requested_by"
        )

    @property
    def report(self) -> ProgressReport:
        return self.staff_object


class ReportDetailView(ReportObjectMixin, TemplateView):
    """The status of a report version (refreshing itself while it renders)."""

    template_name = "improvement/reports/report_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.report
        context.update(
            report=report,
            versions=ProgressReport.objects.filter(
                plan=report.plan_id, period=report.period_id
            ).order_by("-version"),
            can_request=self.can(REQUEST),
            can_retry=report.is_failed and self.can(RETRY, report),
            wording_summary=needing_attention(report.public_texts()),
            # A page that reloads itself by surprise fails WCAG 2.2.1, so the
            # refresh is the user's choice, and they can stop it.
            auto_refresh=report.is_pending and self.request.GET.get("refresh") == "1",
        )
        return context


class ReportHtmlView(ReportObjectMixin, TemplateView):
    """The report itself as a web page, drawn from its frozen figures."""

    template_name = "improvement/reports/report_view.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(report_context(self.report))
        return context


class ReportPdfView(ReportObjectMixin, View):
    """The report's PDF, once it is ready."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        report = self.report
        if not report.is_ready or not report.pdf:
            raise Http404
        response = FileResponse(
            report.pdf.open("rb"),
            as_attachment=True,
            filename=report.pdf_filename(),
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response


class ReportPublishView(ReportObjectMixin, View):
    """Publish a ready version to the area's public pages, or withdraw it.

    `publish` is set by the URL; both need the same permission.
    """

    permission_required = REQUEST
    http_method_names = ["post"]
    publish = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self.report
        try:
            report_publish(report=report, by=self.staff_user, publish=self.publish)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("The report is on the public pages.")
                if self.publish
                else _("The report is no longer on the public pages."),
            )
        return redirect(report.get_absolute_url())


class ReportRetryView(ReportObjectMixin, View):
    """Make a failed report's PDF again, from the figures frozen when requested."""

    permission_required = RETRY
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self.report
        try:
            report_retry(report=report, by=self.staff_user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, RETRY_MESSAGE)
        return redirect(report.get_absolute_url())


@method_decorator(login_not_required, name="dispatch")
class PublishedReportListView(AreaMixin, TemplateView):
    """The area's published progress reports, for anyone."""

    template_name = "improvement/reports/published_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["reports"] = (
            ProgressReport.objects.for_area(self.area).published().listed()
        )
        return context


@method_decorator(login_not_required, name="dispatch")
class PublishedReportView(AreaMixin, TemplateView):
    """A published report, with small counts of people suppressed."""

    template_name = "improvement/reports/published_view.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = get_object_or_404(
            ProgressReport.objects.for_area(self.area)
            .published()
            .select_related("area", "plan", "period"),
            pk=self.kwargs["pk"],
        )
        context.update(report_context(report, public=True))
        return context
