"""Unfinished answers a respondent saved to finish later, kept apart from responses."""

import datetime
import hashlib
import secrets
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .consultations import PUBLISHED_WINDOW_STATUSES
from .consultations import Survey


class SavedJourneyQuerySet(models.QuerySet["SavedJourney"]):
    def for_token(self, token: str) -> Self:
        """The saved answers an emailed link names (none for a wrong link)."""
        return self.filter(token_hash=SavedJourney.hash_token(token))

    def expired(self, *, at: datetime.datetime | None = None) -> Self:
        """Saved answers whose consultation no longer takes responses at `at`."""
        now = at or timezone.now()
        return self.filter(
            Q(survey__consultation__closes_at__lte=now)
            | ~Q(survey__consultation__status__in=PUBLISHED_WINDOW_STATUSES)
        )


class SavedJourney(models.Model):
    """A family's answers to a survey so far, saved to come back to by an
    emailed link: no account, and erased once the response is sent or the
    consultation closes.

    Only the SHA-256 of the link's secret is stored; the email address is kept
    only until the link has been sent to it.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="saved_journeys"
    )
    # Null until the first link is sent; each new link replaces the one before.
    token_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    answers = models.JSONField(_("answers so far"), default=dict, blank=True)
    email = models.EmailField(_("email address to send the link to"), blank=True)
    link_sent_at = models.DateTimeField(_("link last sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("first saved"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    # When the consultation was due to close at the last save: the link works
    # while the consultation is open, and the answers go once it has closed.
    expires_at = models.DateTimeField(_("expires"))

    objects = SavedJourneyQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("saved answers")
        verbose_name_plural = _("saved answers")

    def __str__(self) -> str:
        return str(_("Saved answers %(pk)s") % {"pk": self.pk})

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
