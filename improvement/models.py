"""Improvement plans: workstreams, numbered actions with RAG history, KPIs, finance."""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from typing import Any
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sendportal.areas.models import LocalArea
from sendportal.areas.models import PartnerOrganisation
from strategies.models import PUBLIC_STATUSES
from strategies.models import Priority
from strategies.models import Strategy

from .periods import PeriodBounds
from .periods import PeriodType

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sendportal.accounts.models import User


class Rag(models.TextChoices):
    """Blue-red-amber-green rating of an action or workstream (code list 4.9)."""

    BLUE = "blue", _("Blue: complete")
    GREEN = "green", _("Green: on track")
    AMBER = "amber", _("Amber: at risk")
    RED = "red", _("Red: off track")
    GREY = "grey", _("Grey: not started")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETE = "complete", _("Complete")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed or superseded")


FINISHED_STATUSES = (ActionStatus.COMPLETE, ActionStatus.CLOSED)


class PlanQuerySet(models.QuerySet["Plan"]):
    def for_area(self, area: LocalArea | int) -> Self:
        return self.filter(area=area)

    def published(self) -> Self:
        """Plans families may follow: published, of a strategy that is public."""
        return self.filter(is_published=True, strategy__status__in=PUBLIC_STATUSES)

    def visible_to(self, user: "User | AnonymousUser") -> Self:
        """Published plans, plus every plan of the areas the user works in."""
        if not user.is_authenticated:
            return self.published()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(is_published=True, strategy__status__in=PUBLIC_STATUSES)
            | Q(area_id__in=user.area_ids_with_role())
        )


class Plan(models.Model):
    """The improvement plan that delivers a strategy, overseen by a board."""

    area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="plans")
    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("title"), max_length=200)
    board = models.CharField(
        _("governance board"),
        max_length=200,
        help_text=_("For example, SEND Partnership Board."),
    )
    update_period_type = models.CharField(
        _("actions are updated every"),
        max_length=20,
        choices=PeriodType,
        default=PeriodType.MONTH,
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["area", "title"]
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "title"], name="plan_title_unique_in_strategy"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "improvement:progress",
            kwargs={"area_slug": self.area.slug, "strategy_pk": self.strategy_id},
        )

    def clean(self) -> None:
        if self.strategy_id and self.area_id and self.strategy.area_id != self.area_id:
            raise ValidationError(
                {"strategy": _("The strategy must belong to the same local area.")}
            )

    def get_staff_url(self) -> str:
        return reverse(
            "improvement_staff:plan_detail",
            kwargs={"area_slug": self.area.slug, "pk": self.pk},
        )

    @property
    def is_public(self) -> bool:
        return self.is_published and self.strategy.status in PUBLIC_STATUSES


class BoardMeeting(models.Model):
    """A meeting of the plan's board, which reviews the actions' RAG ratings."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["plan", "date"]
        verbose_name = _("board meeting")
        verbose_name_plural = _("board meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "date"], name="board_meeting_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.board} {self.date:%d %b %Y}"


class ReportingPeriodQuerySet(models.QuerySet["ReportingPeriod"]):
    def for_area(self, area: LocalArea | int) -> Self:
        return self.filter(area=area)

    def of_type(self, period_type: str) -> Self:
        return self.filter(period_type=period_type)


class ReportingPeriod(models.Model):
    """A month, financial quarter or school year that values are reported for."""

    area = models.ForeignKey(
        LocalArea, on_delete=models.CASCADE, related_name="reporting_periods"
    )
    period_type = models.CharField(_("type"), max_length=20, choices=PeriodType)
    label = models.CharField(_("label"), max_length=40)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["area", "period_type", "start"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="period_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["area", "period_type", "start"],
                name="period_unique_start",
            ),
            models.UniqueConstraint(
                fields=["area", "period_type", "label"],
                name="period_unique_label",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @classmethod
    def for_bounds(cls, area: LocalArea | int, bounds: PeriodBounds) -> Self:
        """The area's row for a computed period, created the first time it is used."""
        area_id = area if isinstance(area, int) else area.pk
        period, _created = cls.objects.get_or_create(
            area_id=area_id,
            period_type=bounds.period_type,
            start=bounds.start,
            defaults={"end": bounds.end, "label": bounds.label},
        )
        return period  # type: ignore[return-value]  # get_or_create returns cls


class WorkstreamQuerySet(models.QuerySet["Workstream"]):
    def for_plan(self, plan: Plan | int) -> Self:
        return self.filter(plan=plan)


class Workstream(models.Model):
    """An impact group or workstream, delivering some of the plan's actions."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="workstreams")
    name = models.CharField(_("name"), max_length=200)
    priorities = models.ManyToManyField(
        Priority,
        blank=True,
        related_name="workstreams",
        verbose_name=_("priorities covered"),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_workstreams",
        verbose_name=_("lead"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="workstreams",
        verbose_name=_("members"),
    )
    rag = models.CharField(
        _("overall RAG"), max_length=10, choices=Rag, default=Rag.GREY
    )
    rag_reason = models.TextField(_("reason for RAG"), max_length=2000, blank=True)
    mitigation = models.TextField(_("steps to mitigate"), max_length=2000, blank=True)
    impact_if_not_mitigated = models.TextField(
        _("impact if not mitigated"), max_length=2000, blank=True
    )
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = WorkstreamQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "sort", "name"]
        verbose_name = _("workstream")
        verbose_name_plural = _("workstreams")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"], name="workstream_name_unique_in_plan"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def area_id(self) -> int:
        return self.plan.area_id

    def get_staff_url(self) -> str:
        return reverse(
            "improvement_staff:workstream_detail",
            kwargs={
                "area_slug": self.plan.area.slug,
                "plan_pk": self.plan_id,
                "pk": self.pk,
            },
        )


def effective_due_expression() -> Coalesce:
    return Coalesce("revised_due_date", "due_date")


class ActionQuerySet(models.QuerySet["Action"]):
    def for_plan(self, plan: Plan | int) -> Self:
        return self.filter(plan=plan)

    def open(self) -> Self:
        return self.exclude(status__in=FINISHED_STATUSES)

    def overdue(self, *, on: datetime.date) -> Self:
        """Unfinished actions whose (revised) due date had passed by `on`."""
        return (
            self.open()
            .alias(effective_due=effective_due_expression())
            .filter(effective_due__lt=on)
        )

    def with_update_since(self, since: datetime.date) -> Self:
        """Annotate `updated_this_period`: an update was recorded on/after `since`."""
        return self.annotate(
            updated_this_period=Exists(
                ActionUpdate.objects.filter(
                    action=OuterRef("pk"), created_at__date__gte=since
                )
            )
        )

    def without_update_since(self, since: datetime.date) -> Self:
        """Actions with no update recorded on or after `since`."""
        return self.exclude(
            Exists(
                ActionUpdate.objects.filter(
                    action=OuterRef("pk"), created_at__date__gte=since
                )
            )
        )

    def for_dashboard(self) -> Self:
        return self.select_related(
            "workstream", "priority", "owner", "lead_partner"
        ).order_by("priority__number", "sort_key", "reference")


class Action(models.Model):
    """A numbered action of the plan ("2.3"), with an owner and a due date."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    workstream = models.ForeignKey(
        Workstream, on_delete=models.PROTECT, related_name="actions"
    )
    priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_actions",
    )
    reference = models.CharField(_("reference"), max_length=20)
    # "2.10" sorts after "2.9": the reference split into zero-padded numbers.
    sort_key = models.CharField(max_length=60, editable=False, default="")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    lead_partner = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_actions",
        verbose_name=_("lead partner"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name=_("owner"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"))
    revised_due_date = models.DateField(_("revised due date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionStatus,
        default=ActionStatus.NOT_STARTED,
    )
    rag = models.CharField(_("RAG"), max_length=10, choices=Rag, default=Rag.GREY)
    success_measure = models.TextField(
        _("success measure"), max_length=2000, blank=True
    )
    is_wsoa = models.BooleanField(
        _("in the written statement of action"), default=False
    )
    is_pap = models.BooleanField(_("in the priority action plan"), default=False)
    last_updated_at = models.DateTimeField(_("last update"), null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "sort_key", "reference"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"], name="action_reference_unique_in_plan"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(due_date__gte=F("start_date")),
                name="action_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_key = reference_sort_key(self.reference)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if (
            self.workstream_id
            and self.plan_id
            and self.workstream.plan_id != self.plan_id
        ):
            raise ValidationError(
                {"workstream": _("The workstream must belong to the same plan.")}
            )
        priority = self.priority if self.priority_id else None
        if (
            priority is not None
            and self.plan_id
            and priority.strategy_id != self.plan.strategy_id
        ):
            raise ValidationError(
                {"priority": _("The priority must be one of the plan’s strategy.")}
            )

    @property
    def area_id(self) -> int:
        return self.plan.area_id

    @property
    def effective_due_date(self) -> datetime.date:
        return self.revised_due_date or self.due_date

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    def is_overdue(self, on: datetime.date) -> bool:
        """Unfinished on `on`, with the (revised) due date already past."""
        return not self.is_finished and self.effective_due_date < on

    def get_staff_url(self) -> str:
        return reverse(
            "improvement_staff:action_detail",
            kwargs={
                "area_slug": self.plan.area.slug,
                "plan_pk": self.plan_id,
                "pk": self.pk,
            },
        )


def reference_sort_key(reference: str) -> str:
    parts = reference.replace("-", ".").split(".")
    return ".".join(part.zfill(4) if part.isdigit() else part for part in parts)[:60]


class Milestone(models.Model):
    """A step towards an action, with its own date."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["action", "due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class ActionUpdateQuerySet(models.QuerySet["ActionUpdate"]):
    def for_action(self, action: Action | int) -> Self:
        return self.filter(action=action).select_related("created_by", "period")


class ActionUpdate(models.Model):
    """A progress report on an action: its RAG history, never overwritten."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_updates",
    )
    rag = models.CharField(_("RAG"), max_length=10, choices=Rag)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus)
    narrative = models.TextField(_("progress"), max_length=5000)
    next_steps = models.TextField(_("next steps"), max_length=3000, blank=True)
    evidence = models.TextField(_("evidence"), max_length=3000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), db_index=True)

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["action", "-created_at", "-pk"]
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")

    def __str__(self) -> str:
        return f"{self.action.reference} {self.get_rag_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError(
                _("An update cannot be changed. Record a new update instead."),
                code="immutable",
            )
        super().save(*args, **kwargs)


class Unit(models.TextChoices):
    PERCENT = "percent", _("Percentage")
    COUNT = "count", _("Count")
    RATE_PER_100 = "rate_100", _("Rate per 100")
    RATE_PER_10000 = "rate_10000", _("Rate per 10,000")
    WEEKS = "weeks", _("Weeks")
    GBP_M = "gbp_m", _("£ million")


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher", _("Higher is better")
    LOWER_BETTER = "lower", _("Lower is better")
    CONTEXT = "context", _("Context only (not RAG rated)")


class KpiQuerySet(models.QuerySet["Kpi"]):
    def for_plan(self, plan: Plan | int) -> Self:
        return self.filter(plan=plan)

    def public(self) -> Self:
        return self.filter(is_public=True)


class Kpi(models.Model):
    """A performance indicator of the plan, measured against targets."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="kpis")
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
        help_text=_("Its lead may enter the values."),
    )
    priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("definition"), max_length=3000, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    period_type = models.CharField(
        _("reported every"), max_length=20, choices=PeriodType
    )
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=12,
        decimal_places=3,
        default=Decimal(0),
        help_text=_("How far from target still counts as amber, in the KPI's unit."),
    )
    is_public = models.BooleanField(
        _("shown on the public progress page"), default=False
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    baseline_label = models.CharField(_("baseline date"), max_length=60, blank=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = KpiQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "sort", "code"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], name="kpi_code_unique_in_plan"
            ),
            models.CheckConstraint(
                condition=Q(tolerance__gte=0), name="kpi_tolerance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    @property
    def area_id(self) -> int:
        return self.plan.area_id

    def get_staff_url(self) -> str:
        return reverse(
            "improvement_staff:kpi_detail",
            kwargs={
                "area_slug": self.plan.area.slug,
                "plan_pk": self.plan_id,
                "pk": self.pk,
            },
        )

    def format(self, value: Decimal | None) -> str:
        """A value as people read it: 48.5%, 1,204, £12.5m."""
        if value is None:
            return "–"
        number = value.normalize()
        if self.unit == Unit.PERCENT:
            return f"{number:f}%"
        if self.unit == Unit.GBP_M:
            return f"£{number:f}m"
        if self.unit == Unit.COUNT:
            return f"{int(value):,}"
        if self.unit == Unit.WEEKS:
            return f"{number:f} weeks"
        return f"{number:f}"


class KpiTarget(models.Model):
    """What a KPI should reach in a period."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=3)

    class Meta:
        ordering = ["kpi", "period__start"]
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period"], name="kpi_target_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} {self.period}: {self.value}"


class Breakdown(models.TextChoices):
    NONE = "", _("Whole area")
    DISTRICT = "district", _("District")
    AGE_BAND = "age_band", _("Age band")
    NEED = "need", _("Primary need")
    PHASE = "phase", _("Phase")


class KpiValue(models.Model):
    """A KPI's value in a period, for the whole area or one breakdown group."""

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", _("Provisional")
        FINAL = "final", _("Final")

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PROVISIONAL
    )
    breakdown = models.CharField(
        _("breakdown"), max_length=20, choices=Breakdown, blank=True, default=""
    )
    breakdown_value = models.CharField(_("group"), max_length=100, blank=True)
    commentary = models.TextField(_("commentary"), max_length=3000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["kpi", "period__start", "breakdown", "breakdown_value"]
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period", "breakdown", "breakdown_value"],
                name="kpi_value_unique_group",
            ),
            models.CheckConstraint(
                condition=Q(breakdown="", breakdown_value="")
                | (~Q(breakdown="") & ~Q(breakdown_value="")),
                name="kpi_value_breakdown_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} {self.period}: {self.value}"


class KpiBenchmark(models.Model):
    """A comparator for a KPI in a period, such as the England average."""

    class Comparator(models.TextChoices):
        ENGLAND = "england", _("England")
        REGION = "region", _("Region")
        STATISTICAL_NEIGHBOURS = "neighbours", _("Statistical neighbours")

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="benchmarks")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="+"
    )
    comparator = models.CharField(
        _("comparator"),
        max_length=20,
        choices=Comparator,
        default=Comparator.ENGLAND,
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["kpi", "period__start"]
        verbose_name = _("KPI benchmark")
        verbose_name_plural = _("KPI benchmarks")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period", "comparator"],
                name="kpi_benchmark_unique_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} {self.period} {self.get_comparator_display()}"


class FinanceBlock(models.TextChoices):
    """Dedicated Schools Grant blocks, plus spending the council funds itself."""

    HIGH_NEEDS = "high_needs", _("High needs block")
    SCHOOLS = "schools", _("Schools block")
    CSSB = "cssb", _("Central school services block")
    EARLY_YEARS = "early_years", _("Early years block")
    GENERAL_FUND = "general_fund", _("General fund (not DSG)")


class FinanceLine(models.Model):
    """A line of the high-needs budget reported to cabinet, such as top-up funding."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="finance_lines"
    )
    block = models.CharField(
        _("block"),
        max_length=20,
        choices=FinanceBlock,
        default=FinanceBlock.HIGH_NEEDS,
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "block", "sort", "code"]
        verbose_name = _("finance line")
        verbose_name_plural = _("finance lines")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], name="finance_line_code_unique_in_plan"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_dsg(self) -> bool:
        return self.block != FinanceBlock.GENERAL_FUND

    @property
    def area_id(self) -> int:
        return self.plan.area_id


class FinanceValue(models.Model):
    """A finance line's budget, forecast outturn and actual spend in a period (£m)."""

    line = models.ForeignKey(
        FinanceLine, on_delete=models.CASCADE, related_name="values"
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="+"
    )
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=3)
    forecast_outturn = models.DecimalField(
        _("forecast outturn"), max_digits=12, decimal_places=3
    )
    actual = models.DecimalField(
        _("actual to date"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    commentary = models.TextField(_("commentary"), max_length=3000, blank=True)

    class Meta:
        ordering = ["line", "period__start"]
        verbose_name = _("finance value")
        verbose_name_plural = _("finance values")
        constraints = [
            models.UniqueConstraint(
                fields=["line", "period"], name="finance_value_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.period}"

    @property
    def variance(self) -> Decimal:
        """Forecast overspend (positive) or underspend (negative) against budget."""
        return self.forecast_outturn - self.budget


class ReminderSent(models.Model):
    """That a reminder went to someone, so that it is never sent twice."""

    class Kind(models.TextChoices):
        UPDATE_DUE = "update_due", _("Update due before the board")
        OVERDUE_DIGEST = "overdue_digest", _("Weekly overdue digest")

    kind = models.CharField(max_length=20, choices=Kind)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # What the reminder was about: a board meeting, or an ISO week.
    key = models.CharField(max_length=60)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "key"],
                name="improvement_reminder_sent_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


from .reports.models import ProgressReport as ProgressReport  # noqa: E402
