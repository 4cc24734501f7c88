"""Publishing a family's answers, with their consent, once an officer has read
them and struck out what could identify anyone (docs/publishing-responses.md).

Public pages read `PublishedAnswer.text` only: the copy made when the officer
published, with every struck span replaced. They never read `Answer`.
"""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from strategies.models import Theme

from .consultations import Consultation
from .consultations import Question
from .consultations import QuestionType
from .responses import Answer
from .responses import Response


class RedactionReason(models.TextChoices):
    NAME = "name", _("Name")
    CONTACT = "contact", _("Contact details")
    ADDRESS = "address", _("Address")
    IDENTIFYING = "identifying", _("Health or identifying detail")
    OFFENSIVE = "offensive", _("Offensive")
    OTHER = "other", _("Other")


class PublicationState(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    WITHHELD = "withheld", _("Not published")


class Redaction(models.Model):
    """A span of a free-text answer struck out before publishing."""

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="redactions"
    )
    start = models.PositiveIntegerField(_("from character"))
    end = models.PositiveIntegerField(_("to character"))
    reason = models.CharField(_("reason"), max_length=20, choices=RedactionReason)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("struck out by"),
    )
    at = models.DateTimeField(_("struck out"), auto_now_add=True)

    class Meta:
        ordering = ["answer_id", "start", "end"]
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="redaction_not_empty"
            ),
            models.UniqueConstraint(
                fields=["answer", "start", "end"], name="redaction_span_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} [{self.start}:{self.end}] {self.reason}"


class ResponsePublicationQuerySet(models.QuerySet["ResponsePublication"]):
    def published(self) -> Self:
        return self.filter(
            state=PublicationState.PUBLISHED, response__publish_consent=True
        )


class ResponsePublication(models.Model):
    """Whether a consented response is published, and who decided when."""

    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, related_name="publication"
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=PublicationState,
        default=PublicationState.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The month shown publicly instead of the day it was sent.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ResponsePublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "pk"]
        verbose_name = _("response publication")
        verbose_name_plural = _("response publications")
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.response_id}: {self.state}"


class PublishedAnswerQuerySet(models.QuerySet["PublishedAnswer"]):
    def published(self) -> Self:
        """Copies of responses published now, whose respondent said yes."""
        return self.filter(
            publication__state=PublicationState.PUBLISHED,
            publication__response__publish_consent=True,
        )

    def for_consultation(self, consultation: Consultation | int) -> Self:
        return self.filter(publication__response__consultation=consultation)

    def for_theme(self, theme: Theme | int) -> Self:
        """Published free-text answers coded to `theme`, as quotes: each
        one's `.text` is the redacted copy."""
        return (
            self.published()
            .filter(
                question__question_type=QuestionType.FREE_TEXT,
                answer__themes=theme,
            )
            .select_related("publication__response", "question")
            .order_by("-publication__published_at", "pk")
        )


class PublishedAnswer(models.Model):
    """The public copy of one answer: free text with struck spans replaced,
    a choice in words as it was asked."""

    publication = models.ForeignKey(
        ResponsePublication, on_delete=models.CASCADE, related_name="answers"
    )
    answer = models.OneToOneField(
        Answer, on_delete=models.CASCADE, related_name="published"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("published text"))

    objects = PublishedAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["publication_id", "question__sort", "pk"]
        verbose_name = _("published answer")
        verbose_name_plural = _("published answers")

    def __str__(self) -> str:
        return self.text[:60]
