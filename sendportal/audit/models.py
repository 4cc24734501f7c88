"""The audit trail: who changed what, and when."""

from typing import Self

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_subject(self, obj: models.Model) -> Self:
        """Events about a row and the parts recorded under it, newest first."""
        return self.filter(subject=subject_key(obj)).select_related("actor")


def subject_key(obj: models.Model) -> str:
    """A stable label for a row: "app_label.model:pk"."""
    return f"{obj._meta.label_lower}:{obj.pk}"


class AuditEvent(models.Model):
    """One recorded change: an actor did a verb to a target, at a time."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    area = models.ForeignKey(
        "areas.LocalArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(_("what"), max_length=80)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("about"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # The row whose history this event belongs to, for example a strategy for
    # a change to one of its priorities.
    subject = models.CharField(max_length=100, blank=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.verb}"

    @property
    def verb_display(self) -> str:
        """The verb as a phrase: "strategy.published" reads "Strategy published"."""
        return self.verb.replace(".", " ").replace("_", " ").capitalize()
