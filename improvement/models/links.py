"""The golden thread: what an action responds to (themes) and cites (evidence)."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.models import Answer
from consultations.models import YouSaidWeDid
from events.models import Finding
from strategies.models import Theme

from .actions import Action
from .plans import Plan


class Link(models.Model):
    """Who made a link of the golden thread, and when (the audit trail has more)."""

    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        abstract = True


class ActionThemeQuerySet(models.QuerySet["ActionTheme"]):
    def for_action(self, action: Action | int) -> Self:
        """The action's themes, each with its priority, in the theme's order."""
        return (
            self.filter(action=action)
            .select_related("theme__priority")
            .order_by("theme__name", "pk")
        )


class ActionTheme(Link):
    """An action responds to a theme of what families said (and its priority)."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="theme_links"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="action_links"
    )
    objects = ActionThemeQuerySet.as_manager()

    class Meta:
        ordering = ["action", "theme__name", "pk"]
        verbose_name = _("action theme")
        verbose_name_plural = _("action themes")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "theme"], name="action_theme_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action_id} → {self.theme_id}"


class ActionEvidenceQuerySet(models.QuerySet["ActionEvidence"]):
    def for_action(self, action: Action | int) -> Self:
        """The action's cited answers and findings, with what they quote."""
        return (
            self.filter(action=action)
            .select_related("answer__question", "finding__event")
            .order_by("linked_at", "pk")
        )


class ActionEvidence(Link):
    """A coded answer or a workshop finding cited as evidence for an action."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="evidence_links"
    )
    answer = models.ForeignKey(
        Answer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_links",
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_links",
    )
    objects = ActionEvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["action", "linked_at", "pk"]
        verbose_name = _("action evidence")
        verbose_name_plural = _("action evidence")
        constraints = [
            models.CheckConstraint(
                condition=(Q(answer__isnull=False) & Q(finding__isnull=True))
                | (Q(answer__isnull=True) & Q(finding__isnull=False)),
                name="action_evidence_one_target",
            ),
            models.UniqueConstraint(
                fields=["action", "answer"],
                condition=Q(answer__isnull=False),
                name="action_evidence_answer_unique",
            ),
            models.UniqueConstraint(
                fields=["action", "finding"],
                condition=Q(finding__isnull=False),
                name="action_evidence_finding_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.quoted_text[:80]

    @property
    def quoted_text(self) -> str:
        if self.answer is not None:
            return self.answer.text_value
        return self.finding.text if self.finding is not None else ""


class FeedbackActionQuerySet(models.QuerySet["FeedbackAction"]):
    def published(self) -> Self:
        """Links of "You said, we did" items that families can read."""
        return self.filter(
            feedback_item__is_published=True,
            feedback_item__consultation__status="feedback_published",
        )

    def public(self) -> Self:
        """Links to actions families can follow: active, of a published plan."""
        return self.filter(
            action__plan__in=Plan.objects.published(), action__retired_at=None
        ).select_related("action__plan")

    def for_action(self, action: Action | int) -> Self:
        """The published items that cite the action, with their consultation."""
        return (
            self.published()
            .filter(action=action)
            .select_related("feedback_item__consultation", "feedback_item__theme")
            .order_by("-feedback_item__consultation__feedback_published_at", "pk")
        )


class FeedbackAction(Link):
    """A "You said, we did" item answered by an improvement action."""

    feedback_item = models.ForeignKey(
        YouSaidWeDid, on_delete=models.CASCADE, related_name="action_links"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="feedback_links"
    )
    objects = FeedbackActionQuerySet.as_manager()

    class Meta:
        ordering = ["feedback_item", "action__sort_key", "pk"]
        verbose_name = _("“You said, we did” action")
        verbose_name_plural = _("“You said, we did” actions")
        constraints = [
            models.UniqueConstraint(
                fields=["feedback_item", "action"], name="feedback_action_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.feedback_item_id} → {self.action_id}"
