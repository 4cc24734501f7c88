"""High-needs and other finance lines with budget, forecast and actual."""

from decimal import Decimal
from typing import TYPE_CHECKING
from typing import Self

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass


from .plans import Plan
from .plans import ReportingPeriod


class FinanceBlock(models.TextChoices):
    """Dedicated Schools Grant blocks, plus spending the council funds itself."""

    HIGH_NEEDS = "high_needs", _("High needs block")
    SCHOOLS = "schools", _("Schools block")
    CSSB = "cssb", _("Central school services block")
    EARLY_YEARS = "early_years", _("Early years block")
    GENERAL_FUND = "general_fund", _("General fund (not DSG)")


class FinanceLineQuerySet(models.QuerySet["FinanceLine"]):
    def for_plan(self, plan: Plan | int) -> Self:
        return self.filter(plan=plan)

    def active(self) -> Self:
        """Not retired: offered for new values (retired ones keep their history)."""
        return self.filter(retired_at__isnull=True)


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
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    objects = FinanceLineQuerySet.as_manager()

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

    def get_staff_url(self) -> str:
        return reverse(
            "improvement_staff:finance",
            kwargs={"area_slug": self.plan.area.slug, "plan_pk": self.plan_id},
        )


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
