"""Performance indicators with targets, values and the England comparator."""

from decimal import Decimal
from typing import TYPE_CHECKING
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sendportal.disclosure import fewer_than
from sendportal.disclosure import is_small
from sendportal.govuk_format import MINUS
from sendportal.govuk_format import pounds_million
from strategies.models import Priority

from ..periods import PeriodType

if TYPE_CHECKING:
    pass


from .actions import Workstream
from .plans import Plan
from .plans import ReportingPeriod


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

    def active(self) -> Self:
        """Not retired: offered in lists and forms (retired ones stay in history)."""
        return self.filter(retired_at__isnull=True)

    def retired(self) -> Self:
        """Retired: kept for their history, listed apart on the staff pages."""
        return self.filter(retired_at__isnull=False)


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
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

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
        sign = MINUS if number < 0 else ""
        if self.unit == Unit.GBP_M:
            return pounds_million(value, places=None)
        if self.unit == Unit.COUNT:
            return f"{sign}{abs(int(value)):,}"
        figure = f"{sign}{abs(number):f}"
        if self.unit == Unit.PERCENT:
            return f"{figure}%"
        if self.unit == Unit.WEEKS:
            # A no-break space: "12 weeks" never splits across lines.
            return f"{figure}\u00a0weeks"
        return figure

    @property
    def counts_people(self) -> bool:
        """Whether its values fall under the disclosure rule on public pages."""
        return self.unit == Unit.COUNT

    def public_format(self, value: Decimal | None) -> str:
        """A value as a public page shows it: a count of 1 to 4 reads
        "fewer than 5" (sendportal/disclosure.py)."""
        if self.counts_people and value is not None and is_small(value):
            return fewer_than()
        return self.format(value)


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


class KpiBreakdownQuerySet(models.QuerySet["KpiBreakdown"]):
    def active(self) -> Self:
        """Not retired: offered for new values (retired ones keep their values)."""
        return self.filter(retired_at__isnull=True)


class KpiBreakdown(models.Model):
    """A group a KPI is also reported for, such as one district or age band.

    Its values are the KPI's values with the same breakdown and group.
    """

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="breakdowns")
    breakdown = models.CharField(_("breakdown"), max_length=20, choices=Breakdown)
    group = models.CharField(_("group"), max_length=100)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    objects = KpiBreakdownQuerySet.as_manager()

    class Meta:
        ordering = ["kpi", "breakdown", "group"]
        verbose_name = _("KPI breakdown group")
        verbose_name_plural = _("KPI breakdown groups")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "breakdown", "group"],
                name="kpi_breakdown_unique_group",
            ),
            models.CheckConstraint(
                condition=~Q(breakdown="") & ~Q(group=""),
                name="kpi_breakdown_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_breakdown_display()}: {self.group}"

    @property
    def area_id(self) -> int:
        return self.kpi.plan.area_id

    @property
    def plan(self) -> Plan:
        return self.kpi.plan

    def values(self) -> "models.QuerySet[KpiValue]":
        """The KPI's values recorded for this group."""
        return KpiValue.objects.filter(
            kpi_id=self.kpi_id, breakdown=self.breakdown, breakdown_value=self.group
        )


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
