"""Progress reports: what cabinet saw for a plan and period, frozen when requested."""

from typing import TYPE_CHECKING
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from improvement.models import Plan
from improvement.models import ReportingPeriod
from sendportal.areas.models import LocalArea
from sendportal.choices import TaggedChoices
from sendportal.choices import tag_colours
from sendportal.plain_english import PublicText

from .storage import private_report_storage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sendportal.accounts.models import User


@tag_colours({"queued": "grey", "rendering": "blue", "ready": "green", "failed": "red"})
class ReportStatus(TaggedChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


PENDING_STATUSES = (ReportStatus.QUEUED, ReportStatus.RENDERING)


def report_pdf_path(report: "ProgressReport", filename: str) -> str:
    return f"reports/{report.area_id}/{report.plan_id}/{filename}"


class ProgressReportQuerySet(models.QuerySet["ProgressReport"]):
    def for_area(self, area: LocalArea | int) -> Self:
        return self.filter(area=area)

    def for_plan(self, plan: Plan | int) -> Self:
        return self.filter(plan=plan)

    def listed(self) -> Self:
        """Newest period first, then every version, newest first."""
        return self.select_related("plan", "period", "requested_by").order_by(
            "plan__title", "-period__start", "-version"
        )

    def published(self) -> Self:
        return self.filter(is_published=True, status=ReportStatus.READY)

    def visible_to(self, user: "User | AnonymousUser") -> Self:
        """Reports of the areas where the user is an officer, admin or cabinet."""
        from sendportal.accounts.models import Role

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            area_id__in=user.area_ids_with_role(
                Role.OFFICER, Role.AREA_ADMIN, Role.CABINET_MEMBER
            )
        )


class ProgressReport(models.Model):
    """A version of the quarterly progress report on a plan, as cabinet saw it."""

    area = models.ForeignKey(
        LocalArea, on_delete=models.PROTECT, related_name="progress_reports"
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="progress_reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="progress_reports"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportStatus,
        default=ReportStatus.QUEUED,
    )
    failure_reason = models.TextField(_("reason it failed"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"))
    # When it was last queued for rendering (requested, or tried again), when
    # its current render began, and how many renders it has had since it was
    # queued: recovery of stalled renders (services.reports_requeue_stale).
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    rendering_started_at = models.DateTimeField(
        _("rendering started"), null=True, blank=True
    )
    render_attempts = models.PositiveSmallIntegerField(_("renders"), default=0)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    executive_summary = models.TextField(
        _("executive summary"), max_length=10000, blank=True
    )
    next_steps = models.TextField(_("next steps"), max_length=5000, blank=True)
    # Every figure the report shows, gathered when it was requested.
    snapshot = models.JSONField(_("figures"), default=dict)
    pdf = models.FileField(
        _("PDF"),
        upload_to=report_pdf_path,
        storage=private_report_storage,
        max_length=300,
        blank=True,
    )
    is_published = models.BooleanField(_("published"), default=False)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-period__start", "-version"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period", "version"],
                name="progress_report_unique_version",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="progress_report_version_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | ~Q(pdf=""),
                name="progress_report_ready_has_pdf",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.period} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse(
            "reports_staff:report_detail",
            kwargs={"area_slug": self.area.slug, "pk": self.pk},
        )

    def public_texts(self) -> list[PublicText]:
        """What the officer wrote for cabinet and, once published, the public."""
        return [
            PublicText(_("Executive summary"), self.executive_summary),
            PublicText(_("Next steps"), self.next_steps),
        ]

    @property
    def status_colour(self) -> str:
        return ReportStatus(self.status).tag_colour

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY

    @property
    def is_failed(self) -> bool:
        return self.status == ReportStatus.FAILED

    def pdf_filename(self) -> str:
        return f"progress-report-{self.period.label}-v{self.version}.pdf".replace(
            "/", "-"
        ).replace(" ", "-")
