"""Consultations on a strategy and the surveys families answer."""

import datetime
from typing import TYPE_CHECKING
from typing import Self

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sendportal.areas.models import LocalArea
from sendportal.bsl import SignedVersion
from sendportal.choices import TaggedChoices
from sendportal.choices import tag_colours
from sendportal.pictures import Picture
from sendportal.pictures import PictureFields
from sendportal.plain_english import PublicText
from sendportal.translations import Translatable
from strategies.codes import HasCoproductionLevel
from strategies.codes import RespondentType
from strategies.models import Priority
from strategies.models import Strategy

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sendportal.accounts.models import User


@tag_colours(
    {
        "draft": "grey",
        "scheduled": "blue",
        "open": "green",
        "closed": "orange",
        "feedback_published": "purple",
    }
)
class ConsultationStatus(TaggedChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FEEDBACK_PUBLISHED = "feedback_published", _("Feedback published")


PUBLIC_CONSULTATION_STATUSES = (
    ConsultationStatus.SCHEDULED,
    ConsultationStatus.OPEN,
    ConsultationStatus.CLOSED,
    ConsultationStatus.FEEDBACK_PUBLISHED,
)
# Statuses in which the dates, not the stored status, say whether it is open.
PUBLISHED_WINDOW_STATUSES = (ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN)


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def for_area(self, area: LocalArea | int) -> Self:
        return self.filter(area=area)

    def public(self) -> Self:
        """Consultations anyone may read: all but drafts."""
        return self.filter(status__in=PUBLIC_CONSULTATION_STATUSES)

    def open(self, *, at: datetime.datetime | None = None) -> Self:
        """Published consultations accepting responses at `at` (default now)."""
        now = at or timezone.now()
        return self.filter(
            status__in=PUBLISHED_WINDOW_STATUSES, opens_at__lte=now, closes_at__gt=now
        )

    def visible_to(self, user: "User | AnonymousUser") -> Self:
        """Public consultations, plus drafts of the areas the user works in."""
        if not user.is_authenticated:
            return self.public()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(status__in=PUBLIC_CONSULTATION_STATUSES)
            | Q(area_id__in=user.area_ids_with_role())
        )


class Consultation(Translatable, SignedVersion, HasCoproductionLevel):
    """A time-boxed request for families' views on a draft SEND strategy."""

    translatable_fields = ("title", "summary")

    area = models.ForeignKey(
        LocalArea, on_delete=models.PROTECT, related_name="consultations"
    )
    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=3000, blank=True)
    audiences = models.JSONField(
        _("who we want to hear from"), default=list, blank=True
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsultationStatus,
        default=ConsultationStatus.DRAFT,
    )
    expected_mix = models.JSONField(
        _("expected mix of respondents"),
        default=dict,
        blank=True,
        help_text=_("Percentage expected per respondent type."),
    )
    documents_url = models.URLField(_("consultation documents"), blank=True)
    no_easy_read_reason = models.TextField(
        _("why there is no Easy Read version"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Recorded when the consultation was published without an Easy Read "
            "survey or an Easy Read version of its strategy."
        ),
    )
    feedback_published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["area", "-opens_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "consultations:consultation_detail",
            kwargs={"area_slug": self.area.slug, "pk": self.pk},
        )

    def get_staff_url(self) -> str:
        return reverse(
            "consultations_staff:consultation_detail",
            kwargs={"area_slug": self.area.slug, "pk": self.pk},
        )

    def accepts_responses(self, at: datetime.datetime | None = None) -> bool:
        """Open for responses: published, and `at` within [opens_at, closes_at)."""
        now = at or timezone.now()
        return (
            self.status in PUBLISHED_WINDOW_STATUSES
            and self.opens_at <= now < self.closes_at
        )

    @property
    def current_status(self) -> str:
        """The status as families see it now: the dates decide within the window."""
        if self.status not in PUBLISHED_WINDOW_STATUSES:
            return self.status
        now = timezone.now()
        if now < self.opens_at:
            return ConsultationStatus.SCHEDULED
        if now >= self.closes_at:
            return ConsultationStatus.CLOSED
        return ConsultationStatus.OPEN

    @property
    def current_status_label(self) -> str:
        return str(ConsultationStatus(self.current_status).label)

    @property
    def current_status_colour(self) -> str:
        return ConsultationStatus(self.current_status).tag_colour

    @property
    def audience_labels(self) -> list[str]:
        labels = {c.value: str(c.label) for c in RespondentType}
        return [labels.get(code, code) for code in self.audiences]

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_CONSULTATION_STATUSES

    def has_easy_read_version(self) -> bool:
        """An Easy Read survey with questions, or an Easy Read version of the
        strategy (written in the portal or attached as a document)."""
        return (
            self.surveys.filter(is_easy_read=True, questions__isnull=False).exists()
            or self.strategy.has_easy_read_version()
        )

    def public_texts(self) -> list[PublicText]:
        """What officers wrote for respondents to read: the summary, and each
        survey's introduction, questions and hints (Easy Read ones against the
        Easy Read targets)."""
        texts = [PublicText(_("Summary"), self.summary)]
        for survey in self.surveys.prefetch_related("questions"):
            easy = survey.is_easy_read
            name = {"survey": survey.title}
            texts.append(
                PublicText(_("“%(survey)s”: introduction") % name, survey.intro, easy)
            )
            for number, question in enumerate(survey.questions.all(), start=1):
                name["number"] = str(number)
                texts.append(
                    PublicText(
                        _("“%(survey)s”: question %(number)s") % name,
                        question.text,
                        easy,
                    )
                )
                texts.append(
                    PublicText(
                        _("“%(survey)s”: hint of question %(number)s") % name,
                        question.help_text,
                        easy,
                    )
                )
        return texts

    def feedback_texts(self) -> list[PublicText]:
        """The “You said, we did” items marked to show on the public page."""
        texts = []
        for number, item in enumerate(
            self.feedback_items.filter(is_published=True), start=1
        ):
            name = {"number": number}
            texts.append(
                PublicText(_("Item %(number)s: you said") % name, item.you_said)
            )
            texts.append(PublicText(_("Item %(number)s: we did") % name, item.we_did))
        return texts

    @property
    def is_editable(self) -> bool:
        """Questions change only before anyone could answer them."""
        return self.current_status in (
            ConsultationStatus.DRAFT,
            ConsultationStatus.SCHEDULED,
        )


class Survey(Translatable):
    """A questionnaire of a consultation, such as the standard or Easy Read one."""

    translatable_fields = ("title", "intro")

    class Audience(models.TextChoices):
        ALL = "ALL", _("Everyone")
        PARENT_CARER = "PARENT_CARER", _("Parents and carers")
        CYP = "CYP", _("Children and young people")
        PROFESSIONAL = "PROFESSIONAL", _("Professionals")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience, default=Audience.ALL
    )
    is_easy_read = models.BooleanField(_("Easy Read"), default=False)
    intro = models.TextField(_("introduction"), max_length=3000, blank=True)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["consultation", "sort", "pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title


class Section(Translatable):
    """A titled group of questions within a survey."""

    translatable_fields = ("title",)

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("title"), max_length=200)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "sort", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class QuestionType(models.TextChoices):
    LIKERT = "LIKERT_AGREE_5", _("Agree or disagree (5 points and Don’t know)")
    SINGLE_CHOICE = "SINGLE_CHOICE", _("Single choice")
    MULTI_CHOICE = "MULTI_CHOICE", _("Multiple choice")
    FREE_TEXT = "FREE_TEXT", _("Free text")
    NUMBER = "NUMBER", _("Number")
    CONSENT = "CONSENT", _("Consent (yes or no)")
    YES_NOT_SURE_NO = "YES_NOT_SURE_NO", _("Easy Read: Yes, Not sure, No")
    FACES_AGREE = (
        "FACES_AGREE_3",
        _("Easy Read: faces with I agree, Not sure, I do not agree"),
    )


CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE)


def question_picture_path(question: "Question", filename: str) -> str:
    consultation = question.survey.consultation
    return f"consultations/{consultation.area_id}/{consultation.pk}/{filename}"


def option_picture_path(option: "Option", filename: str) -> str:
    return question_picture_path(option.question, filename)


class Question(Translatable, PictureFields):
    """One question of a survey, possibly about a priority of the strategy."""

    translatable_fields = ("text", "help_text")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("hint"), max_length=500, blank=True)
    question_type = models.CharField(
        _("type of answer"), max_length=20, choices=QuestionType
    )
    required = models.BooleanField(_("answer required"), default=False)
    priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("priority"),
    )
    show_to = models.JSONField(
        _("only for these respondents"),
        default=list,
        blank=True,
        help_text=_("Leave empty to ask everyone."),
    )
    sort = models.PositiveSmallIntegerField(default=0)
    picture_image = models.FileField(
        _("your own picture"),
        upload_to=question_picture_path,
        max_length=300,
        blank=True,
    )

    class Meta:
        ordering = ["survey", "sort", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    def picture_image_url(self) -> str:
        """The uploaded picture, served after the consultation's visibility check."""
        consultation = self.survey.consultation
        return reverse(
            "consultations:question_picture",
            kwargs={
                "area_slug": consultation.area.slug,
                "pk": consultation.pk,
                "question_pk": self.pk,
            },
        )

    def is_for(self, respondent_type: str | None) -> bool:
        """Whether a respondent of this type is asked the question."""
        return not self.show_to or respondent_type in self.show_to

    def choices(self, *, translated: bool = False) -> list[tuple[str, str]]:
        """The answer options as (code, label), from the scale or the options:
        the English labels, or with `translated` those in the visitor's
        language where an officer has translated them."""
        return [
            (code, label)
            for code, label, _picture in self.pictured_choices(translated=translated)
        ]

    def pictured_choices(
        self, *, translated: bool = False
    ) -> list[tuple[str, str, Picture | None]]:
        """The answer options with the picture shown beside each, if any.

        An Easy Read scale stores the codes of the standard agree scale
        (docs/easy-read.md), so both surveys are counted together.
        """
        from strategies.codes import Consent
        from strategies.codes import Likert

        from ..scales import EASY_READ_SCALES

        if self.question_type == QuestionType.LIKERT:
            return [(c.value, str(c.label), None) for c in Likert]
        if self.question_type == QuestionType.CONSENT:
            return [(c.value, str(c.label), None) for c in Consent]
        if self.question_type in EASY_READ_SCALES:
            return [
                (point.code, str(point.label), point.picture)
                for point in EASY_READ_SCALES[QuestionType(self.question_type)]
            ]
        return [
            (o.code, o.translated("label") if translated else o.label, o.picture)
            for o in self.options.all()
        ]

    @property
    def show_to_labels(self) -> list[str]:
        labels = dict(RespondentType.choices)
        return [str(labels.get(code, code)) for code in self.show_to]


class Option(Translatable, PictureFields):
    """An answer option of a single- or multiple-choice question."""

    translatable_fields = ("label",)

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options"
    )
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    sort = models.PositiveSmallIntegerField(default=0)
    is_exclusive = models.BooleanField(
        _("exclusive"),
        default=False,
        help_text=_("Cannot be chosen with other options, like “Don’t know”."),
    )
    picture_image = models.FileField(
        _("your own picture"),
        upload_to=option_picture_path,
        max_length=300,
        blank=True,
    )

    class Meta:
        ordering = ["question", "sort", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "code"], name="option_code_unique_in_question"
            )
        ]

    def __str__(self) -> str:
        return self.label

    def picture_image_url(self) -> str:
        """The uploaded picture, served after the consultation's visibility check."""
        consultation = self.question.survey.consultation
        return reverse(
            "consultations:option_picture",
            kwargs={
                "area_slug": consultation.area.slug,
                "pk": consultation.pk,
                "option_pk": self.pk,
            },
        )
