"""The outbox: background tasks that committed changes asked for."""

import uuid
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxTaskQuerySet(models.QuerySet["OutboxTask"]):
    def pending(self) -> Self:
        """Tasks the broker has not accepted yet, oldest first."""
        return self.filter(sent_at__isnull=True).order_by("created_at", "pk")

    def sent(self) -> Self:
        return self.filter(sent_at__isnull=False)


class OutboxTask(models.Model):
    """A Celery task that a committed change asked for, kept until the broker has it.

    The row is written in the same transaction as the change, so the two are
    committed (or rolled back) together; the relay then hands it to the broker.
    """

    # Also the Celery task id, so a worker's log line leads back to this row.
    task_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    # The task and its arguments, hashed: one pending row per intent, however
    # many times a change or a recovery job asks for it.
    key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent to the broker"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutboxTaskQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outbox task")
        verbose_name_plural = _("outbox tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(sent_at__isnull=True),
                name="outbox_one_pending_task_per_key",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="outbox_pending_by_age",
            ),
            models.Index(fields=["sent_at"], name="outbox_sent_at"),
        ]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)!r}"

    @property
    def is_pending(self) -> bool:
        return self.sent_at is None
