"""The tenant: a local area (council with its NHS and parent-carer partners)."""

from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Top-level URL segments that an area slug must not shadow.
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "django-admin",
        "healthz",
        "i18n",
        "media",
        "platform",
        "static",
        "staff",
    }
)


def validate_area_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the portal itself. Choose another web address."),
            params={"slug": value},
        )


class LocalAreaQuerySet(models.QuerySet["LocalArea"]):
    def active(self) -> Self:
        return self.filter(is_active=True)


class LocalArea(models.Model):
    """A local area partnership that co-produces its SEND strategy on the portal."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("County council")
        UNITARY = "unitary", _("Unitary authority")
        METROPOLITAN = "metropolitan", _("Metropolitan borough")
        LONDON = "london", _("London borough")

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        validators=[validate_area_slug],
        help_text=_("Used in public addresses, for example /hertfordshire/."),
    )
    kind = models.CharField(
        _("type of council"), max_length=20, choices=Kind, default=Kind.COUNTY
    )
    contact_email = models.EmailField(_("contact email"))
    local_offer_url = models.URLField(_("Local Offer website"), blank=True)
    data_protection_officer_email = models.EmailField(
        _("data protection officer email"), blank=True
    )
    response_retention_months = models.PositiveSmallIntegerField(
        _("keep contact details for (months)"),
        default=12,
        help_text=_("Contact details are erased this long after the activity ends."),
    )
    booking_retention_days = models.PositiveSmallIntegerField(
        _("keep event bookers' details for (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Names, emails and access needs are erased this long after the event. "
            "Leave empty to use the portal's standard period."
        ),
    )
    easy_read_url = models.URLField(_("Easy Read information"), blank=True)
    # Codes from settings.CONTENT_LANGUAGES (JSON, so that SQLite runs it too).
    languages = models.JSONField(
        _("languages besides English"),
        default=list,
        blank=True,
        help_text=_(
            "Officers can translate the area's consultations into these "
            "languages; families choose their language at the foot of each page."
        ),
    )
    default_expected_mix = models.JSONField(
        _("usual mix of respondents"),
        default=dict,
        blank=True,
        help_text=_("Percentage expected per respondent type in a consultation."),
    )
    accessibility_statement_prepared_on = models.DateField(
        _("accessibility statement prepared on"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = LocalAreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("local area")
        verbose_name_plural = _("local areas")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("area_home", kwargs={"area_slug": self.slug})

    def get_settings_url(self) -> str:
        return reverse("areas_staff:settings", kwargs={"area_slug": self.slug})

    def booking_retention(self) -> int:
        """Days to keep bookers' personal details: the area's, or the portal's."""
        if self.booking_retention_days is not None:
            return self.booking_retention_days
        return int(settings.EVENT_BOOKING_RETENTION_DAYS)


class District(models.Model):
    """A district, borough or locality within an area, used for breakdowns."""

    area = models.ForeignKey(
        LocalArea, on_delete=models.CASCADE, related_name="districts"
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=40)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["area", "sort", "name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "code"], name="district_code_unique_in_area"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PartnerOrganisation(models.Model):
    """An organisation in the local area partnership (ICB, parent carer forum...)."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "la", _("Local authority")
        ICB = "icb", _("Integrated care board")
        NHS_TRUST = "nhs_trust", _("NHS trust")
        PARENT_CARER_FORUM = "pcf", _("Parent carer forum")
        SENDIASS = "sendiass", _("SEND information, advice and support service")
        SCHOOLS = "schools", _("Schools or schools alliance")
        FURTHER_EDUCATION = "fe", _("Further education")
        VOLUNTARY = "vcs", _("Voluntary and community sector")
        YOUTH_FORUM = "youth_forum", _("Youth forum")
        OTHER = "other", _("Other")

    area = models.ForeignKey(
        LocalArea, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    is_statutory_partner = models.BooleanField(_("statutory partner"), default=False)
    is_retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_("Kept on past actions, not offered for new ones."),
    )

    class Meta:
        ordering = ["area", "name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"], name="partner_name_unique_in_area"
            )
        ]

    def __str__(self) -> str:
        return self.name
