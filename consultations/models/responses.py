"""What families answered, kept apart from who they are."""

import secrets
from typing import Self

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sendportal.areas.models import District
from strategies.codes import Channel
from strategies.codes import RespondentType
from strategies.codes import SettingType
from strategies.codes import SupportedBy
from strategies.codes import SupportLevel
from strategies.models import Theme

from .consultations import Consultation
from .consultations import Question
from .consultations import Survey

# No 0/O or 1/I/L: references are read aloud over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    """A response reference such as "K7QM-3XPA", hard to guess."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def new_follow_token() -> str:
    """The secret half of a follow link: 43 URL-safe characters, never derived
    from the reference, so knowing a reference is not enough to follow it."""
    return secrets.token_urlsafe(32)


class ResponseQuerySet(models.QuerySet["Response"]):
    def for_consultation(self, consultation: Consultation | int) -> Self:
        return self.filter(consultation=consultation)

    def awaiting_publication_review(self) -> Self:
        """Responses whose respondent agreed to publishing that no officer has
        published or withheld yet (docs/publishing-responses.md)."""
        return self.filter(publish_consent=True).exclude(
            publication__state__in=["published", "withheld"]
        )


class Response(models.Model):
    """One submitted survey, anonymous: a respondent profile and its answers."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses"
    )
    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_reference
    )
    # The secret of the "follow what happened to my response" link
    # (follow/views.py); the reference alone never opens that page.
    follow_token = models.CharField(
        max_length=64, unique=True, default=new_follow_token, editable=False
    )
    # One per started journey: a second submit with it returns the first response.
    submission_token = models.UUIDField(unique=True)
    submitted_at = models.DateTimeField(_("submitted"), db_index=True)
    channel = models.CharField(
        _("channel"), max_length=40, choices=Channel, default=Channel.ONLINE_SURVEY
    )
    respondent_type = models.CharField(
        _("responding as"), max_length=40, choices=RespondentType
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    age_bands = models.JSONField(_("age of child"), default=list, blank=True)
    need_codes = models.JSONField(_("areas of need"), default=list, blank=True)
    setting_type = models.CharField(
        _("setting"), max_length=40, choices=SettingType, blank=True
    )
    support_level = models.CharField(
        _("support"), max_length=40, choices=SupportLevel, blank=True
    )
    # Blank: not asked (or keyed without saying). "Did someone help you answer?"
    supported_by = models.CharField(
        _("who helped"), max_length=30, choices=SupportedBy, blank=True
    )
    # "May we publish your answers, without your name?" None: not asked
    # (imported, or answered before the question was added).
    publish_consent = models.BooleanField(
        _("may publish answers"), null=True, blank=True
    )
    import_batch = models.ForeignKey(
        "consultations.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("imported in"),
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "submitted_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["consultation", "respondent_type"])]

    def __str__(self) -> str:
        return self.reference

    def get_follow_url(self) -> str:
        """The follow page of this response (follow/urls.py): its reference
        and its secret token."""
        return reverse(
            "follow:follow_response",
            kwargs={
                "area_slug": self.consultation.area.slug,
                "reference": self.reference,
                "token": self.follow_token,
            },
        )


class ResponseContact(models.Model):
    """Contact details given with consent, stored apart from the answers."""

    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, related_name="contact"
    )
    email = models.EmailField(_("email address"))
    wants_updates = models.BooleanField(_("wants updates"), default=True)
    consented_at = models.DateTimeField(_("consent given"))

    class Meta:
        verbose_name = _("respondent contact")
        verbose_name_plural = _("respondent contacts")

    def __str__(self) -> str:
        return str(_("Contact for response %(ref)s") % {"ref": self.response_id})


class Answer(models.Model):
    """An answer to one question; a multiple choice has one row per option."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    # The (question, option_code) index below serves lookups by question, so a
    # second index on the column alone would only slow bulk imports.
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", db_index=False
    )
    option_code = models.CharField(max_length=60, blank=True)
    text_value = models.TextField(max_length=10_000, blank=True)
    number_value = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    themes: models.ManyToManyField[Theme, "AnswerTheme"] = models.ManyToManyField(
        Theme, through="AnswerTheme", related_name="answers", blank=True
    )

    class Meta:
        ordering = ["response", "question", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "option_code"])]

    def __str__(self) -> str:
        return self.text_value[:60] or self.option_code or str(self.number_value)


class AnswerTheme(models.Model):
    """An officer's coding of a free-text answer to a theme (and its priority)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE)
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    coded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer coding")
        verbose_name_plural = _("answer codings")
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "theme"], name="answer_theme_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} → {self.theme_id}"


class SentReminder(models.Model):
    """An email sent to a respondent; the unique key makes each send happen once."""

    class Kind(models.TextChoices):
        CLOSING_SOON = "closing_soon", _("Closing soon")
        FEEDBACK_PUBLISHED = "feedback_published", _("Feedback published")

    contact = models.ForeignKey(
        ResponseContact, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "kind"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.contact_id}"
