"""“You said, we did”: what a consultation changed, published per theme."""

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from sendportal.choices import TaggedChoices
from sendportal.choices import tag_colours
from strategies.models import Theme

from .consultations import Consultation


class YouSaidWeDidQuerySet(models.QuerySet["YouSaidWeDid"]):
    def published(self) -> Self:
        return self.filter(consultation__status="feedback_published", is_published=True)


class YouSaidWeDid(models.Model):
    """What people said about a theme (with how many) and what was done."""

    @tag_colours({"planned": "blue", "done": "green"})
    class Status(TaggedChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="feedback_items"
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("theme"),
    )
    you_said = models.TextField(_("you said"), max_length=3000)
    said_count = models.PositiveIntegerField(
        _("how many people said this"), null=True, blank=True
    )
    we_did = models.TextField(_("we did"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PLANNED
    )
    is_published = models.BooleanField(_("show on the public page"), default=True)
    sort = models.PositiveSmallIntegerField(default=0)

    objects = YouSaidWeDidQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "sort", "pk"]
        verbose_name = _("“You said, we did” item")
        verbose_name_plural = _("“You said, we did” items")

    def __str__(self) -> str:
        return self.you_said[:80]

    @property
    def status_colour(self) -> str:
        return self.Status(self.status).tag_colour
