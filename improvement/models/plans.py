"""Plans, their board meetings, reporting periods and the RAG and status lists."""

import datetime
from typing import TYPE_CHECKING
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sendportal.areas.models import LocalArea
from sendportal.choices import TaggedChoices
from sendportal.choices import tag_colours
from strategies.models import PUBLIC_STATUSES
from strategies.models import Strategy

from ..periods import PeriodBounds
from ..periods import PeriodType
from ..periods import period_containing

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sendportal.accounts.models import User


# GOV.UK Frontend has no amber tag: amber shows as its yellow one.
@tag_colours(
    {
        "blue": "blue",
        "green": "green",
        "amber": "yellow",
        "red": "red",
        "grey": "grey",
    }
)
class Rag(TaggedChoices):
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

    def current(self, *, on: datetime.date) -> "Plan | None":
        """The plan in force on `on`: the latest started (an unstarted date counts
        as started), the newest first when two start together."""
        return (
            self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on))
            .order_by(F("starts_on").desc(nulls_last=True), "-created_at", "-pk")
            .first()
        )

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
    starts_on = models.DateField(
        _("plan starts"),
        null=True,
        blank=True,
        help_text=_("The first day the plan's actions are reported against."),
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

    def update_period(self, *, on: datetime.date | None = None) -> PeriodBounds:
        """The update period (usually a month) containing `on` (today, local time).

        Computed, not stored: pages only read it, and the services that record
        an update against it create its ReportingPeriod row.
        """
        return period_containing(self.update_period_type, on or timezone.localdate())


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

    @property
    def area_id(self) -> int:
        return self.plan.area_id


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
        """The area's row for a computed period, created the first time it is used.

        For writes only (services, imports, the demo loader): a page that shows
        a period it has no row for uses the PeriodBounds themselves.
        """
        area_id = area if isinstance(area, int) else area.pk
        period, _created = cls.objects.get_or_create(
            area_id=area_id,
            period_type=bounds.period_type,
            start=bounds.start,
            defaults={"end": bounds.end, "label": bounds.label},
        )
        return period  # type: ignore[return-value]  # get_or_create returns cls
