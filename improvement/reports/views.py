"""Staff pages of progress reports: list, request, status, the report, its PDF."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from django.views.generic import TemplateView

from sendportal.accounts.models import User
from sendportal.areas.mixins import AreaMixin
from sendportal.areas.mixins import area_from_slug

from ..models import Plan
from ..models import ReportingPeriod
from .forms import ReportRequestForm
from .models import ProgressReport
from .rendering import report_context
from .services import report_publish
from .services import report_request


class ReportAreaMixin(AreaMixin):
    """An area's report pages: only its officers, admins and cabinet members.

    Everyone else, other areas' staff and workstream leads included, is told
    the page does not exist.
    """

    kwargs: dict[str, Any]

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        self.area = area_from_slug(request, kwargs["area_slug"])
        request.staff_area = True  # type: ignore[attr-defined]  # staff navigation
        if not request.user.has_perm("improvement.view_progressreport", self.area):
            raise Http404
        return super(AreaMixin, self).dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_report(self) -> ProgressReport:
        return get_object_or_404(
            ProgressReport.objects.for_area(self.area).select_related(
                "area", "plan", "period", "requested_by"
            ),
            pk=self.kwargs["pk"],
        )


class ReportListView(ReportAreaMixin, TemplateView):
    """Every plan of the area with every version of its reports."""

    template_name = "improvement/reports/report_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plans = list(Plan.objects.for_area(self.area).order_by("title"))
        reports = list(ProgressReport.objects.for_area(self.area).listed())
        context["plans"] = [
            (plan, [r for r in reports if r.plan_id == plan.pk]) for plan in plans
        ]
        context["can_request"] = self.request.user.has_perm(
            "improvement.request_progressreport", self.area
        )
        return context


class ReportRequestView(ReportAreaMixin, FormView[ReportRequestForm]):
    form_class = ReportRequestForm
    template_name = "staff/form_page.html"

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        self.area = area_from_slug(request, kwargs["area_slug"])
        if not request.user.has_perm("improvement.request_progressreport", self.area):
            raise Http404
        self.plan = get_object_or_404(
            Plan.objects.for_area(self.area).select_related("area", "strategy"),
            pk=kwargs["plan_pk"],
        )
        return super().dispatch(request, *args, **kwargs)

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
        user = self.request.user
        if not isinstance(user, User):  # pragma: no cover - the check signed them in
            raise Http404
        report = report_request(
            plan=self.plan,
            period=ReportingPeriod.for_bounds(self.area, form.cleaned_data["period"]),
            executive_summary=form.cleaned_data["executive_summary"],
            next_steps=form.cleaned_data["next_steps"],
            by=user,
        )
        return redirect(report.get_absolute_url())


class ReportDetailView(ReportAreaMixin, TemplateView):
    """The status of a report version (refreshing itself while it renders)."""

    template_name = "improvement/reports/report_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.get_report()
        context.update(
            report=report,
            versions=ProgressReport.objects.filter(
                plan=report.plan_id, period=report.period_id
            ).order_by("-version"),
            can_request=self.request.user.has_perm(
                "improvement.request_progressreport", self.area
            ),
            # A page that reloads itself by surprise fails WCAG 2.2.1, so the
            # refresh is the user's choice, and they can stop it.
            auto_refresh=report.is_pending and self.request.GET.get("refresh") == "1",
        )
        return context


class ReportHtmlView(ReportAreaMixin, TemplateView):
    """The report itself as a web page, drawn from its frozen figures."""

    template_name = "improvement/reports/report_view.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(report_context(self.get_report()))
        return context


def report_pdf(request: HttpRequest, area_slug: str, pk: int) -> FileResponse:
    """The report's PDF, only to those who may read the area's reports."""
    area = area_from_slug(request, area_slug)
    if not request.user.has_perm("improvement.view_progressreport", area):
        raise Http404
    report = get_object_or_404(
        ProgressReport.objects.for_area(area).select_related("period"), pk=pk
    )
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


@require_POST
def report_publish_view(
    request: HttpRequest, area_slug: str, pk: int, publish: bool
) -> HttpResponse:
    """Publish a ready version to the area's public pages, or withdraw it."""
    area = area_from_slug(request, area_slug)
    user = request.user
    if not isinstance(user, User) or not user.has_perm(
        "improvement.request_progressreport", area
    ):
        raise Http404
    report = get_object_or_404(
        ProgressReport.objects.for_area(area).select_related("plan"), pk=pk
    )
    try:
        report_publish(report=report, by=user, publish=publish)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("The report is on the public pages.")
            if publish
            else _("The report is no longer on the public pages."),
        )
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
