"""A British Sign Language (BSL) version of a page: a video and its transcript.

A consultation and an event may each have one. The video is hosted elsewhere
(the council's video service or file store) and given by its https address:
a direct MP4 or WebM file plays in a `<video controls>` element on the page,
never by itself; any other address (a video page) is shown as a link. The
transcript is shown below it in a details component.
"""

from urllib.parse import urlsplit

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Fieldset
from crispy_forms_gds.layout import Size
from django import forms
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sendportal.forms import WordingAdvice

PLAYABLE_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}

validate_https_url = URLValidator(
    schemes=["https"],
    message=_("Enter the address of the BSL video, starting with https://"),
)


class SignedVersion(models.Model):
    """The BSL video and transcript of a public page."""

    bsl_video_url = models.URLField(
        _("British Sign Language (BSL) video"),
        blank=True,
        validators=[validate_https_url],
        help_text=_(
            "The web address of the BSL version, starting with https://. An MP4 "
            "or WebM file plays on the page; any other address is shown as a link."
        ),
    )
    bsl_transcript = models.TextField(
        _("transcript of the BSL video"), max_length=10000, blank=True
    )

    class Meta:
        abstract = True

    @property
    def has_bsl(self) -> bool:
        return bool(self.bsl_video_url or self.bsl_transcript)

    @property
    def bsl_video_type(self) -> str:
        """The video's MIME type when the page can play it, else ""."""
        path = urlsplit(self.bsl_video_url).path.lower()
        for extension, mime_type in PLAYABLE_TYPES.items():
            if path.endswith(extension):
                return mime_type
        return ""


BSL_FIELDS = ("bsl_video_url", "bsl_transcript")


class SignedVersionFields(forms.Form):
    """The BSL fields of a staff form about a consultation or an event."""

    bsl_video_url = forms.URLField(
        label=_("Link to a British Sign Language (BSL) video (optional)"),
        help_text=_(
            "Starting with https://. A link to an MP4 or WebM file plays on the "
            "page; a link to a video page is shown as a link."
        ),
        required=False,
        assume_scheme="https",
        max_length=200,
        validators=[validate_https_url],
        error_messages={
            "invalid": _("Enter the address of the BSL video, starting with https://")
        },
    )
    bsl_transcript = forms.CharField(
        label=_("Transcript of the BSL video (optional)"),
        help_text=_("What the video says, in English, for people who cannot watch it."),
        required=False,
        max_length=10000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    @staticmethod
    def layout() -> Fieldset:
        return Fieldset(
            Field.text("bsl_video_url"),
            # The forms that use these fields give advice on public wording.
            WordingAdvice(Field.textarea("bsl_transcript", rows=6)),
            legend=_("British Sign Language (BSL)"),
            legend_size=Size.MEDIUM,
        )
