"""SEND strategies, their priorities (ambitions), documents and coding themes."""

from typing import TYPE_CHECKING
from typing import Self

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sendportal.areas.models import LocalArea
from sendportal.choices import TaggedChoices
from sendportal.choices import tag_colours
from sendportal.pictures import PictureFields
from sendportal.plain_english import PublicText

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sendportal.accounts.models import User


@tag_colours(
    {
        "draft": "grey",
        "in_consultation": "yellow",
        "approved": "green",
        "superseded": "purple",
    }
)
class StrategyStatus(TaggedChoices):
    DRAFT = "draft", _("Draft")
    IN_CONSULTATION = "in_consultation", _("In consultation")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


PUBLIC_STATUSES = (
    StrategyStatus.IN_CONSULTATION,
    StrategyStatus.APPROVED,
    StrategyStatus.SUPERSEDED,
)
EDITABLE_STATUSES = (StrategyStatus.DRAFT, StrategyStatus.IN_CONSULTATION)


class ApprovalBody(models.TextChoices):
    CABINET = "cabinet", _("Cabinet")
    CABINET_PANEL = "cabinet_panel", _("Cabinet panel")
    LEAD_MEMBER = "lead_member", _("Lead member decision")
    SEND_BOARD = "send_board", _("SEND partnership board")
    HEALTH_WELLBEING_BOARD = "hwb", _("Health and wellbeing board")
    ICB_BOARD = "icb_board", _("Integrated care board")
    LOCAL_AUTHORITY = "local_authority", _("Local authority (officer decision)")


class PfaOutcome(models.TextChoices):
    """The four Preparing for Adulthood outcomes of the SEND Code of Practice."""

    EMPLOYMENT = "employment", _("Higher education and employment")
    INDEPENDENT_LIVING = "independent_living", _("Independent living")
    COMMUNITY = "community", _("Friends, relationships and community")
    HEALTH = "health", _("Good health")


class StrategyQuerySet(models.QuerySet["Strategy"]):
    def for_area(self, area: LocalArea | int) -> Self:
        return self.filter(area=area)

    def public(self) -> Self:
        """Strategies anyone may read: everything but drafts."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def visible_to(self, user: "User | AnonymousUser") -> Self:
        """Public strategies, plus drafts of the areas the user works in."""
        if not user.is_authenticated:
            return self.public()
        if user.is_superuser:
            return self.all()
        member_area_ids = user.area_ids_with_role()
        return self.filter(
            Q(status__in=PUBLIC_STATUSES) | Q(area_id__in=member_area_ids)
        )

    def with_priorities(self) -> Self:
        return self.prefetch_related("priorities__outcomes")


class Strategy(models.Model):
    """A local area's SEND strategy: a vision and its numbered priorities."""

    area = models.ForeignKey(
        LocalArea, on_delete=models.PROTECT, related_name="strategies"
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    summary = models.TextField(
        _("summary"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences shown on the area's home page."),
    )
    vision = models.TextField(_("vision"), max_length=5000)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StrategyStatus,
        default=StrategyStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    approval_body = models.CharField(
        _("approved by"), max_length=30, choices=ApprovalBody, blank=True
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    decision_reference = models.CharField(
        _("decision reference"), max_length=100, blank=True
    )
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("replaces"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StrategyQuerySet.as_manager()

    class Meta:
        ordering = ["area", "-period_start", "title"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="strategy_period_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "superseded"])
                | (Q(approved_on__isnull=False) & ~Q(approval_body="")),
                name="strategy_approval_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse(
            "strategies:strategy_detail",
            kwargs={"area_slug": self.area.slug, "pk": self.pk},
        )

    def get_staff_url(self) -> str:
        return reverse(
            "strategies_staff:strategy_detail",
            kwargs={"area_slug": self.area.slug, "pk": self.pk},
        )

    @property
    def status_colour(self) -> str:
        return StrategyStatus(self.status).tag_colour

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return str(self.period_start)
        return f"{self.period_start} to {self.period_end}"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def has_easy_read_version(self) -> bool:
        """Written in the portal (sections) or attached as an Easy Read document."""
        return (
            self.easy_read_sections.exists()
            or self.documents.filter(kind=StrategyDocument.Kind.EASY_READ).exists()
        )

    def get_easy_read_url(self) -> str:
        return reverse(
            "strategies:easy_read",
            kwargs={"area_slug": self.area.slug, "pk": self.pk},
        )

    def get_easy_read_pdf_url(self) -> str:
        return reverse(
            "strategies:easy_read_pdf",
            kwargs={"area_slug": self.area.slug, "pk": self.pk},
        )

    def public_texts(self) -> list[PublicText]:
        """What officers wrote for families to read: the summary, the vision
        and each priority's description and outcome statements."""
        texts = [
            PublicText(_("Summary"), self.summary),
            PublicText(_("Vision"), self.vision),
        ]
        for priority in self.priorities.prefetch_related("outcomes"):
            name = {"number": priority.number}
            texts.append(
                PublicText(
                    _("Priority %(number)s: description") % name, priority.description
                )
            )
            outcomes = "\n".join(o.text for o in priority.outcomes.all())
            texts.append(
                PublicText(
                    _("Priority %(number)s: outcome statements") % name, outcomes
                )
            )
        return texts + self.easy_read_texts()

    def easy_read_texts(self) -> list[PublicText]:
        """The Easy Read sections, against the Easy Read targets."""
        return [
            PublicText(
                _("Easy Read section %(number)s") % {"number": number},
                section.text,
                easy_read=True,
            )
            for number, section in enumerate(self.easy_read_sections.all(), start=1)
        ]


class Priority(models.Model):
    """A numbered priority (ambition) of a strategy."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="priorities"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    pfa_outcome = models.CharField(
        _("Preparing for Adulthood outcome"),
        max_length=30,
        choices=PfaOutcome,
        blank=True,
    )
    is_enabler = models.BooleanField(
        _("enabler"),
        default=False,
        help_text=_("An enabler supports every priority, such as workforce or data."),
    )

    class Meta:
        ordering = ["strategy", "is_enabler", "number"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"], name="priority_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class OutcomeStatement(models.Model):
    """What will be different if a priority succeeds, often as an "I" statement."""

    class Voice(models.TextChoices):
        WE_WILL = "we_will", _("We will")
        I_STATEMENT = "i_statement", _("“I” statement")

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="outcomes"
    )
    text = models.CharField(_("outcome"), max_length=500)
    voice = models.CharField(
        _("voice"), max_length=20, choices=Voice, default=Voice.WE_WILL
    )
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["priority", "sort", "pk"]
        verbose_name = _("outcome statement")
        verbose_name_plural = _("outcome statements")

    def __str__(self) -> str:
        return self.text

    @classmethod
    def voice_for(cls, text: str) -> str:
        """Outcomes written in the first person ("I have...") are "I" statements."""
        first_word = text.split(maxsplit=1)[0] if text.strip() else ""
        if first_word in {"I", "I'm", "I’m", "My"}:
            return cls.Voice.I_STATEMENT
        return cls.Voice.WE_WILL


def strategy_document_path(document: "StrategyDocument", filename: str) -> str:
    return f"strategies/{document.strategy.area_id}/{document.strategy_id}/{filename}"


class StrategyDocument(models.Model):
    """A document of a strategy: the full text, its Easy Read version, a summary."""

    class Kind(models.TextChoices):
        FULL = "full", _("Full strategy")
        EASY_READ = "easy_read", _("Easy Read version")
        SUMMARY = "summary", _("Summary")
        OTHER = "other", _("Other document")

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    file = models.FileField(
        _("file"), upload_to=strategy_document_path, max_length=300, blank=True
    )
    url = models.URLField(_("web address"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["strategy", "kind", "title"]
        verbose_name = _("strategy document")
        verbose_name_plural = _("strategy documents")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="document_has_file_or_url",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.url:
            return self.url
        return reverse(
            "strategies:document_download",
            kwargs={
                "area_slug": self.strategy.area.slug,
                "pk": self.strategy_id,
                "document_pk": self.pk,
            },
        )

    @property
    def file_extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].upper() if self.file else ""


def easy_read_picture_path(section: "EasyReadSection", filename: str) -> str:
    strategy = section.strategy
    return f"strategies/{strategy.area_id}/{strategy.pk}/easy-read/{filename}"


class EasyReadSection(PictureFields):
    """A section of a strategy's Easy Read version: a short heading, a few
    short sentences (one idea each) and a picture beside them.

    The Easy Read version is a companion to the strategy, so it can be written
    and corrected after the strategy is published or approved (every change
    is audited); it is public exactly when the strategy is.
    """

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="easy_read_sections"
    )
    heading = models.CharField(_("heading"), max_length=80)
    text = models.TextField(
        _("text"),
        max_length=600,
        help_text=_(
            "A few short sentences, one idea each. Put each sentence on its own line."
        ),
    )
    sort = models.PositiveSmallIntegerField(default=0)
    picture_image = models.FileField(
        _("your own picture"),
        upload_to=easy_read_picture_path,
        max_length=300,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["strategy", "sort", "pk"]
        verbose_name = _("Easy Read section")
        verbose_name_plural = _("Easy Read sections")

    def __str__(self) -> str:
        return self.heading

    def picture_image_url(self) -> str:
        if not self.picture_image:
            return ""
        return reverse(
            "strategies:easy_read_picture",
            kwargs={
                "area_slug": self.strategy.area.slug,
                "pk": self.strategy_id,
                "section_pk": self.pk,
            },
        )

    @property
    def sentences(self) -> list[str]:
        """The text line by line: Easy Read puts each sentence on its own line."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


class ThemeQuerySet(models.QuerySet["Theme"]):
    def for_strategy(
        self, strategy: Strategy | int, *, include_retired: bool = False
    ) -> Self:
        """The strategy's coding frame: the themes offered for new coding.

        Retired themes stay on the answers and findings coded to them; ask for
        them with `include_retired` (to list or filter by past codings).
        """
        themes = self.filter(strategy=strategy)
        if include_retired:
            return themes
        return themes.active()

    def active(self) -> Self:
        return self.filter(retired_at__isnull=True)

    def retired(self) -> Self:
        return self.filter(retired_at__isnull=False)


class Theme(models.Model):
    """A theme of the coding frame: what families said, tied to a priority."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="themes"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=500, blank=True)
    priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="themes",
    )
    retired_at = models.DateTimeField(
        _("retired"),
        null=True,
        blank=True,
        help_text=_("A retired theme stays on past codings but is not offered again."),
    )

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "name"], name="theme_name_unique_in_strategy"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The theme's public page (for themes of public strategies)."""
        return reverse(
            "themes:theme_detail",
            kwargs={"area_slug": self.strategy.area.slug, "pk": self.pk},
        )

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None
