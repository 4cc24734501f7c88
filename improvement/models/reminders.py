"""Which reminder emails have been sent, so each goes once."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass


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
