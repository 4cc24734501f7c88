"""Pictures beside Easy Read text: a bundled symbol or an officer's own image.

The bundled symbols are from OpenMoji (https://openmoji.org), licensed under
Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0); the attribution
is in static/symbols/LICENSE.md and on the accessibility statement. They are
copied into static/symbols/ so the portal needs no network to show them.

An Easy Read picture supports words that say the same thing, so its
alternative text is short: the officer's own, or the symbol's name.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.templatetags.static import static
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .uploads import validate_upload

SYMBOL_LICENCE = "CC BY-SA 4.0"
SYMBOL_SOURCE = "OpenMoji"


@dataclass(frozen=True)
class Symbol:
    code: str
    label: str | Promise
    # The OpenMoji code point(s) the file was copied from.
    openmoji: str

    @property
    def url(self) -> str:
        return static(f"symbols/{self.code}.svg")


SYMBOLS: tuple[Symbol, ...] = (
    Symbol("very-happy", gettext_lazy("Very happy face"), "1F600"),
    Symbol("happy", gettext_lazy("Happy face"), "1F642"),
    Symbol("not-sure", gettext_lazy("Not sure face"), "1F610"),
    Symbol("unhappy", gettext_lazy("Unhappy face"), "1F641"),
    Symbol("very-unhappy", gettext_lazy("Very unhappy face"), "1F61F"),
    Symbol("thinking", gettext_lazy("Thinking face"), "1F914"),
    Symbol("yes", gettext_lazy("Yes (tick)"), "2705"),
    Symbol("no", gettext_lazy("No (cross)"), "274C"),
    Symbol("question", gettext_lazy("Question mark"), "2753"),
    Symbol("thumbs-up", gettext_lazy("Thumbs up"), "1F44D"),
    Symbol("thumbs-down", gettext_lazy("Thumbs down"), "1F44E"),
    Symbol("school", gettext_lazy("School"), "1F3EB"),
    Symbol("home", gettext_lazy("Home"), "1F3E0"),
    Symbol("hospital", gettext_lazy("Hospital"), "1F3E5"),
    Symbol("doctor", gettext_lazy("Doctor or nurse"), "1F9D1-200D-2695-FE0F"),
    Symbol("family", gettext_lazy("Family"), "1F468-200D-1F469-200D-1F467-200D-1F466"),
    Symbol("child", gettext_lazy("Child"), "1F9D2"),
    Symbol("person", gettext_lazy("Person"), "1F9D1"),
    Symbol("teacher", gettext_lazy("Teacher"), "1F9D1-200D-1F3EB"),
    Symbol("helper", gettext_lazy("People together"), "1F9D1-200D-1F91D-200D-1F9D1"),
    Symbol("wheelchair", gettext_lazy("Person in a wheelchair"), "1F9D1-200D-1F9BD"),
    Symbol("hearing", gettext_lazy("Ear with hearing aid"), "1F9BB"),
    Symbol("talk", gettext_lazy("Talking"), "1F5E3"),
    Symbol("speech", gettext_lazy("Speech bubble"), "1F4AC"),
    Symbol("idea", gettext_lazy("Idea (light bulb)"), "1F4A1"),
    Symbol("write", gettext_lazy("Writing"), "270D"),
    Symbol("calendar", gettext_lazy("Calendar"), "1F4C5"),
    Symbol("clock", gettext_lazy("Clock"), "23F0"),
    Symbol("heart", gettext_lazy("Heart"), "2764"),
    Symbol("star", gettext_lazy("Star"), "2B50"),
    Symbol("handshake", gettext_lazy("Handshake"), "1F91D"),
    Symbol("hug", gettext_lazy("People hugging"), "1FAC2"),
    Symbol("books", gettext_lazy("Books"), "1F4DA"),
    Symbol("bus", gettext_lazy("Bus"), "1F68C"),
    Symbol("football", gettext_lazy("Football"), "26BD"),
    Symbol("music", gettext_lazy("Music"), "1F3B5"),
    Symbol("medicine", gettext_lazy("Medicine"), "1F48A"),
    Symbol("money", gettext_lazy("Money"), "1F4B0"),
    Symbol("phone", gettext_lazy("Mobile phone"), "1F4F1"),
    Symbol("email", gettext_lazy("Letter or email"), "2709"),
    Symbol("megaphone", gettext_lazy("Megaphone"), "1F4E3"),
    Symbol("computer", gettext_lazy("Computer"), "1F4BB"),
    Symbol("waving", gettext_lazy("Waving hand"), "1F44B"),
    Symbol("list", gettext_lazy("Clipboard list"), "1F4CB"),
    Symbol("search", gettext_lazy("Magnifying glass"), "1F50D"),
    Symbol("party", gettext_lazy("Party"), "1F389"),
    Symbol("backpack", gettext_lazy("School bag"), "1F392"),
    Symbol("college", gettext_lazy("College or graduation"), "1F393"),
    Symbol("work", gettext_lazy("Work (briefcase)"), "1F4BC"),
    Symbol("bed", gettext_lazy("Bed"), "1F6CF"),
    Symbol("food", gettext_lazy("Food"), "1F37D"),
)

SYMBOLS_BY_CODE = {symbol.code: symbol for symbol in SYMBOLS}


def symbol_choices() -> list[tuple[str, str]]:
    """(code, label) of every bundled symbol, for a form's choice field."""
    return [(symbol.code, str(symbol.label)) for symbol in SYMBOLS]


def validate_symbol(code: str) -> None:
    if code and code not in SYMBOLS_BY_CODE:
        raise ValidationError(_("Select a picture from the list"), code="symbol")


# What a file of each allowed picture type starts with. No SVG: an uploaded
# SVG can carry script.
PICTURE_SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "webp": (b"RIFF",),
}
# Larger pictures are refused before Pillow decodes them (decompression bombs).
PICTURE_MAX_PIXELS = 4000 * 4000


def validate_picture(file: UploadedFile) -> str:
    """Check an uploaded picture's size, type and that it decodes as an image."""
    from PIL import Image
    from PIL import UnidentifiedImageError

    extension = validate_upload(
        file, signatures=PICTURE_SIGNATURES, max_bytes=settings.PICTURE_MAX_BYTES
    )
    not_a_picture = ValidationError(
        _("The selected file is not a picture. Upload a PNG, JPG or WEBP file."),
        code="image",
    )
    try:
        with Image.open(file) as image:
            width, height = image.size
            if width * height > PICTURE_MAX_PIXELS:
                raise ValidationError(
                    _("The selected picture must be at most 4,000 by 4,000 pixels."),
                    code="pixels",
                )
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_a_picture from error
    finally:
        file.seek(0)
    return extension


@dataclass(frozen=True)
class Picture:
    """What a template needs to show a picture."""

    url: str
    alt: str


class PictureFields(models.Model):
    """A picture for a piece of Easy Read text: a bundled symbol or an upload.

    Subclasses give ``picture_image`` its own upload path and serve uploads
    through a view that checks the same visibility as the text they belong to.
    """

    picture_symbol = models.CharField(
        _("picture"), max_length=40, blank=True, validators=[validate_symbol]
    )
    picture_image = models.FileField(
        _("your own picture"), upload_to="pictures/", max_length=300, blank=True
    )
    picture_alt = models.CharField(
        _("picture description"),
        max_length=200,
        blank=True,
        help_text=_("A few words saying what the picture shows."),
    )

    class Meta:
        abstract = True

    def picture_image_url(self) -> str:
        """The address of the uploaded picture; subclasses with uploads override."""
        return self.picture_image.url if self.picture_image else ""

    @property
    def picture(self) -> Picture | None:
        if self.picture_image:
            return Picture(self.picture_image_url(), self.picture_alt)
        symbol = SYMBOLS_BY_CODE.get(self.picture_symbol)
        if symbol is None:
            return None
        return Picture(symbol.url, self.picture_alt or str(symbol.label))
