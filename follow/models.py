"""Families following what became of what they said: email subscriptions,
the weekly digests sent and each change told.

A subscription follows one response (its answers' themes) or one booking (the
event's findings and their themes). Its email address is personal data: it
is blanked on unsubscribe and the row erased on the retention schedule.
"""

import secrets
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.models import Response
from events.models import Booking


def new_subscription_token() -> str:
    return secrets.token_urlsafe(32)


class FollowSubscriptionQuerySet(models.QuerySet["FollowSubscription"]):
    def active(self) -> Self:
        """Confirmed, not unsubscribed, with an address to write to."""
        return self.filter(
            confirmed_at__isnull=False, unsubscribed_at__isnull=True
        ).exclude(email="")

    def for_token(self, token: str) -> Self:
        return self.filter(token=token)


class FollowSubscription(models.Model):
    """Someone asked to be emailed when something changes for a response or
    a booking's event."""

    email = models.EmailField(_("email address"), blank=True)
    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_subscriptions",
    )
    booking = models.ForeignKey(
        Booking,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_subscriptions",
    )
    # In every email's unsubscribe link and in the confirmation link.
    token = models.CharField(
        max_length=64, unique=True, default=new_subscription_token, editable=False
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    # Null until the address has confirmed (an address given with the
    # response, with consent to updates, or a booking's own, is confirmed).
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = FollowSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follow subscription")
        verbose_name_plural = _("follow subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(response__isnull=False) & Q(booking__isnull=True))
                | (Q(response__isnull=True) & Q(booking__isnull=False)),
                name="follow_subscription_one_target",
            ),
            models.UniqueConstraint(
                fields=["response", "email"],
                condition=Q(response__isnull=False, unsubscribed_at__isnull=True),
                name="follow_subscription_once_per_response",
            ),
            models.UniqueConstraint(
                fields=["booking"],
                condition=Q(booking__isnull=False, unsubscribed_at__isnull=True),
                name="follow_subscription_once_per_booking",
            ),
        ]

    def __str__(self) -> str:
        # No personal data: this text is copied into the audit trail.
        return f"Follow subscription {self.pk}"

    @property
    def is_active(self) -> bool:
        return bool(self.confirmed_at and self.unsubscribed_at is None and self.email)


class FollowDigest(models.Model):
    """The one digest a subscriber was sent in an ISO week ("2026-W49")."""

    subscription = models.ForeignKey(
        FollowSubscription, on_delete=models.CASCADE, related_name="digests"
    )
    week = models.CharField(max_length=8)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["subscription", "week"]
        verbose_name = _("follow digest")
        verbose_name_plural = _("follow digests")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "week"], name="follow_digest_once_a_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.week}"


class ToldChange(models.Model):
    """A change a subscriber has been told of ("update:41", "writeup:7"),
    or already knew of when they subscribed (no digest)."""

    subscription = models.ForeignKey(
        FollowSubscription, on_delete=models.CASCADE, related_name="told"
    )
    key = models.CharField(max_length=40)
    digest = models.ForeignKey(
        FollowDigest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
    )

    class Meta:
        ordering = ["subscription", "pk"]
        verbose_name = _("change told")
        verbose_name_plural = _("changes told")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "key"], name="follow_change_told_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.key}"
