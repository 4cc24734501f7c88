"""Workstreams (impact groups), numbered actions, milestones and the RAG history."""

import datetime
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

from sendportal.areas.models import PartnerOrganisation
from strategies.models import Priority

if TYPE_CHECKING:
    from consultations.models import Answer
    from events.models import Finding
    from strategies.models import Theme


from .plans import FINISHED_STATUSES
from .plans import ActionStatus
from .plans import Plan
from .plans import Rag
from .plans import ReportingPeriod


class WorkstreamQuerySet(models.QuerySet["Workstream"]):
    def for_plan(self, plan: Plan | int) -> Self:
        return self.filter(plan=plan)

    def active(self) -> Self:
        """Not retired: offered in lists and forms (retired ones stay in history)."""
        return self.filter(retired_at__isnull=True)

    def retired(self) -> Self:
        """Retired: kept for their history, listed apart on the staff pages."""
        return self.filter(retired_at__isnull=False)


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
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

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

    def active(self) -> Self:
        """Not retired: offered in lists and forms (retired ones stay in history)."""
        return self.filter(retired_at__isnull=True)

    def retired(self) -> Self:
        """Retired: kept for their history, listed apart on the staff pages."""
        return self.filter(retired_at__isnull=False)

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

    def citable_for(self, plan: Plan | None) -> Self:
        """The actions evidence may be cited for: the plan's active ones."""
        if plan is None:
            return self.none()
        return self.for_plan(plan).active().select_related("plan", "workstream__lead")

    def for_theme(self, theme: "Theme | int") -> Self:
        """The actions linked to a theme (responding to what families said)."""
        return self.filter(theme_links__theme=theme)

    def citing_answer(self, answer: "Answer | int") -> Self:
        return self.filter(evidence_links__answer=answer)

    def citing_finding(self, finding: "Finding | int") -> Self:
        return self.filter(evidence_links__finding=finding)

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
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

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

    @property
    def area_id(self) -> int:
        return self.action.plan.area_id

    @property
    def plan(self) -> Plan:
        return self.action.plan


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
