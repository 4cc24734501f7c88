"""The golden thread: what an action responds to (themes) and cites (evidence)."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.models import Answer
from events.models import Finding
from strategies.models import Theme

from .actions import Action


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
